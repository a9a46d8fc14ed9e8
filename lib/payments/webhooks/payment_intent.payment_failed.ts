import type Stripe from "stripe";
import type { WebhookHandler } from "./handler";
import { syncFromPaymentIntentEvent } from "./payment-intent-sync";

/** Re-reads the intent: if it has succeeded meanwhile (reordered events) the booking is paid; a failure is only noted. */
export const paymentIntentPaymentFailed: WebhookHandler<Stripe.PaymentIntentPaymentFailedEvent> = syncFromPaymentIntentEvent;
