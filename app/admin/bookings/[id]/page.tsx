import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { isPlausibleId } from "@/lib/validation";
import type { ReactNode } from "react";
import { OperatorAction } from "@/components/admin/operator-action";
import { AdminTable, Cell, Code, Row, RowHeader } from "@/components/admin/table";
import { StatusBadge } from "@/components/bookings/status-badge";
import { Badge, PageHeader, PageSection } from "@/components/ui/page-header";
import { getAdminBookingOrThrow } from "@/lib/admin/bookings";
import { requireRole } from "@/lib/auth";
import { describeStatus, isChargeInProgress, isRefundable, operatorCancelKind } from "@/lib/bookings/lifecycle";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import type { ActorType } from "@/lib/generated/prisma/enums";
import { formatMoney, minorDigits, toDecimalString } from "@/lib/money";
import { describeTime, formatInstant } from "@/lib/time";
import { retryEligibility } from "@/lib/use-cases/operator";
import { listReceipts } from "@/lib/receipts/receipts";
import { EXTENSION_LIMITS, extensionWindow, followUpEligibility } from "@/lib/use-cases/follow-up";
import { toLocalDateTimeValue } from "@/lib/admin/follow-up";
import { BookingSocial } from "@/components/social/booking-social";
import { bookingSocial } from "@/lib/conversations/booking-social";
import { cancelBookingAction, extendPayByAction, refundBookingAction, resendPayNowAction, retryChargeAction } from "./actions";

export const metadata: Metadata = { title: "Booking" };

const ACTOR: Record<ActorType, string> = {
  CUSTOMER: "Customer",
  PROVIDER: "Host",
  OPERATOR: "Operator",
  SYSTEM: "System",
  STRIPE: "Stripe",
};

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1">
      <dt className="font-medium text-pine-700">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

type AdminBooking = Awaited<ReturnType<typeof getAdminBookingOrThrow>>;

/** Where the host's money of this booking stands on its way to their bank (the scheduled pass releases it). */
function PayoutDetail({ payout, money, at }: { payout: AdminBooking["payout"]; money: (minor: number) => string; at: (d: Date | null | undefined) => ReactNode }) {
  if (!payout) return <>Not held yet: the scheduled pass records it after the charge.</>;
  const sent = payout.payout;
  return (
    <>
      {payout.status.toLowerCase()}
      {payout.heldAt ? <> · on hold by an operator: {payout.heldReason}</> : null}
      {payout.status === "HELD" ? <> · released {at(payout.releaseAt)}</> : null}
      {payout.amount !== null ? <> · {money(payout.amount)}</> : null}
      {sent?.stripePayoutId ? (
        <>
          {" "}
          · <Code>{sent.stripePayoutId}</Code> {sent.status.toLowerCase()}
          {sent.arrivalDate ? <>, arrives {at(sent.arrivalDate)}</> : null}
          {sent.failureCode ? <>, failed: {sent.failureMessage ?? sent.failureCode}</> : null}
        </>
      ) : null}{" "}
      (<Link href="/admin/payouts">payouts</Link>)
    </>
  );
}

async function load(id: string) {
  if (!isPlausibleId(id)) notFound();
  try {
    return await getAdminBookingOrThrow(prisma, id);
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

export default async function AdminBookingPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireRole("OPERATOR");
  const { id } = await params;
  const b = await load(id);
  const receipts = await listReceipts(prisma, operator, b.id);
  const tz = b.listing.timeZone;
  const social = await bookingSocial(prisma, operator, b);
  const at = (d: Date | null | undefined) => (d ? <time dateTime={d.toISOString()}>{formatInstant(d, tz)}</time> : "—");
  const money = (minor: number) => formatMoney(minor, b.currency);

  const at0 = now();
  const retry = retryEligibility(b, b.card, b.consent, at0);
  const followUp = followUpEligibility(b, at0);
  const window = followUp.ok ? extensionWindow(b, at0) : null;
  const local = (d: Date) => toLocalDateTimeValue(d, tz);
  const cancelKind = operatorCancelKind(b.status);
  const refundable = isRefundable(b.status) && b.money.remaining > 0;
  const remainingText = toDecimalString(b.money.remaining, minorDigits(b.currency));

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/bookings">← All bookings</Link>
      </p>
      <PageHeader
        title={`Booking at ${b.listing.title}`}
        description={
          <>
            {describeTime(b)} ({tz}) · <StatusBadge status={b.status} />
          </>
        }
      />

      <div className="space-y-10">
        <PageSection id="details" title="Details">
          <dl className="grid gap-x-8 rounded-2xl border border-birch-200 bg-white p-4 text-sm lg:grid-cols-2">
            <Detail term="Booking id">
              <Code>{b.id}</Code>
            </Detail>
            <Detail term="Status">{describeStatus(b.status)}</Detail>
            <Detail term="Listing">
              <Link href={`/saunas/${b.listing.slug}`}>{b.listing.title}</Link>, {b.listing.city}
            </Detail>
            <Detail term="Host">
              {b.listing.provider.name} ({b.listing.provider.email})
            </Detail>
            <Detail term="Customer">
              {b.customer.name} ({b.customer.email})
            </Detail>
            <Detail term="Time">
              {describeTime(b)} ({tz})
            </Detail>
            <Detail term="Guests">{b.guests}</Detail>
            <Detail term="Price">
              {money(b.hourlyPrice)} × {b.hours} h + fee {money(b.feeAmount)} = <strong>{money(b.totalAmount)}</strong>
            </Detail>
            <Detail term="Paid">{b.money.paid > 0 ? money(b.money.paid) : "Nothing yet"}</Detail>
            <Detail term="Refunded">
              {money(b.money.refunded)} (refundable: {money(b.money.remaining)})
            </Detail>
            <Detail term="Requested">{at(b.createdAt)}</Detail>
            <Detail term="Accepted">{at(b.acceptedAt)}</Detail>
            <Detail term="Charge at">{at(b.chargeAt)}</Detail>
            <Detail term="Pay by">{at(b.payBy)}</Detail>
            <Detail term="Paid at">{at(b.paidAt)}</Detail>
            <Detail term="Cancelled at">
              {at(b.cancelledAt)}
              {b.cancelReason ? ` — “${b.cancelReason}”` : null}
            </Detail>
            <Detail term="Automatic attempts">
              {b.autoAttempts}
              {b.nextAttemptAt ? <> · next {at(b.nextAttemptAt)}</> : null}
            </Detail>
            <Detail term="Last failure">
              {b.lastFailureCode ? `${b.lastFailureCode}${b.lastDeclineCode ? ` / ${b.lastDeclineCode}` : ""}: ${b.lastFailureMessage ?? ""}` : "—"}
            </Detail>
            <Detail term="Card">
              {b.card ? (
                `${b.card.brand} •••• ${b.card.last4}, expires ${b.card.expMonth}/${b.card.expYear}${b.card.removedAt ? " (removed)" : ""}`
              ) : b.paymentMethodId ? (
                <>
                  <Code>{b.paymentMethodId}</Code> (entered on the pay-now page, not saved)
                </>
              ) : (
                "—"
              )}
            </Detail>
            <Detail term="Stripe customer">
              <Code>{b.stripeCustomerId}</Code>
            </Detail>
            <Detail term="Payment method">
              <Code>{b.paymentMethodId}</Code>
            </Detail>
            <Detail term="PaymentIntent">
              <Code>{b.stripePaymentIntentId}</Code>
            </Detail>
            {b.claimedBy ? (
              <Detail term="Claimed by">
                <Code>{b.claimedBy}</Code> until {at(b.claimExpiresAt)}
              </Detail>
            ) : null}
          </dl>
        </PageSection>

        <PageSection id="actions" title="Actions">
          <div className="grid gap-4 lg:grid-cols-3">
            <OperatorAction
              action={retryChargeAction.bind(null, b.id)}
              title="Retry the charge now"
              description={`Charges ${money(b.totalAmount)} to the saved card through the charge engine, on the booking's one PaymentIntent.`}
              confirmLabel="Confirm charge"
              unavailable={retry.ok ? undefined : retry.why}
            />
            <OperatorAction
              action={cancelBookingAction.bind(null, b.id)}
              title="Cancel the booking"
              description={
                cancelKind === "refund"
                  ? `Refunds everything still refundable (${money(b.money.remaining)}) and ends the booking.`
                  : "Nothing has been paid: the booking is cancelled and both sides are emailed."
              }
              confirmLabel="Confirm cancellation"
              variant="danger"
              unavailable={
                isChargeInProgress(b.status)
                  ? "a charge is in progress."
                  : cancelKind
                    ? undefined
                    : `a booking that is ${describeStatus(b.status).toLowerCase()} cannot be cancelled.`
              }
            />
            <OperatorAction
              action={refundBookingAction.bind(null, b.id)}
              title="Refund"
              description={`Up to ${money(b.money.remaining)} can be refunded. A partial refund keeps the booking paid.`}
              confirmLabel="Confirm refund"
              variant="danger"
              amount={{ label: `Amount (${b.currency})`, defaultValue: remainingText, hint: `At most ${remainingText}, e.g. 12.50` }}
              unavailable={refundable ? undefined : b.money.paid === 0 ? "nothing has been paid." : "nothing is left to refund."}
            />
            <OperatorAction
              action={resendPayNowAction.bind(null, b.id)}
              title="Resend the pay-now email"
              description={`Emails ${b.customer.email} the pay-now link again, with the deadline and your note.`}
              confirmLabel="Send the email"
              unavailable={followUp.ok ? undefined : followUp.why}
            />
            <OperatorAction
              action={extendPayByAction.bind(null, b.id)}
              title="Extend the pay-by deadline"
              description={`Gives the customer more time to pay (now ${b.payBy ? formatInstant(b.payBy, tz) : "—"}); customer and host are emailed.`}
              confirmLabel="Extend the deadline"
              unavailable={followUp.ok ? (window ? undefined : "the booking starts too soon to give more time.") : followUp.why}
              dateTime={
                window
                  ? {
                      name: "payBy",
                      label: `New deadline (${tz})`,
                      defaultValue: local(new Date(Math.min(window.latest.getTime(), Math.max(window.earliest.getTime(), (b.payBy?.getTime() ?? 0) + 24 * 3_600_000)))),
                      min: local(window.earliest),
                      max: local(window.latest),
                      hint: `Between ${formatInstant(window.earliest, tz)} and ${formatInstant(window.latest, tz)} (at most ${EXTENSION_LIMITS.latestBeforeStartHours} h before the start).`,
                    }
                  : undefined
              }
            />
          </div>
        </PageSection>

        <PageSection id="timeline" title="Timeline">
          <AdminTable
            caption="Booking events, oldest first"
            columns={["When", "Who", "Event", "From → to", "Why"]}
            empty={b.events.length === 0 ? "No events." : undefined}
          >
            {b.events.map((e) => (
              <Row key={e.id}>
                <RowHeader className="whitespace-nowrap">{at(e.at)}</RowHeader>
                <Cell>
                  {ACTOR[e.actorType]}
                  {e.actor ? ` · ${e.actor.name} (${e.actor.email})` : null}
                </Cell>
                <Cell>
                  <Code>{e.type}</Code>
                </Cell>
                <Cell className="whitespace-nowrap">
                  {e.fromStatus || e.toStatus ? `${e.fromStatus ? describeStatus(e.fromStatus) : "—"} → ${e.toStatus ? describeStatus(e.toStatus) : "—"}` : "—"}
                </Cell>
                <Cell>{e.reason}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        <BookingSocial viewer={null} timeZone={tz} listingTitle={b.listing.title} customerName={b.customer.name} hostName={b.listing.provider.name} {...social} />

        <PageSection id="attempts" title="Payment attempts">
          <AdminTable
            caption="Payment attempts, newest first"
            columns={["Started", "Kind", "Outcome", "Amount", "PaymentIntent status", "Codes", "Idempotency key", "Message"]}
            empty={b.paymentAttempts.length === 0 ? "No payment attempts yet." : undefined}
          >
            {b.paymentAttempts.map((a) => (
              <Row key={a.id} highlight={a.outcome !== "SUCCEEDED" && a.outcome !== "PROCESSING"}>
                <RowHeader className="whitespace-nowrap">{at(a.startedAt)}</RowHeader>
                <Cell>{a.kind}</Cell>
                <Cell>{a.outcome ? <Badge tone={a.outcome === "SUCCEEDED" ? "good" : a.outcome === "PROCESSING" ? "neutral" : "warn"}>{a.outcome}</Badge> : "—"}</Cell>
                <Cell className="tabular-nums">{formatMoney(a.amount, a.currency)}</Cell>
                <Cell>{a.paymentIntentStatus}</Cell>
                <Cell>{[a.errorType, a.errorCode, a.declineCode].filter(Boolean).join(" / ") || "—"}</Cell>
                <Cell>
                  <Code>{a.idempotencyKey}</Code>
                </Cell>
                <Cell className="min-w-[16rem]">
                  {a.message}
                  {a.stripePaymentIntentId ? (
                    <span className="block">
                      <Code>{a.stripePaymentIntentId}</Code>
                    </span>
                  ) : null}
                </Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        <PageSection id="money-split" title="Host's share and platform fee">
          {b.destinationAccountId ? (
            <dl className="grid gap-x-8 rounded-2xl border border-birch-200 bg-white p-4 text-sm lg:grid-cols-2">
              <Detail term="Host's account">
                <Code>{b.destinationAccountId}</Code>
              </Detail>
              <Detail term="Charged">{money(b.totalAmount)} = host {money(b.transferAmount ?? 0)} + fee {money(b.applicationFeeAmount ?? 0)}</Detail>
              <Detail term="Transfer to host">
                {b.stripeTransferId ? <Code>{b.stripeTransferId}</Code> : "not read from Stripe yet"} · host&apos;s share {money(b.transferAmount ?? 0)}
              </Detail>
              <Detail term="Application fee">
                {b.stripeApplicationFeeId ? <Code>{b.stripeApplicationFeeId}</Code> : "not read from Stripe yet"} · {money(b.applicationFeeAmount ?? 0)}
              </Detail>
              <Detail term="Reversed from host">{money(b.transferReversedAmount)}</Detail>
              <Detail term="Fee refunded">{money(b.applicationFeeRefundedAmount)}</Detail>
              <Detail term="Host keeps">{money((b.transferAmount ?? 0) - b.transferReversedAmount)}</Detail>
              <Detail term="Payout">
                <PayoutDetail payout={b.payout} money={money} at={at} />
              </Detail>
            </dl>
          ) : (
            <p className="rounded-2xl border border-birch-200 bg-white p-4 text-sm text-pine-800">
              Not charged as a destination charge yet.{" "}
              {b.listing.provider.connectedAccount
                ? `The host's account ${b.listing.provider.connectedAccount.stripeAccountId} ${b.listing.provider.connectedAccount.chargesEnabled ? "takes charges" : "cannot take charges now: the charge waits"}.`
                : "The host has not set up payouts: the charge waits until they do."}
            </p>
          )}
        </PageSection>

        <PageSection id="refunds" title="Refunds">
          <AdminTable
            caption="Refunds, newest first"
            columns={["Created", "Amount", "Status", "Stripe refund", "By", "Reason", "Failure"]}
            empty={b.refunds.length === 0 ? "No refunds." : undefined}
          >
            {b.refunds.map((r) => (
              <Row key={r.id} highlight={r.status === "FAILED"}>
                <RowHeader className="whitespace-nowrap">{at(r.createdAt)}</RowHeader>
                <Cell className="tabular-nums">{formatMoney(r.amount, r.currency)}</Cell>
                <Cell>
                  <Badge tone={r.status === "SUCCEEDED" ? "good" : r.status === "PENDING" ? "neutral" : "warn"}>{r.status}</Badge>
                </Cell>
                <Cell>
                  <Code>{r.stripeRefundId}</Code>
                </Cell>
                <Cell>{r.createdBy ? r.createdBy.name : "Stripe"}</Cell>
                <Cell>{r.reason}</Cell>
                <Cell>{r.failureReason}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        {receipts.length > 0 ? (
          <PageSection id="receipts" title="Receipts">
            <ul className="space-y-1 text-sm">
              {receipts.map((r) => (
                <li key={r.id}>
                  <Link href={`/receipts/${b.id}/${r.id}`}>{r.number}</Link> · {r.kind === "payment" ? "payment" : "refund"} {money(Math.abs(r.amount))} ·{" "}
                  <a href={`/receipts/${b.id}/${r.id}/pdf`}>PDF</a>
                </li>
              ))}
            </ul>
          </PageSection>
        ) : null}

        <PageSection id="emails" title="Emails">
          <AdminTable
            caption="Emails about this booking, newest first"
            columns={["Created", "To", "Subject", "Template", "Status"]}
            empty={b.emails.length === 0 ? "No emails." : undefined}
          >
            {b.emails.map((e) => (
              <Row key={e.id} highlight={e.status === "FAILED"}>
                <RowHeader className="whitespace-nowrap">{at(e.createdAt)}</RowHeader>
                <Cell>{e.to}</Cell>
                <Cell>
                  <Link href={`/admin/emails/${e.id}`}>{e.subject}</Link>
                </Cell>
                <Cell>
                  <Code>{e.template}</Code>
                </Cell>
                <Cell>{e.status}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        <PageSection id="consent" title="Consent">
          {b.consent ? (
            <dl className="rounded-2xl border border-birch-200 bg-white p-4 text-sm">
              <Detail term="Accepted at">{at(b.consent.acceptedAt)}</Detail>
              <Detail term="Text version">{b.consent.textVersion}</Detail>
              <Detail term="Text hash">
                <Code>{b.consent.textHash}</Code>
              </Detail>
              <Detail term="IP address">{b.consent.ip ?? "—"}</Detail>
              <Detail term="User agent">{b.consent.userAgent ?? "—"}</Detail>
              <Detail term="Payment method">
                <Code>{b.consent.paymentMethodId}</Code>
              </Detail>
              <Detail term="Revoked">{at(b.consent.revokedAt)}</Detail>
              <Detail term="Text">
                <blockquote className="whitespace-pre-wrap border-l-2 border-birch-300 pl-3">{b.consent.text}</blockquote>
              </Detail>
            </dl>
          ) : (
            <p className="text-pine-700">No card was saved for this booking, so there is no consent record.</p>
          )}
        </PageSection>
      </div>
    </>
  );
}
