import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { HostCancelForm } from "@/components/bookings/host-cancel-form";
import { StatusBadge } from "@/components/bookings/status-badge";
import { canCancelWithRefund } from "@/lib/bookings/lifecycle";
import { now } from "@/lib/clock";
import { cancelPaidBookingByHost } from "./actions";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { describeTime } from "@/lib/time";
import { listProviderBookings, type ProviderBookingFilter } from "@/lib/bookings/provider";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { CalendarFeedPanel } from "@/components/social/calendar-feed-panel";
import { feedStatus } from "@/lib/calendar/feeds";
import { formatInstant, DEFAULT_TIME_ZONE } from "@/lib/time";
import { resetCalendarFeedAction } from "./actions";

export const metadata: Metadata = { title: "Bookings" };

const FILTERS: { value: ProviderBookingFilter; label: string }[] = [
  { value: "upcoming", label: "Upcoming" },
  { value: "past", label: "Past" },
  { value: "all", label: "All" },
];

type ProviderBooking = Awaited<ReturnType<typeof listProviderBookings>>[number];

/** A paid booking that has not started can be cancelled by its host, with a full refund. */
function HostCancel({ b, at }: { b: ProviderBooking; at: Date }) {
  if (!(canCancelWithRefund(b.status) && b.startsAt > at)) return null;
  return (
    <HostCancelForm
      action={cancelPaidBookingByHost.bind(null, b.id)}
      customerName={b.customer.name}
      refundText={formatMoney(Math.max(0, b.totalAmount - b.refundedAmount), b.currency)}
    />
  );
}

export default async function ProviderBookingsPage({ searchParams }: { searchParams: Promise<{ show?: string; cancelled?: string }> }) {
  const user = await requireRole("PROVIDER");
  const { show, cancelled } = await searchParams;
  const at = now();
  const filter = FILTERS.find((f) => f.value === show)?.value ?? "upcoming";
  const bookings = await listProviderBookings(prisma, user, filter);
  const feed = await feedStatus(prisma, user);
  return (
    <>
      <PageHeader title="Bookings" description="Every booking and request for your saunas." actions={<Link href="/provider/requests">Requests</Link>} />
      <nav aria-label="Show" className="mb-4 flex gap-3 text-sm">
        {FILTERS.map((f) => (
          <Link key={f.value} href={`/provider/bookings?show=${f.value}`} aria-current={f.value === filter ? "page" : undefined} className="aria-[current=page]:font-bold">
            {f.label}
          </Link>
        ))}
      </nav>
      {cancelled === "refunded" || cancelled === "unconfirmed" ? (
        <p role="status" className="mb-4 rounded-lg bg-pine-500/10 px-4 py-3 font-medium text-pine-800">
          {cancelled === "refunded"
            ? "Booking cancelled. The customer gets a full refund, and Löyly support has been told."
            : "Booking cancelled. The refund is not confirmed yet; Löyly support has been told and will see it through."}
        </p>
      ) : null}
      {bookings.length === 0 ? (
        <EmptyState title="No bookings here">Bookings appear once customers request your saunas.</EmptyState>
      ) : (
        <>
          <ul aria-label="Bookings" className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white md:hidden">
            {bookings.map((b) => (
              <li key={b.id} className="space-y-1 p-4 text-sm">
                <div className="flex items-start justify-between gap-3">
                  <Link href={`/provider/bookings/${b.id}`} className="font-semibold">
                    {describeTime(b)}
                  </Link>
                  <StatusBadge status={b.status} />
                </div>
                <p>
                  <Link href={`/provider/listings/${b.listing.id}/calendar`}>{b.listing.title}</Link>
                </p>
                <p className="text-pine-700">
                  {b.customer.name} · {b.guests} {b.guests === 1 ? "guest" : "guests"} ·{" "}
                  <span className="tabular-nums">{formatMoney(b.totalAmount, b.currency)}</span>
                </p>
                <HostCancel b={b} at={at} />
              </li>
            ))}
          </ul>
          <table className="hidden w-full overflow-hidden rounded-2xl border border-birch-200 bg-white text-left text-sm md:table">
            <caption className="sr-only">Bookings: when, sauna, customer, guests, amount and status</caption>
            <thead className="bg-birch-100 text-pine-800">
              <tr>
                <th scope="col" className="p-3">When</th>
                <th scope="col" className="p-3">Sauna</th>
                <th scope="col" className="p-3">Customer</th>
                <th scope="col" className="p-3">Guests</th>
                <th scope="col" className="p-3">Amount</th>
                <th scope="col" className="p-3">Status</th>
                <th scope="col" className="p-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-birch-200">
              {bookings.map((b) => (
                <tr key={b.id}>
                  <td className="p-3">
                    <Link href={`/provider/bookings/${b.id}`}>{describeTime(b)}</Link>
                  </td>
                  <td className="p-3">
                    <Link href={`/provider/listings/${b.listing.id}/calendar`}>{b.listing.title}</Link>
                  </td>
                  <td className="p-3">{b.customer.name}</td>
                  <td className="p-3">{b.guests}</td>
                  <td className="p-3 tabular-nums">{formatMoney(b.totalAmount, b.currency)}</td>
                  <td className="p-3">
                    <StatusBadge status={b.status} />
                  </td>
                  <td className="p-3">
                    <HostCancel b={b} at={at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <CalendarFeedPanel action={resetCalendarFeedAction} activeSince={feed ? formatInstant(feed.createdAt, DEFAULT_TIME_ZONE) : null} />
    </>
  );
}
