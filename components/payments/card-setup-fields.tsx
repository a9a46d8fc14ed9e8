"use client";
import { PaymentElement } from "@stripe/react-stripe-js";
import type { StripePaymentElementOptions } from "@stripe/stripe-js";

/**
 * Where the marketplace's saunas are (the listing pages say "…, Finland"): the Payment
 * Element's billing country starts there, so it asks only for what Stripe needs for that
 * country (no postal code for Finland).
 */
export const MARKETPLACE_COUNTRY = "FI";

/** The Payment Element's options on every page that takes a card. */
export function paymentElementOptions(country: string = MARKETPLACE_COUNTRY): StripePaymentElementOptions {
  return { layout: "tabs", terms: { card: "never" }, defaultValues: { billingDetails: { address: { country } } } };
}

/** The Payment Element (card fields in Stripe's iframe) and the card error, announced. */
export function CardSetupFields({ error, country }: { error?: string; country?: string }) {
  return (
    <div className="space-y-2">
      {/* The Payment Element's space is held before Stripe.js has loaded and drawn it (265 px
          of card fields, plus this box's padding and border), so nothing below it moves. */}
      <div className="min-h-[291px] rounded-lg border border-birch-300 bg-white p-3">
        <PaymentElement options={paymentElementOptions(country)} />
      </div>
      {error ? (
        <p id="card-error" role="alert" tabIndex={-1} className="text-sm font-medium text-ember-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
