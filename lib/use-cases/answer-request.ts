/**
 * The host answers a booking request. Accepting fixes the charge date and pay-by deadline;
 * when the booking is already inside the charge lead window the card is charged at once,
 * after the acceptance committed. A failed charge does not undo the acceptance: the booking
 * moves by the failure rules, and an error reaching Stripe leaves it to the scheduled pass.
 */
import type { Actor } from "@/lib/auth/actor";
import { accept, decline, type AcceptResult } from "@/lib/bookings/provider";
import { ACCOUNT_STATE_TEXT, accountState, canBePaid } from "@/lib/connect/account-state";
import { connectedAccountOf } from "@/lib/connect/accounts";
import type { Ctx } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { notify } from "@/lib/notifications";
import { chargeBookingIfDue, type ChargeResult } from "@/lib/payments/charge";

export interface AcceptOutcome extends AcceptResult {
  /** The charge made at once (inside the lead window), or null when it is due later. */
  charge: ChargeResult | null;
}

/**
 * A host accepts only while they can be paid (charges and payouts enabled on their connected
 * account): an acceptance would promise a charge that cannot be made. The request waits; they
 * may still decline it, and it expires as usual if their account is not ready in time.
 */
async function requireHostCanBePaid(ctx: Ctx, actor: Actor, bookingId: string): Promise<void> {
  // Only for the host of this booking: accept() refuses anyone else with its own words.
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { listing: { select: { providerId: true } } } });
  if (actor.role !== "PROVIDER" || booking?.listing.providerId !== actor.id) return;
  const account = await connectedAccountOf(ctx.db, actor.id);
  if (canBePaid(account)) return;
  const state = ACCOUNT_STATE_TEXT[accountState(account)];
  throw new ValidationError(`You can accept requests once you can be paid (payouts: ${state.label.toLowerCase()}). ${state.next} Open Get paid to continue.`);
}

export async function acceptRequest(ctx: Ctx, actor: Actor, input: { bookingId: string; message?: string }): Promise<AcceptOutcome> {
  await requireHostCanBePaid(ctx, actor, input.bookingId);
  const accepted = await accept(ctx, actor, input);
  await notify(ctx, "accepted", accepted.bookingId);
  if (!accepted.chargeDue) return { ...accepted, charge: null };
  try {
    return { ...accepted, charge: await chargeBookingIfDue(ctx, accepted.bookingId) };
  } catch (error) {
    // The scheduled pass charges due bookings; the acceptance stands either way.
    console.error(`[accept] charging ${accepted.bookingId} at once failed:`, error);
    return { ...accepted, charge: null };
  }
}

export async function declineRequest(ctx: Ctx, actor: Actor, input: { bookingId: string; message?: string }): Promise<void> {
  await decline(ctx, actor, input);
  await notify(ctx, "declined", input.bookingId);
}
