"use client";
import { PaymentElement } from "@stripe/react-stripe-js";

/** The Payment Element (card fields in Stripe's iframe) and the card error, announced. */
export function CardSetupFields({ error }: { error?: string }) {
  return (
    <div className="space-y-2">
      {/* The Payment Element's space is held before Stripe.js has loaded and drawn it (265 px
          of card fields, plus this box's padding and border), so nothing below it moves. */}
      <div className="min-h-[291px] rounded-lg border border-birch-300 bg-white p-3">
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
