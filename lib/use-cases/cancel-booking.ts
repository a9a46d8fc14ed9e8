/**
 * The customer cancels a request or an accepted, unpaid booking: CANCELLED, the slot freed,
 * nothing charged — and its PaymentIntent cancelled, so a pay-now page still open in another
 * tab cannot charge it afterwards. Both sides are told.
 */
import type { Actor } from "@/lib/auth/actor";
import { canCustomerCancel, isChargeInProgress, statusesWhere } from "@/lib/bookings/lifecycle";
import { BookingMovedOn, explainingConflicts, explainMovedOn } from "@/lib/bookings/conflicts";
import { applyTransition, byUser } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import { notify } from "@/lib/notifications";
import { releaseBookingPaymentIntent } from "@/lib/payments/release";

export async function cancelBooking(ctx: Ctx, actor: Actor, input: { bookingId: string; reason?: string }): Promise<void> {
  const { db } = ctx;
  const now = ctx.clock.now();
  const booking = await db.booking.findUnique({ where: { id: input.bookingId }, select: { id: true, customerId: true, status: true } });
  if (!booking) throw new NotFound("Booking");
  if (actor.role !== "CUSTOMER" || booking.customerId !== actor.id) {
    throw new NotAllowed("Only the customer who made this booking can cancel it.");
  }
  if (isChargeInProgress(booking.status)) {
    throw new ValidationError("A payment for this booking is in progress. Please try again in a minute.");
  }
  if (!canCustomerCancel(booking.status)) {
    throw new ValidationError((await explainMovedOn(db, booking.id, "customer")).message);
  }
  const reason = input.reason?.trim().slice(0, 500) || undefined;
  // The host may answer, or the scheduled pass claim the charge, between the read and the write:
  // an answer still leaves the booking cancellable (accepted, unpaid), so the cancel goes on
  // from the new status; anything else is told in words.
  for (let expectedFrom = booking.status, tries = 0; ; tries++) {
    try {
      await explainingConflicts(db, booking.id, "customer", () =>
        applyTransition(db, {
          bookingId: booking.id,
          event: "cancel",
          actor: byUser(actor),
          reason: reason ?? "Cancelled by the customer",
          onlyFrom: statusesWhere(canCustomerCancel),
          patch: { cancelledAt: now, cancelReason: reason ?? null },
          expectedFrom,
          at: now,
        }),
      );
      break;
    } catch (error) {
      if (!(error instanceof BookingMovedOn) || !canCustomerCancel(error.status) || tries >= 2) throw error;
      expectedFrom = error.status;
    }
  }
  await releaseBookingPaymentIntent(ctx, booking.id, "requested_by_customer").catch((error: unknown) => {
    console.error(`[cancel] cancelling the PaymentIntent of ${booking.id} failed:`, error);
  });
  await notify(ctx, "cancelled_by_customer", booking.id);
}
