import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "My bookings" };

export default async function MyBookingsPage() {
  const user = await requireRole("CUSTOMER");
  const bookings = await prisma.booking.findMany({
    where: { customerId: user.id },
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      status: true,
      startsAt: true,
      guests: true,
      totalAmount: true,
      currency: true,
      listing: { select: { title: true, slug: true, timeZone: true } },
    },
  });
  return (
    <>
      <PageHeader title="My bookings" />
      {bookings.length === 0 ? (
        <EmptyState title="No bookings yet">
          <Link href="/search">Find a sauna</Link> for your next evening.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
          {bookings.map((b) => (
            <li key={b.id} className="p-4">
              <Link href={`/saunas/${b.listing.slug}`} className="font-semibold">
                {b.listing.title}
              </Link>
              <p className="text-sm text-pine-700">
                {formatInstant(b.startsAt, b.listing.timeZone)} · {b.guests} guests · {formatMoney(b.totalAmount, b.currency)} ·{" "}
                {b.status.toLowerCase().replace(/_/g, " ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
