import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "@/components/ui/link";
import { PayBy } from "@/components/bookings/payment-failed-banner";
import { StatusBadge } from "@/components/bookings/status-badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { now } from "@/lib/clock";
import { describeTime } from "@/lib/time";
import { groupCustomerBookings, listCustomerBookings } from "@/lib/bookings/customer";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "My bookings" };

type CustomerBooking = Awaited<ReturnType<typeof listCustomerBookings>>[number];

/** A booking's sauna (a link to its page), time, guests and, unless left out, amount; and its status. */
function BookingSummary({ b, amount = true }: { b: CustomerBooking; amount?: boolean }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div>
        <Link href={`/account/bookings/${b.id}`} className="font-semibold">
          {b.listing.title}
        </Link>
        <p className="text-sm text-pine-700">
          {describeTime(b)} · {countOf(b.guests, "guest")}
          {amount ? ` · ${formatMoney(b.totalAmount, b.currency)}` : null}
        </p>
      </div>
      <StatusBadge status={b.status} />
    </div>
  );
}

function BookingSection({ id, title, bookings, empty }: { id: string; title: string; bookings: CustomerBooking[]; empty?: ReactNode }) {
  if (bookings.length === 0 && !empty) return null;
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {bookings.length === 0 ? (
        <p className="text-pine-700">{empty}</p>
      ) : (
        <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
          {bookings.map((b) => (
            <li key={b.id} className="p-4">
              <BookingSummary b={b} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A booking whose charge failed and that the customer can still pay: the amount, the deadline and the way to pay. */
function PayNowLine({ b }: { b: CustomerBooking }) {
  const money = formatMoney(b.totalAmount, b.currency);
  return (
    <li className="space-y-2 p-4">
      <BookingSummary b={b} amount={false} />
      <PayBy money={money} payBy={b.payBy} timeZone={b.listing.timeZone} />
      <ButtonLink href={`/account/bookings/${b.id}/pay`} className="w-full sm:w-auto">
        Pay now ({money})<span className="sr-only"> for {b.listing.title}, {describeTime(b)}</span>
      </ButtonLink>
    </li>
  );
}

export default async function MyBookingsPage() {
  const user = await requireRole("CUSTOMER");
  const bookings = await listCustomerBookings(prisma, user);
  if (bookings.length === 0) {
    return (
      <>
        <PageHeader title="My bookings" />
        <EmptyState title="No bookings yet">
          <Link href="/search">Find a sauna</Link> for your next evening.
        </EmptyState>
      </>
    );
  }
  const { payNow, upcoming, past } = groupCustomerBookings(bookings, now());
  return (
    <>
      <PageHeader title="My bookings" />
      <div className="space-y-10">
        {payNow.length > 0 ? (
          <section aria-labelledby="pay-now-title" className="space-y-3">
            <h2 id="pay-now-title" className="text-xl font-semibold text-ember-800">
              Waiting for your payment
            </h2>
            <p className="text-pine-800">The charge to your card did not go through. Pay before the deadline, confirming with your bank or with another card, to keep the booking.</p>
            <ul className="divide-y divide-ember-200 rounded-2xl border border-ember-300 bg-ember-50">
              {payNow.map((b) => (
                <PayNowLine key={b.id} b={b} />
              ))}
            </ul>
          </section>
        ) : null}
        <BookingSection
          id="upcoming-title"
          title="Upcoming"
          bookings={upcoming}
          empty={
            <>
              Nothing booked ahead. <Link href="/search">Find a sauna</Link> for your next evening.
            </>
          }
        />
        <BookingSection id="past-title" title="Past and cancelled" bookings={past} />
      </div>
    </>
  );
}
