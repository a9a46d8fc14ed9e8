import type Stripe from "stripe";
import { STRIPE } from "@/lib/bookings/transitions";
import type { WebhookHandler } from "./handler";
import { mirrorChargeRefunds } from "./refunds";

/**
 * A charge was refunded (in part or in full, from our admin pages or Stripe's dashboard).
 * Re-reads the charge and its refunds, mirrors them, and a full refund moves the booking to
 * REFUNDED; a partial one stays PAID with the refunded amount recorded.
 */
export const chargeRefunded: WebhookHandler<Stripe.ChargeRefundedEvent> = (event, ctx) => mirrorChargeRefunds(ctx, event.data.object.id, STRIPE);
