/**
 * What went wrong with a payment, in plain words for the customer (pay-now page, emails)
 * and a short label for operators. Keyed by Stripe's decline code, then its error code.
 */
import { FAILURE_WORDS } from "./failure-words";
import { classifyFailure, type FailureKind } from "@/lib/stripe/errors";

export interface FailureExplanation {
  kind: FailureKind;
  /** One or two sentences for the customer. */
  customer: string;
  /** What the customer can do on the pay-now page. */
  nextStep: "confirm_with_bank" | "try_again_or_other_card" | "use_other_card";
}

const BY_CODE = FAILURE_WORDS;

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
