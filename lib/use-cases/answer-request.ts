/**
 * The host answers a booking request. Accepting fixes the charge date and pay-by deadline;
 * when the booking is already inside the charge lead window the card is charged at once,
 * after the acceptance committed. A failed charge does not undo the acceptance: the booking
 * moves by the failure rules, and an error reaching Stripe leaves it to the scheduled pass.
 */
import type { Actor } from "@/lib/auth/actor";
import { accept, decline, type AcceptResult } from "@/lib/bookings/provider";
import type { Ctx } from "@/lib/context";
import { notify } from "@/lib/notifications";
import { chargeBookingIfDue, type ChargeResult } from "@/lib/payments/charge";

export interface AcceptOutcome extends AcceptResult {
  /** The charge made at once (inside the lead window), or null when it is due later. */
  charge: ChargeResult | null;
}

export async function acceptRequest(ctx: Ctx, actor: Actor, input: { bookingId: string; message?: string }): Promise<AcceptOutcome> {
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
