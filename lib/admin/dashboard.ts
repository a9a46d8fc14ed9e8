/**
 * The operators' dashboard: money, bookings, payment health and the platform's own health
 * for a period. Every figure is one aggregate query in SQL (a fixed number of queries
 * whatever the number of bookings), read from indexes alone where it can be (the admin_search
 * and admin_dashboard_and_search_indexes migrations).
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

/**
 * The period's local days as rows `d` (`day` as YYYY-MM-DD; `starts`–`ends`, its bounds clipped
 * to the period, so together exactly the period), worked out by PostgreSQL from its own
 * time-zone data. A per-day sum reads each day's rows as one index range (LATERAL) instead of
 * converting every row's instant to a local date, which was most of those sums' time.
 */
function localDaysSql({ from, to }: Period, timeZone: string): Prisma.Sql {
  return Prisma.sql`(
    SELECT to_char(day, 'YYYY-MM-DD') AS day,
           greatest(day AT TIME ZONE ${timeZone}, ${from}::timestamptz) AS starts,
           least((day + interval '1 day') AT TIME ZONE ${timeZone}, ${to}::timestamptz) AS ends
    FROM generate_series((${from}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp,
                         (${to}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp, interval '1 day') AS day
  ) d`;
}

/** A sum of one local day in one currency. */
interface DaySum {
  day: string;
  currency: string;
  n: number;
  amount: bigint;
  fees?: bigint;
}

/** The days' sums added up per currency (the period's totals), in currency order: codes are capital letters, so the database's order too. */
function perCurrency(days: DaySum[]): { currency: string; n: number; amount: bigint; fees: bigint }[] {
  const totals = new Map<string, { currency: string; n: number; amount: bigint; fees: bigint }>();
  for (const d of days) {
    const total = totals.get(d.currency) ?? { currency: d.currency, n: 0, amount: 0n, fees: 0n };
    total.n += d.n;
    total.amount += BigInt(d.amount);
    total.fees += BigInt(d.fees ?? 0);
    totals.set(d.currency, total);
  }
  return [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
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

  const [chargedPerDay, refundedPerDay, risk, nearest, byStatus, offSession, reasons, recovery, due, cronRecent, cronCounts, webhooks, webhookLag, webhookFailures, emails] =
    await Promise.all([
      // Charged and fees per local day and currency (the period's totals are their sums).
      db.$queryRaw<DaySum[]>`
        SELECT d.day, x.currency, x.n, x.amount, x.fees
        FROM ${localDaysSql(period, timeZone)} CROSS JOIN LATERAL (
          SELECT currency, count(*)::int AS n, sum(total_amount)::bigint AS amount, sum(fee_amount)::bigint AS fees
          FROM bookings WHERE paid_at >= d.starts AND paid_at < d.ends AND ${statusIn(PAID)}
          GROUP BY currency) x`,
      db.$queryRaw<DaySum[]>`
        SELECT d.day, x.currency, x.n, x.amount
        FROM ${localDaysSql(period, timeZone)} CROSS JOIN LATERAL (
          SELECT currency, count(*)::int AS n, sum(amount)::bigint AS amount
          FROM refunds WHERE created_at >= d.starts AND created_at < d.ends AND status IN ('SUCCEEDED', 'PENDING')
          GROUP BY currency) x`,
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
      // Bookings whose first failed charge falls in the period, and what became of them. Each
      // part comes from an index alone (the failed and pay-now attempts by outcome with their
      // booking; the paid bookings by paid_at with their id; those awaiting the customer by
      // status) rather than from every booking's row and a look-up of attempts per failed booking.
      db.$queryRaw<{ failed: number; pay_now: number; retry: number; waiting: number; median: number | null }[]>`
        WITH failed AS (
          SELECT booking_id, min(started_at) AS first_failure
          FROM payment_attempts f
          WHERE outcome IN ('DECLINED', 'REQUIRES_ACTION') AND started_at >= ${from} AND started_at < ${to}
            AND NOT EXISTS (SELECT 1 FROM payment_attempts e
                            WHERE e.booking_id = f.booking_id AND e.started_at < ${from} AND e.outcome IN ('DECLINED', 'REQUIRES_ACTION'))
          GROUP BY booking_id
        ), paid_on_session AS (
          -- A booking's latest payment on the pay-now page (only one after the period's start
          -- can come after a failure in it).
          SELECT booking_id, max(started_at) AS last_paid
          FROM payment_attempts
          WHERE kind = 'ON_SESSION' AND outcome = 'SUCCEEDED' AND started_at > ${from}
          GROUP BY booking_id
        ), paid AS (
          SELECT id, paid_at FROM bookings WHERE paid_at IS NOT NULL
        ), waiting AS (
          SELECT id FROM bookings WHERE ${statusIn(AWAITING_CUSTOMER)}
        ), story AS (
          SELECT f.first_failure, paid.paid_at, waiting.id IS NOT NULL AS waiting,
                 coalesce(p.last_paid > f.first_failure, false) AS on_session
          FROM failed f
          LEFT JOIN paid ON paid.id = f.booking_id
          LEFT JOIN waiting ON waiting.id = f.booking_id
          LEFT JOIN paid_on_session p ON p.booking_id = f.booking_id
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
  const paid = perCurrency(chargedPerDay);
  const refunds = perCurrency(refundedPerDay);

  const off = offSession[0] ?? { attempts: 0, succeeded: 0, failed: 0 };
  const decided = off.succeeded + off.failed;
  const rec = recovery[0] ?? { failed: 0, pay_now: 0, retry: 0, waiting: 0, median: null };
  const hooks = webhooks[0] ?? { received: 0, failed: 0, stuck: 0 };
  const lag = webhookLag[0] ?? { p50: null, p95: null, max: null };
  const mail = emails[0] ?? { failed: 0, pending: 0 };

  return {
    period,
    charged: paid.map((r) => ({ currency: r.currency, count: r.n, amount: num(r.amount) })),
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
