/**
 * What an operator does to a booking from its admin page: retry the charge now, cancel it,
 * refund it. The server actions in app/admin/bookings/[id]/actions.ts are thin wrappers.
 * Each checks the role again (defence in depth) and maps lifecycle races to domain errors
 * the form can show.
 */
import type { Actor } from "@/lib/auth/actor";
import { describeStatus, isChargeInProgress, isClaimable, operatorCancelKind } from "@/lib/bookings/lifecycle";
import { explainMovedOn, isTransitionConflict } from "@/lib/bookings/conflicts";
import { applyTransition, byUser, recordBookingEvent, type EventActor } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { Conflict, NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { notify } from "@/lib/notifications";
import { chargeBookingIfDue, type ChargeResult } from "@/lib/payments/charge";
import { refundBooking, type RefundResult } from "@/lib/payments/refunds";
import { releaseBookingPaymentIntent } from "@/lib/payments/release";

function operatorOf(user: Actor): EventActor {
  if (user.role !== "OPERATOR") throw new NotAllowed("Only operators can do that.");
  return byUser(user);
}

export interface RetryEligibility {
  ok: boolean;
  why?: string;
}

/** Whether "retry the charge now" applies, and why not (for the page and the action). */
export function retryEligibility(
  booking: { status: BookingStatus; paymentMethodId: string | null; consentId: string | null; stripeCustomerId: string | null; payBy: Date | null },
  card: { removedAt: Date | null } | null,
  consent: { revokedAt: Date | null } | null,
  now: Date,
): RetryEligibility {
  if (!isClaimable(booking.status)) {
    return { ok: false, why: `A booking that is ${describeStatus(booking.status).toLowerCase()} cannot be charged.` };
  }
  if (!booking.paymentMethodId || !booking.stripeCustomerId || !booking.consentId) {
    return { ok: false, why: "There is no saved card with off-session consent for this booking." };
  }
  if (card?.removedAt) return { ok: false, why: "The customer removed the card this booking was to be charged to." };
  if (consent?.revokedAt) return { ok: false, why: "The customer withdrew the consent for off-session charges." };
  if (booking.payBy && booking.payBy.getTime() <= now.getTime()) {
    return { ok: false, why: "The pay-by deadline has passed." };
  }
  return { ok: true };
}

/**
 * Charges the booking now through the engine and its claim: the booking is made due at once
 * (chargeAt, or the next attempt, brought forward to now by a compare-and-set), then
 * `chargeBookingIfDue` claims it with FOR UPDATE SKIP LOCKED and charges its one
 * PaymentIntent. If a worker holds it already, nothing is charged a second time.
 */
export async function retryChargeNow(ctx: Ctx, user: Actor, input: { bookingId: string; reason: string }): Promise<ChargeResult> {
  const actor = operatorOf(user);
  const now = ctx.clock.now();
  const booking = await ctx.db.booking.findUnique({
    where: { id: input.bookingId },
    select: { id: true, status: true, paymentMethodId: true, consentId: true, stripeCustomerId: true, payBy: true, consent: { select: { revokedAt: true } } },
  });
  if (!booking) throw new NotFound("Booking");
  if (isChargeInProgress(booking.status)) throw new Conflict("A charge of this booking is in progress right now.");
  const card = booking.paymentMethodId
    ? await ctx.db.savedCard.findUnique({ where: { paymentMethodId: booking.paymentMethodId }, select: { removedAt: true } })
    : null;
  const eligible = retryEligibility(booking, card, booking.consent, now);
  if (!eligible.ok) throw new ValidationError(eligible.why ?? "This booking cannot be charged now.");

  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status },
      data: booking.status === "ACCEPTED" ? { chargeAt: now } : { nextAttemptAt: now },
    });
    if (count !== 1) throw await explainMovedOn(tx, booking.id, "operator");
    await recordBookingEvent(tx, { bookingId: booking.id, type: "charge_retry_requested", actor, at: now, reason: input.reason });
  });

  const result = await chargeBookingIfDue(ctx, booking.id);
  if (result.result === "skipped") throw new Conflict("Another worker is charging this booking right now; nothing was charged twice.");
  return result;
}

/**
 * Cancels a booking. Unpaid (a request, accepted, payment failed): the cancel transition and
 * emails to both sides. Paid: everything still refundable is refunded, then REFUNDED.
 */
export async function cancelAsOperator(
  ctx: Ctx,
  user: Actor,
  input: { bookingId: string; reason: string },
): Promise<{ kind: "cancelled" } | { kind: "refunded"; refund: RefundResult }> {
  const actor = operatorOf(user);
  const booking = await ctx.db.booking.findUnique({ where: { id: input.bookingId }, select: { id: true, status: true } });
  if (!booking) throw new NotFound("Booking");
  if (isChargeInProgress(booking.status)) throw new Conflict("A charge of this booking is in progress. Try again in a minute.");

  const kind = operatorCancelKind(booking.status);
  if (kind === "refund") {
    const refund = await refundAsOperator(ctx, user, { bookingId: booking.id, amount: "remaining", reason: input.reason, cancellation: true });
    return { kind: "refunded", refund };
  }
  if (kind !== "free") {
    throw new ValidationError(`A booking that is ${describeStatus(booking.status).toLowerCase()} cannot be cancelled.`);
  }
  const now = ctx.clock.now();
  try {
    await applyTransition(ctx.db, {
      bookingId: booking.id,
      event: "cancel",
      actor,
      expectedFrom: booking.status,
      at: now,
      reason: input.reason,
      patch: { cancelledAt: now, cancelReason: input.reason, nextAttemptAt: null },
    });
  } catch (error) {
    if (isTransitionConflict(error)) throw await explainMovedOn(ctx.db, booking.id, "operator");
    throw error;
  }
  // A pay-now page still open holds the PaymentIntent's client secret: cancel the intent so
  // nothing can be paid for a booking that no longer exists.
  await releaseBookingPaymentIntent(ctx, booking.id, "abandoned");
  await notify(ctx, "cancelled_by_operator", booking.id, { reason: input.reason });
  return { kind: "cancelled" };
}

/** Refunds part or all of what is left of a paid booking; the customer is told. */
export async function refundAsOperator(
  ctx: Ctx,
  user: Actor,
  input: { bookingId: string; amount: number | "remaining"; reason: string; cancellation?: boolean },
): Promise<RefundResult> {
  const actor = operatorOf(user);
  const refund = await refundBooking(ctx, { ...input, actor });
  await notify(ctx, "refunded", input.bookingId, {
    amount: refund.amount,
    currency: refund.currency,
    pending: refund.status === "PENDING",
    ended: refund.bookingStatus === "REFUNDED" && refund.remaining === 0,
    reason: input.reason,
  });
  return refund;
}
