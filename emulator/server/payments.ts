/**
 * The card network as the emulator plays it: whether a set-up or payment needs 3D Secure,
 * is approved or declines, and the Charge objects that record payment attempts.
 */
import { behaviourFor, declineFor, declines, type Decline } from "./cards.js";
import type { Core, RequestInfo } from "./core.js";
import { docUrl } from "./errors.js";
import { newId, nowSeconds, randomToken } from "./ids.js";
import type { ChargeObject, ChargeOutcome } from "./resources/charges.js";
import type { PaymentMethodObject } from "./resources/paymentMethods.js";
import type { ApiErrorObject, NextAction } from "./types.js";
import { chargeAvailableOn, settleConnectCharge, type ConnectFields } from "./connect.js";
import { record, stripeFee } from "./ledger.js";

export type Authorization =
  | { kind: "approved"; authenticated: boolean }
  | { kind: "requires_action" }
  | { kind: "declined"; decline: Decline; authenticated: boolean; blocked: boolean };

/** `payment_method_options[card][request_three_d_secure]` */
export type RequestThreeDSecure = "automatic" | "any" | "challenge";

interface PaymentContext {
  offSession: boolean;
  /** 3D Secure was just completed for this attempt */
  authenticated: boolean;
  requestThreeDSecure: RequestThreeDSecure;
}

/**
 * `any` / `challenge` request 3DS whenever the card supports it (the emulator has no frictionless
 * flow, so both are a challenge); `automatic` leaves it to the card's own rules.
 */
function requested(pm: PaymentMethodObject | undefined, request: RequestThreeDSecure): boolean {
  return request !== "automatic" && pm?.card.three_d_secure_usage?.supported === true;
}

function cardOf(core: Core, pmId: string) {
  const secret = core.state.cardSecrets.get(pmId);
  const number = secret?.number ?? "4242424242424242";
  return { secret, behaviour: behaviourFor(number) };
}

/** Does this payment need a 3DS challenge? */
function needsChallenge(core: Core, pmId: string, offSession: boolean): boolean {
  const { secret, behaviour } = cardOf(core, pmId);
  const setUp = secret?.setUp ?? false;
  switch (behaviour.threeDS) {
    case "none":
      return false;
    case "unless_set_up":
      return !setUp;
    case "always":
      return true;
    case "on_session":
      return !offSession;
  }
}

/** Control API declines (`/_emulator/payment_methods/:id/decline`), consumed one per charge. */
function takeOverride(core: Core, pmId: string): Decline | undefined {
  const override = core.state.declineOverrides.get(pmId);
  if (!override) return undefined;
  if (override.remaining !== null) {
    override.remaining -= 1;
    if (override.remaining <= 0) core.state.declineOverrides.delete(pmId);
  }
  return declineFor(override.code, override.declineCode);
}

export function authorizePayment(core: Core, pmId: string, ctx: PaymentContext): Authorization {
  const forced = requested(core.state.paymentMethods.get(pmId), ctx.requestThreeDSecure);
  if (!ctx.authenticated && (forced || needsChallenge(core, pmId, ctx.offSession))) {
    if (ctx.offSession) return { kind: "declined", decline: declines.authenticationRequired, authenticated: false, blocked: false };
    return { kind: "requires_action" };
  }
  const { behaviour } = cardOf(core, pmId);
  const override = takeOverride(core, pmId);
  if (override) return { kind: "declined", decline: override, authenticated: ctx.authenticated, blocked: false };
  if (behaviour.declineOnCharge) {
    return { kind: "declined", decline: behaviour.declineOnCharge, authenticated: ctx.authenticated, blocked: behaviour.outcomeType === "blocked" };
  }
  return { kind: "approved", authenticated: ctx.authenticated };
}

/** Set-up (SetupIntent confirm): card validation, then 3DS for cards that ask for it at set-up. */
export function authorizeSetup(core: Core, pmId: string, authenticated: boolean, requestThreeDSecure: RequestThreeDSecure): Authorization {
  const { behaviour } = cardOf(core, pmId);
  if (behaviour.declineOnSetup) {
    return { kind: "declined", decline: behaviour.declineOnSetup, authenticated, blocked: behaviour.outcomeType === "blocked" };
  }
  const forced = requested(core.state.paymentMethods.get(pmId), requestThreeDSecure);
  if (!authenticated && (forced || behaviour.threeDS !== "none")) return { kind: "requires_action" };
  return { kind: "approved", authenticated };
}

export function threeDSecureUrl(core: Core, intent: { id: string; client_secret: string }): string {
  return `${core.config.publicUrl}/stripe-js/three-d-secure.html?intent=${intent.id}&client_secret=${encodeURIComponent(intent.client_secret)}`;
}

export function buildNextAction(core: Core, intent: { id: string; client_secret: string }, returnUrl: string | undefined, useStripeSdk: boolean): NextAction {
  const url = threeDSecureUrl(core, intent);
  if (returnUrl && !useStripeSdk) {
    return { type: "redirect_to_url", redirect_to_url: { url: `${url}&return_url=${encodeURIComponent(returnUrl)}`, return_url: returnUrl } };
  }
  return { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: url, source: `src_${randomToken(24)}` } };
}

export function cardDetailsFor(pm: PaymentMethodObject, authenticated: boolean, amount: number | null): Record<string, unknown> {
  const c = pm.card;
  return {
    amount_authorized: amount,
    authorization_code: amount === null ? null : randomToken(6).toUpperCase(),
    brand: c.brand,
    checks: c.checks,
    country: c.country,
    exp_month: c.exp_month,
    exp_year: c.exp_year,
    extended_authorization: { status: "disabled" },
    fingerprint: c.fingerprint,
    funding: c.funding,
    incremental_authorization: { status: "unavailable" },
    installments: null,
    last4: c.last4,
    mandate: null,
    multicapture: { status: "unavailable" },
    network: c.brand,
    network_token: { used: false },
    network_transaction_id: randomToken(15),
    overcapture: { maximum_amount_capturable: amount ?? 0, status: "unavailable" },
    regulated_status: c.regulated_status,
    three_d_secure: authenticated
      ? {
          authentication_flow: "challenge",
          electronic_commerce_indicator: "05",
          exemption_indicator: null,
          result: "authenticated",
          result_reason: null,
          transaction_id: crypto.randomUUID(),
          version: "2.2.0",
        }
      : null,
    wallet: null,
  };
}

function outcomeFor(decline: Decline | undefined, blocked: boolean): ChargeOutcome {
  const riskScore = Math.floor(Math.random() * 60);
  if (!decline) {
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: "approved_by_network",
      reason: null,
      risk_level: "normal",
      risk_score: riskScore,
      seller_message: "Payment complete.",
      type: "authorized",
    };
  }
  if (blocked) {
    return {
      advice_code: "do_not_try_again",
      network_advice_code: null,
      network_decline_code: null,
      network_status: "not_sent_to_network",
      reason: "highest_risk_level",
      risk_level: "highest",
      risk_score: 95,
      seller_message: "Stripe blocked this payment as too risky.",
      type: "blocked",
    };
  }
  const generic = decline.declineCode === "generic_decline";
  return {
    advice_code: decline.declineCode === "insufficient_funds" || decline.code === "processing_error" ? "try_again_later" : null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: "declined_by_network",
    reason: decline.declineCode,
    risk_level: "normal",
    risk_score: riskScore,
    seller_message: generic
      ? "The bank did not return any further details with this decline."
      : `The bank returned the decline code \`${decline.declineCode}\`.`,
    type: "issuer_declined",
  };
}

export interface ChargeInput {
  paymentIntentId: string;
  pm: PaymentMethodObject;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  capture: boolean;
  authenticated: boolean;
  decline?: Decline;
  blocked?: boolean;
  /** the intent's Connect fields (destination charges, on_behalf_of, application fees) */
  connect?: ConnectFields;
}

const BYPASS_PENDING_CARD = "4000000000000077";

/** The balance transaction of a captured charge, on the account the charge is on (Stripe's fee deducted). */
export function recordChargeFunds(core: Core, charge: ChargeObject, amount: number): string {
  const number = charge.payment_method ? core.state.cardSecrets.get(charge.payment_method)?.number : undefined;
  const txn = record(core, core.account, {
    amount,
    currency: charge.currency,
    type: "charge",
    source: charge.id,
    availableOn: chargeAvailableOn(core, number === BYPASS_PENDING_CARD),
    feeDetails: [{ amount: stripeFee(amount, charge.currency), application: null, currency: charge.currency, description: "Stripe processing fees", type: "stripe_fee" }],
  });
  return txn.id;
}

/** Record a payment attempt as a Charge (succeeded or failed) and emit charge.succeeded / charge.failed. */
export function recordCharge(core: Core, input: ChargeInput, request: RequestInfo): ChargeObject {
  const declined = input.decline !== undefined;
  const connect = input.connect;
  const charge: ChargeObject = {
    id: newId("ch"),
    object: "charge",
    amount: input.amount,
    amount_captured: !declined && input.capture ? input.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: connect?.application_fee_amount ?? null,
    balance_transaction: null,
    billing_details: input.pm.billing_details,
    calculated_statement_descriptor: (input.statementDescriptor ?? "STRIPE EMULATOR").toUpperCase().slice(0, 22),
    captured: !declined && input.capture,
    created: nowSeconds(),
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: input.decline?.code ?? null,
    failure_message: input.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...input.metadata },
    on_behalf_of: connect?.on_behalf_of ?? null,
    outcome: outcomeFor(input.decline, input.blocked ?? false),
    paid: !declined,
    payment_intent: input.paymentIntentId,
    payment_method: input.pm.id,
    payment_method_details: { card: cardDetailsFor(input.pm, input.authenticated, declined ? null : input.amount), type: "card" },
    receipt_email: input.receiptEmail,
    receipt_number: null,
    receipt_url: `${core.config.publicUrl}/receipts/payment/${randomToken(40)}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: null,
    status: declined ? "failed" : "succeeded",
    transfer_data: connect?.transfer_data ? { amount: connect.transfer_data.amount ?? null, destination: connect.transfer_data.destination } : null,
    transfer_group: connect?.transfer_group ?? (connect?.transfer_data ? `group_${input.paymentIntentId}` : null),
  };
  core.state.charges.set(charge.id, charge);
  if (!declined && input.capture) {
    charge.balance_transaction = recordChargeFunds(core, charge, input.amount);
    // the transfer and application fee of a destination charge are on the charge from the start
    if (connect) settleConnectCharge(core, connect, charge, request);
  }
  const counters = core.state.counters;
  const piCounter = core.store.counterFor(input.paymentIntentId);
  if (declined) {
    counters.chargesFailed++;
    piCounter.failedCharges++;
  } else {
    counters.chargesSucceeded++;
    piCounter.succeededCharges++;
  }
  core.emit(declined ? "charge.failed" : "charge.succeeded", charge, request);
  return charge;
}

/** `last_payment_error` / `last_setup_error` / the error body of a decline. */
export function cardErrorObject(decline: Decline, pm: PaymentMethodObject, chargeId?: string): ApiErrorObject {
  const error: ApiErrorObject = {
    type: "card_error",
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: docUrl(decline.code),
    message: decline.message,
    payment_method: pm,
  };
  if (chargeId) error.charge = chargeId;
  if (decline.param) error.param = decline.param;
  if (decline.declineCode === "insufficient_funds" || decline.code === "processing_error") error.advice_code = "try_again_later";
  return error;
}

export function authenticationFailure(kind: "payment_intent" | "setup_intent", pm: PaymentMethodObject): ApiErrorObject {
  const code = `${kind}_authentication_failure`;
  return {
    type: "invalid_request_error",
    code,
    doc_url: docUrl(code),
    message:
      kind === "payment_intent"
        ? "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again."
        : "The latest attempt to set up the payment method has failed because authentication failed.",
    payment_method: pm,
  };
}
