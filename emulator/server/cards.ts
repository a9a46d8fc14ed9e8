/**
 * Stripe's test cards (docs.stripe.com/testing) and what each does at set-up and at payment.
 * Any other Luhn-valid number behaves like 4242 4242 4242 4242.
 */

export type Brand = "visa" | "mastercard" | "amex" | "discover" | "diners" | "jcb" | "unionpay" | "unknown";
export type Funding = "credit" | "debit" | "prepaid" | "unknown";

export interface Decline {
  /** error.code: card_declined, expired_card, incorrect_cvc, processing_error, authentication_required… */
  code: string;
  /** error.decline_code (and charge.outcome.reason) */
  declineCode: string;
  message: string;
  param?: string;
}

/**
 * How a card treats 3D Secure:
 * - none: never asks.
 * - unless_set_up: asks on session unless the card was set up for future use; off session it
 *   fails with authentication_required unless set up (4000002500003155, 4000008260003178).
 * - always: asks on every payment and every set-up; off session always fails (4000002760003184,
 *   4000000000003220, 4000008400001629).
 * - on_session: asks on session and at set-up, every off-session payment succeeds (4000003800000446).
 */
export type ThreeDSPolicy = "none" | "unless_set_up" | "always" | "on_session";

export type RefundBehaviour = "normal" | "pending_then_succeeds" | "fails_later";

export interface CardBehaviour {
  threeDS: ThreeDSPolicy;
  /** declined when the card is validated: attach, SetupIntent confirm */
  declineOnSetup?: Decline;
  /** declined when charged (after any authentication) */
  declineOnCharge?: Decline;
  refund: RefundBehaviour;
  outcomeType?: "blocked";
}

const MESSAGES = {
  generic: "Your card was declined.",
  insufficient: "Your card has insufficient funds.",
  expired: "Your card has expired.",
  cvc: "Your card's security code is incorrect.",
  processing: "An error occurred while processing your card. Try again in a little bit.",
  velocity: "Your card was declined for making repeated attempts too frequently or exceeding its amount limit.",
  authRequired: "Your card was declined. This transaction requires authentication.",
} as const;

export const declines = {
  generic: { code: "card_declined", declineCode: "generic_decline", message: MESSAGES.generic },
  insufficientFunds: { code: "card_declined", declineCode: "insufficient_funds", message: MESSAGES.insufficient },
  lostCard: { code: "card_declined", declineCode: "lost_card", message: MESSAGES.generic },
  stolenCard: { code: "card_declined", declineCode: "stolen_card", message: MESSAGES.generic },
  fraudulent: { code: "card_declined", declineCode: "fraudulent", message: MESSAGES.generic },
  velocity: { code: "card_declined", declineCode: "card_velocity_exceeded", message: MESSAGES.velocity },
  expiredCard: { code: "expired_card", declineCode: "expired_card", message: MESSAGES.expired, param: "exp_month" },
  incorrectCvc: { code: "incorrect_cvc", declineCode: "incorrect_cvc", message: MESSAGES.cvc, param: "cvc" },
  processingError: { code: "processing_error", declineCode: "processing_error", message: MESSAGES.processing },
  authenticationRequired: {
    code: "authentication_required",
    declineCode: "authentication_required",
    message: MESSAGES.authRequired,
  },
} satisfies Record<string, Decline>;

/** Messages for decline codes chosen through the control API. */
export function declineFor(code: string, declineCode?: string): Decline {
  const known = Object.values(declines).find(
    (d) => d.code === code && (declineCode === undefined || d.declineCode === declineCode),
  );
  if (known) return known;
  const dc = declineCode ?? (code === "card_declined" ? "generic_decline" : code);
  const message = dc === "insufficient_funds" ? MESSAGES.insufficient : MESSAGES.generic;
  return { code, declineCode: dc, message };
}

const ok: CardBehaviour = { threeDS: "none", refund: "normal" };

function declining(d: Decline, extra: Partial<CardBehaviour> = {}): CardBehaviour {
  return { threeDS: "none", refund: "normal", declineOnSetup: d, declineOnCharge: d, ...extra };
}

export interface TestCard {
  number: string;
  behaviour: CardBehaviour;
  country?: string;
  funding?: Funding;
  /** `pm_card_*` ids that stand for this card */
  pmIds: string[];
}

export const testCards: TestCard[] = [
  { number: "4242424242424242", behaviour: ok, pmIds: ["pm_card_visa"] },
  { number: "4000056655665556", behaviour: ok, funding: "debit", pmIds: ["pm_card_visa_debit"] },
  { number: "5555555555554444", behaviour: ok, pmIds: ["pm_card_mastercard"] },
  { number: "5200828282828210", behaviour: ok, funding: "debit", pmIds: ["pm_card_mastercard_debit"] },
  { number: "5105105105105100", behaviour: ok, funding: "prepaid", pmIds: ["pm_card_mastercard_prepaid"] },
  { number: "378282246310005", behaviour: ok, pmIds: ["pm_card_amex"] },
  { number: "6011111111111117", behaviour: ok, pmIds: ["pm_card_discover"] },
  { number: "3056930009020004", behaviour: ok, pmIds: ["pm_card_diners"] },
  { number: "3566002020360505", behaviour: ok, country: "JP", pmIds: ["pm_card_jcb"] },
  { number: "6200000000000005", behaviour: ok, country: "CN", pmIds: ["pm_card_unionpay"] },
  { number: "4000000000000077", behaviour: ok, pmIds: ["pm_card_bypassPending"] },
  // Declines
  { number: "4000000000000002", behaviour: declining(declines.generic), pmIds: ["pm_card_visa_chargeDeclined"] },
  { number: "4000000000009995", behaviour: declining(declines.insufficientFunds), pmIds: ["pm_card_visa_chargeDeclinedInsufficientFunds"] },
  { number: "4000000000009987", behaviour: declining(declines.lostCard), pmIds: ["pm_card_visa_chargeDeclinedLostCard"] },
  { number: "4000000000009979", behaviour: declining(declines.stolenCard), pmIds: ["pm_card_visa_chargeDeclinedStolenCard"] },
  { number: "4000000000000069", behaviour: declining(declines.expiredCard), pmIds: ["pm_card_chargeDeclinedExpiredCard"] },
  { number: "4000000000000127", behaviour: declining(declines.incorrectCvc), pmIds: ["pm_card_chargeDeclinedIncorrectCvc"] },
  { number: "4000000000000119", behaviour: declining(declines.processingError), pmIds: ["pm_card_chargeDeclinedProcessingError"] },
  { number: "4000000000006975", behaviour: declining(declines.velocity), pmIds: ["pm_card_visa_chargeDeclinedVelocityLimitExceeded"] },
  {
    number: "4100000000000019",
    behaviour: declining(declines.fraudulent, { outcomeType: "blocked" }),
    pmIds: ["pm_card_radarBlock", "pm_card_chargeDeclinedFraudulent"],
  },
  // Attaches fine, every charge declines
  {
    number: "4000000000000341",
    behaviour: { threeDS: "none", refund: "normal", declineOnCharge: declines.generic },
    pmIds: ["pm_card_chargeCustomerFail"],
  },
  // Authentication and set-up
  { number: "4000002500003155", behaviour: { threeDS: "unless_set_up", refund: "normal" }, pmIds: ["pm_card_authenticationRequiredOnSetup"] },
  { number: "4000002760003184", behaviour: { threeDS: "always", refund: "normal" }, pmIds: ["pm_card_authenticationRequired"] },
  { number: "4000003800000446", behaviour: { threeDS: "on_session", refund: "normal" }, pmIds: ["pm_card_authenticationRequiredSetupForOffSession"] },
  {
    number: "4000008260003178",
    behaviour: { threeDS: "unless_set_up", refund: "normal", declineOnCharge: declines.insufficientFunds },
    pmIds: ["pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"],
  },
  { number: "4000000000003220", behaviour: { threeDS: "always", refund: "normal" }, pmIds: ["pm_card_threeDSecure2Required"] },
  { number: "4000000000003063", behaviour: { threeDS: "always", refund: "normal" }, pmIds: ["pm_card_threeDSecureRequired"] },
  {
    number: "4000008400001629",
    behaviour: { threeDS: "always", refund: "normal", declineOnCharge: declines.generic },
    pmIds: ["pm_card_threeDSecureRequiredChargeDeclined"],
  },
  { number: "4000000000003055", behaviour: ok, pmIds: ["pm_card_threeDSecureOptional"] },
  // Refunds
  { number: "4000000000007726", behaviour: { threeDS: "none", refund: "pending_then_succeeds" }, pmIds: ["pm_card_pendingRefund"] },
  { number: "4000000000005126", behaviour: { threeDS: "none", refund: "fails_later" }, pmIds: ["pm_card_refundFail"] },
];

const byNumber = new Map(testCards.map((c) => [c.number, c]));
const byPmId = new Map(testCards.flatMap((c) => c.pmIds.map((id) => [id, c] as const)));

export function testCardForNumber(number: string): TestCard | undefined {
  return byNumber.get(number);
}

/** `pm_card_visa` etc.: usable wherever a PaymentMethod id is. */
export function testCardForPmId(id: string): TestCard | undefined {
  return byPmId.get(id);
}

export function isTestPaymentMethodId(id: string): boolean {
  return byPmId.has(id);
}

export function behaviourFor(number: string): CardBehaviour {
  return byNumber.get(number)?.behaviour ?? ok;
}

export function brandOf(number: string): Brand {
  const n2 = Number(number.slice(0, 2));
  const n3 = Number(number.slice(0, 3));
  const n4 = Number(number.slice(0, 4));
  if (number.startsWith("4")) return "visa";
  if ((n2 >= 51 && n2 <= 55) || (n4 >= 2221 && n4 <= 2720)) return "mastercard";
  if (n2 === 34 || n2 === 37) return "amex";
  if (number.startsWith("6011") || n2 === 65 || (n3 >= 644 && n3 <= 649)) return "discover";
  if (n2 === 36 || n2 === 38 || n2 === 39 || (n3 >= 300 && n3 <= 305)) return "diners";
  if (n4 >= 3528 && n4 <= 3589) return "jcb";
  if (n2 === 62 || n2 === 81) return "unionpay";
  return "unknown";
}

export function cvcLength(brand: Brand): number {
  return brand === "amex" ? 4 : 3;
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = number.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
