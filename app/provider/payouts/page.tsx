import type { Metadata } from "next";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader, PageSection } from "@/components/ui/page-header";
import { CaptionedTable, ScrollRegion } from "@/components/ui/table";
import { requireRole } from "@/lib/auth";
import { appContext } from "@/lib/context";
import { formatMoney } from "@/lib/money";
import { hostPayouts, type BookingMoney, type Money, type MoneyState, type PayoutLine } from "@/lib/payouts/host";
import { formatLocalDate, formatTimeRange, utcToZoned } from "@/lib/time";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Payouts" };
export const dynamic = "force-dynamic";

const day = (d: Date, timeZone: string) => <time dateTime={d.toISOString()}>{formatLocalDate(utcToZoned(d, timeZone).date)}</time>;

const moneyList = (list: Money[]) => (list.length === 0 ? formatMoney(0, "EUR") : list.map((m) => formatMoney(m.amount, m.currency)).join(" · "));

function stateOf(state: MoneyState, tz: string): { label: ReactNode; tone: "neutral" | "good" | "warn" } {
  switch (state.kind) {
    case "charged":
      return { label: <>Charged · held until {day(state.releaseAt, tz)}</>, tone: "neutral" };
    case "held":
      return state.byOperator
        ? { label: "Held by Löyly — we will contact you", tone: "warn" }
        : { label: <>Held until {day(state.releaseAt, tz)}</>, tone: "neutral" };
    case "due":
      return { label: "In the next payout", tone: "neutral" };
    case "released":
      return { label: <>Paid out{state.arrivalDate ? <> · arrives {day(state.arrivalDate, tz)}</> : null}</>, tone: "good" };
    case "paid":
      return { label: <>Paid out{state.arrivalDate ? <> · arrived {day(state.arrivalDate, tz)}</> : null}</>, tone: "good" };
    case "failed":
      return { label: <>Payout failed · tried again {day(state.retryAt, tz)}</>, tone: "warn" };
    case "refunded":
      return { label: "Refunded", tone: "neutral" };
    case "reversed":
      return { label: "Reversed after payout", tone: "warn" };
  }
}

const PAYOUT_STATUS: Record<PayoutLine["status"], string> = {
  CREATING: "Being created",
  PENDING: "Pending",
  IN_TRANSIT: "On its way",
  PAID: "Arrived",
  FAILED: "Failed",
  CANCELED: "Not made",
};

function BookingRow({ b }: { b: BookingMoney }) {
  const s = stateOf(b.state, b.timeZone);
  return (
    <tr className="border-t border-birch-200 align-top">
      <th scope="row" className="p-3 font-medium">
        {b.listingTitle}
        <span className="block font-normal text-pine-700">{formatTimeRange(b.startsAt, b.endsAt, b.timeZone)}</span>
      </th>
      <td className="p-3 text-right tabular-nums">{formatMoney(b.price, b.currency)}</td>
      <td className="p-3 text-right tabular-nums">−{formatMoney(b.platformFee, b.currency)}</td>
      <td className="p-3 text-right tabular-nums font-semibold">
        {formatMoney(b.hostShare - b.reversed, b.currency)}
        {b.reversed > 0 ? <span className="block text-xs font-normal text-pine-700">{formatMoney(b.reversed, b.currency)} refunded</span> : null}
      </td>
      <td className="p-3">
        <Badge tone={s.tone}>{s.label}</Badge>
        {b.state.kind === "reversed" ? (
          <span className="mt-1 block text-xs text-pine-700">{formatMoney(b.state.owed, b.currency)} taken back from your next payout</span>
        ) : null}
      </td>
    </tr>
  );
}

/** One booking's money as a card (phones: the table's five columns do not fit). */
function BookingCard({ b }: { b: BookingMoney }) {
  const s = stateOf(b.state, b.timeZone);
  return (
    <li className="space-y-2 p-4">
      <p className="font-semibold">
        {b.listingTitle}
        <span className="block text-sm font-normal text-pine-700">{formatTimeRange(b.startsAt, b.endsAt, b.timeZone)}</span>
      </p>
      <dl className="grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-pine-700">Customer pays</dt>
          <dd className="tabular-nums">{formatMoney(b.price, b.currency)}</dd>
        </div>
        <div>
          <dt className="text-pine-700">Platform fee</dt>
          <dd className="tabular-nums">−{formatMoney(b.platformFee, b.currency)}</dd>
        </div>
        <div>
          <dt className="text-pine-700">You receive</dt>
          <dd className="font-semibold tabular-nums">{formatMoney(b.hostShare - b.reversed, b.currency)}</dd>
        </div>
      </dl>
      {b.reversed > 0 ? <p className="text-xs text-pine-700">{formatMoney(b.reversed, b.currency)} refunded</p> : null}
      <Badge tone={s.tone}>{s.label}</Badge>
      {b.state.kind === "reversed" ? <p className="text-xs text-pine-700">{formatMoney(b.state.owed, b.currency)} taken back from your next payout</p> : null}
    </li>
  );
}

const payoutTone = (status: PayoutLine["status"]) => (status === "PAID" ? "good" : status === "FAILED" || status === "CANCELED" ? "warn" : "neutral");

/** The payout history: a card per payout on phones, a table from tablet width up. */
function PayoutHistory({ caption, payouts, tz }: { caption: string; payouts: PayoutLine[]; tz: string }) {
  return (
    <>
      <ul aria-label={caption} className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white md:hidden">
        {payouts.map((p) => (
          <li key={p.id} className="space-y-2 p-4">
            <p className="flex items-baseline justify-between gap-3 font-semibold">
              {day(p.createdAt, tz)}
              <span className="tabular-nums">{formatMoney(p.amount, p.currency)}</span>
            </p>
            <p className="text-sm text-pine-700">
              {countOf(p.bookings, "booking")}
              {p.recoveredAmount > 0 ? <>, after {formatMoney(p.recoveredAmount, p.currency)} taken back for refunds</> : null}
            </p>
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={payoutTone(p.status)}>{PAYOUT_STATUS[p.status]}</Badge>
              {p.arrivalDate ? <span>Bank arrival {day(p.arrivalDate, tz)}</span> : null}
            </p>
          </li>
        ))}
      </ul>
      <CaptionedTable caption={caption} className="hidden md:block">
        <thead className="bg-birch-100 text-pine-800">
          <tr>
            <th scope="col" className="p-3">Made</th>
            <th scope="col" className="p-3 text-right">Amount</th>
            <th scope="col" className="p-3">Status</th>
            <th scope="col" className="p-3">Bank arrival</th>
          </tr>
        </thead>
        <tbody>
          {payouts.map((p) => (
            <tr key={p.id} className="border-t border-birch-200 align-top">
              <th scope="row" className="p-3 font-medium">
                {day(p.createdAt, tz)}
                <span className="block text-xs font-normal text-pine-700">{countOf(p.bookings, "booking")}</span>
              </th>
              <td className="p-3 text-right tabular-nums">
                {formatMoney(p.amount, p.currency)}
                {p.recoveredAmount > 0 ? (
                  <span className="block text-xs text-pine-700">after {formatMoney(p.recoveredAmount, p.currency)} taken back for refunds</span>
                ) : null}
              </td>
              <td className="p-3">
                <Badge tone={payoutTone(p.status)}>{PAYOUT_STATUS[p.status]}</Badge>
              </td>
              <td className="p-3">{p.arrivalDate ? day(p.arrivalDate, tz) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </CaptionedTable>
    </>
  );
}

export default async function ProviderPayoutsPage() {
  const user = await requireRole("PROVIDER");
  const ctx = appContext();
  const view = await hostPayouts(ctx, user);
  const tz = view.timeZone;
  const thisMonth = ctx.clock.now().toISOString().slice(0, 7);

  return (
    <>
      <PageHeader
        title="Payouts"
        description={`What each booking earns you and when it reaches your bank: we pay a booking's money ${view.payoutDelayDays} day${view.payoutDelayDays === 1 ? "" : "s"} after it ends.`}
      />
      <div className="space-y-10">
        {view.failed.length > 0 ? (
          <section aria-labelledby="failed-title" role="alert" className="space-y-3 rounded-2xl border border-ember-300 bg-ember-100/60 p-4">
            <h2 id="failed-title" className="text-xl font-semibold">
              Payouts that failed
            </h2>
            <ul className="space-y-3">
              {view.failed.map((p) => (
                <li key={p.id}>
                  <p className="font-semibold">
                    {formatMoney(p.amount, p.currency)} on {day(p.createdAt, tz)}: {p.failureMessage ?? "the bank refused it"}
                  </p>
                  <p>
                    <strong>What to do:</strong> {p.advice}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <PageSection id="balance-title" title="Balance">
          {view.balance === null ? (
            <EmptyState title="No payout account yet">Finish “Get paid” to connect your bank account through Stripe; then your bookings’ money appears here.</EmptyState>
          ) : "error" in view.balance ? (
            <p role="status">{view.balance.error}</p>
          ) : (
            <dl className="grid gap-3 sm:grid-cols-3">
              <div className="rounded-2xl border border-birch-200 bg-white p-4">
                <dt className="text-sm text-pine-700">Available on your Stripe account</dt>
                <dd>
                  <span className="block text-2xl font-semibold tabular-nums">{moneyList(view.balance.available)}</span>
                  <span className="mt-1 block text-xs text-pine-700">Sent to your bank on each booking’s payout day (below).</span>
                </dd>
              </div>
              <div className="rounded-2xl border border-birch-200 bg-white p-4">
                <dt className="text-sm text-pine-700">Pending (not yet available)</dt>
                <dd className="text-2xl font-semibold tabular-nums">{moneyList(view.balance.pending)}</dd>
              </div>
              <div className="rounded-2xl border border-birch-200 bg-white p-4">
                <dt className="text-sm text-pine-700">Owed after refunds</dt>
                <dd>
                  <span className="block text-2xl font-semibold tabular-nums">{view.owed.length ? moneyList(view.owed) : "Nothing"}</span>
                  {view.owed.length ? <span className="mt-1 block text-xs text-pine-700">Taken from your next payout.</span> : null}
                </dd>
              </div>
            </dl>
          )}
        </PageSection>

        <PageSection id="upcoming-title" title="Upcoming payouts">
          {view.upcoming.length === 0 && view.inTransit.length === 0 ? (
            <p className="text-pine-700">Nothing is waiting to be paid out.</p>
          ) : (
            <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
              {view.inTransit.map((p) => (
                <li key={p.id} className="flex flex-wrap justify-between gap-2 p-3">
                  <span>
                    On its way{p.arrivalDate ? <> · arrives {day(p.arrivalDate, tz)}</> : null}
                  </span>
                  <span className="font-semibold tabular-nums">{formatMoney(p.amount, p.currency)}</span>
                </li>
              ))}
              {view.upcoming.map((u) => (
                <li key={`${u.releaseAt.toISOString()}-${u.currency}`} className="flex flex-wrap justify-between gap-2 p-3">
                  <span>
                    To be paid out {day(u.releaseAt, tz)} · {u.bookings} booking{u.bookings === 1 ? "" : "s"}
                  </span>
                  <span className="font-semibold tabular-nums">{formatMoney(u.amount, u.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </PageSection>

        <PageSection id="bookings-title" title="Your bookings’ money">
          {view.bookings.length === 0 ? (
            <EmptyState title="No charged bookings yet">Each booking appears here once its customer has been charged.</EmptyState>
          ) : (
            <>
            <ul aria-label="Your bookings’ money" className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white md:hidden">
              {view.bookings.map((b) => (
                <BookingCard key={b.bookingId} b={b} />
              ))}
            </ul>
            <ScrollRegion labelledBy="bookings-money-caption" className="hidden md:block">
              <table className="w-full text-left text-sm">
                <caption id="bookings-money-caption" className="sr-only">
                  Each charged booking: price, platform fee, what you receive and where it stands
                </caption>
                <thead className="bg-birch-100 text-pine-800">
                  <tr>
                    <th scope="col" className="p-3">Booking</th>
                    <th scope="col" className="p-3 text-right">Customer pays</th>
                    <th scope="col" className="p-3 text-right">Platform fee</th>
                    <th scope="col" className="p-3 text-right">You receive</th>
                    <th scope="col" className="p-3">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {view.bookings.map((b) => (
                    <BookingRow key={b.bookingId} b={b} />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            </>
          )}
        </PageSection>

        <PageSection id="history-title" title="Payout history">
          {view.history.length === 0 ? <p className="text-pine-700">No payouts yet.</p> : <PayoutHistory caption="Payouts, newest first" payouts={view.history} tz={tz} />}
        </PageSection>

        <PageSection id="statement-title" title="Monthly statement">
          <form action="/provider/payouts/statement" method="get" className="flex flex-wrap items-end gap-2">
            <label className="grid gap-1 text-sm font-medium">
              Month
              <input type="month" name="month" defaultValue={thisMonth} required className="rounded-md border border-birch-300 px-3 py-2" />
            </label>
            <button type="submit" className={buttonClass("primary")}>
              Download CSV
            </button>
          </form>
          <p className="text-sm text-pine-700">Every booking charged, every refund and every payout made in the month (UTC), for your accounts.</p>
        </PageSection>
      </div>
    </>
  );
}
