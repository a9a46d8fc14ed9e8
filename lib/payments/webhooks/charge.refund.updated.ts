import type Stripe from "stripe";
import type { WebhookHandler } from "./handler";
import { mirrorRefundUpdate } from "./refunds";

/** A refund changed state (pending → succeeded, or failed later): mirrored; a failure needs a person. */
export const chargeRefundUpdated: WebhookHandler<Stripe.ChargeRefundUpdatedEvent> = async (event, ctx) =>
  mirrorRefundUpdate(ctx, await ctx.stripe.retrieveRefund(event.data.object.id));
