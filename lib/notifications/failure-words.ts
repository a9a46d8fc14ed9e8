/**
 * Stripe's failure codes in plain words, for customers. Pure (no SDK, no server code), so the
 * browser's payment forms use the same words as the pay-now page and the emails
 * (`failure-messages.ts` beside it). Stripe's own `message` is written for developers
 * ("…You can provide payment_method_data…"): it is logged, never shown.
 */

/** One sentence per decline code or error code. */
export const FAILURE_WORDS: Readonly<Record<string, string>> = {
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
  setup_intent_authentication_failure: "The confirmation with your bank did not succeed.",
  resource_missing: "The saved card is no longer available.",
};

/** What the customer can do after each kind of browser-side failure. */
const NEXT_STEP: Readonly<Record<string, string>> = {
  payment_intent_authentication_failure: "You can try again, or pay with another card.",
  setup_intent_authentication_failure: "You can try again, or use another card.",
  authentication_required: "Try again and complete the check with your bank.",
  expired_card: "Please use another card.",
  lost_card: "Please use another card.",
  stolen_card: "Please use another card.",
  incorrect_number: "Please check the number or use another card.",
  incorrect_cvc: "Please check the security code and try again.",
};

/** The parts of a Stripe.js error (or a PaymentIntent's last error) that carry meaning. */
export interface StripeErrorLike {
  type?: string | null;
  code?: string | null;
  decline_code?: string | null;
  message?: string | null;
}

/**
 * Plain words for an error from Stripe.js (confirmPayment, confirmSetup, confirmCardPayment).
 * A form's own field check (`validation_error`: "Your card number is incomplete.") is
 * already written for people and is kept; everything else is looked up by its codes.
 */
export function stripeErrorWords(error: StripeErrorLike): string {
  if (error.type === "validation_error" && error.message) return error.message;
  const sentence = FAILURE_WORDS[error.decline_code ?? ""] ?? FAILURE_WORDS[error.code ?? ""];
  const next = NEXT_STEP[error.decline_code ?? ""] ?? NEXT_STEP[error.code ?? ""] ?? "Please try again, or use another card.";
  return sentence ? `${sentence} ${next}` : `Your card could not be used. ${next}`;
}
