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
  children: ReactNode;
}

export function StripeProvider({ publishableKey, mode = "setup", currency, amount, children }: StripeProviderProps) {
  const options: StripeElementsOptions =
    mode === "payment"
      ? { mode: "payment", amount: amount ?? 0, currency: currency.toLowerCase(), setupFutureUsage: "off_session", appearance: elementsAppearance }
      : { mode: "setup", currency: currency.toLowerCase(), setupFutureUsage: "off_session", appearance: elementsAppearance };
  return (
    <Elements stripe={stripePromise(publishableKey)} options={options}>
      {children}
    </Elements>
  );
}
