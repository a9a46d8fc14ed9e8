/**
 * What went wrong with a payment, in plain words for the customer (pay-now page, emails)
 * and a short label for operators. Keyed by Stripe's decline code, then its error code.
 */
import { classifyFailure, type FailureKind } from "@/lib/stripe/errors";

export interface FailureExplanation {
  kind: FailureKind;
  /** One or two sentences for the customer. */
  customer: string;
  /** What the customer can do on the pay-now page. */
  nextStep: "confirm_with_bank" | "try_again_or_other_card" | "use_other_card";
}

const BY_CODE: Record<string, string> = {
  authentication_required: "Your bank wants you to confirm this payment yourself (3D Secure).",
  insufficient_funds: "Your card was declined for insufficient funds.",
  try_again_later: "Your bank asked us to try again later.",
  processing_error: "There was a problem processing your card.",
  generic_decline: "Your card was declined.",
  card_declined: "Your card was declined.",
  do_not_honor: "Your card was declined by your bank.",
  expired_card: "Your card has expired.",
  lost_card: "Your card was declined (reported lost).",
  stolen_card: "Your card was declined (reported stolen).",
  fraudulent: "Your card was declined.",
  incorrect_number: "The card number on file is not valid.",
  incorrect_cvc: "Your card's security code was not accepted.",
  payment_intent_authentication_failure: "The confirmation with your bank did not succeed.",
  resource_missing: "The saved card is no longer available.",
};

export function explainFailure(failure: { code?: string | null; declineCode?: string | null; type?: string | null }): FailureExplanation {
  const kind = classifyFailure({ type: failure.type ?? (failure.declineCode ? "card_error" : null), code: failure.code, declineCode: failure.declineCode });
  const sentence =
    BY_CODE[failure.declineCode ?? ""] ?? BY_CODE[failure.code ?? ""] ?? "Your card could not be charged.";
  switch (kind) {
    case "authentication_required":
      return { kind, customer: `${sentence} Confirm it with your bank on the payment page.`, nextStep: "confirm_with_bank" };
    case "soft_decline":
      return {
        kind,
        customer: `${sentence} You can try again now, or pay with another card.`,
        nextStep: "try_again_or_other_card",
      };
    case "hard_decline":
      return { kind, customer: `${sentence} Please pay with another card.`, nextStep: "use_other_card" };
    default:
      return { kind, customer: `${sentence} Please pay with another card.`, nextStep: "use_other_card" };
  }
}
