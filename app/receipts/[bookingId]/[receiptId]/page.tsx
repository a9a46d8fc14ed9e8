import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ReceiptView } from "@/components/receipts/receipt-view";
import { requireRole } from "@/lib/auth";
import { appContext } from "@/lib/context";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { getReceipt } from "@/lib/receipts/receipts";
import { isPlausibleId } from "@/lib/validation";

export const metadata: Metadata = { title: "Receipt" };

type Props = { params: Promise<{ bookingId: string; receiptId: string }> };

/** A receipt of a payment or a refund: the booking's customer and operators only. */
export default async function ReceiptPage({ params }: Props) {
  const user = await requireRole("CUSTOMER", "OPERATOR");
  const { bookingId, receiptId } = await params;
  if (!isPlausibleId(bookingId) || !isPlausibleId(receiptId)) notFound();
  let receipt;
  try {
    receipt = await getReceipt(prisma, user, { bookingId, receiptId, vatBps: appContext().vatBps });
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
  const back = user.role === "OPERATOR" ? `/admin/bookings/${bookingId}` : `/account/bookings/${bookingId}`;
  return (
    <>
      <nav aria-label="Receipt" className="mb-6 flex flex-wrap gap-4 text-sm print:hidden">
        <Link href={back}>← Back to the booking</Link>
        <a href={`/receipts/${bookingId}/${receiptId}/pdf`} download>
          Download PDF
        </a>
      </nav>
      <ReceiptView receipt={receipt} />
    </>
  );
}
