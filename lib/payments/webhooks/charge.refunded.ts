import type Stripe from "stripe";
import { InvalidTransition } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, STRIPE } from "@/lib/bookings/transitions";
import { bookingIdForPaymentIntent, idOf, type WebhookHandler } from "./context";
import { upsertRefund } from "./refunds";

/**
 * A charge was refunded (in part or in full, from our admin pages or Stripe's dashboard).
 * Re-reads the charge and its refunds, mirrors them, and a full refund moves the booking to
 * REFUNDED; a partial one stays PAID with the refunded amount recorded.
 */
export const chargeRefunded: WebhookHandler<Stripe.ChargeRefundedEvent> = async (event, deps) => {
  const charge = await deps.stripe.charges.retrieve(event.data.object.id);
  const piId = idOf(charge.payment_intent);
  if (!piId) return `charge ${charge.id} has no PaymentIntent`;
  const bookingId = await bookingIdForPaymentIntent(deps, { id: piId, metadata: charge.metadata });
  if (!bookingId) return `no booking for ${piId}`;

  const refunds = await deps.stripe.refunds.list({ charge: charge.id, limit: 100 });
  for (const refund of refunds.data) await upsertRefund(deps, bookingId, refund);
  await deps.db.booking.update({ where: { id: bookingId }, data: { refundedAmount: charge.amount_refunded } });

  if (!charge.refunded) return `booking ${bookingId}: partial refund, ${charge.amount_refunded} refunded`;
  try {
    await applyTransition(deps.db, {
      bookingId,
      event: "refund_full",
      actor: STRIPE,
      at: deps.now(),
      reason: "Refunded in full",
      data: { charge: charge.id, amountRefunded: charge.amount_refunded },
    });
    return `booking ${bookingId}: refunded in full`;
  } catch (error) {
    if (error instanceof InvalidTransition || error instanceof ConcurrentChange) return `booking ${bookingId}: already moved on`;
    throw error;
  }
};
