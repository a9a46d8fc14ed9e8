/**
 * Releasing hosts' money: the payout step of the scheduled pass.
 *
 * A destination charge moves the host's share to the host's connected account, which is on
 * manual payouts: the money stays there until we pay it out. Each charged booking gets a
 * BookingPayout row (HELD until its end plus PAYOUT_DELAY_DAYS). When that time has come the
 * pass pays the host's due bookings out in one Stripe Payout per host and currency:
 *
 *   1. enrol: charged bookings without a row get one (one INSERT … SELECT, idempotent);
 *   2. settle: payouts left CREATING by a crashed or timed-out worker are re-sent with the
 *      SAME idempotency key (Stripe answers from its cache: never a second payout);
 *   3. release: for each host with due money, check the account's available balance, then
 *      claim the due rows (`FOR UPDATE SKIP LOCKED`, so overlapping passes never take the
 *      same booking), write the Payout row (CREATING, with a lease) and point the rows at it
 *      in ONE transaction, then ask Stripe for the payout with the key `payout/<row id>`.
 *
 * What a booking contributes is its host share less what was reversed (a refund reverses
 * the transfer in proportion): a fully reversed booking pays nothing (REVERSED). A refund
 * after the payout leaves the host owing money (Stripe's balance goes negative); that debt
 * is taken from the host's next payout (`recoveredAmount`), and a host whose due money does
 * not cover the debt is paid nothing until it does.
 */
import { BOOKING_EVENTS, insertRows } from "@/lib/db/insert-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Ctx } from "@/lib/context";
import { alertOperator } from "@/lib/notifications";
import { describeStripeError, StripeCallFailed } from "@/lib/stripe/errors";
import { DAY_MS, HOLD_WARNING_DAYS, HOUR_MS, HOST_NET_SQL, PAYOUT_CHECK_AFTER_ARRIVAL_MS, PAYOUT_LEASE_MS, refusedPayoutRetryMs, STRIPE_MAX_HOLD_DAYS } from "./policy";
import { syncPayout } from "./state";

/** Hosts released at once: each holds a transaction, so well under any connection pool. */
const RELEASE_CONCURRENCY = 4;
/** A claim waits this long for a connection and may take this long (hundreds of rows). */
const CLAIM_TRANSACTION = { maxWait: 10_000, timeout: 30_000 };

export type ReportError = (id: string, error: unknown) => void;

export interface PayoutCounts {
  /** Charged bookings given a payout row in this pass. */
  enrolled: number;
  /** Bookings paid out in this pass (part of a payout created now). */
  released: number;
  /** Bookings whose host share was fully reversed before release: nothing to pay. */
  reversed: number;
  /** Payouts created at Stripe in this pass (including settled ones left by a crash). */
  payouts: number;
  /** Hosts with due money but not enough available on the account yet (or owing more). */
  waiting: number;
  /** Payouts Stripe refused to create (the bookings stay due). */
  refused: number;
  /** Payouts whose outcome is unknown (Stripe did not answer): settled by the next pass. */
  unknown: number;
  /** Payouts in transit whose status was asked for (a lost webhook). */
  checked: number;
  /** Bookings whose held money nears Stripe's 90-day limit, newly reported to operators. */
  holdWarnings: number;
}

export function emptyPayoutCounts(): PayoutCounts {
  return { enrolled: 0, released: 0, reversed: 0, payouts: 0, waiting: 0, refused: 0, unknown: 0, checked: 0, holdWarnings: 0 };
}

/** Gives every charged booking of a host with a connected account its payout row. */
export async function enrolChargedBookings(ctx: Pick<Ctx, "db" | "clock" | "payoutDelayDays">): Promise<number> {
  const now = ctx.clock.now();
  const delay = Prisma.sql`${ctx.payoutDelayDays * DAY_MS} * interval '1 millisecond'`;
  return ctx.db.$executeRaw`
    INSERT INTO booking_payouts (id, booking_id, host_id, stripe_account_id, currency, status, release_at, charged_at, created_at, updated_at)
    SELECT 'bp_' || replace(gen_random_uuid()::text, '-', ''), b.id, l.provider_id, b.destination_account_id, b.currency,
           'HELD', b.ends_at + ${delay}, coalesce(b.paid_at, ${now}), ${now}, ${now}
    FROM bookings b JOIN listings l ON l.id = b.listing_id
    WHERE b.destination_account_id IS NOT NULL
      AND b.paid_at IS NOT NULL
      AND b.transfer_amount IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM booking_payouts bp WHERE bp.booking_id = b.id)
    ON CONFLICT (booking_id) DO NOTHING`;
}

interface DueHost {
  hostId: string;
  stripeAccountId: string;
  currency: string;
}

/** Hosts (account and currency) with money due for release now. */
async function dueHosts(ctx: Pick<Ctx, "db" | "clock">, limit: number, only?: { bookingId: string }): Promise<DueHost[]> {
  const onlyThis = only ? Prisma.sql`AND booking_id = ${only.bookingId}` : Prisma.empty;
  return ctx.db.$queryRaw<DueHost[]>`
    SELECT DISTINCT host_id AS "hostId", stripe_account_id AS "stripeAccountId", currency
    FROM booking_payouts
    WHERE status IN ('HELD', 'FAILED') AND release_at <= ${ctx.clock.now()} AND held_at IS NULL ${onlyThis}
    LIMIT ${limit}`;
}

/**
 * What the host owes: money reversed from bookings after they were paid out, less what
 * earlier payouts already took back. Zero or more.
 */
export async function outstandingDebt(db: Prisma.TransactionClient | Ctx["db"], host: { hostId: string; currency: string }): Promise<number> {
  const [row] = await db.$queryRaw<{ owed: bigint | null; recovered: bigint | null }[]>`
    SELECT
      (SELECT sum(greatest(bp.amount - ${HOST_NET_SQL}, 0))
         FROM booking_payouts bp JOIN bookings b ON b.id = bp.booking_id
         WHERE bp.host_id = ${host.hostId} AND bp.currency = ${host.currency}
           AND bp.status IN ('RELEASED', 'PAID') AND bp.amount IS NOT NULL) AS owed,
      (SELECT sum(recovered_amount) FROM payouts
         WHERE host_id = ${host.hostId} AND currency = ${host.currency}
           AND status NOT IN ('FAILED', 'CANCELED')) AS recovered`;
  return Math.max(0, Number(row?.owed ?? 0) - Number(row?.recovered ?? 0));
}

interface ClaimedPayout {
  payoutRowId: string;
  amount: number;
  bookings: number;
}

type ClaimOutcome = { kind: "claimed"; payout: ClaimedPayout; reversed: number } | { kind: "nothing"; reversed: number } | { kind: "waiting"; reversed: number };

/**
 * In one transaction: locks the host's due rows (skipping rows another pass holds), marks
 * fully reversed ones REVERSED, and when the rest (less the host's debt) is positive and
 * covered by `available`, writes the CREATING Payout row and points the rows at it.
 */
async function claimHostPayout(
  ctx: Pick<Ctx, "db" | "clock" | "workerId">,
  host: DueHost,
  available: number,
  only?: { bookingId: string },
): Promise<ClaimOutcome> {
  const now = ctx.clock.now();
  const onlyThis = only ? Prisma.sql`AND bp.booking_id = ${only.bookingId}` : Prisma.empty;
  return ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; bookingId: string; net: number }[]>`
      SELECT bp.id, bp.booking_id AS "bookingId", ${HOST_NET_SQL}::int AS net
      FROM booking_payouts bp JOIN bookings b ON b.id = bp.booking_id
      WHERE bp.host_id = ${host.hostId} AND bp.stripe_account_id = ${host.stripeAccountId} AND bp.currency = ${host.currency}
        AND bp.status IN ('HELD', 'FAILED') AND bp.release_at <= ${now} AND bp.held_at IS NULL ${onlyThis}
      ORDER BY bp.release_at
      LIMIT 500
      FOR UPDATE OF bp SKIP LOCKED`;
    const reversed = rows.filter((r) => r.net <= 0);
    const paying = rows.filter((r) => r.net > 0);
    if (reversed.length > 0) {
      await tx.bookingPayout.updateMany({ where: { id: { in: reversed.map((r) => r.id) } }, data: { status: "REVERSED", amount: 0, releasedAt: now } });
      await insertRows(tx, BOOKING_EVENTS, reversed.map((r) => ({ bookingId: r.bookingId, at: now, actorType: "SYSTEM" as const, type: "payout_reversed", reason: "The host's share was refunded in full: nothing to pay out." })));
    }
    if (paying.length === 0) return { kind: "nothing", reversed: reversed.length };

    const total = paying.reduce((sum, r) => sum + r.net, 0);
    const debt = await outstandingDebt(tx, host);
    const recovered = Math.min(debt, total);
    const amount = total - recovered;
    if (amount <= 0 || amount > available) return { kind: "waiting", reversed: reversed.length };

    const payout = await tx.payout.create({
      data: {
        hostId: host.hostId,
        stripeAccountId: host.stripeAccountId,
        currency: host.currency,
        amount,
        recoveredAmount: recovered,
        status: "CREATING",
        claimedBy: ctx.workerId,
        claimExpiresAt: new Date(now.getTime() + PAYOUT_LEASE_MS),
        createdAt: now,
      },
      select: { id: true },
    });
    // One statement for all the host's rows (a host may have hundreds due at once).
    await tx.$executeRaw`
      UPDATE booking_payouts AS bp
      SET status = 'RELEASED', amount = v.net, payout_id = ${payout.id}, released_at = ${now}, updated_at = ${now}
      FROM unnest(${paying.map((r) => r.id)}::text[], ${paying.map((r) => r.net)}::int[]) AS v(id, net)
      WHERE bp.id = v.id`;
    await insertRows(
      tx,
      BOOKING_EVENTS,
      paying.map((r) => ({
        bookingId: r.bookingId,
        at: now,
        actorType: "SYSTEM" as const,
        type: "payout_released",
        reason: "The host's money is on its way to their bank.",
        data: { payoutRow: payout.id, amount: r.net, currency: host.currency, recoveredFromPayout: recovered } as Prisma.InputJsonValue,
      })),
    );
    return { kind: "claimed", payout: { payoutRowId: payout.id, amount, bookings: paying.length }, reversed: reversed.length };
  }, CLAIM_TRANSACTION);
}

/** Available money on the account in this currency (minor units; negative when it owes). */
async function availableBalance(ctx: Ctx, host: DueHost): Promise<number> {
  const balance = await ctx.stripe.retrieveBalance(host.stripeAccountId);
  const currency = host.currency.toLowerCase();
  return balance.available.filter((b) => b.currency === currency).reduce((sum, b) => sum + b.amount, 0);
}

type SendResult = "created" | "refused" | "unknown";

/**
 * Asks Stripe for the payout of a CREATING row (first time, or a re-send after a crash:
 * the same key, so Stripe never makes two). A refusal (no funds, no usable bank account)
 * cancels the row and puts its bookings back as due; an unknown outcome ends the lease so
 * the next pass re-sends at once.
 */
async function sendPayout(ctx: Ctx, payoutRowId: string): Promise<SendResult> {
  const row = await ctx.db.payout.findUniqueOrThrow({ where: { id: payoutRowId } });
  let payout;
  try {
    payout = await ctx.stripe.createPayout({
      accountId: row.stripeAccountId,
      payoutRowId: row.id,
      amount: row.amount,
      currency: row.currency,
      hostId: row.hostId,
    });
  } catch (error) {
    const failure = error instanceof StripeCallFailed ? error.failure : describeStripeError(error);
    if (failure.kind === "transient") {
      await ctx.db.payout.updateMany({ where: { id: row.id, status: "CREATING" }, data: { claimExpiresAt: ctx.clock.now() } });
      return "unknown";
    }
    await refusePayout(ctx, row.id, failure.code ?? failure.kind, failure.message);
    return "refused";
  }
  await syncPayout(ctx, payout, row.stripeAccountId);
  return "created";
}

/**
 * Stripe refused to create the payout: the row is CANCELED and its bookings are due again
 * after a delay that grows with the host's refusals in a row (`refusedPayoutRetryMs`), so a
 * host whose account cannot be paid is not asked about on every pass.
 */
async function refusePayout(ctx: Pick<Ctx, "db" | "clock">, payoutRowId: string, code: string, message: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const [payout] = await tx.payout.updateManyAndReturn({
      where: { id: payoutRowId, status: "CREATING" },
      data: { status: "CANCELED", failureCode: code.slice(0, 100), failureMessage: message.slice(0, 500), failedAt: now, claimedBy: null, claimExpiresAt: null },
      select: { hostId: true, stripeAccountId: true, currency: true },
    });
    if (!payout) return;
    const retryMs = refusedPayoutRetryMs(await refusalsInARow(tx, payout));
    const retryAt = new Date(now.getTime() + retryMs);
    const hours = Math.round(retryMs / HOUR_MS);
    const rows = await tx.bookingPayout.findMany({ where: { payoutId: payoutRowId, status: "RELEASED" }, select: { bookingId: true } });
    await tx.bookingPayout.updateMany({ where: { payoutId: payoutRowId, status: "RELEASED" }, data: { status: "HELD", amount: null, payoutId: null, releasedAt: null, releaseAt: retryAt } });
    await insertRows(
      tx,
      BOOKING_EVENTS,
      rows.map((r) => ({
        bookingId: r.bookingId,
        at: now,
        actorType: "SYSTEM" as const,
        type: "payout_refused",
        reason: `${`Stripe refused the payout: ${message}`.slice(0, 440)} It is tried again in ${hours === 1 ? "an hour" : `${hours} hours`}.`,
      })),
    );
  });
}

/** The host's payouts Stripe refused since the last one it made (this one included). */
async function refusalsInARow(tx: Prisma.TransactionClient, payout: { hostId: string; stripeAccountId: string; currency: string }): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM payouts p
    WHERE p.host_id = ${payout.hostId} AND p.stripe_account_id = ${payout.stripeAccountId} AND p.currency = ${payout.currency}
      AND p.status = 'CANCELED'
      AND p.created_at > coalesce((
        SELECT max(q.created_at) FROM payouts q
        WHERE q.host_id = ${payout.hostId} AND q.stripe_account_id = ${payout.stripeAccountId} AND q.currency = ${payout.currency}
          AND q.status NOT IN ('CANCELED', 'CREATING')), '-infinity'::timestamptz)`;
  return Number(row?.n ?? 1);
}

/** CREATING payouts whose lease ran out: taken over (compare-and-set) and re-sent with their key. */
async function settleAbandonedPayouts(ctx: Ctx, counts: PayoutCounts, report?: ReportError, stopAt = Infinity): Promise<void> {
  const now = ctx.clock.now();
  const stale = await ctx.db.payout.findMany({
    where: { status: "CREATING", OR: [{ claimExpiresAt: null }, { claimExpiresAt: { lte: now } }] },
    select: { id: true, claimExpiresAt: true },
    take: 100,
  });
  for (const p of stale) {
    if (Date.now() >= stopAt) break;
    const { count } = await ctx.db.payout.updateMany({
      where: { id: p.id, status: "CREATING", claimExpiresAt: p.claimExpiresAt },
      data: { claimedBy: ctx.workerId, claimExpiresAt: new Date(now.getTime() + PAYOUT_LEASE_MS) },
    });
    if (count !== 1) continue;
    try {
      const result = await sendPayout(ctx, p.id);
      tally(counts, result);
    } catch (error) {
      report?.(p.id, error);
    }
  }
}

function tally(counts: PayoutCounts, result: SendResult): void {
  if (result === "created") counts.payouts++;
  else if (result === "refused") counts.refused++;
  else counts.unknown++;
}

/** Releases one host's due money (the pass, or an operator's "release now" for one booking). */
async function releaseHost(ctx: Ctx, host: DueHost, counts: PayoutCounts, only?: { bookingId: string }): Promise<void> {
  const available = await availableBalance(ctx, host);
  const claim = await claimHostPayout(ctx, host, available, only);
  counts.reversed += claim.reversed;
  if (claim.kind === "waiting") counts.waiting++;
  if (claim.kind !== "claimed") return;
  counts.released += claim.payout.bookings;
  tally(counts, await sendPayout(ctx, claim.payout.payoutRowId));
}

/** Payouts in transit well past their arrival date: asked about (their webhook may be lost). */
async function checkOverduePayouts(ctx: Ctx, counts: PayoutCounts, report?: ReportError, stopAt = Infinity): Promise<void> {
  const before = new Date(ctx.clock.now().getTime() - PAYOUT_CHECK_AFTER_ARRIVAL_MS);
  const overdue = await ctx.db.payout.findMany({
    where: { status: { in: ["PENDING", "IN_TRANSIT"] }, stripePayoutId: { not: null }, arrivalDate: { lte: before } },
    select: { id: true, stripeAccountId: true, stripePayoutId: true },
    take: 100,
  });
  for (const p of overdue) {
    if (Date.now() >= stopAt || !p.stripePayoutId) break;
    try {
      await syncPayout(ctx, await ctx.stripe.retrievePayout(p.stripeAccountId, p.stripePayoutId), p.stripeAccountId);
      counts.checked++;
    } catch (error) {
      report?.(p.id, error);
    }
  }
}

/**
 * Money held on a host's account for HOLD_WARNING_DAYS (an operator's hold, payouts failing
 * again and again): operators are emailed once per booking, a month before Stripe's limit.
 */
export async function warnLongHolds(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const warnBefore = new Date(now.getTime() - HOLD_WARNING_DAYS * DAY_MS);
  const rows = await ctx.db.bookingPayout.findMany({
    where: { status: { in: ["HELD", "FAILED"] }, chargedAt: { lte: warnBefore }, holdWarnedAt: null },
    select: { id: true, bookingId: true, chargedAt: true, heldReason: true },
    take: 200,
  });
  if (rows.length === 0) return 0;
  const { count } = await ctx.db.bookingPayout.updateMany({ where: { id: { in: rows.map((r) => r.id) }, holdWarnedAt: null }, data: { holdWarnedAt: now } });
  if (count === 0) return 0;
  await alertOperator(ctx, {
    subject: `Hosts' money held for ${HOLD_WARNING_DAYS} days: release it before Stripe's ${STRIPE_MAX_HOLD_DAYS}-day limit`,
    details: [
      "Stripe holds funds on a connected account for at most 90 days. Release (or refund) these bookings' money on /admin/payouts before the date shown:",
      ...rows.map((r) => {
        const limit = new Date(r.chargedAt.getTime() + STRIPE_MAX_HOLD_DAYS * DAY_MS).toISOString().slice(0, 10);
        return `Booking ${r.bookingId}: limit ${limit}${r.heldReason ? ` (on hold: ${r.heldReason})` : ""}`;
      }),
    ],
  });
  return count;
}

/** The payout step of the scheduled pass. */
export async function releaseDuePayouts(ctx: Ctx, options: { stopAt?: number; report?: ReportError; maxHosts?: number } = {}): Promise<PayoutCounts> {
  const counts = emptyPayoutCounts();
  const stopAt = options.stopAt ?? Infinity;
  counts.enrolled = await enrolChargedBookings(ctx);
  await settleAbandonedPayouts(ctx, counts, options.report, stopAt);

  const hosts = await dueHosts(ctx, options.maxHosts ?? 10_000);
  const concurrency = Math.max(1, Math.min(ctx.stripe.gate.concurrency, RELEASE_CONCURRENCY));
  let next = 0;
  const worker = async () => {
    while (next < hosts.length && Date.now() < stopAt) {
      const host = hosts[next++];
      if (!host) break;
      try {
        await releaseHost(ctx, host, counts);
      } catch (error) {
        options.report?.(`${host.hostId}/${host.currency}`, error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await checkOverduePayouts(ctx, counts, options.report, stopAt);
  counts.holdWarnings = await warnLongHolds(ctx);
  return counts;
}

/**
 * Pays out one booking's money now (an operator's early release: its releaseAt is already
 * brought forward). Other due money of the same host waits for the pass.
 */
export async function releaseBookingNow(ctx: Ctx, bookingId: string): Promise<PayoutCounts> {
  const counts = emptyPayoutCounts();
  const [host] = await dueHosts(ctx, 1, { bookingId });
  if (host) await releaseHost(ctx, host, counts, { bookingId });
  return counts;
}
