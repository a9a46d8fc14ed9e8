"use client";
import { useElements, useStripe } from "@stripe/react-stripe-js";
import type { FormState } from "@/lib/actions/form-state";
import { stripeErrorWords, type StripeErrorLike } from "@/lib/notifications/failure-words";

/** Stripe's error in plain words; its developer text goes to the console only. */
function words(error: StripeErrorLike): string {
  console.warn("Stripe.js:", error.type, error.code, error.decline_code, error.message);
  return stripeErrorWords(error);
}

export type StartSetupAction = (
  state: FormState<{ setupIntentId: string; clientSecret: string }>,
  formData: FormData,
) => Promise<FormState<{ setupIntentId: string; clientSecret: string }>>;

export type ConfirmOutcome =
  | { ok: true; setupIntentId: string; /** The saved card, to pay with at once (pay-now). */ paymentMethodId: string | null }
  | { ok: false; message: string };

/**
 * Saving the card typed into the Payment Element: validate it, create the SetupIntent on the
 * server (consent given), confirm it — with the 3D Secure challenge when the bank asks —
 * without leaving the page. A failure comes back in plain words.
 */
export function useConfirmNewCard(startSetup: StartSetupAction) {
  const stripe = useStripe();
  const elements = useElements();

  return async function confirmNewCard(): Promise<ConfirmOutcome> {
    if (!stripe || !elements) return { ok: false, message: "The card form is still loading. Please try again in a moment." };
    const submitted = await elements.submit();
    if (submitted.error) return { ok: false, message: words(submitted.error) };

    const form = new FormData();
    form.set("consent", "on");
    const started = await startSetup(null, form);
    if (!started?.ok || !started.data) return { ok: false, message: started?.message ?? "Your card could not be saved. Please try again." };

    const result = await stripe.confirmSetup({
      elements,
      clientSecret: started.data.clientSecret,
      confirmParams: { return_url: window.location.href },
      redirect: "if_required",
    });
    if (result.error) return { ok: false, message: words(result.error) };
    if (result.setupIntent.status !== "succeeded") return { ok: false, message: "Your card could not be confirmed. Please try again." };
    const pm = result.setupIntent.payment_method;
    return { ok: true, setupIntentId: result.setupIntent.id, paymentMethodId: typeof pm === "string" ? pm : (pm?.id ?? null) };
  };
}
