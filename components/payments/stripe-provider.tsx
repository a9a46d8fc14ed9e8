"use client";
/**
 * Stripe Elements for the Payment Element in SetupIntent mode (deferred: the SetupIntent is
 * created only when the customer submits). Reusable by every page that saves a card:
 * booking requests, payment methods, pay-now.
 */
import { Elements } from "@stripe/react-stripe-js";
import { loadStripe, type Stripe, type StripeElementsOptions } from "@stripe/stripe-js";
import type { ReactNode } from "react";

const loaders = new Map<string, Promise<Stripe | null>>();

/** One Stripe.js instance per publishable key (loadStripe must not run on every render). */
export function stripePromise(publishableKey: string): Promise<Stripe | null> {
  let promise = loaders.get(publishableKey);
  if (!promise) {
    promise = loadStripe(publishableKey);
    loaders.set(publishableKey, promise);
  }
  return promise;
}

export const elementsAppearance: StripeElementsOptions["appearance"] = {
  theme: "stripe",
  variables: { colorPrimary: "#244438", borderRadius: "8px", fontFamily: "system-ui, sans-serif" },
};

export interface StripeProviderProps {
  publishableKey: string;
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

export function StripeProvider({ publishableKey, mode = "setup", currency, amount, setupFutureUsage, children }: StripeProviderProps) {
  const options: StripeElementsOptions =
    mode === "payment"
      ? { mode: "payment", amount: amount ?? 0, currency: currency.toLowerCase(), setupFutureUsage, appearance: elementsAppearance }
      : { mode: "setup", currency: currency.toLowerCase(), setupFutureUsage: setupFutureUsage ?? "off_session", appearance: elementsAppearance };
  return (
    <Elements stripe={stripePromise(publishableKey)} options={options}>
      {children}
    </Elements>
  );
}
