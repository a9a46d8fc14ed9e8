/**
 * The operators' payouts view: money held per host (held, due for release, on hold,
 * released, failed), each booking whose money is still waiting (with the hold or release
 * controls), failed payouts, money held close to Stripe's 90-day limit, and hosts whose
 * onboarding is incomplete or restricted. Operators only.
 */
import type { Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { NotAllowed } from "@/lib/errors";
import type { BookingPayoutStatus, PayoutStatus } from "@/lib/generated/prisma/enums";
import { payoutFailureAdvice } from "./advice";
import { HOLD_WARNING_DAYS, holdLimit, HOST_NET_SQL, hostNet } from "./policy";

export interface HostTotals {
  hostId: string;
  hostName: string;
  hostEmail: string;
  currency: string;
  /** Waiting for the release date. */
  held: number;
  /** Release date passed: the next pass pays it (or it waits for funds). */
  due: number;
  /** Held by an operator. */
  onHold: number;
  /** Paid out or on its way. */
  released: number;
  /** In a payout that failed (tried again later). */
  failed: number;
}

export interface WaitingBooking {
  bookingId: string;
  hostName: string;
  listingTitle: string;
  timeZone: string;
  endsAt: Date;
  currency: string;
  amount: number;
  status: BookingPayoutStatus;
  releaseAt: Date;
  chargedAt: Date;
  heldAt: Date | null;
  heldReason: string | null;
  /** Stripe's holding limit for this money and whether it is close. */
  holdLimit: Date;
  nearLimit: boolean;
}

export interface FailedPayout {
  id: string;
  stripePayoutId: string | null;
  hostName: string;
  hostEmail: string;
  amount: number;
  currency: string;
  status: PayoutStatus;
  failureCode: string | null;
  failureMessage: string | null;
  advice: string;
  failedAt: Date | null;
  bookings: number;
}

export interface HostOnboarding {
  hostId: string;
  hostName: string;
  hostEmail: string;
  state: "no_account" | "details_needed" | "pending_verification" | "restricted";
  detail: string;
}

export interface OperatorPayoutsView {
  hosts: HostTotals[];
  waiting: WaitingBooking[];
  failed: FailedPayout[];
  nearLimit: number;
  onboarding: HostOnboarding[];
  warningDays: number;
}

export async function operatorPayouts(ctx: Pick<Ctx, "db" | "clock">, user: Actor): Promise<OperatorPayoutsView> {
  if (user.role !== "OPERATOR") throw new NotAllowed("Only operators can see payouts.");
  const now = ctx.clock.now();

  const totals = await ctx.db.$queryRaw<
    { hostId: string; hostName: string; hostEmail: string; currency: string; held: bigint; due: bigint; onHold: bigint; released: bigint; failed: bigint }[]
  >`
    SELECT bp.host_id AS "hostId", u.name AS "hostName", u.email AS "hostEmail", bp.currency,
      coalesce(sum(n.net) FILTER (WHERE bp.status = 'HELD' AND bp.held_at IS NULL AND bp.release_at > ${now}), 0) AS held,
      coalesce(sum(n.net) FILTER (WHERE bp.status IN ('HELD', 'FAILED') AND bp.held_at IS NULL AND bp.release_at <= ${now}), 0) AS due,
      coalesce(sum(n.net) FILTER (WHERE bp.status IN ('HELD', 'FAILED') AND bp.held_at IS NOT NULL), 0) AS "onHold",
      coalesce(sum(bp.amount) FILTER (WHERE bp.status IN ('RELEASED', 'PAID')), 0) AS released,
      coalesce(sum(n.net) FILTER (WHERE bp.status = 'FAILED'), 0) AS failed
    FROM booking_payouts bp
    JOIN bookings b ON b.id = bp.booking_id
    JOIN users u ON u.id = bp.host_id
    CROSS JOIN LATERAL (SELECT greatest(${HOST_NET_SQL}, 0) AS net) n
    GROUP BY bp.host_id, u.name, u.email, bp.currency
    ORDER BY u.name, bp.currency`;

  const waitingRows = await ctx.db.bookingPayout.findMany({
    where: { status: { in: ["HELD", "FAILED"] } },
    select: {
      bookingId: true,
      currency: true,
      status: true,
      releaseAt: true,
      chargedAt: true,
      heldAt: true,
      heldReason: true,
      booking: {
        select: {
          endsAt: true,
          transferAmount: true,
          transferReversedAmount: true,
          applicationFeeRefundedAmount: true,
          listing: { select: { title: true, timeZone: true, provider: { select: { name: true } } } },
        },
      },
    },
    orderBy: [{ heldAt: { sort: "desc", nulls: "last" } }, { releaseAt: "asc" }],
    take: 200,
  });
  // A booking refunded in full has nothing to hold or release (the pass marks it REVERSED).
  const waiting: WaitingBooking[] = waitingRows.filter((r) => hostNet(r.booking) > 0).map((r) => {
    const limit = holdLimit(r.chargedAt);
    return {
      bookingId: r.bookingId,
      hostName: r.booking.listing.provider.name,
      listingTitle: r.booking.listing.title,
      timeZone: r.booking.listing.timeZone,
      endsAt: r.booking.endsAt,
      currency: r.currency,
      amount: Math.max(0, hostNet(r.booking)),
      status: r.status,
      releaseAt: r.releaseAt,
      chargedAt: r.chargedAt,
      heldAt: r.heldAt,
      heldReason: r.heldReason,
      holdLimit: limit.limit,
      nearLimit: limit.warnFrom.getTime() <= now.getTime(),
    };
  });

  const failedRows = await ctx.db.payout.findMany({
    where: { status: { in: ["FAILED", "CANCELED"] } },
    orderBy: { failedAt: "desc" },
    take: 50,
    include: { _count: { select: { bookings: true } } },
  });
  const hostIds = [...new Set(failedRows.map((p) => p.hostId))];
  const hosts = new Map((await ctx.db.user.findMany({ where: { id: { in: hostIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]));
  const failed: FailedPayout[] = failedRows.map((p) => ({
    id: p.id,
    stripePayoutId: p.stripePayoutId,
    hostName: hosts.get(p.hostId)?.name ?? p.hostId,
    hostEmail: hosts.get(p.hostId)?.email ?? "",
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    failureCode: p.failureCode,
    failureMessage: p.failureMessage,
    advice: payoutFailureAdvice(p.failureCode),
    failedAt: p.failedAt,
    bookings: p._count.bookings,
  }));

  const providers = await ctx.db.user.findMany({
    where: { role: "PROVIDER", status: "ACTIVE" },
    select: {
      id: true,
      name: true,
      email: true,
      connectedAccount: { select: { payoutsEnabled: true, chargesEnabled: true, detailsSubmitted: true, pendingVerification: true, disabledReason: true, requirementsDue: true } },
    },
    orderBy: { name: "asc" },
  });
  const onboarding: HostOnboarding[] = [];
  for (const p of providers) {
    const a = p.connectedAccount;
    const base = { hostId: p.id, hostName: p.name, hostEmail: p.email };
    if (!a) onboarding.push({ ...base, state: "no_account", detail: "Has not started “Get paid”: their saunas take no requests." });
    else if (a.disabledReason && a.detailsSubmitted) onboarding.push({ ...base, state: "restricted", detail: `Restricted by Stripe (${a.disabledReason}).` });
    else if (!a.detailsSubmitted) onboarding.push({ ...base, state: "details_needed", detail: "Onboarding not finished." });
    else if (!a.payoutsEnabled || !a.chargesEnabled)
      onboarding.push({ ...base, state: a.pendingVerification.length > 0 ? "pending_verification" : "restricted", detail: a.pendingVerification.length > 0 ? "Stripe is verifying their details." : "Charges or payouts are disabled." });
  }

  return {
    hosts: totals.map((t) => ({ ...t, held: Number(t.held), due: Number(t.due), onHold: Number(t.onHold), released: Number(t.released), failed: Number(t.failed) })),
    waiting,
    failed,
    nearLimit: waiting.filter((w) => w.nearLimit).length,
    onboarding,
    warningDays: HOLD_WARNING_DAYS,
  };
}
