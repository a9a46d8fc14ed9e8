import Script from "next/script";
import { env } from "@/lib/env";

/**
 * In emulator mode, the emulator's Stripe.js defines `window.Stripe` before the app bundle
 * runs, so `loadStripe` reuses it instead of injecting js.stripe.com (unreachable offline).
 * With real keys this renders nothing and Stripe.js loads from Stripe as usual.
 * Must be rendered in the root layout (`beforeInteractive`), with the request's CSP nonce.
 */
export function StripeEmulatorScript({ nonce }: { nonce: string | undefined }) {
  if (env.STRIPE_MODE !== "emulator") return null;
  // App Router: beforeInteractive belongs in the root layout (the rule targets pages/_document).
  // eslint-disable-next-line @next/next/no-before-interactive-script-outside-document
  return <Script src={`${env.STRIPE_EMULATOR_URL}/stripe-js/v3.js`} strategy="beforeInteractive" nonce={nonce} />;
}
