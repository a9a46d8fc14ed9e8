import type Stripe from "stripe";
import { alertOperator } from "@/lib/notifications";
import { bookingIdForPaymentIntent, idOf, NotOurs, type WebhookHandler } from "./handler";
import { upsertRefund } from "./refunds";

/** A refund changed state (pending → succeeded, or failed later): mirrored; a failure needs a person. */
export const chargeRefundUpdated: WebhookHandler<Stripe.ChargeRefundUpdatedEvent> = async (event, ctx) => {
  const refund = await ctx.stripe.retrieveRefund(event.data.object.id);
  const piId = idOf(refund.payment_intent);
  if (!piId) throw new NotOurs(`refund ${refund.id} has no PaymentIntent`);
  const bookingId = await bookingIdForPaymentIntent(ctx, { id: piId, metadata: refund.metadata });
  if (!bookingId) throw new NotOurs(`no booking for PaymentIntent ${piId} of refund ${refund.id}`);
  if (!(await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { id: true } }))) {
    throw new NotOurs(`refund ${refund.id} names booking ${bookingId}, which does not exist`);
  }
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
