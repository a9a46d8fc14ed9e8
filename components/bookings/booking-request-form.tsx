"use client";
/**
 * The payment step of a booking: a saved card or a new one (Payment Element, SetupIntent
 * mode, 3D Secure in place), the consent box, and "Send request". The server re-checks the
 * consent, the card and the slot; its messages come back into this form, which keeps its state.
 */
import { useRef, useState, type FormEvent } from "react";
import { ConsentCheckbox } from "@/components/payments/consent-checkbox";
import { CardSetupFields } from "@/components/payments/card-setup-fields";
import { NEW_CARD, SavedCardPicker, type PickableCard } from "@/components/payments/saved-card-picker";
import { StripeProvider, type StripeJsConfig } from "@/components/payments/stripe-provider";
import { useConfirmNewCard, type StartSetupAction } from "@/components/payments/use-confirm-new-card";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";

type SendAction = (state: FormState, formData: FormData) => Promise<FormState>;

export interface BookingRequestFormProps {
  stripeJs: StripeJsConfig;
  currency: string;
  /** listingId, date, start, end, guests: sent back as they are; the server re-prices. */
  selection: Record<string, string>;
  cards: readonly PickableCard[];
  consentText: string;
  consentHash: string;
  total: string;
  startSetup: StartSetupAction;
  sendRequest: SendAction;
}

export function BookingRequestForm(props: BookingRequestFormProps) {
  return (
    <StripeProvider stripeJs={props.stripeJs} currency={props.currency}>
      <RequestForm {...props} />
    </StripeProvider>
  );
}

function RequestForm({ selection, cards, consentText, consentHash, total, startSetup, sendRequest }: BookingRequestFormProps) {
  const confirmNewCard = useConfirmNewCard(startSetup);
  const defaultCard = cards.find((c) => c.isDefault) ?? cards[0];
  const [choice, setChoice] = useState(defaultCard?.id ?? NEW_CARD);
  const [consent, setConsent] = useState(false);
  const [pending, setPending] = useState(false);
  const [state, setState] = useState<FormState>(null);
  const [cardError, setCardError] = useState<string>();
  const [localConsentError, setConsentError] = useState<string>();
  const consentRef = useRef<HTMLInputElement>(null);


  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    setCardError(undefined);
    if (!consent) {
      // Said once, under the box (which takes focus and is described by it).
      setState(null);
      setConsentError("Please tick the box to agree to the payment terms.");
      consentRef.current?.focus();
      return;
    }
    setConsentError(undefined);
    setPending(true);
    try {
      const data = new FormData(form);
      if (choice === NEW_CARD) {
        const outcome = await confirmNewCard();
        if (!outcome.ok) {
          // Said once, under the card fields.
          setState(null);
          setCardError(outcome.message);
          return;
        }
        data.set("setupIntentId", outcome.setupIntentId);
      }
      const result = await sendRequest(null, data);
      setState(result); // on success the action redirects to the booking's page
    } finally {
      setPending(false);
    }
  }

  const consentError = localConsentError ?? (state && !state.ok ? state.fieldErrors.consent?.[0] : undefined);
  const savedCardError = state && !state.ok ? state.fieldErrors.savedCardId?.[0] : undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-labelledby="payment-title">
      <h2 id="payment-title" className="text-xl font-semibold">
        Payment
      </h2>
      {Object.entries(selection).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {cards.length > 0 ? (
        <SavedCardPicker cards={cards} value={choice} onChange={setChoice} error={savedCardError} />
      ) : (
        <input type="hidden" name="savedCardId" value={NEW_CARD} />
      )}
      {choice === NEW_CARD ? <CardSetupFields error={cardError} /> : null}
      <ConsentCheckbox text={consentText} textHash={consentHash} checked={consent} onChange={setConsent} error={consentError} inputRef={consentRef} />
      <p className="text-sm text-pine-700">Nothing is charged now. The host has to accept your request first.</p>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full">
        {pending ? "Sending request…" : `Send request (${total})`}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
