import type Stripe from "stripe";
import { InvalidTransition } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, STRIPE } from "@/lib/bookings/transitions";
import { bookingIdForPaymentIntent, idOf, NotOurs, type WebhookHandler } from "./handler";
import { upsertRefund } from "./refunds";

/**
 * A charge was refunded (in part or in full, from our admin pages or Stripe's dashboard).
 * Re-reads the charge and its refunds, mirrors them, and a full refund moves the booking to
 * REFUNDED; a partial one stays PAID with the refunded amount recorded.
 */
export const chargeRefunded: WebhookHandler<Stripe.ChargeRefundedEvent> = async (event, ctx) => {
  const { charge, refunds } = await ctx.stripe.retrieveChargeWithRefunds(event.data.object.id);
  const piId = idOf(charge.payment_intent);
  if (!piId) throw new NotOurs(`charge ${charge.id} has no PaymentIntent`);
  const bookingId = await bookingIdForPaymentIntent(ctx, { id: piId, metadata: charge.metadata });
  if (!bookingId) throw new NotOurs(`no booking for PaymentIntent ${piId} of charge ${charge.id}`);
  if (!(await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { id: true } }))) {
    throw new NotOurs(`charge ${charge.id} names booking ${bookingId}, which does not exist`);
  }

  for (const refund of refunds) await upsertRefund(ctx, bookingId, refund);
  await ctx.db.booking.update({ where: { id: bookingId }, data: { refundedAmount: charge.amount_refunded } });

  if (!charge.refunded) return `booking ${bookingId}: partial refund, ${charge.amount_refunded} refunded`;
  try {
    await applyTransition(ctx.db, {
      bookingId,
      event: "refund_full",
      actor: STRIPE,
      at: ctx.clock.now(),
      reason: "Refunded in full",
      data: { charge: charge.id, amountRefunded: charge.amount_refunded },
    });
    return `booking ${bookingId}: refunded in full`;
  } catch (error) {
    if (error instanceof InvalidTransition || error instanceof ConcurrentChange) return `booking ${bookingId}: already moved on`;
    throw error;
  }
};
