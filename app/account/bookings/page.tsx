import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { StatusBadge } from "@/components/bookings/status-badge";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { describeTime } from "@/lib/time";
import { listCustomerBookings } from "@/lib/bookings/customer";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "My bookings" };

export default async function MyBookingsPage() {
  const user = await requireRole("CUSTOMER");
  const bookings = await listCustomerBookings(prisma, user);
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
            <li key={b.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <Link href={`/account/bookings/${b.id}`} className="font-semibold">
                  {b.listing.title}
                </Link>
                <p className="text-sm text-pine-700">
                  {describeTime(b)} · {b.guests} guest{b.guests === 1 ? "" : "s"} · {formatMoney(b.totalAmount, b.currency)}
                </p>
              </div>
              <StatusBadge status={b.status} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
