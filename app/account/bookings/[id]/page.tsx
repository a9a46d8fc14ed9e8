import type { Metadata } from "next";
import { BookingTimeline } from "@/components/bookings/booking-timeline";
import { CancelBookingForm } from "@/components/bookings/cancel-booking-form";
import { CancelPaidBookingForm } from "@/components/bookings/cancel-paid-booking-form";
import { CancellationPolicySummary } from "@/components/bookings/cancellation-policy-summary";
import { ReceiptList } from "@/components/receipts/receipt-list";
import { PriceBreakdown } from "@/components/bookings/price-breakdown";
import { StatusBadge } from "@/components/bookings/status-badge";
import { cardLabel } from "@/components/payments/saved-card-picker";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { bookingForPage } from "@/lib/bookings/page";
import { awaitsPayment, canCustomerCancel, holdsSlot, isPaid } from "@/lib/bookings/lifecycle";
import { ArrivalDetails } from "@/components/bookings/arrival-details";
import { PaymentFailedBanner } from "@/components/bookings/payment-failed-banner";
import { RefundSummary } from "@/components/bookings/refund-summary";
import { explainForPayNow } from "@/lib/use-cases/pay-now";
import { now } from "@/lib/clock";
import { lifecyclePolicy } from "@/lib/bookings/policy";
import { prisma } from "@/lib/db";
import { describeTime, formatInstant } from "@/lib/time";
import { latestExtension } from "@/lib/use-cases/follow-up";
import { customerCancellationQuote } from "@/lib/use-cases/cancel-paid-booking";
import { appContext } from "@/lib/context";
import { effectivePolicy } from "@/lib/bookings/cancellation-policy";
import { formatMoney } from "@/lib/money";
import { listReceipts } from "@/lib/receipts/receipts";
import { cancelMyBooking, cancelMyPaidBooking } from "./actions";
import { AddToCalendar, BookingSocial } from "@/components/social/booking-social";
import { bookingSocial } from "@/lib/conversations/booking-social";
import { sendCustomerMessage, submitReview } from "./social-actions";

export const metadata: Metadata = { title: "Booking" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ sent?: string; cancelled?: string }> };

const CANCELLED_MESSAGES: Record<string, string> = {
  refunded: "Your booking is cancelled. The refund is on its way to your card; its receipt is below.",
  none: "Your booking is cancelled. Under the cancellation policy nothing was refunded.",
  unconfirmed: "Your booking is cancelled. The refund is not confirmed yet: Löyly support has been told and will see it through.",
};

export default async function BookingPage({ params, searchParams }: Props) {
  const user = await requireRole("CUSTOMER");
  const { id } = await params;
  const { sent, cancelled } = await searchParams;
  const booking = await bookingForPage(prisma, user, id);
  const tz = booking.listing.timeZone;
  const ctx = appContext();
  const policy = effectivePolicy(booking.cancellationPolicy, booking.listing.cancellationPolicy, ctx.defaultCancellationPolicy);
  const quote = await customerCancellationQuote(ctx, user, booking.id);
  const receipts = await listReceipts(prisma, user, booking.id);
  const social = await bookingSocial(prisma, user, booking);
  const extension = booking.payBy ? await latestExtension(prisma, booking.id) : null;
  const leadStart = new Date(booking.startsAt.getTime() - lifecyclePolicy().chargeLeadHours * 3_600_000);
  // A date already past is never named: then the charge comes when the host accepts.
  const chargeDate = booking.chargeAt
    ? formatInstant(booking.chargeAt, tz)
    : booking.status === "REQUESTED"
      ? leadStart > now()
        ? `On or after ${formatInstant(leadStart, tz)}, once the host accepts`
        : "When the host accepts"
      : "—";
  const failed = booking.status === "PAYMENT_FAILED";
  const problem = failed ? explainForPayNow({ code: booking.lastFailureCode, declineCode: booking.lastDeclineCode }) : null;
  // Paid and still on: where to go and whom to ask (promised on the listing page).
  const confirmed = isPaid(booking.status) && holdsSlot(booking.status);

  return (
    <>
      <PageHeader title={booking.listing.title} description={`${booking.listing.city} · hosted by ${booking.listing.provider.name}`} />
      {sent ? (
        <p role="status" className="mb-6 rounded-lg bg-pine-500/10 px-4 py-3 font-medium text-pine-800">
          Your request has been sent. {booking.listing.provider.name} has until{" "}
          {booking.requestExpiresAt ? formatInstant(booking.requestExpiresAt, tz) : "soon"} to answer. Nothing has been charged.
        </p>
      ) : null}
      {cancelled && CANCELLED_MESSAGES[cancelled] ? (
        <p role="status" className="mb-6 rounded-lg bg-pine-500/10 px-4 py-3 font-medium text-pine-800">
          {CANCELLED_MESSAGES[cancelled]}
        </p>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-8">
          {problem ? (
            <PaymentFailedBanner
              bookingId={booking.id}
              authentication={problem.nextStep === "confirm_with_bank"}
              explanation={problem.customer}
              amount={booking.totalAmount}
              currency={booking.currency}
              payBy={booking.payBy}
              timeZone={tz}
            />
          ) : null}
          <section aria-labelledby="details-title" className="space-y-3 rounded-2xl border border-birch-200 bg-white p-5">
            <h2 id="details-title" className="flex items-center gap-3 text-xl font-semibold">
              Booking <StatusBadge status={booking.status} />
            </h2>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <Item term="When" detail={`${describeTime(booking)} (${tz})`} />
              <Item term="Guests" detail={String(booking.guests)} />
              <Item term="Charge date" detail={chargeDate} />
              <Item term="Card" detail={booking.card ? cardLabel(booking.card) : booking.paymentMethodId ? "A card entered on the pay-now page" : "—"} />
              {booking.payBy && awaitsPayment(booking.status) ? (
                <Item
                  term="Pay by"
                  detail={`${formatInstant(booking.payBy, tz)}${extension ? ` (extended by Löyly support on ${formatInstant(extension.at, tz)})` : ""}`}
                />
              ) : null}
              {booking.providerMessage ? <Item term="Message from the host" detail={booking.providerMessage} /> : null}
            </dl>
          </section>
          {receipts.length > 0 ? <ReceiptList bookingId={booking.id} receipts={receipts} timeZone={tz} /> : null}
          <CancellationPolicySummary policy={policy} />
          <BookingSocial
            viewer="customer"
            timeZone={tz}
            listingTitle={booking.listing.title}
            customerName={booking.customer.name}
            hostName={booking.listing.provider.name}
            {...social}
            sendMessage={sendCustomerMessage.bind(null, booking.id)}
            submitReview={submitReview.bind(null, booking.id)}
          />
          {confirmed ? (
            <ArrivalDetails
              address={booking.listing.address}
              city={booking.listing.city}
              arrivalNotes={booking.listing.arrivalNotes}
              hostName={booking.listing.provider.name}
              hostEmail={booking.listing.provider.email}
            />
          ) : null}
          <section aria-labelledby="timeline-title" className="space-y-3">
            <h2 id="timeline-title" className="text-xl font-semibold">
              Timeline
            </h2>
            <BookingTimeline events={booking.events} timeZone={tz} />
          </section>
          {booking.consent ? (
            <section aria-labelledby="consent-title" className="space-y-2">
              <h2 id="consent-title" className="text-xl font-semibold">
                What you agreed to
              </h2>
              <blockquote className="border-l-4 border-birch-300 pl-4 text-sm text-pine-800">{booking.consent.text}</blockquote>
              <p className="text-xs text-pine-600">Agreed {formatInstant(booking.consent.acceptedAt, tz)}</p>
            </section>
          ) : null}
        </div>
        <aside className="h-fit space-y-4">
          <PriceBreakdown quote={booking} label="Amount" />
          <AddToCalendar bookingId={booking.id} />
          <RefundSummary total={booking.totalAmount} currency={booking.currency} refunds={booking.refunds} timeZone={tz} />
          {canCustomerCancel(booking.status) ? (
            <CancelBookingForm action={cancelMyBooking.bind(null, booking.id)} isRequest={booking.status === "REQUESTED"} />
          ) : null}
          {quote.cancellable ? (
            <CancelPaidBookingForm
              action={cancelMyPaidBooking.bind(null, booking.id)}
              refundMinor={quote.refund.amount}
              refundText={formatMoney(quote.refund.amount, quote.currency)}
              explanation={refundExplanation(quote, tz)}
            />
          ) : null}
        </aside>
      </div>
    </>
  );
}

function refundExplanation(quote: Awaited<ReturnType<typeof customerCancellationQuote>>, tz: string): string {
  const { refund } = quote;
  if (refund.percent === 0) return "The last refund deadline of the cancellation policy has passed.";
  const fee = refund.feeRefund > 0 ? ` and ${formatMoney(refund.feeRefund, quote.currency)} of the service fee` : "";
  const until = refund.bandEndsAt ? ` This applies until ${formatInstant(refund.bandEndsAt, tz)}.` : "";
  return `${refund.percent} % of the rental (${formatMoney(refund.rentalRefund, quote.currency)})${fee}, under the ${quote.policy.toLowerCase()} policy.${until}`;
}

function Item({ term, detail }: { term: string; detail: string }) {
  return (
    <div>
      <dt className="font-semibold text-pine-900">{term}</dt>
      <dd className="text-pine-800">{detail}</dd>
    </div>
  );
}
