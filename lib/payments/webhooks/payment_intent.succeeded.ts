import type Stripe from "stripe";
import type { WebhookHandler } from "./handler";
import { syncFromPaymentIntentEvent } from "./payment-intent-sync";

/** Paid, whoever confirmed it (off-session worker, pay-now page): the booking becomes PAID once. */
export const paymentIntentSucceeded: WebhookHandler<Stripe.PaymentIntentSucceededEvent> = syncFromPaymentIntentEvent;
