/**
 * What a host sees on the payouts page: the Stripe balance of their connected account
 * (available and pending), the money of each charged booking (price, platform fee, what
 * they receive) and where it stands, upcoming payouts with their dates, the payout history
 * with bank arrival dates, failed payouts with what to do, and what they owe after a refund
 * that came after the payout. Reads only the host's own rows (by the actor's id).
 */
import type Stripe from "stripe";
import type { Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { NotAllowed } from "@/lib/errors";
import type { BookingPayoutStatus, PayoutStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { payoutFailureAdvice } from "./advice";
import { hostReversed, platformFee, releaseAtFor } from "./policy";
import { outstandingDebt } from "./release";

export interface Money {
  amount: number;
  currency: string;
}

/** Where one booking's money stands, for the host. */
export type MoneyState =
  | { kind: "charged"; releaseAt: Date }
  | { kind: "held"; releaseAt: Date; byOperator: boolean }
  | { kind: "due" }
  | { kind: "released"; arrivalDate: Date | null }
  | { kind: "paid"; arrivalDate: Date | null }
  | { kind: "failed"; retryAt: Date }
  | { kind: "refunded" }
  | { kind: "reversed"; owed: number };

export interface BookingMoney {
  bookingId: string;
  listingTitle: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  currency: string;
  /** What the customer paid. */
  price: number;
  platformFee: number;
  /** The host's share as transferred. */
  hostShare: number;
  /** Of that share, reversed by refunds. */
  reversed: number;
  state: MoneyState;
}

export interface PayoutLine {
  id: string;
  stripePayoutId: string | null;
  amount: number;
  recoveredAmount: number;
  currency: string;
  status: PayoutStatus;
  createdAt: Date;
  arrivalDate: Date | null;
  failureCode: string | null;
  failureMessage: string | null;
  /** For a failed payout: what the host should do. */
  advice: string | null;
  bookings: number;
}

export interface UpcomingPayout {
  /** The day the money is released (in the host's first listing's time zone on the page). */
  releaseAt: Date;
  amount: number;
  currency: string;
  bookings: number;
}

export interface HostPayoutsView {
  /** The host's connected account, if they have one. */
  stripeAccountId: string | null;
  balance: { available: Money[]; pending: Money[] } | { error: string } | null;
  bookings: BookingMoney[];
  upcoming: UpcomingPayout[];
  inTransit: PayoutLine[];
  history: PayoutLine[];
  failed: PayoutLine[];
  /** Money owed per currency (refunds after payout), taken from the next payout. */
  owed: Money[];
  timeZone: string;
  payoutDelayDays: number;
}

function sumByCurrency(list: Stripe.Balance.Available[] | Stripe.Balance.Pending[]): Money[] {
  const sums = new Map<string, number>();
  for (const b of list) sums.set(b.currency.toUpperCase(), (sums.get(b.currency.toUpperCase()) ?? 0) + b.amount);
  return [...sums].map(([currency, amount]) => ({ currency, amount }));
}

/** The host's Stripe balance, or why it cannot be shown now (the page still renders). */
export async function hostBalance(ctx: Pick<Ctx, "stripe">, stripeAccountId: string): Promise<HostPayoutsView["balance"]> {
  try {
    const balance = await ctx.stripe.retrieveBalance(stripeAccountId);
    return { available: sumByCurrency(balance.available), pending: sumByCurrency(balance.pending) };
  } catch {
    return { error: "Your Stripe balance cannot be shown right now. Reload the page in a minute." };
  }
}

export function moneyState(
  booking: { endsAt: Date; transferAmount: number; reversedAmount: number },
  payout: { status: BookingPayoutStatus; releaseAt: Date; heldAt: Date | null; amount: number | null; payout: { arrivalDate: Date | null } | null } | null,
  now: Date,
  delayDays: number,
): MoneyState {
  const net = booking.transferAmount - booking.reversedAmount;
  if (!payout) return net <= 0 ? { kind: "refunded" } : { kind: "charged", releaseAt: releaseAtFor(booking.endsAt, delayDays) };
  switch (payout.status) {
    case "HELD":
      if (net <= 0) return { kind: "refunded" };
      if (payout.heldAt) return { kind: "held", releaseAt: payout.releaseAt, byOperator: true };
      return payout.releaseAt.getTime() <= now.getTime() ? { kind: "due" } : { kind: "held", releaseAt: payout.releaseAt, byOperator: false };
    case "FAILED":
      return { kind: "failed", retryAt: payout.releaseAt };
    case "REVERSED":
      return { kind: "refunded" };
    case "RELEASED":
    case "PAID": {
      const owed = Math.max(0, (payout.amount ?? 0) - net);
      if (owed > 0) return { kind: "reversed", owed };
      const arrivalDate = payout.payout?.arrivalDate ?? null;
      return payout.status === "PAID" ? { kind: "paid", arrivalDate } : { kind: "released", arrivalDate };
    }
  }
}

const PAYOUT_SELECT = {
  id: true,
  stripePayoutId: true,
  amount: true,
  recoveredAmount: true,
  currency: true,
  status: true,
  createdAt: true,
  arrivalDate: true,
  failureCode: true,
  failureMessage: true,
  _count: { select: { bookings: true } },
} as const;

type PayoutRow = Prisma.PayoutGetPayload<{ select: typeof PAYOUT_SELECT }>;

function toLine(p: PayoutRow): PayoutLine {
  const failed = p.status === "FAILED" || p.status === "CANCELED";
  const { _count, ...rest } = p;
  return { ...rest, advice: failed ? payoutFailureAdvice(p.failureCode) : null, bookings: _count.bookings };
}

function requireHost(user: Actor): void {
  if (user.role !== "PROVIDER") throw new NotAllowed("Only hosts have payouts.");
}

/** The whole payouts page of one host. */
export async function hostPayouts(ctx: Pick<Ctx, "db" | "stripe" | "clock" | "payoutDelayDays">, user: Actor): Promise<HostPayoutsView> {
  requireHost(user);
  const now = ctx.clock.now();
  const account = await ctx.db.connectedAccount.findUnique({ where: { userId: user.id }, select: { stripeAccountId: true } });
  const bookings = await ctx.db.booking.findMany({
    where: { listing: { providerId: user.id }, paidAt: { not: null }, transferAmount: { not: null } },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      currency: true,
      totalAmount: true,
      applicationFeeAmount: true,
      transferAmount: true,
      transferReversedAmount: true,
      applicationFeeRefundedAmount: true,
      listing: { select: { title: true, timeZone: true } },
      payout: { select: { status: true, releaseAt: true, heldAt: true, amount: true, payout: { select: { arrivalDate: true } } } },
    },
    orderBy: { startsAt: "desc" },
    take: 200,
  });
  const money: BookingMoney[] = bookings.map((b) => {
    const transferAmount = b.transferAmount ?? 0;
    const reversedAmount = hostReversed(b);
    return {
      bookingId: b.id,
      listingTitle: b.listing.title,
      timeZone: b.listing.timeZone,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      currency: b.currency,
      price: b.totalAmount,
      platformFee: platformFee(b),
      hostShare: transferAmount,
      reversed: reversedAmount,
      state: moneyState({ endsAt: b.endsAt, transferAmount, reversedAmount }, b.payout, now, ctx.payoutDelayDays),
    };
  });

  // Upcoming: money not yet paid out, by the day it is released (charged bookings without a
  // row yet are released at their end plus the delay).
  const upcomingByDay = new Map<string, UpcomingPayout>();
  for (const m of money) {
    const net = m.hostShare - m.reversed;
    if (net <= 0) continue;
    const at =
      m.state.kind === "charged" || (m.state.kind === "held" && !m.state.byOperator)
        ? m.state.releaseAt
        : m.state.kind === "due"
          ? now
          : m.state.kind === "failed"
            ? m.state.retryAt
            : null;
    if (!at) continue;
    const day = new Date(Math.max(at.getTime(), now.getTime()));
    const key = `${day.toISOString().slice(0, 10)}/${m.currency}`;
    const entry = upcomingByDay.get(key) ?? { releaseAt: day, amount: 0, currency: m.currency, bookings: 0 };
    entry.amount += net;
    entry.bookings += 1;
    upcomingByDay.set(key, entry);
  }
  const upcoming = [...upcomingByDay.values()].sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime());

  const payouts = (await ctx.db.payout.findMany({ where: { hostId: user.id }, select: PAYOUT_SELECT, orderBy: { createdAt: "desc" }, take: 100 })).map(toLine);
  const currencies = [...new Set([...money.map((m) => m.currency), ...payouts.map((p) => p.currency)])];
  const owed: Money[] = [];
  for (const currency of currencies) {
    const amount = await outstandingDebt(ctx.db, { hostId: user.id, currency });
    if (amount > 0) owed.push({ amount, currency });
  }

  return {
    stripeAccountId: account?.stripeAccountId ?? null,
    balance: account?.stripeAccountId ? await hostBalance(ctx, account.stripeAccountId) : null,
    bookings: money,
    upcoming,
    inTransit: payouts.filter((p) => p.status === "CREATING" || p.status === "PENDING" || p.status === "IN_TRANSIT"),
    history: payouts.filter((p) => p.status !== "CREATING"),
    failed: payouts.filter((p) => p.status === "FAILED" || p.status === "CANCELED"),
    owed,
    timeZone: bookings[0]?.listing.timeZone ?? "Europe/Helsinki",
    payoutDelayDays: ctx.payoutDelayDays,
  };
}
