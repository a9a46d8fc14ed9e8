import { diff, snapshot, type Core, type RequestContext, type RequestInfo } from "../core.js";
import { StripeError, invalidRequest, noSuch } from "../errors.js";
import { amountError, checkCurrency } from "../currencies.js";
import { clientSecret, newId, nowSeconds } from "../ids.js";
import { checkPaymentMethodOwnership, paymentMethodConfig, paymentMethodFromParams, requestThreeDSecureFrom, requireReturnUrl } from "../intents.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata, type Params } from "../params.js";
import { authenticationFailure, authorizePayment, buildNextAction, cardErrorObject, recordCharge, recordChargeFunds, type RequestThreeDSecure } from "../payments.js";
import type { ApiErrorObject, Metadata, NextAction } from "../types.js";
import type { PaymentMethodObject } from "./paymentMethods.js";
import { customerOrThrow } from "./customers.js";
import { attachPaymentMethod } from "./paymentMethods.js";
import { defineResource } from "../registry.js";
import { applyConnectUpdate, checkConnectFields, connectFieldsFrom, descriptorFor, settleConnectCharge, type ConnectFields } from "../connect.js";

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "canceled"
  | "succeeded";

export interface PaymentIntentObject {
  id: string;
  object: "payment_intent";
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: number | null;
  automatic_payment_methods: { allow_redirects?: "always" | "never"; enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: "automatic" | "automatic_async" | "manual";
  client_secret: string;
  confirmation_method: "automatic" | "manual";
  created: number;
  currency: string;
  customer: string | null;
  customer_account: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: ApiErrorObject | null;
  latest_charge: string | null;
  livemode: false;
  managed_payments: null;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: string | null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { installments: null; mandate_options: null; network: null; request_three_d_secure: RequestThreeDSecure } };
  payment_method_types: string[];
  payment_record: string | null;
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: "off_session" | "on_session" | null;
  shipping: unknown;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: { amount?: number; destination: string } | null;
  transfer_group: string | null;
}

function connectOf(pi: PaymentIntentObject): ConnectFields {
  return { application_fee_amount: pi.application_fee_amount, on_behalf_of: pi.on_behalf_of, transfer_data: pi.transfer_data, transfer_group: pi.transfer_group };
}

const CONFIRMABLE: PaymentIntentStatus[] = ["requires_payment_method", "requires_confirmation", "requires_action"];
const CANCELABLE: PaymentIntentStatus[] = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];

export function paymentIntentOrThrow(core: Core, id: string, param = "id"): PaymentIntentObject {
  const pi = core.state.paymentIntents.get(id);
  if (!pi) throw noSuch("pi", id, param);
  return pi;
}

function unexpectedState(pi: PaymentIntentObject, message: string): StripeError {
  return invalidRequest(message, { code: "payment_intent_unexpected_state", payment_intent: snapshot(pi) });
}

function validateAmount(amount: number, currency: string): void {
  const error = amountError(amount, currency);
  if (error) throw error;
}

interface ConfirmOptions {
  offSession: boolean;
  errorOnRequiresAction: boolean;
  returnUrl: string | undefined;
  useStripeSdk: boolean;
}

function readConfirmOptions(p: Params): ConfirmOptions {
  const offRaw = p.string("off_session");
  const offSession = offRaw === "true" || offRaw === "one_off" || offRaw === "recurring";
  return {
    offSession,
    errorOnRequiresAction: p.bool("error_on_requires_action") ?? false,
    returnUrl: p.string("return_url"),
    useStripeSdk: p.bool("use_stripe_sdk") ?? false,
  };
}

/** Fields that `confirm` accepts as well as `update`. */
function applyConfirmFields(ctx: RequestContext, pi: PaymentIntentObject, p: Params): void {
  const threeDS = requestThreeDSecureFrom(p);
  if (threeDS) pi.payment_method_options.card.request_three_d_secure = threeDS;
  const pm = paymentMethodFromParams(ctx, p);
  if (pm) pi.payment_method = pm.id;
  const sfu = p.string("setup_future_usage");
  if (sfu !== undefined) {
    if (sfu === "") pi.setup_future_usage = null;
    else pi.setup_future_usage = p.enumOf("setup_future_usage", ["off_session", "on_session"] as const) ?? null;
  }
  const email = p.emptyable("receipt_email");
  if (email !== undefined) pi.receipt_email = email;
  if (p.has("shipping")) pi.shipping = p.isEmptied("shipping") ? null : p.raw.shipping;
  const capture = p.enumOf("capture_method", ["automatic", "automatic_async", "manual"] as const);
  if (capture) pi.capture_method = capture;
}

/** Charge the card after a successful authorization. */
function succeed(core: Core, pi: PaymentIntentObject, pm: PaymentMethodObject, authenticated: boolean, request: RequestInfo): void {
  const manual = pi.capture_method === "manual";
  const charge = recordCharge(
    core,
    {
      paymentIntentId: pi.id,
      pm,
      amount: pi.amount,
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      metadata: pi.metadata,
      receiptEmail: pi.receipt_email,
      statementDescriptor: descriptorFor(core, connectOf(pi), pi.statement_descriptor),
      capture: !manual,
      authenticated,
      connect: connectOf(pi),
    },
    request,
  );
  const secret = core.state.cardSecrets.get(pm.id);
  if (pi.setup_future_usage) {
    if (pi.customer && pm.customer !== pi.customer) attachPaymentMethod(core, pm, pi.customer, request);
    if (secret) secret.setUp = true;
  }
  if (secret) secret.used = true;
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  if (manual) {
    pi.status = "requires_capture";
    pi.amount_capturable = pi.amount;
    core.emit("payment_intent.amount_capturable_updated", pi, request);
  } else {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    core.emit("payment_intent.succeeded", pi, request);
  }
}

/** Decline: a failed Charge, PI back to requires_payment_method, the 402 card error. */
function decline(core: Core, pi: PaymentIntentObject, pm: PaymentMethodObject, auth: Extract<ReturnType<typeof authorizePayment>, { kind: "declined" }>, request: RequestInfo): StripeError {
  const charge = recordCharge(
    core,
    {
      paymentIntentId: pi.id,
      pm,
      amount: pi.amount,
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      metadata: pi.metadata,
      receiptEmail: pi.receipt_email,
      statementDescriptor: descriptorFor(core, connectOf(pi), pi.statement_descriptor),
      capture: false,
      connect: connectOf(pi),
      authenticated: auth.authenticated,
      decline: auth.decline,
      blocked: auth.blocked,
    },
    request,
  );
  const secret = core.state.cardSecrets.get(pm.id);
  if (secret && !pm.customer) secret.used = true;
  pi.latest_charge = charge.id;
  pi.last_payment_error = cardErrorObject(auth.decline, pm, charge.id);
  pi.status = "requires_payment_method";
  pi.payment_method = null;
  pi.next_action = null;
  core.emit("payment_intent.payment_failed", pi, request);
  const error = pi.last_payment_error;
  return new StripeError(402, {
    type: "card_error",
    code: auth.decline.code,
    decline_code: auth.decline.declineCode,
    message: auth.decline.message,
    ...(error.param ? { param: error.param } : {}),
    ...(error.advice_code ? { advice_code: error.advice_code } : {}),
    doc_url: error.doc_url ?? "",
    charge: charge.id,
    payment_intent: snapshot(pi),
    payment_method: snapshot(pm),
    request_log_url: `https://dashboard.stripe.com/test/logs/${request.id ?? ""}`,
  });
}

/** One confirmation attempt. Returns normally for success / requires_action, throws the 402 for declines. */
function attempt(ctx: RequestContext, pi: PaymentIntentObject, options: ConfirmOptions): PaymentIntentObject {
  const { core } = ctx;
  if (!pi.payment_method) {
    const message = pi.customer
      ? `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${pi.customer}, specify a payment method attached to this customer along with the customer ID.`
      : "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.";
    throw unexpectedState(pi, message);
  }
  const pm = core.state.paymentMethods.get(pi.payment_method);
  if (!pm) throw noSuch("pm", pi.payment_method, "payment_method");
  checkPaymentMethodOwnership(core, pm, pi.customer);
  requireReturnUrl("Payment Intent", pi.automatic_payment_methods, ctx.params, options.offSession);
  checkConnectFields(core, connectOf(pi), pi.amount);
  core.store.counterFor(pi.id).attempts++;
  const auth = authorizePayment(core, pm.id, {
    offSession: options.offSession,
    authenticated: false,
    requestThreeDSecure: pi.payment_method_options.card.request_three_d_secure,
  });
  if (auth.kind === "requires_action") {
    if (options.errorOnRequiresAction) {
      throw decline(core, pi, pm, { kind: "declined", decline: { code: "authentication_required", declineCode: "authentication_required", message: "Your card was declined. This transaction requires authentication." }, authenticated: false, blocked: false }, ctx.request);
    }
    pi.status = "requires_action";
    pi.next_action = buildNextAction(core, pi, options.returnUrl, options.useStripeSdk);
    pi.last_payment_error = null;
    core.emit("payment_intent.requires_action", pi, ctx.request);
    return pi;
  }
  if (auth.kind === "declined") throw decline(core, pi, pm, auth, ctx.request);
  succeed(core, pi, pm, false, ctx.request);
  return pi;
}

// ---- handlers ----

export function create(ctx: RequestContext): PaymentIntentObject {
  const { core, params } = ctx;
  const amount = params.requiredInt("amount");
  const currency = checkCurrency(params.requiredString("currency"));
  validateAmount(amount, currency);
  const customerId = params.string("customer");
  if (customerId) customerOrThrow(core, customerId, "customer");
  const config = paymentMethodConfig(params);
  const connect = connectFieldsFrom(params);
  checkConnectFields(core, connect, amount);
  const id = newId("pi");
  const pi: PaymentIntentObject = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: params.stringArray("allowed_payment_method_types") ?? null,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: connect.application_fee_amount,
    automatic_payment_methods: config.automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: clientSecret(id),
    confirmation_method: params.enumOf("confirmation_method", ["automatic", "manual"] as const) ?? "automatic",
    created: nowSeconds(),
    currency,
    customer: customerId ?? null,
    customer_account: null,
    description: params.string("description") ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: applyMetadata({}, params),
    next_action: null,
    on_behalf_of: connect.on_behalf_of,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: requestThreeDSecureFrom(params) ?? "automatic" } },
    payment_method_types: config.types,
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: params.string("statement_descriptor") ?? null,
    statement_descriptor_suffix: params.string("statement_descriptor_suffix") ?? null,
    status: "requires_payment_method",
    transfer_data: connect.transfer_data,
    transfer_group: connect.transfer_group,
  };
  applyConfirmFields(ctx, pi, params);
  if (pi.payment_method) {
    const pm = core.state.paymentMethods.get(pi.payment_method);
    if (pm) checkPaymentMethodOwnership(core, pm, pi.customer);
    pi.status = "requires_confirmation";
  }
  const confirm = params.bool("confirm") ?? false;
  if (confirm) requireReturnUrl("Payment Intent", pi.automatic_payment_methods, params, readConfirmOptions(params).offSession);
  core.state.paymentIntents.set(pi.id, pi);
  core.emit("payment_intent.created", pi, ctx.request);
  if (confirm) return attempt(ctx, pi, readConfirmOptions(params));
  return pi;
}

export function retrieve(ctx: RequestContext, id: string): PaymentIntentObject {
  return paymentIntentOrThrow(ctx.core, id);
}

export function update(ctx: RequestContext, id: string): PaymentIntentObject {
  const { core, params } = ctx;
  const pi = paymentIntentOrThrow(core, id);
  const before = snapshot(pi);
  const editable = CONFIRMABLE.includes(pi.status);
  for (const field of ["amount", "currency", "payment_method", "payment_method_data", "setup_future_usage", "capture_method", "customer", "payment_method_types"]) {
    if (params.has(field) && !editable) {
      throw unexpectedState(
        pi,
        `This PaymentIntent's ${field} could not be updated because it has a status of ${pi.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${CONFIRMABLE.join(", ")}.`,
      );
    }
  }
  const amount = params.int("amount");
  const currencyParam = params.string("currency");
  const currency = currencyParam === undefined ? pi.currency : checkCurrency(currencyParam);
  if (amount !== undefined || currency !== pi.currency) validateAmount(amount ?? pi.amount, currency);
  pi.currency = currency;
  if (amount !== undefined) pi.amount = amount;
  const customerId = params.emptyable("customer");
  if (customerId) {
    customerOrThrow(core, customerId, "customer");
    pi.customer = customerId;
  }
  const description = params.emptyable("description");
  if (description !== undefined) pi.description = description;
  const descriptor = params.emptyable("statement_descriptor");
  if (descriptor !== undefined) pi.statement_descriptor = descriptor;
  pi.metadata = applyMetadata(pi.metadata, params);
  const connect = connectOf(pi);
  applyConnectUpdate(params, connect);
  checkConnectFields(core, connect, pi.amount);
  pi.application_fee_amount = connect.application_fee_amount;
  pi.transfer_data = connect.transfer_data;
  pi.transfer_group = connect.transfer_group;
  const hadPm = pi.payment_method;
  applyConfirmFields(ctx, pi, params);
  if (pi.payment_method && pi.payment_method !== hadPm) {
    const pm = core.state.paymentMethods.get(pi.payment_method);
    if (pm) checkPaymentMethodOwnership(core, pm, pi.customer);
    pi.status = "requires_confirmation";
    pi.next_action = null;
  }
  const changes = diff(before, pi);
  if (Object.keys(changes).length) core.store.markDirty();
  return pi;
}

export function confirm(ctx: RequestContext, id: string): PaymentIntentObject {
  const { core, params } = ctx;
  const pi = paymentIntentOrThrow(core, id);
  if (pi.status === "succeeded") {
    throw unexpectedState(pi, "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.");
  }
  if (!CONFIRMABLE.includes(pi.status)) {
    throw unexpectedState(
      pi,
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(", ")}.`,
    );
  }
  applyConfirmFields(ctx, pi, params);
  return attempt(ctx, pi, readConfirmOptions(params));
}

export function cancel(ctx: RequestContext, id: string): PaymentIntentObject {
  const { core, params } = ctx;
  const pi = paymentIntentOrThrow(core, id);
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      pi,
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
    );
  }
  const reason = params.enumOf("cancellation_reason", ["abandoned", "duplicate", "fraudulent", "requested_by_customer"] as const);
  if (pi.status === "requires_capture" && pi.latest_charge) {
    const charge = core.state.charges.get(pi.latest_charge);
    if (charge) {
      const before = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
      core.emit("charge.refunded", charge, ctx.request, before);
    }
  }
  pi.status = "canceled";
  pi.cancellation_reason = reason ?? null;
  pi.canceled_at = nowSeconds();
  pi.amount_capturable = 0;
  pi.next_action = null;
  core.emit("payment_intent.canceled", pi, ctx.request);
  return pi;
}

export function capture(ctx: RequestContext, id: string): PaymentIntentObject {
  const { core, params } = ctx;
  const pi = paymentIntentOrThrow(core, id);
  if (pi.status !== "requires_capture") {
    throw unexpectedState(
      pi,
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = params.int("amount_to_capture") ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalidRequest(`The amount_to_capture must be less than or equal to the PaymentIntent's amount_capturable (${pi.amount_capturable}).`, {
      param: "amount_to_capture",
      code: "amount_too_large",
    });
  }
  if (amount < 1) throw invalidRequest("This value must be greater than or equal to 1.", { param: "amount_to_capture" });
  pi.metadata = applyMetadata(pi.metadata, params);
  const charge = pi.latest_charge ? core.state.charges.get(pi.latest_charge) : undefined;
  if (charge) {
    const before = { captured: charge.captured, amount_captured: charge.amount_captured, amount_refunded: charge.amount_refunded, balance_transaction: charge.balance_transaction };
    charge.captured = true;
    charge.amount_captured = amount;
    charge.amount_refunded = charge.amount - amount;
    charge.balance_transaction = recordChargeFunds(core, charge, amount);
    settleConnectCharge(core, connectOf(pi), charge, ctx.request);
    core.emit("charge.captured", charge, ctx.request, before);
  }
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = "succeeded";
  core.emit("payment_intent.succeeded", pi, ctx.request);
  return pi;
}

export function list(ctx: RequestContext): ListObject<PaymentIntentObject> {
  const { core, params } = ctx;
  const customer = params.string("customer");
  const created = createdFilter(params);
  const items = newestFirst(core.state.paymentIntents, (pi) => (!customer || pi.customer === customer) && created(pi));
  return paginate(items, params, "/v1/payment_intents");
}

/** Search query language subset: clauses `field:'value'` joined by AND/space; fields metadata['k'], status, customer, currency, amount. */
function parseQuery(query: string): ((pi: PaymentIntentObject) => boolean)[] {
  const clauses = query.split(/\s+AND\s+|\s+(?=(?:metadata|status|customer|currency|amount)\b)/i).map((c) => c.trim()).filter(Boolean);
  return clauses.map((clause) => {
    const meta = /^(-)?metadata\[['"](.+?)['"]\]:['"](.*)['"]$/.exec(clause);
    if (meta) {
      const [, neg, key = "", value] = meta;
      return (pi) => (pi.metadata[key] === value) !== Boolean(neg);
    }
    const field = /^(-)?(status|customer|currency):['"](.*)['"]$/.exec(clause);
    if (field) {
      const [, neg, name = "status", value] = field;
      return (pi) => (String(pi[name as "status" | "customer" | "currency"]) === value) !== Boolean(neg);
    }
    const amount = /^amount(>=|<=|>|<|:)(\d+)$/.exec(clause);
    if (amount) {
      const op = amount[1];
      const n = Number(amount[2]);
      return (pi) => (op === ">" ? pi.amount > n : op === "<" ? pi.amount < n : op === ">=" ? pi.amount >= n : op === "<=" ? pi.amount <= n : pi.amount === n);
    }
    throw invalidRequest(`Invalid search query: could not parse \`${clause}\`.`, { param: "query" });
  });
}

export function search(ctx: RequestContext): { object: "search_result"; data: PaymentIntentObject[]; has_more: boolean; next_page: string | null; url: string } {
  const { core, params } = ctx;
  const filters = parseQuery(params.requiredString("query"));
  const limit = params.int("limit") ?? 10;
  const page = Number(params.string("page") ?? "0") || 0;
  const matches = newestFirst(core.state.paymentIntents, (pi) => filters.every((f) => f(pi)));
  const data = matches.slice(page, page + limit);
  const hasMore = page + limit < matches.length;
  return { object: "search_result", data, has_more: hasMore, next_page: hasMore ? String(page + limit) : null, url: "/v1/payment_intents/search" };
}

// ---- 3D Secure outcome (from the challenge page) ----

export function completeAuthentication(core: Core, pi: PaymentIntentObject, request: RequestInfo): PaymentIntentObject {
  if (pi.status !== "requires_action" || !pi.payment_method) {
    throw unexpectedState(pi, `This PaymentIntent has a status of ${pi.status}; there is no authentication to complete.`);
  }
  const pm = core.state.paymentMethods.get(pi.payment_method);
  if (!pm) throw noSuch("pm", pi.payment_method, "payment_method");
  const auth = authorizePayment(core, pm.id, { offSession: false, authenticated: true, requestThreeDSecure: pi.payment_method_options.card.request_three_d_secure });
  if (auth.kind === "declined") {
    decline(core, pi, pm, auth, request); // the page gets the updated PaymentIntent, not an error
    return pi;
  }
  succeed(core, pi, pm, true, request);
  return pi;
}

export function failAuthentication(core: Core, pi: PaymentIntentObject, request: RequestInfo): PaymentIntentObject {
  if (pi.status !== "requires_action" || !pi.payment_method) {
    throw unexpectedState(pi, `This PaymentIntent has a status of ${pi.status}; there is no authentication to fail.`);
  }
  const pm = core.state.paymentMethods.get(pi.payment_method);
  if (!pm) throw noSuch("pm", pi.payment_method, "payment_method");
  pi.last_payment_error = authenticationFailure("payment_intent", pm);
  pi.status = "requires_payment_method";
  pi.payment_method = null;
  pi.next_action = null;
  core.emit("payment_intent.payment_failed", pi, request);
  return pi;
}

declare module "../registry.js" {
  interface Collections {
    paymentIntents: Map<string, PaymentIntentObject>;
  }
}

defineResource({
  object: "payment_intent",
  sdkType: "PaymentIntent",
  idPrefix: "pi",
  displayName: "payment_intent",
  collection: "paymentIntents",
  routes: [
    { method: "POST", path: "/v1/payment_intents", handle: create, params: "PaymentIntentCreateParams" },
    { method: "GET", path: "/v1/payment_intents", handle: list, params: "PaymentIntentListParams" },
    { method: "GET", path: "/v1/payment_intents/search", handle: search, params: "PaymentIntentSearchParams" },
    { method: "GET", path: "/v1/payment_intents/:id", handle: retrieve, access: "client_secret", params: "PaymentIntentRetrieveParams" },
    { method: "POST", path: "/v1/payment_intents/:id", handle: update, params: "PaymentIntentUpdateParams" },
    { method: "POST", path: "/v1/payment_intents/:id/confirm", handle: confirm, access: "client_secret", params: "PaymentIntentConfirmParams" },
    { method: "POST", path: "/v1/payment_intents/:id/cancel", handle: cancel, params: "PaymentIntentCancelParams" },
    { method: "POST", path: "/v1/payment_intents/:id/capture", handle: capture, params: "PaymentIntentCaptureParams" },
  ],
});
