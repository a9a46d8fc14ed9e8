import { snapshot, type Core, type RequestContext, type RequestInfo } from "../core.js";
import { StripeError, invalidRequest, noSuch } from "../errors.js";
import { clientSecret, newId, nowSeconds } from "../ids.js";
import { checkPaymentMethodOwnership, paymentMethodConfig, paymentMethodFromParams, requestThreeDSecureFrom, requireReturnUrl } from "../intents.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import { authenticationFailure, authorizeSetup, buildNextAction, cardDetailsFor, cardErrorObject, type Authorization, type RequestThreeDSecure } from "../payments.js";
import type { ApiErrorObject, Metadata, NextAction } from "../types.js";
import type { PaymentMethodObject } from "./paymentMethods.js";
import { customerOrThrow } from "./customers.js";
import { attachPaymentMethod } from "./paymentMethods.js";
import { defineResource } from "../registry.js";
import { accountOrThrow } from "./accounts.js";

export type SetupIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "canceled"
  | "succeeded";

export interface SetupIntentObject {
  id: string;
  object: "setup_intent";
  allowed_payment_method_types: string[] | null;
  application: null;
  automatic_payment_methods: { allow_redirects?: "always" | "never"; enabled: boolean } | null;
  cancellation_reason: string | null;
  client_secret: string;
  created: number;
  customer: string | null;
  customer_account: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  flow_directions: null;
  last_setup_error: ApiErrorObject | null;
  latest_attempt: string | null;
  livemode: false;
  mandate: string | null;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: string | null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { mandate_options: null; network: null; request_three_d_secure: RequestThreeDSecure } };
  payment_method_types: string[];
  single_use_mandate: null;
  status: SetupIntentStatus;
  usage: "off_session" | "on_session";
}

export interface SetupAttemptObject {
  id: string;
  object: "setup_attempt";
  application: null;
  created: number;
  customer: string | null;
  customer_account: string | null;
  flow_directions: null;
  livemode: false;
  on_behalf_of: string | null;
  payment_method: string;
  payment_method_details: { card: Record<string, unknown>; type: "card" };
  setup_error: ApiErrorObject | null;
  setup_intent: string;
  status: "requires_confirmation" | "requires_action" | "processing" | "succeeded" | "failed" | "abandoned";
  usage: "off_session" | "on_session";
}

const CONFIRMABLE: SetupIntentStatus[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

export function setupIntentOrThrow(core: Core, id: string, param = "id"): SetupIntentObject {
  const si = core.state.setupIntents.get(id);
  if (!si) throw noSuch("seti", id, param);
  return si;
}

function unexpectedState(si: SetupIntentObject, message: string): StripeError {
  return invalidRequest(message, { code: "setup_intent_unexpected_state", setup_intent: snapshot(si) });
}

function newAttempt(core: Core, si: SetupIntentObject, pm: PaymentMethodObject): SetupAttemptObject {
  const attempt: SetupAttemptObject = {
    id: newId("setatt"),
    object: "setup_attempt",
    application: null,
    created: nowSeconds(),
    customer: si.customer,
    customer_account: null,
    flow_directions: null,
    livemode: false,
    on_behalf_of: si.on_behalf_of,
    payment_method: pm.id,
    payment_method_details: { card: {}, type: "card" },
    setup_error: null,
    setup_intent: si.id,
    status: "requires_confirmation",
    usage: si.usage,
  };
  core.state.setupAttempts.set(attempt.id, attempt);
  si.latest_attempt = attempt.id;
  return attempt;
}

function attemptDetails(pm: PaymentMethodObject, authenticated: boolean): Record<string, unknown> {
  const d = cardDetailsFor(pm, authenticated, null);
  return {
    brand: d.brand,
    checks: d.checks,
    country: d.country,
    exp_month: d.exp_month,
    exp_year: d.exp_year,
    fingerprint: d.fingerprint,
    funding: d.funding,
    last4: d.last4,
    network: d.network,
    three_d_secure: d.three_d_secure,
    wallet: null,
  };
}

function succeed(core: Core, si: SetupIntentObject, pm: PaymentMethodObject, attempt: SetupAttemptObject, authenticated: boolean, request: RequestInfo): void {
  if (si.customer && pm.customer !== si.customer) attachPaymentMethod(core, pm, si.customer, request);
  const secret = core.state.cardSecrets.get(pm.id);
  if (secret) secret.setUp = true;
  attempt.status = "succeeded";
  attempt.payment_method_details.card = attemptDetails(pm, authenticated);
  si.status = "succeeded";
  si.next_action = null;
  si.last_setup_error = null;
  core.state.counters.setupIntentsSucceeded++;
  core.emit("setup_intent.succeeded", si, request);
}

function fail(core: Core, si: SetupIntentObject, pm: PaymentMethodObject, attempt: SetupAttemptObject, auth: Extract<Authorization, { kind: "declined" }>, request: RequestInfo): StripeError {
  const error = cardErrorObject(auth.decline, pm);
  attempt.status = "failed";
  attempt.setup_error = error;
  attempt.payment_method_details.card = attemptDetails(pm, auth.authenticated);
  si.last_setup_error = error;
  si.status = "requires_payment_method";
  si.payment_method = null;
  si.next_action = null;
  core.emit("setup_intent.setup_failed", si, request);
  return new StripeError(402, {
    type: "card_error",
    code: auth.decline.code,
    decline_code: auth.decline.declineCode,
    message: auth.decline.message,
    ...(auth.decline.param ? { param: auth.decline.param } : {}),
    doc_url: error.doc_url ?? "",
    setup_intent: snapshot(si),
    payment_method: snapshot(pm),
    request_log_url: `https://dashboard.stripe.com/test/logs/${request.id ?? ""}`,
  });
}

function attempt(ctx: RequestContext, si: SetupIntentObject): SetupIntentObject {
  const { core, params } = ctx;
  if (!si.payment_method) {
    throw unexpectedState(
      si,
      "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
    );
  }
  const pm = core.state.paymentMethods.get(si.payment_method);
  if (!pm) throw noSuch("pm", si.payment_method, "payment_method");
  checkPaymentMethodOwnership(core, pm, si.customer ?? pm.customer);
  requireReturnUrl("Setup Intent", si.automatic_payment_methods, params, false);
  const threeDS = requestThreeDSecureFrom(params);
  if (threeDS) si.payment_method_options.card.request_three_d_secure = threeDS;
  const record = newAttempt(core, si, pm);
  const auth = authorizeSetup(core, pm.id, false, si.payment_method_options.card.request_three_d_secure);
  if (auth.kind === "declined") throw fail(core, si, pm, record, auth, ctx.request);
  if (auth.kind === "requires_action") {
    record.status = "requires_action";
    si.status = "requires_action";
    si.next_action = buildNextAction(core, si, params.string("return_url"), params.bool("use_stripe_sdk") ?? false);
    si.last_setup_error = null;
    core.emit("setup_intent.requires_action", si, ctx.request);
    return si;
  }
  succeed(core, si, pm, record, false, ctx.request);
  return si;
}

function applyPaymentMethod(ctx: RequestContext, si: SetupIntentObject): void {
  const pm = paymentMethodFromParams(ctx);
  if (!pm) return;
  checkPaymentMethodOwnership(ctx.core, pm, si.customer ?? pm.customer);
  si.payment_method = pm.id;
  si.status = "requires_confirmation";
  si.next_action = null;
}

// ---- handlers ----

export function create(ctx: RequestContext): SetupIntentObject {
  const { core, params } = ctx;
  const customerId = params.string("customer");
  if (customerId) customerOrThrow(core, customerId, "customer");
  const config = paymentMethodConfig(params);
  const onBehalfOf = params.string("on_behalf_of") ?? null;
  if (onBehalfOf) {
    if (core.account) throw invalidRequest("on_behalf_of cannot be used with the Stripe-Account header.", { param: "on_behalf_of" });
    accountOrThrow(core, onBehalfOf, "on_behalf_of");
  }
  const id = newId("seti");
  const si: SetupIntentObject = {
    id,
    object: "setup_intent",
    allowed_payment_method_types: params.stringArray("allowed_payment_method_types") ?? null,
    application: null,
    automatic_payment_methods: config.automatic,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created: nowSeconds(),
    customer: customerId ?? null,
    customer_account: null,
    description: params.string("description") ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: applyMetadata({}, params),
    next_action: null,
    on_behalf_of: onBehalfOf,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: requestThreeDSecureFrom(params) ?? "automatic" } },
    payment_method_types: config.types,
    single_use_mandate: null,
    status: "requires_payment_method",
    usage: params.enumOf("usage", ["off_session", "on_session"] as const) ?? "off_session",
  };
  applyPaymentMethod(ctx, si);
  const confirm = params.bool("confirm") ?? false;
  if (confirm) requireReturnUrl("Setup Intent", si.automatic_payment_methods, params, false);
  core.state.setupIntents.set(si.id, si);
  core.emit("setup_intent.created", si, ctx.request);
  if (confirm) return attempt(ctx, si);
  return si;
}

export function retrieve(ctx: RequestContext, id: string): SetupIntentObject {
  return setupIntentOrThrow(ctx.core, id);
}

export function update(ctx: RequestContext, id: string): SetupIntentObject {
  const { core, params } = ctx;
  const si = setupIntentOrThrow(core, id);
  if ((params.has("payment_method") || params.has("customer")) && !CONFIRMABLE.includes(si.status)) {
    throw unexpectedState(si, `You cannot update this SetupIntent because it has a status of ${si.status}.`);
  }
  const customerId = params.emptyable("customer");
  if (customerId) {
    customerOrThrow(core, customerId, "customer");
    si.customer = customerId;
  }
  const description = params.emptyable("description");
  if (description !== undefined) si.description = description;
  si.metadata = applyMetadata(si.metadata, params);
  const threeDS = requestThreeDSecureFrom(params);
  if (threeDS) si.payment_method_options.card.request_three_d_secure = threeDS;
  applyPaymentMethod(ctx, si);
  core.store.markDirty();
  return si;
}

export function confirm(ctx: RequestContext, id: string): SetupIntentObject {
  const si = setupIntentOrThrow(ctx.core, id);
  if (si.status === "succeeded") {
    throw unexpectedState(si, "You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.");
  }
  if (!CONFIRMABLE.includes(si.status)) {
    throw unexpectedState(
      si,
      `You cannot confirm this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(", ")}.`,
    );
  }
  applyPaymentMethod(ctx, si);
  return attempt(ctx, si);
}

export function cancel(ctx: RequestContext, id: string): SetupIntentObject {
  const { core, params } = ctx;
  const si = setupIntentOrThrow(core, id);
  if (!CONFIRMABLE.includes(si.status)) {
    throw unexpectedState(
      si,
      `You cannot cancel this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be canceled: ${CONFIRMABLE.join(", ")}.`,
    );
  }
  si.cancellation_reason = params.enumOf("cancellation_reason", ["abandoned", "duplicate", "requested_by_customer"] as const) ?? null;
  si.status = "canceled";
  si.next_action = null;
  if (si.latest_attempt) {
    const att = core.state.setupAttempts.get(si.latest_attempt);
    if (att && att.status === "requires_action") att.status = "abandoned";
  }
  core.emit("setup_intent.canceled", si, ctx.request);
  return si;
}

export function list(ctx: RequestContext): ListObject<SetupIntentObject> {
  const { core, params } = ctx;
  const customer = params.string("customer");
  const pm = params.string("payment_method");
  const created = createdFilter(params);
  const items = newestFirst(core.state.setupIntents, (si) => (!customer || si.customer === customer) && (!pm || si.payment_method === pm) && created(si));
  return paginate(items, params, "/v1/setup_intents");
}

export function listAttempts(ctx: RequestContext): ListObject<SetupAttemptObject> {
  const { core, params } = ctx;
  const siId = params.requiredString("setup_intent");
  const items = newestFirst(core.state.setupAttempts, (a) => a.setup_intent === siId);
  return paginate(items, params, "/v1/setup_attempts");
}

// ---- 3D Secure outcome ----

function pendingAttempt(core: Core, si: SetupIntentObject): { pm: PaymentMethodObject; attempt: SetupAttemptObject } {
  if (si.status !== "requires_action" || !si.payment_method || !si.latest_attempt) {
    throw unexpectedState(si, `This SetupIntent has a status of ${si.status}; there is no authentication to complete.`);
  }
  const pm = core.state.paymentMethods.get(si.payment_method);
  const att = core.state.setupAttempts.get(si.latest_attempt);
  if (!pm || !att) throw noSuch("pm", si.payment_method, "payment_method");
  return { pm, attempt: att };
}

export function completeAuthentication(core: Core, si: SetupIntentObject, request: RequestInfo): SetupIntentObject {
  const { pm, attempt: att } = pendingAttempt(core, si);
  const auth = authorizeSetup(core, pm.id, true, si.payment_method_options.card.request_three_d_secure);
  if (auth.kind === "declined") {
    fail(core, si, pm, att, auth, request);
    return si;
  }
  succeed(core, si, pm, att, true, request);
  return si;
}

export function failAuthentication(core: Core, si: SetupIntentObject, request: RequestInfo): SetupIntentObject {
  const { pm, attempt: att } = pendingAttempt(core, si);
  const error = authenticationFailure("setup_intent", pm);
  att.status = "failed";
  att.setup_error = error;
  si.last_setup_error = error;
  si.status = "requires_payment_method";
  si.payment_method = null;
  si.next_action = null;
  core.emit("setup_intent.setup_failed", si, request);
  return si;
}

declare module "../registry.js" {
  interface Collections {
    setupIntents: Map<string, SetupIntentObject>;
    setupAttempts: Map<string, SetupAttemptObject>;
  }
}

defineResource({
  object: "setup_intent",
  sdkType: "SetupIntent",
  idPrefix: "seti",
  displayName: "setupintent",
  collection: "setupIntents",
  routes: [
    { method: "POST", path: "/v1/setup_intents", handle: create, params: "SetupIntentCreateParams" },
    { method: "GET", path: "/v1/setup_intents", handle: list, params: "SetupIntentListParams" },
    { method: "GET", path: "/v1/setup_intents/:id", handle: retrieve, access: "client_secret", params: "SetupIntentRetrieveParams" },
    { method: "POST", path: "/v1/setup_intents/:id", handle: update, params: "SetupIntentUpdateParams" },
    { method: "POST", path: "/v1/setup_intents/:id/confirm", handle: confirm, access: "client_secret", params: "SetupIntentConfirmParams" },
    { method: "POST", path: "/v1/setup_intents/:id/cancel", handle: cancel, params: "SetupIntentCancelParams" },
  ],
});

defineResource({
  object: "setup_attempt",
  sdkType: "SetupAttempt",
  idPrefix: "setatt",
  displayName: "setup_attempt",
  collection: "setupAttempts",
  routes: [{ method: "GET", path: "/v1/setup_attempts", handle: listAttempts, params: "SetupAttemptListParams" }],
});
