import type Stripe from "stripe";
import type { WebhookHandler } from "./handler";

/** The browser showed the error already; nothing is saved. Kept for the record. */
export const setupIntentSetupFailed: WebhookHandler<Stripe.SetupIntentSetupFailedEvent> = async (event) => {
  const error = event.data.object.last_setup_error;
  return `SetupIntent ${event.data.object.id} failed: ${error?.code ?? "unknown"} ${error?.decline_code ?? ""}`.trim();
};
