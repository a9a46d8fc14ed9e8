/**
 * The operators' dashboard: money, bookings, payment health and the platform's own health
 * for a period. Every figure is one aggregate query in SQL (a fixed number of queries
 * whatever the number of bookings), over indexed columns (the admin_search migration).
 * Amounts are integer minor units, always per currency: nothing sums two currencies.
 * Days are calendar days of the marketplace's zone (Europe/Helsinki).
 */
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BookingStatus, CronRunStatus, WebhookEventStatus } from "@/lib/generated/prisma/enums";
import { awaitsCustomer, isClaimable, isPaid, statusesWhere } from "@/lib/bookings/lifecycle";
import { addDays, DEFAULT_TIME_ZONE, todayIn, zonedTimeToUtc, type LocalDate } from "@/lib/time";
import type { DashboardPeriodInput } from "./schemas";

const HOUR = 3_600_000;
/** An email still pending after this long (with SMTP configured) counts as not sent. */
export const EMAIL_PENDING_GRACE_MS = 10 * 60_000;
/** A webhook event still processing after this long counts as stuck. */
export const WEBHOOK_STUCK_MS = 5 * 60_000;
/** The webhook lag is measured over the period's latest deliveries, at most this many. */
export const WEBHOOK_LAG_SAMPLE = 1000;

export interface Period {
  from: Date;
  to: Date;
  /** The local calendar days the period covers, oldest first (the charts' x axis). */
  days: LocalDate[];
  label: string;
}

export function resolvePeriod(input: DashboardPeriodInput, now: Date, timeZone = DEFAULT_TIME_ZONE): Period {
  if ("days" in input) {
    const today = todayIn(timeZone, now);
    const days = Array.from({ length: input.days }, (_, i) => addDays(today, i - input.days + 1));
    return { from: new Date(now.getTime() - input.days * 24 * HOUR), to: now, days, label: `the last ${input.days} days` };
  }
  const days: LocalDate[] = [];
  for (let d = input.from; d <= input.to; d = addDays(d, 1)) days.push(d);
  return {
    from: zonedTimeToUtc(input.from, 0, timeZone),
    to: zonedTimeToUtc(addDays(input.to, 1), 0, timeZone),
    days,
    label: `${input.from} to ${input.to}`,
  };
}

/** `status IN (…)` for a set of statuses from the lifecycle. */
function statusIn(statuses: readonly BookingStatus[], column = "status"): Prisma.Sql {
  if (statuses.length === 0) return Prisma.sql`FALSE`;
  return Prisma.sql`${Prisma.raw(column)} IN (${Prisma.join(statuses.map((s) => Prisma.sql`${s}::"BookingStatus"`))})`;
}

const PAID = statusesWhere(isPaid);
const AWAITING_CUSTOMER = statusesWhere(awaitsCustomer);
/** Due at charge_at (accepted, not failed yet) / at next_attempt_at (an automatic retry after a failure). */
const DUE_FIRST = statusesWhere((s) => isClaimable(s) && !awaitsCustomer(s));
const DUE_RETRY = statusesWhere((s) => isClaimable(s) && awaitsCustomer(s));

export interface CurrencyAmount {
  currency: string;
  count: number;
  amount: number;
}

const num = (v: bigint | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

export interface Dashboard {
  period: Period;
  charged: CurrencyAmount[];
  refunded: CurrencyAmount[];
  fees: CurrencyAmount[];
  atRisk: CurrencyAmount[];
  atRiskNearest: {
    id: string;
    payBy: Date | null;
    amount: number;
    currency: string;
    reason: string | null;
    listingTitle: string;
    timeZone: string;
    customerEmail: string;
  }[];
  byStatus: { status: BookingStatus; count: number }[];
  offSession: { attempts: number; succeeded: number; failed: number; other: number; successRate: number | null };
  failureReasons: { code: string; count: number }[];
  recovery: { failed: number; payNow: number; retry: number; waiting: number; medianPayNowSeconds: number | null };
  due: { currency: string; count24h: number; amount24h: number; count7d: number; amount7d: number }[];
  perDay: { day: LocalDate; currency: string; charged: number; refunded: number }[];
  cron: {
    recent: { id: string; job: string; status: CronRunStatus; startedAt: Date; durationMs: number | null; counts: Prisma.JsonValue; errors: Prisma.JsonValue }[];
    runs: number;
    failedRuns: number;
  };
  webhooks: { received: number; failed: number; stuck: number; lagP50Seconds: number | null; lagP95Seconds: number | null; lagMaxSeconds: number | null; lastFailures: { id: string; type: string; error: string | null; receivedAt: Date; status: WebhookEventStatus }[] };
  emails: { failed: number; pending: number; smtpConfigured: boolean };
}

export async function loadDashboard(
  db: Db,
  input: DashboardPeriodInput,
  { now, smtpConfigured, timeZone = DEFAULT_TIME_ZONE }: { now: Date; smtpConfigured: boolean; timeZone?: string },
): Promise<Dashboard> {
  const period = resolvePeriod(input, now, timeZone);
  const { from, to } = period;
  const in24h = new Date(now.getTime() + 24 * HOUR);
  const in7d = new Date(now.getTime() + 7 * 24 * HOUR);

  const [paid, refunds, risk, nearest, byStatus, offSession, reasons, recovery, due, chargedPerDay, refundedPerDay, cronRecent, cronCounts, webhooks, webhookLag, webhookFailures, emails] =
    await Promise.all([
      db.$queryRaw<{ currency: string; n: number; charged: bigint; fees: bigint }[]>`
        SELECT currency, count(*)::int AS n, sum(total_amount)::bigint AS charged, sum(fee_amount)::bigint AS fees
        FROM bookings WHERE paid_at >= ${from} AND paid_at < ${to} AND ${statusIn(PAID)}
        GROUP BY currency ORDER BY currency`,
      db.$queryRaw<{ currency: string; n: number; amount: bigint }[]>`
        SELECT currency, count(*)::int AS n, sum(amount)::bigint AS amount
        FROM refunds WHERE created_at >= ${from} AND created_at < ${to} AND status IN ('SUCCEEDED', 'PENDING')
        GROUP BY currency ORDER BY currency`,
      db.$queryRaw<{ currency: string; n: number; amount: bigint }[]>`
        SELECT currency, count(*)::int AS n, sum(total_amount)::bigint AS amount
        FROM bookings WHERE ${statusIn(AWAITING_CUSTOMER)} GROUP BY currency ORDER BY currency`,
      db.$queryRaw<Dashboard["atRiskNearest"]>`
        SELECT b.id, b.pay_by AS "payBy", b.total_amount AS amount, b.currency,
               coalesce(b.last_decline_code, b.last_failure_code) AS reason,
               l.title AS "listingTitle", l.time_zone AS "timeZone", c.email AS "customerEmail"
        FROM bookings b JOIN listings l ON l.id = b.listing_id JOIN users c ON c.id = b.customer_id
        WHERE ${statusIn(AWAITING_CUSTOMER, "b.status")}
        ORDER BY b.pay_by ASC NULLS LAST, b.id LIMIT 8`,
      db.$queryRaw<{ status: BookingStatus; n: number }[]>`
        SELECT status, count(*)::int AS n FROM bookings WHERE created_at >= ${from} AND created_at < ${to}
        GROUP BY status ORDER BY status`,
      db.$queryRaw<{ attempts: number; succeeded: number; failed: number }[]>`
        SELECT count(*)::int AS attempts,
               count(*) FILTER (WHERE outcome = 'SUCCEEDED')::int AS succeeded,
               count(*) FILTER (WHERE outcome IN ('DECLINED', 'REQUIRES_ACTION'))::int AS failed
        FROM payment_attempts WHERE kind = 'OFF_SESSION' AND started_at >= ${from} AND started_at < ${to}`,
      db.$queryRaw<{ code: string; n: number }[]>`
        SELECT coalesce(decline_code, error_code, lower(outcome::text)) AS code, count(*)::int AS n
        FROM payment_attempts
        WHERE started_at >= ${from} AND started_at < ${to} AND outcome IN ('DECLINED', 'REQUIRES_ACTION')
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 12`,
      // Bookings whose first failed charge falls in the period, and what became of them.
      db.$queryRaw<{ failed: number; pay_now: number; retry: number; waiting: number; median: number | null }[]>`
        WITH failed AS (
          SELECT booking_id, min(started_at) AS first_failure
          FROM payment_attempts f
          WHERE outcome IN ('DECLINED', 'REQUIRES_ACTION') AND started_at >= ${from} AND started_at < ${to}
            AND NOT EXISTS (SELECT 1 FROM payment_attempts e
                            WHERE e.booking_id = f.booking_id AND e.started_at < ${from} AND e.outcome IN ('DECLINED', 'REQUIRES_ACTION'))
          GROUP BY booking_id
        ), story AS MATERIALIZED (
          SELECT f.first_failure, b.paid_at, ${statusIn(AWAITING_CUSTOMER, "b.status")} AS waiting,
                 EXISTS (SELECT 1 FROM payment_attempts a
                         WHERE a.booking_id = f.booking_id AND a.kind = 'ON_SESSION' AND a.outcome = 'SUCCEEDED'
                           AND a.started_at > f.first_failure) AS on_session
          FROM failed f JOIN bookings b ON b.id = f.booking_id
        )
        SELECT count(*)::int AS failed,
               count(*) FILTER (WHERE paid_at IS NOT NULL AND on_session)::int AS pay_now,
               count(*) FILTER (WHERE paid_at IS NOT NULL AND NOT on_session)::int AS retry,
               count(*) FILTER (WHERE waiting)::int AS waiting,
               (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM paid_at - first_failure))
                  FILTER (WHERE paid_at IS NOT NULL AND on_session))::float8 AS median
        FROM story`,
      db.$queryRaw<{ currency: string; n24: number; a24: bigint; n7: number; a7: bigint }[]>`
        SELECT currency,
               count(*) FILTER (WHERE due_at < ${in24h})::int AS n24,
               coalesce(sum(total_amount) FILTER (WHERE due_at < ${in24h}), 0)::bigint AS a24,
               count(*)::int AS n7, sum(total_amount)::bigint AS a7
        FROM (
          SELECT currency, total_amount, charge_at AS due_at FROM bookings WHERE ${statusIn(DUE_FIRST)} AND charge_at < ${in7d}
          UNION ALL
          SELECT currency, total_amount, next_attempt_at FROM bookings WHERE ${statusIn(DUE_RETRY)} AND next_attempt_at < ${in7d}
        ) due
        GROUP BY currency ORDER BY currency`,
      db.$queryRaw<{ day: string; currency: string; amount: bigint }[]>`
        SELECT to_char(paid_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, currency, sum(total_amount)::bigint AS amount
        FROM bookings WHERE paid_at >= ${from} AND paid_at < ${to} AND ${statusIn(PAID)}
        GROUP BY 1, 2`,
      db.$queryRaw<{ day: string; currency: string; amount: bigint }[]>`
        SELECT to_char(created_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, currency, sum(amount)::bigint AS amount
        FROM refunds WHERE created_at >= ${from} AND created_at < ${to} AND status IN ('SUCCEEDED', 'PENDING')
        GROUP BY 1, 2`,
      db.cronRun.findMany({
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        take: 5,
        select: { id: true, job: true, status: true, startedAt: true, finishedAt: true, counts: true, errors: true },
      }),
      db.$queryRaw<{ runs: number; failed: number }[]>`
        SELECT count(*)::int AS runs, count(*) FILTER (WHERE status = 'FAILED')::int AS failed
        FROM cron_runs WHERE started_at >= ${from} AND started_at < ${to}`,
      db.$queryRaw<{ received: number; failed: number; stuck: number }[]>`
        SELECT count(*)::int AS received,
               count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
               count(*) FILTER (WHERE status = 'PROCESSING' AND received_at < ${new Date(now.getTime() - WEBHOOK_STUCK_MS)})::int AS stuck
        FROM webhook_events WHERE received_at >= ${from} AND received_at < ${to}`,
      // Lag over the period's latest deliveries (reading each payload is the costly part).
      db.$queryRaw<{ p50: number | null; p95: number | null; max: number | null }[]>`
        SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY lag))::float8 AS p50,
               (percentile_cont(0.95) WITHIN GROUP (ORDER BY lag))::float8 AS p95,
               max(lag)::float8 AS max
        FROM (
          SELECT CASE WHEN jsonb_typeof(payload -> 'created') = 'number'
                      THEN extract(epoch FROM received_at) - (payload ->> 'created')::float8 END AS lag
          FROM webhook_events WHERE received_at >= ${from} AND received_at < ${to}
          ORDER BY received_at DESC LIMIT ${WEBHOOK_LAG_SAMPLE}
        ) w`,
      db.webhookEvent.findMany({
        where: { receivedAt: { gte: from, lt: to }, OR: [{ status: "FAILED" }, { status: "PROCESSING", receivedAt: { lt: new Date(now.getTime() - WEBHOOK_STUCK_MS) } }] },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        take: 5,
        select: { id: true, type: true, error: true, receivedAt: true, status: true },
      }),
      db.$queryRaw<{ failed: number; pending: number }[]>`
        SELECT count(*) FILTER (WHERE status = 'FAILED' AND created_at >= ${from} AND created_at < ${to})::int AS failed,
               count(*) FILTER (WHERE status = 'PENDING' AND created_at < ${new Date(now.getTime() - EMAIL_PENDING_GRACE_MS)})::int AS pending
        FROM outbox_emails WHERE status IN ('FAILED', 'PENDING')`,
    ]);

  const perDay = new Map<string, Dashboard["perDay"][number]>();
  const dayOf = (day: string, currency: string) => {
    const key = `${day}|${currency}`;
    let entry = perDay.get(key);
    if (!entry) perDay.set(key, (entry = { day, currency, charged: 0, refunded: 0 }));
    return entry;
  };
  const currencies = new Set([...chargedPerDay, ...refundedPerDay].map((r) => r.currency));
  for (const currency of currencies) for (const day of period.days) dayOf(day, currency);
  for (const r of chargedPerDay) dayOf(r.day, r.currency).charged = num(r.amount);
  for (const r of refundedPerDay) dayOf(r.day, r.currency).refunded = num(r.amount);

  const off = offSession[0] ?? { attempts: 0, succeeded: 0, failed: 0 };
  const decided = off.succeeded + off.failed;
  const rec = recovery[0] ?? { failed: 0, pay_now: 0, retry: 0, waiting: 0, median: null };
  const hooks = webhooks[0] ?? { received: 0, failed: 0, stuck: 0 };
  const lag = webhookLag[0] ?? { p50: null, p95: null, max: null };
  const mail = emails[0] ?? { failed: 0, pending: 0 };

  return {
    period,
    charged: paid.map((r) => ({ currency: r.currency, count: r.n, amount: num(r.charged) })),
    fees: paid.map((r) => ({ currency: r.currency, count: r.n, amount: num(r.fees) })),
    refunded: refunds.map((r) => ({ currency: r.currency, count: r.n, amount: num(r.amount) })),
    atRisk: risk.map((r) => ({ currency: r.currency, count: r.n, amount: num(r.amount) })),
    atRiskNearest: nearest,
    byStatus: byStatus.map((r) => ({ status: r.status, count: r.n })),
    offSession: {
      attempts: off.attempts,
      succeeded: off.succeeded,
      failed: off.failed,
      other: off.attempts - decided,
      successRate: decided > 0 ? off.succeeded / decided : null,
    },
    failureReasons: reasons.map((r) => ({ code: r.code, count: r.n })),
    recovery: { failed: rec.failed, payNow: rec.pay_now, retry: rec.retry, waiting: rec.waiting, medianPayNowSeconds: rec.median },
    due: due.map((r) => ({ currency: r.currency, count24h: r.n24, amount24h: num(r.a24), count7d: r.n7, amount7d: num(r.a7) })),
    perDay: [...perDay.values()].filter((d) => period.days.includes(d.day)).sort((a, b) => a.currency.localeCompare(b.currency) || a.day.localeCompare(b.day)),
    cron: {
      recent: cronRecent.map((r) => ({
        id: r.id,
        job: r.job,
        status: r.status,
        startedAt: r.startedAt,
        durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
        counts: r.counts,
        errors: r.errors,
      })),
      runs: cronCounts[0]?.runs ?? 0,
      failedRuns: cronCounts[0]?.failed ?? 0,
    },
    webhooks: {
      received: hooks.received,
      failed: hooks.failed,
      stuck: hooks.stuck,
      lagP50Seconds: lag.p50,
      lagP95Seconds: lag.p95,
      lagMaxSeconds: lag.max,
      lastFailures: webhookFailures,
    },
    emails: { failed: mail.failed, pending: smtpConfigured ? mail.pending : 0, smtpConfigured },
  };
}
