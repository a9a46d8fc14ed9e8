/**
 * The three payment_intent.* events share one rule: re-read the PaymentIntent from Stripe
 * (events arrive duplicated and out of order) and act on what it is now. Succeeded → the
 * booking is paid (if nobody recorded it yet). Anything else is only noted on the timeline:
 * failures are recorded by whoever attempted the payment (the charge engine, pay-now), and
 * a late payment_failed never undoes a paid booking.
 */
import type Stripe from "stripe";
import { recordBookingEvent, STRIPE } from "@/lib/bookings/transitions";
import type { PaymentDeps } from "../deps";
import { markPaid } from "../outcomes";
import { callStripe } from "../stripe-errors";
import { bookingIdForPaymentIntent } from "./context";

export async function syncFromPaymentIntentEvent(
  event: Stripe.PaymentIntentSucceededEvent | Stripe.PaymentIntentPaymentFailedEvent | Stripe.PaymentIntentRequiresActionEvent,
  deps: PaymentDeps,
): Promise<string> {
  const pi = await callStripe(deps, () => deps.stripe.paymentIntents.retrieve(event.data.object.id));
  const bookingId = await bookingIdForPaymentIntent(deps, pi);
  if (!bookingId) return `no booking for ${pi.id}`;
  const booking = await deps.db.booking.findUnique({ where: { id: bookingId }, select: { status: true } });
  if (!booking) return `booking ${bookingId} not found`;

  if (pi.status === "succeeded") {
    const result = await markPaid(deps, { bookingId, paymentIntent: pi, actor: STRIPE, attempt: null, reason: `Stripe: ${event.type}` });
    return `booking ${bookingId}: ${result}`;
  }
  await recordBookingEvent(deps.db, {
    bookingId,
    type: `stripe.${event.type}`,
    actor: STRIPE,
    at: deps.now(),
    reason: pi.last_payment_error?.message ?? undefined,
    data: { paymentIntent: pi.id, status: pi.status, eventStatusWas: event.data.object.status },
  });
  return `booking ${bookingId} is ${booking.status}; PaymentIntent is ${pi.status}: noted`;
}
