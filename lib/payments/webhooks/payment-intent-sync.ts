/**
 * The three payment_intent.* events share one rule: re-read the PaymentIntent from Stripe
 * (events arrive duplicated and out of order) and act on what it is now. Succeeded → the
 * booking is paid (if nobody recorded it yet). Anything else is only noted on the timeline:
 * failures are recorded by whoever attempted the payment (the charge engine, pay-now), and
 * a late payment_failed never undoes a paid booking.
 */
import type Stripe from "stripe";
import { recordBookingEvent, STRIPE } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { markPaid, paymentIntentOutcome } from "../outcomes";
import { bookingIdForPaymentIntent, NotOurs } from "./handler";

export async function syncFromPaymentIntentEvent(
  event: Stripe.PaymentIntentSucceededEvent | Stripe.PaymentIntentPaymentFailedEvent | Stripe.PaymentIntentRequiresActionEvent,
  ctx: Ctx,
): Promise<string> {
  const pi = await ctx.stripe.retrievePaymentIntent(event.data.object.id);
  const bookingId = await bookingIdForPaymentIntent(ctx, pi);
  if (!bookingId) throw new NotOurs(`no booking for PaymentIntent ${pi.id}`);
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { status: true } });
  if (!booking) throw new NotOurs(`PaymentIntent ${pi.id} names booking ${bookingId}, which does not exist`);

  if (paymentIntentOutcome(pi, "on_session").kind === "paid") {
    const result = await markPaid(ctx, { bookingId, paymentIntent: pi, actor: STRIPE, attempt: null, reason: `Stripe: ${event.type}` });
    return `booking ${bookingId}: ${result}`;
  }
  await recordBookingEvent(ctx.db, {
    bookingId,
    type: `stripe.${event.type}`,
    actor: STRIPE,
    at: ctx.clock.now(),
    reason: pi.last_payment_error?.message ?? undefined,
    data: { paymentIntent: pi.id, status: pi.status, eventStatusWas: event.data.object.status },
  });
  return `booking ${bookingId} is ${booking.status}; PaymentIntent is ${pi.status}: noted`;
}
