/**
 * A booking that ends unpaid (cancelled by the customer, expired for non-payment) must stop
 * being payable in Stripe too: its PaymentIntent is cancelled, so a pay-now page left open in
 * another tab (it holds the client secret) can no longer charge the card for a slot that was
 * given away. Runs after the booking's transition committed. If money arrived just before,
 * Stripe refuses the cancel and `markPaid` already tells the operator (not_payable).
 */
import type { Ctx } from "@/lib/context";
import { StripeCallFailed } from "@/lib/stripe/errors";

export type ReleaseResult = "no_payment_intent" | "cancelled" | "not_cancelable";

/** Cancels the booking's PaymentIntent unless it already finished (succeeded, canceled, processing). */
export async function releaseBookingPaymentIntent(
  ctx: Pick<Ctx, "db" | "stripe">,
  bookingId: string,
  reason: "abandoned" | "requested_by_customer",
): Promise<ReleaseResult> {
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { stripePaymentIntentId: true } });
  const paymentIntentId = booking?.stripePaymentIntentId;
  if (!paymentIntentId) return "no_payment_intent";
  try {
    await ctx.stripe.cancelPaymentIntent(paymentIntentId, reason);
    return "cancelled";
  } catch (error) {
    if (error instanceof StripeCallFailed && error.failure.code === "payment_intent_unexpected_state") return "not_cancelable";
    throw error;
  }
}
