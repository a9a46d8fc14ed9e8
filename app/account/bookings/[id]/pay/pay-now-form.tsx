"use client";
/**
 * The pay-now form: confirm the booking's one PaymentIntent in the browser — with the saved
 * card (3D Secure challenge when the bank asks: "Confirm with your bank"), another saved
 * card, or a new card typed into the Payment Element — then ask the server to record the
 * outcome at once. A new card can also be saved for later bookings: that needs the consent
 * box and goes through the saved-cards flow of the payment-methods page (SetupIntent, then a
 * ConsentRecord), after which the booking's PaymentIntent is confirmed with the saved card.
 * The button is disabled while a payment runs, so a double click cannot confirm twice (and
 * a PaymentIntent succeeds only once anyway).
 */
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { StripeElementsOptions } from "@stripe/stripe-js";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { ConsentCheckbox } from "@/components/payments/consent-checkbox";
import { paymentElementOptions } from "@/components/payments/card-setup-fields";
import { cardLabel, NEW_CARD } from "@/components/payments/saved-card-picker";
import { elementsAppearance, stripePromise, type StripeJsConfig } from "@/components/payments/stripe-provider";
import { useConfirmNewCard, type StartSetupAction } from "@/components/payments/use-confirm-new-card";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/actions/form-state";
import { stripeErrorWords, type StripeErrorLike } from "@/lib/notifications/failure-words";
import type { FinalizeResult, SavedCardOption } from "@/lib/use-cases/pay-now";

type FinalizeAction = (state: FormState<FinalizeResult>, formData: FormData) => Promise<FormState<FinalizeResult>>;
type SaveCardAction = (state: FormState, formData: FormData) => Promise<FormState>;

export interface PayNowFormProps {
  stripeJs: StripeJsConfig;
  clientSecret: string;
  amount: number;
  currency: string;
  amountText: string;
  bookingPaymentMethodId: string | null;
  savedCards: SavedCardOption[];
  confirmWithBank: boolean;
  /** What went wrong with the last charge, in plain words (shown until a new failure replaces it). */
  problem?: string;
  finalize: FinalizeAction;
  /** Saving a new card for later: the general consent and the saved-card actions. */
  consentText: string;
  consentHash: string;
  startSetup: StartSetupAction;
  saveCard: SaveCardAction;
}

export function PayNowForm(props: PayNowFormProps) {
  const [saveForLater, setSaveForLater] = useState(false);
  // Payment mode, no setup_future_usage: it matches the booking's PaymentIntent, which saves
  // nothing. Saving the card first is a SetupIntent (setup mode, off_session), like on the
  // payment-methods page; the booking is then paid with the card just saved.
  const currency = props.currency.toLowerCase();
  const options: StripeElementsOptions = saveForLater
    ? { mode: "setup", currency, setupFutureUsage: "off_session", appearance: elementsAppearance }
    : { mode: "payment", amount: props.amount, currency, setupFutureUsage: null, appearance: elementsAppearance };
  return (
    <Elements stripe={stripePromise(props.stripeJs)} options={options}>
      <Form {...props} saveForLater={saveForLater} setSaveForLater={setSaveForLater} />
    </Elements>
  );
}

interface FormProps extends PayNowFormProps {
  saveForLater: boolean;
  setSaveForLater: (save: boolean) => void;
}

function Form(props: FormProps) {
  const { clientSecret, amountText, bookingPaymentMethodId, savedCards, confirmWithBank, finalize, saveForLater } = props;
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const confirmNewCard = useConfirmNewCard(props.startSetup);
  // The booking's card when the bank asks for a confirmation; after a decline, another card.
  const [choice, setChoice] = useState<string>(
    confirmWithBank ? (bookingPaymentMethodId ?? savedCards[0]?.paymentMethodId ?? NEW_CARD) : (savedCards.find((c) => c.paymentMethodId !== bookingPaymentMethodId)?.paymentMethodId ?? NEW_CARD),
  );
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState<string>();
  const [pending, setPending] = useState(false);
  const running = useRef(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  /** Stripe's error in plain words; its own developer text goes to the console only. */
  function words(error: StripeErrorLike | undefined): string | undefined {
    if (!error) return undefined;
    console.warn("Stripe.js:", error.type, error.code, error.decline_code, error.message);
    return stripeErrorWords(error);
  }

  /** Confirms the booking's PaymentIntent; resolves the failure in plain words, if any. */
  async function confirm(): Promise<string | undefined> {
    if (!stripe || !elements) return "The payment form is still loading. Please try again in a moment.";
    if (choice !== NEW_CARD) {
      const result = await stripe.confirmCardPayment(clientSecret, { payment_method: choice });
      return words(result.error);
    }
    if (saveForLater) {
      const saved = await confirmNewCard();
      if (!saved.ok) return saved.message;
      const data = new FormData();
      data.set("setupIntentId", saved.setupIntentId);
      data.set("consent", "on");
      data.set("consentHash", props.consentHash);
      const stored = await props.saveCard(null, data);
      if (!stored?.ok || !saved.paymentMethodId) return stored?.message ?? "Your card could not be saved.";
      const result = await stripe.confirmCardPayment(clientSecret, { payment_method: saved.paymentMethodId });
      return words(result.error);
    }
    const submitted = await elements.submit();
    if (submitted.error) return words(submitted.error) ?? "Please check your card details.";
    const result = await stripe.confirmPayment({
      elements,
      clientSecret,
      confirmParams: { return_url: window.location.href },
      redirect: "if_required",
    });
    return words(result.error);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (running.current || !stripe || !elements) return;
    setError(undefined);
    setConsentError(undefined);
    if (choice === NEW_CARD && saveForLater && !consent) {
      setConsentError("Please tick the box to agree to the payment terms, or untick “Save this card”.");
      return;
    }
    running.current = true;
    setPending(true);
    try {
      const stripeError = await confirm();
      // Whatever the browser saw, the server reads the PaymentIntent itself and records it.
      const state = await finalize(null, new FormData());
      if (state?.ok && state.data?.status === "paid") {
        setDone(state.message);
        router.refresh();
        return;
      }
      // The browser's words are the most precise; the server's reading is plain words too.
      setError(stripeError ?? (state?.ok ? state.message : undefined) ?? "The payment did not go through. Please try again, or use another card.");
    } finally {
      running.current = false;
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
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={error ? "pay-error" : undefined}>
      {/* One message about the payment: the last try's failure, or else the charge's. */}
      {!error && props.problem ? (
        <p role="status" className="rounded-lg border border-ember-300 bg-ember-50 p-4 text-sm text-ember-800">
          {props.problem}
        </p>
      ) : null}
      {error ? (
        <p id="pay-error" role="alert" className="rounded-lg border border-ember-300 bg-ember-50 p-4 text-sm font-medium text-ember-800">
          {error}
        </p>
      ) : null}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-pine-900">Pay with</legend>
        {savedCards.map((card) => (
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
        <div className="space-y-3 rounded-lg border border-birch-300 bg-white p-3">
          <PaymentElement options={paymentElementOptions()} />
          <label className="flex items-center gap-3 text-sm">
            <input
              type="checkbox"
              checked={saveForLater}
              onChange={(e) => props.setSaveForLater(e.target.checked)}
              className="size-4 accent-pine-700"
            />
            Save this card for later bookings
          </label>
          {saveForLater ? (
            <ConsentCheckbox text={props.consentText} textHash={props.consentHash} checked={consent} onChange={setConsent} error={consentError} />
          ) : (
            <p className="text-xs text-pine-700">This card is used for this payment only; it is not saved.</p>
          )}
        </div>
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
