/**
 * What the browser needs to load Stripe.js on the pages that take card details or confirm
 * payments (and only there): the publishable key, and in emulator mode the emulator's own
 * Stripe.js, which the client injects the way `@stripe/stripe-js` injects js.stripe.com
 * (components/payments/stripe-provider.tsx). Read per request on the server, so the
 * emulator's port is the running stack's, not the one the build saw.
 */
import { env } from "@/lib/env";

export interface StripeJsConfig {
  publishableKey: string;
  /** The emulator's Stripe.js; null with real keys (loadStripe fetches js.stripe.com). */
  scriptUrl: string | null;
}

export function stripeJsConfig(): StripeJsConfig {
  return {
    publishableKey: env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
    scriptUrl: env.STRIPE_MODE === "emulator" ? `${env.STRIPE_EMULATOR_URL}/stripe-js/v3.js` : null,
  };
}
