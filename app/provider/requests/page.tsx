import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { AnswerRequestForm } from "@/components/bookings/answer-request-form";
import { StatusBadge } from "@/components/bookings/status-badge";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { PageNotice } from "@/components/ui/page-notice";
import { requireRole } from "@/lib/auth";
import { describeTime } from "@/lib/time";
import { listProviderRequests, requestMovedOn } from "@/lib/bookings/provider";
import { now as clockNow } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { destinationSplit } from "@/lib/connect/split";
import { formatMoney } from "@/lib/money";
import { acceptBookingRequest, declineBookingRequest } from "./actions";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Booking requests" };

/** "2 days 3 hours", "5 hours", "40 minutes". */
function timeLeft(until: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((until.getTime() - now.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${countOf(days, "day")} ${countOf(hours, "hour")}` : countOf(days, "day");
  if (hours > 0) return countOf(hours, "hour");
  return countOf(minutes, "minute");
}

const ANSWERED = {
  accepted: "Request accepted. The customer has been told.",
  declined: "Request declined. The customer has been told.",
} as const;

export default async function ProviderRequestsPage({ searchParams }: { searchParams: Promise<{ answered?: string; moved?: string }> }) {
  const user = await requireRole("PROVIDER");
  const { answered, moved } = await searchParams;
  const confirmation = answered === "accepted" || answered === "declined" ? ANSWERED[answered] : null;
  // An answer that came too late: the request as it is now, not an error page.
  const movedOn = typeof moved === "string" ? await requestMovedOn(prisma, user, moved) : null;
  const now = clockNow();
  const requests = await listProviderRequests(prisma, user, now);
  return (
    <>
      <PageHeader
        title="Booking requests"
        description="Requests waiting for your answer. Unanswered requests expire and the time is freed."
        actions={<Link href="/provider/bookings">All bookings</Link>}
      />
      <PageNotice>{confirmation}</PageNotice>
      {movedOn ? (
        <div role="alert" className="mb-6 space-y-1 rounded-lg bg-ember-50 px-4 py-3 text-pine-900">
          <p className="font-medium">{movedOn.message}</p>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            {movedOn.customerName}&apos;s request for {movedOn.listingTitle} is now <StatusBadge status={movedOn.status} />
            <Link href="/provider/bookings?show=all">See all bookings</Link>
          </p>
        </div>
      ) : null}
      {requests.length === 0 ? (
        <EmptyState title="No requests waiting">New booking requests for your saunas appear here.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {requests.map((r) => {
            const label = `${r.customer.name}'s request for ${r.listing.title}`;
            return (
              <li key={r.id} aria-label={label} className="grid gap-4 rounded-2xl border border-birch-200 bg-white p-5 md:grid-cols-[1fr_22rem]">
                <div className="space-y-1">
                  <p className="text-lg font-semibold">{r.customer.name}</p>
                  <p className="text-pine-800">{r.listing.title}</p>
                  <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm text-pine-800">
                    <dt className="font-medium">When</dt>
                    <dd>{describeTime(r)}</dd>
                    <dt className="font-medium">Guests</dt>
                    <dd>{r.guests}</dd>
                    <dt className="font-medium">Customer pays</dt>
                    <dd>{formatMoney(r.totalAmount, r.currency)}</dd>
                    <dt className="font-medium">You receive</dt>
                    <dd>{formatMoney(destinationSplit(r).transferAmount, r.currency)}</dd>
                    <dt className="font-medium">Time left to answer</dt>
                    <dd>{r.requestExpiresAt ? timeLeft(r.requestExpiresAt, now) : "—"}</dd>
                  </dl>
                </div>
                <AnswerRequestForm
                  accept={acceptBookingRequest.bind(null, r.id)}
                  decline={declineBookingRequest.bind(null, r.id)}
                  requestLabel={label}
                  fieldKey={r.id}
                />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
