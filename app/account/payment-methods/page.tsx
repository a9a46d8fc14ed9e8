import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Payment methods" };

export default async function PaymentMethodsPage() {
  const user = await requireRole("CUSTOMER");
  const cards = await prisma.savedCard.findMany({
    where: { userId: user.id, removedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, brand: true, last4: true, expMonth: true, expYear: true, isDefault: true },
  });
  return (
    <>
      <PageHeader title="Payment methods" description="Cards saved for your bookings." />
      {cards.length === 0 ? (
        <EmptyState title="No saved cards">A card is saved, with your consent, when you request a booking.</EmptyState>
      ) : (
        <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
          {cards.map((c) => (
            <li key={c.id} className="p-4">
              <span className="font-semibold capitalize">{c.brand}</span> ending {c.last4} · expires{" "}
              {String(c.expMonth).padStart(2, "0")}/{c.expYear}
              {c.isDefault ? " · default" : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
