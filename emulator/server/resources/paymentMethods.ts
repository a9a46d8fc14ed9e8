import { createHash } from "node:crypto";
import { behaviourFor, brandOf, cvcLength, luhnValid, testCardForNumber, testCardForPmId, type Brand } from "../cards.js";
import { diff, type Core, type RequestContext, type RequestInfo } from "../core.js";
import { StripeError, docUrl, invalidRequest, noSuch } from "../errors.js";
import { newId, nowSeconds } from "../ids.js";
import { newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata, type Params } from "../params.js";
import type { Address, BillingDetails, Metadata } from "../types.js";
import { defineResource, findOrThrow } from "../registry.js";

export interface CardDetails {
  brand: string;
  checks: { address_line1_check: string | null; address_postal_code_check: string | null; cvc_check: string | null };
  country: string | null;
  display_brand: string | null;
  exp_month: number;
  exp_year: number;
  fingerprint: string | null;
  funding: string;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: string | null } | null;
  regulated_status: string | null;
  three_d_secure_usage: { supported: boolean } | null;
  wallet: null;
}

export interface PaymentMethodObject {
  id: string;
  object: "payment_method";
  allow_redisplay: "always" | "limited" | "unspecified";
  billing_details: BillingDetails;
  card: CardDetails;
  created: number;
  customer: string | null;
  customer_account: string | null;
  livemode: false;
  metadata: Metadata;
  type: "card";
}

const DISPLAY_BRAND: Record<Brand, string> = {
  visa: "visa",
  mastercard: "mastercard",
  amex: "american_express",
  discover: "discover",
  diners: "diners_club",
  jcb: "jcb",
  unionpay: "union_pay",
  unknown: "other",
};

function cardError(code: string, message: string, param: string): StripeError {
  return new StripeError(402, { type: "card_error", code, message, param, doc_url: docUrl(code) });
}

function fingerprint(number: string): string {
  return createHash("sha256").update(`emulator:${number}`).digest("base64url").replace(/[-_]/g, "x").slice(0, 16);
}

export function emptyAddress(): Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function parseAddress(p: Params | undefined, base: Address = emptyAddress()): Address {
  if (!p) return base;
  const out = { ...base };
  for (const key of Object.keys(out) as (keyof Address)[]) {
    const v = p.emptyable(key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function parseBilling(p: Params | undefined, base?: BillingDetails): BillingDetails {
  const out: BillingDetails = base ? { ...base } : { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null };
  if (!p) return out;
  out.address = parseAddress(p.object("address"), out.address);
  for (const key of ["email", "name", "phone", "tax_id"] as const) {
    const v = p.emptyable(key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string | undefined;
}

/** Validate raw card details like Stripe's card endpoint (402 card_error for bad numbers/dates). */
function validateCard(card: Params): CardInput {
  const raw = card.string("number");
  if (raw === undefined || raw === "") throw invalidRequest("Missing required param: card[number].", { code: "parameter_missing", param: "card[number]" });
  const number = raw.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number)) throw cardError("invalid_number", "Your card number is not a valid credit card number.", "number");
  if (!luhnValid(number)) throw cardError("incorrect_number", "Your card number is incorrect.", "number");
  const monthRaw = card.string("exp_month");
  if (monthRaw === undefined || monthRaw === "") throw invalidRequest("Missing required param: card[exp_month].", { code: "parameter_missing", param: "card[exp_month]" });
  const yearRaw = card.string("exp_year");
  if (yearRaw === undefined || yearRaw === "") throw invalidRequest("Missing required param: card[exp_year].", { code: "parameter_missing", param: "card[exp_year]" });
  const expMonth = Number(monthRaw);
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
    throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
  }
  let expYear = Number(yearRaw);
  if (!Number.isInteger(expYear)) throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");
  if (expYear < 100) expYear += 2000;
  const now = new Date();
  const thisYear = now.getUTCFullYear();
  if (expYear < thisYear || expYear > thisYear + 50) {
    throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");
  }
  if (expYear === thisYear && expMonth < now.getUTCMonth() + 1) {
    throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
  }
  const cvc = card.string("cvc");
  if (cvc !== undefined && cvc !== "") {
    const len = cvcLength(brandOf(number));
    if (!/^\d+$/.test(cvc) || (cvc.length !== len && !(len === 3 && cvc.length === 4 && brandOf(number) === "unknown"))) {
      throw cardError("invalid_cvc", "Your card's security code is invalid.", "cvc");
    }
  }
  return { number, expMonth, expYear, cvc: cvc || undefined };
}

function buildPaymentMethod(core: Core, input: CardInput, billing: BillingDetails, metadata: Record<string, string>): PaymentMethodObject {
  const brand = brandOf(input.number);
  const known = testCardForNumber(input.number);
  const pm: PaymentMethodObject = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: billing,
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: input.cvc ? "pass" : null },
      country: known?.country ?? "US",
      display_brand: DISPLAY_BRAND[brand],
      exp_month: input.expMonth,
      exp_year: input.expYear,
      fingerprint: fingerprint(input.number),
      funding: known?.funding ?? "credit",
      generated_from: null,
      last4: input.number.slice(-4),
      networks: { available: [brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata,
    type: "card",
  };
  core.state.paymentMethods.set(pm.id, pm);
  core.state.cardSecrets.set(pm.id, { number: input.number, setUp: false, used: false });
  core.store.markDirty();
  return pm;
}

/** `payment_method_data[type]=card&payment_method_data[card][number]=…` or a create request. */
export function createCardPaymentMethod(core: Core, p: Params): PaymentMethodObject {
  const type = p.string("type");
  if (type === undefined || type === "") throw invalidRequest("Missing required param: type.", { code: "parameter_missing", param: "type" });
  if (type !== "card") throw invalidRequest(`The payment method type "${type}" is not supported by this emulator.`, { param: "type" });
  const card = p.object("card");
  if (!card) throw invalidRequest("Missing required param: card.", { code: "parameter_missing", param: "card" });
  const input = validateCard(card);
  return buildPaymentMethod(core, input, parseBilling(p.object("billing_details")), applyMetadata({}, p));
}

function fromTestCard(core: Core, testId: string): PaymentMethodObject | undefined {
  const card = testCardForPmId(testId);
  if (!card) return undefined;
  const now = new Date();
  return buildPaymentMethod(
    core,
    { number: card.number, expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() + 1, cvc: undefined },
    parseBilling(undefined),
    {},
  );
}

/** A PaymentMethod by id; `pm_card_*` test ids create a fresh PaymentMethod like Stripe does. */
export function resolvePaymentMethod(core: Core, id: string, param = "payment_method"): PaymentMethodObject {
  const pm = core.state.paymentMethods.get(id) ?? fromTestCard(core, id);
  if (!pm) throw noSuch("pm", id, param);
  return pm;
}

function paymentMethodOrThrow(core: Core, id: string): PaymentMethodObject {
  const pm = core.state.paymentMethods.get(id);
  if (!pm) throw noSuch("pm", id);
  return pm;
}

export function cardNumberOf(core: Core, pmId: string): string {
  return core.state.cardSecrets.get(pmId)?.number ?? "4242424242424242";
}

export function reuseError(): StripeError {
  return invalidRequest(
    "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.",
    { param: "payment_method" },
  );
}

/** Attach (validates the card like Stripe: cards that decline cannot be attached). */
export function attachPaymentMethod(core: Core, pm: PaymentMethodObject, customerId: string, request: RequestInfo): PaymentMethodObject {
  if (pm.customer === customerId) return pm;
  if (pm.customer) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", { param: "payment_method" });
  }
  const secret = core.state.cardSecrets.get(pm.id);
  if (secret?.used && !secret.setUp) throw reuseError();
  const decline = behaviourFor(cardNumberOf(core, pm.id)).declineOnSetup;
  if (decline) {
    throw new StripeError(402, {
      type: "card_error",
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
      param: decline.param ?? "",
      doc_url: docUrl(decline.code),
    });
  }
  pm.customer = customerId;
  core.emit("payment_method.attached", pm, request);
  return pm;
}

export function detachPaymentMethod(core: Core, pm: PaymentMethodObject, request: RequestInfo): PaymentMethodObject {
  if (!pm.customer) {
    throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", { param: "payment_method" });
  }
  const customer = core.state.customers.get(pm.customer);
  if (customer && customer.invoice_settings.default_payment_method === pm.id) {
    const before = { ...customer, invoice_settings: { ...customer.invoice_settings } };
    customer.invoice_settings.default_payment_method = null;
    core.emit("customer.updated", customer, request, diff(before, customer));
  }
  const previous = pm.customer;
  pm.customer = null;
  const secret = core.state.cardSecrets.get(pm.id);
  if (secret) {
    secret.used = true; // a detached PaymentMethod cannot be used again
    secret.setUp = false;
  }
  core.emit("payment_method.detached", pm, request, { customer: previous });
  return pm;
}

// ---- handlers ----

export function create(ctx: RequestContext): PaymentMethodObject {
  const { core, params } = ctx;
  const pm = createCardPaymentMethod(core, params);
  const customer = params.string("customer");
  if (customer && !ctx.publishable) attachPaymentMethod(core, pm, findOrThrow(core, "customers", customer, "customer").id, ctx.request);
  return pm;
}

export function retrieve(ctx: RequestContext, id: string): PaymentMethodObject {
  return ctx.core.state.paymentMethods.get(id) ?? resolvePaymentMethod(ctx.core, id, "id");
}

export function update(ctx: RequestContext, id: string): PaymentMethodObject {
  const { core, params } = ctx;
  const pm = paymentMethodOrThrow(core, id);
  if (!pm.customer) throw invalidRequest("You must save this PaymentMethod to a customer before you can update it.");
  const before = { ...pm, card: { ...pm.card } };
  pm.metadata = applyMetadata(pm.metadata, params);
  if (params.has("billing_details")) pm.billing_details = parseBilling(params.object("billing_details"), pm.billing_details);
  const card = params.object("card");
  if (card) {
    const m = card.int("exp_month");
    const y = card.int("exp_year");
    if (m !== undefined) {
      if (m < 1 || m > 12) throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
      pm.card.exp_month = m;
    }
    if (y !== undefined) pm.card.exp_year = y < 100 ? y + 2000 : y;
  }
  const redisplay = params.enumOf("allow_redisplay", ["always", "limited", "unspecified"] as const);
  if (redisplay) pm.allow_redisplay = redisplay;
  core.emit("payment_method.updated", pm, ctx.request, diff(before, pm));
  return pm;
}

export function attach(ctx: RequestContext, id: string): PaymentMethodObject {
  const { core, params } = ctx;
  const customerId = params.requiredString("customer");
  const pm = resolvePaymentMethod(core, id, "payment_method");
  const customer = findOrThrow(core, "customers", customerId, "customer");
  return attachPaymentMethod(core, pm, customer.id, ctx.request);
}

export function detach(ctx: RequestContext, id: string): PaymentMethodObject {
  return detachPaymentMethod(ctx.core, paymentMethodOrThrow(ctx.core, id), ctx.request);
}

export function list(ctx: RequestContext): ListObject<PaymentMethodObject> {
  const { core, params } = ctx;
  const customer = params.string("customer");
  if (customer) findOrThrow(core, "customers", customer, "customer");
  const type = params.string("type");
  const items = newestFirst(core.state.paymentMethods, (pm) => (customer ? pm.customer === customer : true) && (!type || pm.type === type));
  return paginate(items, params, "/v1/payment_methods");
}

export function listForCustomer(ctx: RequestContext, customerId: string): ListObject<PaymentMethodObject> {
  const { core, params } = ctx;
  findOrThrow(core, "customers", customerId, "id");
  const type = params.string("type");
  const items = newestFirst(core.state.paymentMethods, (pm) => pm.customer === customerId && (!type || pm.type === type));
  return paginate(items, params, `/v1/customers/${customerId}/payment_methods`);
}

export function retrieveForCustomer(ctx: RequestContext, customerId: string, pmId: string): PaymentMethodObject {
  findOrThrow(ctx.core, "customers", customerId, "id");
  const pm = paymentMethodOrThrow(ctx.core, pmId);
  if (pm.customer !== customerId) throw noSuch("pm", pmId);
  return pm;
}

declare module "../registry.js" {
  interface Collections {
    paymentMethods: Map<string, PaymentMethodObject>;
  }
}

defineResource({
  object: "payment_method",
  sdkType: "PaymentMethod",
  idPrefix: "pm",
  displayName: "PaymentMethod",
  collection: "paymentMethods",
  routes: [
    { method: "GET", path: "/v1/customers/:id/payment_methods", handle: listForCustomer, params: "CustomerListPaymentMethodsParams" },
    { method: "GET", path: "/v1/customers/:id/payment_methods/:pm", handle: retrieveForCustomer, params: "CustomerRetrievePaymentMethodParams" },
    { method: "POST", path: "/v1/payment_methods", handle: create, access: "publishable", params: "PaymentMethodCreateParams" },
    { method: "GET", path: "/v1/payment_methods", handle: list, params: "PaymentMethodListParams" },
    { method: "GET", path: "/v1/payment_methods/:id", handle: retrieve, params: "PaymentMethodRetrieveParams" },
    { method: "POST", path: "/v1/payment_methods/:id", handle: update, params: "PaymentMethodUpdateParams" },
    { method: "POST", path: "/v1/payment_methods/:id/attach", handle: attach, params: "PaymentMethodAttachParams" },
    { method: "POST", path: "/v1/payment_methods/:id/detach", handle: detach, params: "PaymentMethodDetachParams" },
  ],
});
