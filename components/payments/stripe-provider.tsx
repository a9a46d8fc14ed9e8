"use client";
/**
 * Stripe Elements for the Payment Element in SetupIntent mode (deferred: the SetupIntent is
 * created only when the customer submits). Reusable by every page that saves a card:
 * booking requests, payment methods, pay-now.
 *
 * Stripe.js is loaded here, when one of those forms first renders, and nowhere else: the
 * `pure` entry of `@stripe/stripe-js` injects its script only when `loadStripe` is called
 * (the main entry would inject it on import). In emulator mode the emulator's Stripe.js is
 * injected the same way first — a script element appended to the head, trusted under the
 * CSP's 'strict-dynamic' because a nonced script adds it — and `loadStripe` then finds
 * `window.Stripe` and uses it instead of fetching js.stripe.com.
 */
import { Elements } from "@stripe/react-stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import type { Stripe, StripeElementsOptions } from "@stripe/stripe-js";
import type { ReactNode } from "react";
import type { StripeJsConfig } from "@/lib/stripe/browser";

export type { StripeJsConfig };

const loaders = new Map<string, Promise<Stripe | null>>();

/** Appends `<script src>` once and resolves when it has run (rejects when it fails to load). */
function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const existing = document.querySelector<HTMLScriptElement>(`script[src="${CSS.escape(src)}"]`);
    if (existing && "Stripe" in window) return resolve();
    const script = existing ?? document.createElement("script");
    script.addEventListener("load", () => resolve(), { once: true });
    script.addEventListener("error", () => reject(new Error(`Failed to load Stripe.js from ${src}`)), { once: true });
    if (!existing) {
      script.src = src;
      script.async = true;
      (document.head ?? document.body).appendChild(script);
    }
  });
}

/** One Stripe.js instance per publishable key (loadStripe must not run on every render). */
export function stripePromise(config: StripeJsConfig): Promise<Stripe | null> {
  // Rendered on the server too: Elements there gets no Stripe (as loadStripe resolves null).
  if (typeof window === "undefined") return Promise.resolve(null);
  let promise = loaders.get(config.publishableKey);
  if (!promise) {
    const ready = config.scriptUrl ? injectScript(config.scriptUrl) : Promise.resolve();
    promise = ready.then(() => loadStripe(config.publishableKey));
    // A failed load may be retried by the next render (a network blip), not cached forever.
    promise.catch(() => loaders.delete(config.publishableKey));
    loaders.set(config.publishableKey, promise);
  }
  return promise;
}

export const elementsAppearance: StripeElementsOptions["appearance"] = {
  theme: "stripe",
  variables: { colorPrimary: "#244438", borderRadius: "8px", fontFamily: "system-ui, sans-serif" },
};

export interface StripeProviderProps {
  stripeJs: StripeJsConfig;
  /** "setup" saves a card for later; "payment" pays an amount now (pay-now). */
  mode?: "setup" | "payment";
  /** ISO currency, lower or upper case. */
  currency: string;
  /** Minor units; required in payment mode. */
  amount?: number;
  /**
   * Must match the intent the page confirms: SetupIntents here are `usage: off_session`; in
   * payment mode pass "off_session" only when the PaymentIntent saves the card for later.
   */
  setupFutureUsage?: "off_session" | "on_session";
  children: ReactNode;
}

export function StripeProvider({ stripeJs, mode = "setup", currency, amount, setupFutureUsage, children }: StripeProviderProps) {
  const options: StripeElementsOptions =
    mode === "payment"
      ? { mode: "payment", amount: amount ?? 0, currency: currency.toLowerCase(), setupFutureUsage, appearance: elementsAppearance }
      : { mode: "setup", currency: currency.toLowerCase(), setupFutureUsage: setupFutureUsage ?? "off_session", appearance: elementsAppearance };
  return (
    <Elements stripe={stripePromise(stripeJs)} options={options}>
      {children}
    </Elements>
  );
}
