import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { OperatorAction } from "@/components/admin/operator-action";
import { AdminTable, Cell, Code, Row, RowHeader } from "@/components/admin/table";
import { Badge, PageHeader, PageSection } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { appContext } from "@/lib/context";
import { formatMoney } from "@/lib/money";
import { operatorPayouts } from "@/lib/payouts/operator";
import { DEFAULT_TIME_ZONE, formatInstant, formatLocalDate, utcToZoned } from "@/lib/time";
import { holdPayoutAction, releasePayoutAction } from "./actions";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Payouts" };
export const dynamic = "force-dynamic";

const day = (d: Date, tz = DEFAULT_TIME_ZONE) => <time dateTime={d.toISOString()}>{formatLocalDate(utcToZoned(d, tz).date)}</time>;
const at = (d: Date | null, tz = DEFAULT_TIME_ZONE) => (d ? <time dateTime={d.toISOString()}>{formatInstant(d, tz)}</time> : "—");

const ONBOARDING_LABEL = { no_account: "No account", details_needed: "Details needed", pending_verification: "Pending verification", restricted: "Restricted" } as const;

export default async function AdminPayoutsPage() {
  const user = await requireRole("OPERATOR");
  const ctx = appContext();
  const view = await operatorPayouts(ctx, user);
  const now = ctx.clock.now();

  return (
    <>
      <PageHeader
        title="Payouts"
        description="Hosts' money from charge to bank: held until each booking ends plus the payout delay, then paid out by the scheduled pass."
      />
      <div className="space-y-10">
        {view.nearLimit > 0 ? (
          <p role="alert" className="rounded-2xl border border-ember-300 bg-ember-100/60 p-4 font-semibold">
            {view.nearLimit} booking{view.nearLimit === 1 ? "'s" : "s'"} money has been held over {view.warningDays} days. Stripe holds funds for at most 90
            days: release it (or refund it) before the date shown below.
          </p>
        ) : null}

        <PageSection id="hosts-title" title="Money per host">
          <AdminTable
            caption="Per host and currency"
            columns={["Host", "Held", "Due for release", "On hold", "Released", "Failed"]}
            empty={view.hosts.length === 0 ? "No host has been paid through Löyly yet." : undefined}
          >
            {view.hosts.map((h) => (
              <Row key={`${h.hostId}-${h.currency}`} highlight={h.failed > 0}>
                <RowHeader>
                  {h.hostName}
                  <span className="block font-normal text-pine-600">{h.hostEmail}</span>
                </RowHeader>
                <Cell className="tabular-nums">{formatMoney(h.held, h.currency)}</Cell>
                <Cell className="tabular-nums">{formatMoney(h.due, h.currency)}</Cell>
                <Cell className="tabular-nums">{formatMoney(h.onHold, h.currency)}</Cell>
                <Cell className="tabular-nums">{formatMoney(h.released, h.currency)}</Cell>
                <Cell className="tabular-nums">{formatMoney(h.failed, h.currency)}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        <PageSection id="waiting-title" title="Bookings waiting to be paid out">
          {view.waiting.length === 0 ? (
            <p className="text-pine-700">No booking’s money is waiting.</p>
          ) : (
            <ul className="space-y-4">
              {view.waiting.map((w) => {
                const due = !w.heldAt && w.releaseAt.getTime() <= now.getTime();
                return (
                  <li key={w.bookingId} className="space-y-3 rounded-2xl border border-birch-200 bg-white p-4">
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div>
                        <p className="font-semibold">
                          <Link href={`/admin/bookings/${w.bookingId}`}>{w.listingTitle}</Link> · {w.hostName}
                        </p>
                        <p className="text-sm text-pine-700">
                          Ended {at(w.endsAt, w.timeZone)} · charged {day(w.chargedAt, w.timeZone)} · Stripe’s limit {day(w.holdLimit, w.timeZone)}
                        </p>
                      </div>
                      <div className="text-right">
                        <p className="text-lg font-semibold tabular-nums">{formatMoney(w.amount, w.currency)}</p>
                        <Badge tone={w.heldAt || w.status === "FAILED" || w.nearLimit ? "warn" : "neutral"}>
                          {w.heldAt ? "On hold" : w.status === "FAILED" ? "Payout failed" : due ? "Due now" : <>Held until {day(w.releaseAt, w.timeZone)}</>}
                        </Badge>
                      </div>
                    </div>
                    {w.heldAt ? (
                      <p className="text-sm">
                        Held {at(w.heldAt, w.timeZone)}: {w.heldReason}
                      </p>
                    ) : null}
                    <div className="grid gap-3 md:grid-cols-2">
                      <OperatorAction
                        action={holdPayoutAction.bind(null, w.bookingId)}
                        title="Hold the payout"
                        description="Keeps this booking's money on the host's account until you release it (a dispute, a complaint)."
                        confirmLabel="Confirm hold"
                        unavailable={w.heldAt ? "it is on hold already." : undefined}
                      />
                      <OperatorAction
                        action={releasePayoutAction.bind(null, w.bookingId)}
                        title="Release now"
                        description="Pays this booking's money out to the host now, before its date or after a hold."
                        confirmLabel="Confirm release"
                      />
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </PageSection>

        <PageSection id="failed-title" title="Failed payouts">
          <AdminTable
            caption="Payouts the bank returned or Stripe refused, newest first"
            columns={["Host", "Amount", "Failure", "What the host should do", "Payout"]}
            empty={view.failed.length === 0 ? "No payout has failed." : undefined}
          >
            {view.failed.map((p) => (
              <Row key={p.id} highlight>
                <RowHeader>
                  {p.hostName}
                  <span className="block font-normal text-pine-600">{p.hostEmail}</span>
                  <span className="block font-normal text-pine-600">{at(p.failedAt)}</span>
                </RowHeader>
                <Cell className="tabular-nums">
                  {formatMoney(p.amount, p.currency)} · {countOf(p.bookings, "booking")}
                </Cell>
                <Cell>
                  {p.failureMessage ?? "—"} {p.failureCode ? <Code>{p.failureCode}</Code> : null}
                </Cell>
                <Cell>{p.advice}</Cell>
                <Cell>{p.stripePayoutId ? <Code>{p.stripePayoutId}</Code> : "not created"}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        <PageSection id="onboarding-title" title="Hosts who cannot be paid yet">
          <AdminTable
            caption="Onboarding incomplete or restricted"
            columns={["Host", "State", "Detail"]}
            empty={view.onboarding.length === 0 ? "Every host can be paid." : undefined}
          >
            {view.onboarding.map((h) => (
              <Row key={h.hostId}>
                <RowHeader>
                  <Link href={`/admin/users?q=${encodeURIComponent(h.hostEmail)}`}>{h.hostName}</Link>
                  <span className="block font-normal text-pine-600">{h.hostEmail}</span>
                </RowHeader>
                <Cell>
                  <Badge tone="warn">{ONBOARDING_LABEL[h.state]}</Badge>
                </Cell>
                <Cell>{h.detail}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>
      </div>
    </>
  );
}
