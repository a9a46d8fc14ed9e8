/**
 * `GET /receipts/<booking>/<receipt>/pdf` — the receipt as a PDF download. The booking's
 * customer and operators only: 401 signed out, 403 other roles, 404 someone else's booking
 * or a receipt that does not exist.
 */
import { getCurrentUser } from "@/lib/auth";
import { appContext } from "@/lib/context";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { receiptFileName, renderReceiptPdf } from "@/lib/receipts/pdf";
import { getReceipt } from "@/lib/receipts/receipts";
import { isPlausibleId } from "@/lib/validation";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export async function GET(_request: Request, { params }: { params: Promise<{ bookingId: string; receiptId: string }> }): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return text(401, "Sign in to download this receipt.");
  if (user.role !== "CUSTOMER" && user.role !== "OPERATOR") return text(403, "Only the customer of this booking can download its receipts.");
  const { bookingId, receiptId } = await params;
  if (!isPlausibleId(bookingId) || !isPlausibleId(receiptId)) return text(404, "There is no such receipt.");
  try {
    const receipt = await getReceipt(prisma, user, { bookingId, receiptId, vatBps: appContext().vatBps });
    const pdf = await renderReceiptPdf(receipt);
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${receiptFileName(receipt)}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof NotFound) return text(404, "There is no such receipt.");
    throw error;
  }
}
