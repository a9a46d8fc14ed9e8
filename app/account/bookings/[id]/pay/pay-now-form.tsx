"use client";
/**
 * The pay-now form: confirm the booking's one PaymentIntent in the browser — with the saved
 * card (3D Secure challenge when the bank asks: "Confirm with your bank"), another saved
 * card, or a new card typed into the Payment Element — then ask the server to record the
 * outcome at once. The button is disabled while a payment runs, so a double click cannot
 * confirm twice (and a PaymentIntent succeeds only once anyway).
 */
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { cardLabel, NEW_CARD } from "@/components/payments/saved-card-picker";
import { elementsAppearance, stripePromise } from "@/components/payments/stripe-provider";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/actions/form-state";
import type { FinalizeResult, SavedCardOption } from "@/lib/payments/pay-now";

type FinalizeAction = (state: FormState<FinalizeResult>, formData: FormData) => Promise<FormState<FinalizeResult>>;

export interface PayNowFormProps {
  publishableKey: string;
  clientSecret: string;
  amount: number;
  currency: string;
  amountText: string;
  bookingPaymentMethodId: string | null;
  savedCards: SavedCardOption[];
  confirmWithBank: boolean;
  finalize: FinalizeAction;
}

export function PayNowForm(props: PayNowFormProps) {
  return (
    // Payment mode without setup_future_usage: it must match the booking's PaymentIntent,
    // which pays this booking and saves nothing.
    <Elements
      stripe={stripePromise(props.publishableKey)}
      options={{ mode: "payment", amount: props.amount, currency: props.currency.toLowerCase(), appearance: elementsAppearance }}
    >
      <Form {...props} />
    </Elements>
  );
}

function Form({ clientSecret, amountText, bookingPaymentMethodId, savedCards, confirmWithBank, finalize }: PayNowFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const cards = savedCards.length > 0 ? savedCards : [];
  const [choice, setChoice] = useState<string>(bookingPaymentMethodId ?? cards[0]?.paymentMethodId ?? NEW_CARD);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !stripe || !elements) return;
    setPending(true);
    setError(undefined);
    try {
      let stripeError: string | undefined;
      if (choice === NEW_CARD) {
        const submitted = await elements.submit();
        if (submitted.error) {
          setError(submitted.error.message ?? "Please check your card details.");
          return;
        }
        const result = await stripe.confirmPayment({
          elements,
          clientSecret,
          confirmParams: { return_url: window.location.href },
          redirect: "if_required",
        });
        stripeError = result.error?.message;
      } else {
        const result = await stripe.confirmCardPayment(clientSecret, { payment_method: choice });
        stripeError = result.error?.message;
      }
      // Whatever the browser saw, the server reads the PaymentIntent itself and records it.
      const state = await finalize(null, new FormData());
      if (state?.ok && state.data?.status === "paid") {
        setDone(state.message);
        router.refresh();
        return;
      }
      setError(stripeError ?? state?.message ?? "The payment did not go through.");
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="rounded-lg border border-pine-300 bg-pine-50 p-4 font-medium text-pine-800">
        {done}
      </p>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "pay-error" : undefined}>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-pine-900">Pay with</legend>
        {cards.map((card) => (
          <label key={card.paymentMethodId} className="flex items-center gap-3 rounded-lg border border-birch-300 p-3 text-sm">
            <input
              type="radio"
              name="card"
              value={card.paymentMethodId}
              checked={choice === card.paymentMethodId}
              onChange={() => setChoice(card.paymentMethodId)}
              className="accent-pine-700"
            />
            {cardLabel(card)}
            {card.paymentMethodId === bookingPaymentMethodId ? <span className="text-pine-600">(the card on this booking)</span> : null}
          </label>
        ))}
        <label className="flex items-center gap-3 rounded-lg border border-birch-300 p-3 text-sm">
          <input type="radio" name="card" value={NEW_CARD} checked={choice === NEW_CARD} onChange={() => setChoice(NEW_CARD)} className="accent-pine-700" />
          A new card
        </label>
      </fieldset>
      {choice === NEW_CARD ? (
        <div className="rounded-lg border border-birch-300 bg-white p-3">
          <PaymentElement options={{ layout: "tabs", terms: { card: "never" } }} />
          <p className="mt-2 text-xs text-pine-700">This card is used for this payment only; it is not saved.</p>
        </div>
      ) : null}
      {error ? (
        <p id="pay-error" role="alert" className="text-sm font-medium text-ember-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending || !stripe}>
        {pending
          ? "Paying…"
          : confirmWithBank && choice === bookingPaymentMethodId
            ? `Confirm with your bank (${amountText})`
            : `Pay ${amountText}`}
      </Button>
    </form>
  );
}
