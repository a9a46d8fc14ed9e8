/**
 * What an operator does to a booking's payout from the payouts view: hold it (not paid out
 * until lifted) or release it now (paid out at once, before its release date, or after a
 * hold). Each checks the operator role, writes its reason on the booking's timeline, and
 * changes the row with a compare-and-set on its status, so a pass paying it meanwhile wins
 * cleanly (the operator is told it moved on).
 */
import type { Actor } from "@/lib/auth/actor";
import { byUser, recordBookingEvent, type EventActor } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { Conflict, NotAllowed, NotFound } from "@/lib/errors";
import { releaseBookingNow, type PayoutCounts } from "@/lib/payouts/release";

function operatorOf(user: Actor): EventActor {
  if (user.role !== "OPERATOR") throw new NotAllowed("Only operators can do that.");
  return byUser(user);
}

const WAITING = ["HELD", "FAILED"] as const;

async function waitingPayout(ctx: Ctx, bookingId: string) {
  const row = await ctx.db.bookingPayout.findUnique({ where: { bookingId }, select: { id: true, status: true, heldAt: true } });
  if (!row) throw new NotFound("Payout of this booking");
  if (!(WAITING as readonly string[]).includes(row.status)) {
    throw new Conflict(`This booking's money is already ${row.status === "REVERSED" ? "refunded" : "paid out"}: there is nothing to hold or release.`);
  }
  return row;
}

/** Holds a booking's payout: the pass skips it until an operator releases it. */
export async function holdBookingPayout(ctx: Ctx, user: Actor, input: { bookingId: string; reason: string }): Promise<void> {
  const actor = operatorOf(user);
  const row = await waitingPayout(ctx, input.bookingId);
  if (row.heldAt) throw new Conflict("This payout is on hold already.");
  const at = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.bookingPayout.updateMany({
      where: { id: row.id, status: { in: [...WAITING] }, heldAt: null },
      data: { heldAt: at, heldById: user.id, heldReason: input.reason },
    });
    if (count !== 1) throw new Conflict("The payout moved on meanwhile (it is being paid out). Reload the page to see it.");
    await recordBookingEvent(tx, { bookingId: input.bookingId, type: "payout_held", actor, at, reason: input.reason });
  });
}

export interface ReleaseNowResult {
  counts: PayoutCounts;
  /** Paid out now; otherwise released to wait for funds (or for a debt to be covered). */
  paidOut: boolean;
}

/**
 * Lifts any hold and makes the payout due now, then pays it out at once through the same
 * claim and idempotency key as the pass. Without enough available money on the account
 * it stays due and the pass pays it when the money is there.
 */
export async function releaseBookingPayoutNow(ctx: Ctx, user: Actor, input: { bookingId: string; reason: string }): Promise<ReleaseNowResult> {
  const actor = operatorOf(user);
  const row = await waitingPayout(ctx, input.bookingId);
  const at = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.bookingPayout.updateMany({
      where: { id: row.id, status: row.status },
      data: { heldAt: null, heldById: null, heldReason: null, releaseAt: at },
    });
    if (count !== 1) throw new Conflict("The payout moved on meanwhile (it is being paid out). Reload the page to see it.");
    await recordBookingEvent(tx, { bookingId: input.bookingId, type: "payout_release_requested", actor, at, reason: input.reason });
  });
  const counts = await releaseBookingNow(ctx, input.bookingId);
  return { counts, paidOut: counts.payouts > 0 };
}
