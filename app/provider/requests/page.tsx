import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "Booking requests" };

export default async function ProviderRequestsPage() {
  const user = await requireRole("PROVIDER");
  const requests = await prisma.booking.findMany({
    where: { status: "REQUESTED", listing: { providerId: user.id } },
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      startsAt: true,
      guests: true,
      totalAmount: true,
      currency: true,
      listing: { select: { title: true, timeZone: true } },
      customer: { select: { name: true } },
    },
  });
  return (
    <>
      <PageHeader title="Booking requests" description="Requests waiting for your answer." />
      {requests.length === 0 ? (
        <EmptyState title="No requests waiting">New booking requests for your saunas appear here.</EmptyState>
      ) : (
        <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
          {requests.map((r) => (
            <li key={r.id} className="p-4">
              <p className="font-semibold">{r.listing.title}</p>
              <p className="text-sm text-pine-700">
                {formatInstant(r.startsAt, r.listing.timeZone)} · {r.guests} guests · {r.customer.name} ·{" "}
                {formatMoney(r.totalAmount, r.currency)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
