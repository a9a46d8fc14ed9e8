import type Stripe from "stripe";
import { alertOperator } from "@/lib/notifications";
import { bookingIdForPaymentIntent, idOf, type WebhookHandler } from "./handler";
import { upsertRefund } from "./refunds";

/** A refund changed state (pending → succeeded, or failed later): mirrored; a failure needs a person. */
export const chargeRefundUpdated: WebhookHandler<Stripe.ChargeRefundUpdatedEvent> = async (event, ctx) => {
  const refund = await ctx.stripe.retrieveRefund(event.data.object.id);
  const piId = idOf(refund.payment_intent);
  if (!piId) return `refund ${refund.id} has no PaymentIntent`;
  const bookingId = await bookingIdForPaymentIntent(ctx, { id: piId, metadata: refund.metadata });
  if (!bookingId) return `no booking for ${piId}`;
  const status = await upsertRefund(ctx, bookingId, refund);
  if (status === "FAILED") {
    await alertOperator(ctx, {
      bookingId,
      subject: "A refund failed",
      details: [`Refund ${refund.id} of ${refund.amount} ${refund.currency} failed: ${refund.failure_reason ?? "no reason given"}.`, "Refund the customer another way."],
    });
  }
  return `refund ${refund.id}: ${status}`;
};
