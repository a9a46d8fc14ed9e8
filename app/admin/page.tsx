import type { Metadata } from "next";
import Link from "@/components/ui/link";
import type { ReactNode } from "react";
import { CategoryBarChart, DailyBarChart } from "@/components/admin/charts";
import { AdminTable, Cell, Row, RowHeader } from "@/components/admin/table";
import { StatusBadge } from "@/components/bookings/status-badge";
import { buttonClass } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { loadDashboard, WEBHOOK_LAG_SAMPLE, type CurrencyAmount, type Dashboard } from "@/lib/admin/dashboard";
import { describeCounts, describeJson } from "@/lib/admin/payments";
import { DASHBOARD_PERIODS, parseDashboardPeriod } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { DEFAULT_TIME_ZONE, formatInstant } from "@/lib/time";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Admin overview" };

type SearchParams = Record<string, string | string[] | undefined>;

function amounts(list: readonly CurrencyAmount[]): ReactNode {
  if (list.length === 0) return <span className="text-pine-600">none</span>;
  return list.map((a) => (
    <span key={a.currency} className="block">
      {formatMoney(a.amount, a.currency)}
    </span>
  ));
}

function countsOf(list: readonly CurrencyAmount[], noun: string): string {
  const n = list.reduce((sum, a) => sum + a.count, 0);
  return countOf(n, noun);
}

function describeDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

const percent = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)} %`);
const shortDay = (day: string) => `${Number(day.slice(8, 10))}.${Number(day.slice(5, 7))}.`;

function Tile({ label, children, note, tone }: { label: string; children: ReactNode; note?: ReactNode; tone?: "warn" }) {
  return (
    <div className={cx("rounded-2xl border bg-white p-4", tone === "warn" ? "border-ember-500" : "border-birch-200")}>
      <dt className="text-sm font-medium text-pine-700">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-pine-900">{children}</dd>
      {note ? <dd className="text-sm text-pine-600">{note}</dd> : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold text-pine-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function AdminHome({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole("OPERATOR");
  const params = await searchParams;
  const { period: input, error } = parseDashboardPeriod(params);
  const d = await loadDashboard(prisma, input, { now: now(), smtpConfigured: Boolean(env.SMTP_URL) });
  const custom = "from" in input ? input : null;

  return (
    <div className="space-y-8">
      <PageHeader title="Overview" description={`The marketplace in ${d.period.label} (days in ${DEFAULT_TIME_ZONE}).`} />

      <div className="flex flex-wrap items-end gap-4">
        <nav aria-label="Period" className="flex gap-1">
          {DASHBOARD_PERIODS.map((days) => {
            const current = !custom && "days" in input && input.days === days;
            return (
              <Link key={days} href={`/admin?days=${days}`} aria-current={current ? "page" : undefined} className={buttonClass(current ? "primary" : "secondary")}>
                {days} days
              </Link>
            );
          })}
        </nav>
        <form aria-label="Custom period" className="flex flex-wrap items-end gap-2">
          <TextField name="from" label="From" type="date" defaultValue={custom?.from ?? ""} required />
          <TextField name="to" label="To" type="date" defaultValue={custom?.to ?? ""} required />
          <button type="submit" className={buttonClass("secondary")}>
            Show period
          </button>
        </form>
      </div>
      {error ? (
        <p role="alert" className="rounded-lg bg-ember-100 px-3 py-2 text-sm text-ember-700">
          {error} Showing the last 30 days.
        </p>
      ) : null}

      <Section id="money" title="Money">
        <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          <Tile label="Charged" note={countsOf(d.charged, "booking")}>
            {amounts(d.charged)}
          </Tile>
          <Tile label="Refunded" note={countsOf(d.refunded, "refund")}>
            {amounts(d.refunded)}
          </Tile>
          <Tile label="Platform fees" note="of the bookings charged">
            {amounts(d.fees)}
          </Tile>
          <Tile label="At risk now" note={`${countsOf(d.atRisk, "booking")} failed, awaiting the customer`} tone={d.atRisk.length ? "warn" : undefined}>
            {amounts(d.atRisk)}
          </Tile>
        </dl>
        <Charts d={d} />
      </Section>

      <Section id="at-risk" title="Awaiting the customer, nearest deadline first">
        <AdminTable
          caption="Failed payments awaiting the customer"
          columns={["Listing", "Customer", "Pay by (listing's zone)", "Amount", "Why it failed", "Details"]}
          empty={d.atRiskNearest.length === 0 ? "No payment is waiting for a customer." : undefined}
        >
          {d.atRiskNearest.map((b) => (
            <Row key={b.id}>
              <RowHeader className="min-w-40">{b.listingTitle}</RowHeader>
              <Cell>{b.customerEmail}</Cell>
              <Cell className="whitespace-nowrap">{b.payBy ? formatInstant(b.payBy, b.timeZone) : "—"}</Cell>
              <Cell className="tabular-nums">{formatMoney(b.amount, b.currency)}</Cell>
              <Cell className="min-w-48">{b.reason}</Cell>
              <Cell>
                <Link href={`/admin/bookings/${b.id}`} aria-label={`Open booking at ${b.listingTitle} for ${b.customerEmail}`}>
                  Open
                </Link>
              </Cell>
            </Row>
          ))}
        </AdminTable>
        <p className="text-sm">
          <Link href="/admin/bookings?status=PAYMENT_FAILED&sort=starts&dir=asc">All failed payments</Link>
        </p>
      </Section>

      <Section id="payments" title="Payments">
        <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          <Tile label="Off-session success rate" note={`${d.offSession.succeeded} of ${d.offSession.succeeded + d.offSession.failed} automatic charges`}>
            {percent(d.offSession.successRate)}
          </Tile>
          <Tile label="Recovered on the pay-now page" note={`of ${d.recovery.failed} bookings whose charge failed`}>
            {d.recovery.payNow}
          </Tile>
          <Tile label="Median time to recover" note="first failure to paid, on the pay-now page">
            {describeDuration(d.recovery.medianPayNowSeconds)}
          </Tile>
          <Tile label="Other outcomes" note="of the failed bookings">
            <span className="block text-base font-normal">
              {d.recovery.retry} paid by a retry, {d.recovery.waiting} still waiting, {d.recovery.failed - d.recovery.payNow - d.recovery.retry - d.recovery.waiting} lost
            </span>
          </Tile>
        </dl>
        <AdminTable caption="Next charges due" columns={["Currency", "Next 24 hours", "Next 7 days"]} empty={d.due.length === 0 ? "No charge is due in the next 7 days." : undefined}>
          {d.due.map((r) => (
            <Row key={r.currency}>
              <RowHeader>{r.currency}</RowHeader>
              <Cell className="tabular-nums">
                {r.count24h} · {formatMoney(r.amount24h, r.currency)}
              </Cell>
              <Cell className="tabular-nums">
                {r.count7d} · {formatMoney(r.amount7d, r.currency)}
              </Cell>
            </Row>
          ))}
        </AdminTable>
      </Section>

      <Section id="bookings" title="Bookings requested in the period, by status now">
        <ul className="flex flex-wrap gap-2">
          {d.byStatus.length === 0 ? <li className="text-sm text-pine-600">No bookings were requested in this period.</li> : null}
          {d.byStatus.map((s) => (
            <li key={s.status}>
              <Link href={`/admin/bookings?status=${s.status}`} className="flex items-center gap-2 rounded-lg border border-birch-200 bg-white px-3 py-2 no-underline">
                <StatusBadge status={s.status} />
                <span className="font-semibold tabular-nums">{s.count}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="health" title="Health">
        <dl className="grid gap-3 sm:grid-cols-3">
          <Tile label="Scheduled passes" note={`${d.cron.failedRuns} failed in the period`} tone={d.cron.failedRuns ? "warn" : undefined}>
            {d.cron.runs}
          </Tile>
          <Tile
            label="Webhook deliveries"
            note={`${d.webhooks.failed} failed, ${d.webhooks.stuck} stuck; lag (latest ${WEBHOOK_LAG_SAMPLE.toLocaleString("en-GB")}) p50 ${describeDuration(d.webhooks.lagP50Seconds)}, p95 ${describeDuration(d.webhooks.lagP95Seconds)}, max ${describeDuration(d.webhooks.lagMaxSeconds)}`}
            tone={d.webhooks.failed || d.webhooks.stuck ? "warn" : undefined}
          >
            {d.webhooks.received}
          </Tile>
          <Tile
            label="Emails not sent"
            note={d.emails.smtpConfigured ? `${d.emails.failed} failed, ${d.emails.pending} pending over 10 minutes` : `${d.emails.failed} failed; no SMTP configured, emails stay in the outbox`}
            tone={d.emails.failed || d.emails.pending ? "warn" : undefined}
          >
            {d.emails.failed + d.emails.pending}
          </Tile>
        </dl>
        <AdminTable caption="Last scheduled passes" columns={["Started (UTC)", "Job", "Status", "Duration", "Counts", "Errors"]} empty={d.cron.recent.length === 0 ? "No pass has run yet." : undefined}>
          {d.cron.recent.map((r) => (
            <Row key={r.id} highlight={r.status === "FAILED"}>
              <RowHeader className="whitespace-nowrap">{formatInstant(r.startedAt, "UTC")}</RowHeader>
              <Cell className="whitespace-nowrap">{r.job}</Cell>
              <Cell>{r.status.toLowerCase()}</Cell>
              <Cell className="tabular-nums">{r.durationMs === null ? "running" : `${(r.durationMs / 1000).toFixed(1)} s`}</Cell>
              <Cell className="min-w-48">{describeCounts(r.counts)}</Cell>
              <Cell className="min-w-48">{describeJson(r.errors)}</Cell>
            </Row>
          ))}
        </AdminTable>
        {d.webhooks.lastFailures.length > 0 ? (
          <AdminTable caption="Webhook events that failed or are stuck" columns={["Received (UTC)", "Event", "Status", "Error"]}>
            {d.webhooks.lastFailures.map((w) => (
              <Row key={w.id} highlight>
                <RowHeader className="whitespace-nowrap">{formatInstant(w.receivedAt, "UTC")}</RowHeader>
                <Cell>
                  {w.type}
                  <span className="block font-mono text-xs">{w.id}</span>
                </Cell>
                <Cell>{w.status.toLowerCase()}</Cell>
                <Cell>{w.error}</Cell>
              </Row>
            ))}
          </AdminTable>
        ) : null}
        <p className="text-sm">
          <Link href="/admin/payments">Payment attempts, passes and webhooks</Link> · <Link href="/admin/emails?status=FAILED">Failed emails</Link>
        </p>
      </Section>
    </div>
  );
}

function Charts({ d }: { d: Dashboard }) {
  const currencies = [...new Set(d.perDay.map((p) => p.currency))];
  const reasons = d.failureReasons.map((r) => ({ label: r.code.replaceAll("_", " "), value: r.count }));
  const totalFailures = reasons.reduce((s, r) => s + r.value, 0);
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      {currencies.length === 0 ? (
        <figure className="rounded-2xl border border-birch-200 bg-white p-4">
          <figcaption className="font-semibold text-pine-900">Charges and refunds per day</figcaption>
          <div className="mt-2 flex h-56 items-center justify-center text-sm text-pine-600">No money moved in this period.</div>
        </figure>
      ) : null}
      {currencies.map((currency) => {
        const days = d.perDay.filter((p) => p.currency === currency);
        const charged = days.reduce((s, p) => s + p.charged, 0);
        const refunded = days.reduce((s, p) => s + p.refunded, 0);
        const top = days.reduce((best, p) => (p.charged > best.charged ? p : best), days[0]!);
        const fmt = (v: number) => formatMoney(v, currency);
        return (
          <DailyBarChart
            key={currency}
            title={`Charges and refunds per day (${currency})`}
            summary={`Bar chart of charges and refunds per day in ${currency}: ${fmt(charged)} charged and ${fmt(refunded)} refunded over ${days.length} days; the busiest day was ${top.day} with ${fmt(top.charged)}.`}
            days={days.map((p) => p.day)}
            series={[
              { name: "Charged", fill: "fill-pine-600" },
              { name: "Refunded", fill: "fill-ember-500" },
            ]}
            values={days.map((p) => [p.charged, p.refunded])}
            format={fmt}
            dayLabel={shortDay}
          />
        );
      })}
      <CategoryBarChart
        title="Failed payment attempts by reason"
        summary={
          totalFailures === 0
            ? "No failed payment attempts in this period."
            : `Bar chart of ${totalFailures} failed payment attempts by reason: ${reasons.map((r) => `${r.label} ${r.value}`).join(", ")}.`
        }
        rows={reasons}
        unit="Failed attempts"
      />
    </div>
  );
}
