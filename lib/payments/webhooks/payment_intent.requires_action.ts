import type Stripe from "stripe";
import type { WebhookHandler } from "./handler";
import { syncFromPaymentIntentEvent } from "./payment-intent-sync";

/** The customer is in (or left) a 3DS challenge: noted; success arrives as payment_intent.succeeded. */
export const paymentIntentRequiresAction: WebhookHandler<Stripe.PaymentIntentRequiresActionEvent> = syncFromPaymentIntentEvent;
