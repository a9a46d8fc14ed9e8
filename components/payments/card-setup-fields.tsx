"use client";
import { PaymentElement } from "@stripe/react-stripe-js";

/** The Payment Element (card fields in Stripe's iframe) and the card error, announced. */
export function CardSetupFields({ error }: { error?: string }) {
  return (
    <div className="space-y-2">
      <div className="rounded-lg border border-birch-300 bg-white p-3">
        <PaymentElement options={{ layout: "tabs", terms: { card: "never" } }} />
      </div>
      {error ? (
        <p id="card-error" role="alert" tabIndex={-1} className="text-sm font-medium text-ember-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
