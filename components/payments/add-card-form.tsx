"use client";
/** Account → payment methods: add a card (Payment Element, SetupIntent mode) with consent. */
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/actions/form-state";
import { CardSetupFields } from "./card-setup-fields";
import { ConsentCheckbox } from "./consent-checkbox";
import { StripeProvider, type StripeJsConfig } from "./stripe-provider";
import { useConfirmNewCard, type StartSetupAction } from "./use-confirm-new-card";

type SaveAction = (state: FormState, formData: FormData) => Promise<FormState>;

export interface AddCardFormProps {
  stripeJs: StripeJsConfig;
  currency: string;
  consentText: string;
  consentHash: string;
  startSetup: StartSetupAction;
  saveCard: SaveAction;
}

export function AddCardForm(props: AddCardFormProps) {
  return (
    <StripeProvider stripeJs={props.stripeJs} currency={props.currency}>
      <Form {...props} />
    </StripeProvider>
  );
}

function Form({ consentText, consentHash, startSetup, saveCard }: AddCardFormProps) {
  const router = useRouter();
  const confirmNewCard = useConfirmNewCard(startSetup);
  const [consent, setConsent] = useState(false);
  const [pending, setPending] = useState(false);
  const [state, setState] = useState<FormState>(null);
  const [cardError, setCardError] = useState<string>();
  const [formKey, setFormKey] = useState(0);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    setCardError(undefined);
    if (!consent) {
      const message = "Please tick the box to agree to the payment terms.";
      setState({ ok: false, message, fieldErrors: { consent: [message] }, values: {} });
      return;
    }
    setPending(true);
    try {
      const outcome = await confirmNewCard();
      if (!outcome.ok) {
        setCardError(outcome.message);
        setState({ ok: false, message: outcome.message, fieldErrors: {}, values: {} });
        return;
      }
      const data = new FormData(form);
      data.set("setupIntentId", outcome.setupIntentId);
      const result = await saveCard(null, data);
      setState(result);
      if (result?.ok) {
        setConsent(false);
        setFormKey((k) => k + 1); // a fresh, empty card form
        router.refresh();
      }
    } finally {
      setPending(false);
    }
  }

  const consentError = state && !state.ok ? state.fieldErrors.consent?.[0] : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-labelledby="add-card-title">
      <h2 id="add-card-title" className="text-xl font-semibold">
        Add a card
      </h2>
      <CardSetupFields key={formKey} error={cardError} />
      <ConsentCheckbox text={consentText} textHash={consentHash} checked={consent} onChange={setConsent} error={consentError} />
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Saving card…" : "Save card"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
