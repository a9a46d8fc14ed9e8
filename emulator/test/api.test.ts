/** Resources, pagination, expand, auth, errors, headers — and response shapes against Stripe's OpenAPI fixtures. */
import { readFileSync } from "node:fs";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLISHABLE_KEY, startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
});
afterAll(() => t.stop());

describe("customers", () => {
  it("create, retrieve, update (metadata semantics, default payment method), delete", async () => {
    const c = await stripe.customers.create({ email: "a@example.com", name: "Aino", metadata: { a: "1", b: "2" } });
    expect(c.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(c).toMatchObject({ object: "customer", livemode: false, email: "a@example.com", invoice_settings: { default_payment_method: null } });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
    const updated = await stripe.customers.update(c.id, { metadata: { a: "", c: "3" }, invoice_settings: { default_payment_method: pm.id } });
    expect(updated.metadata).toEqual({ b: "2", c: "3" });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const expanded = await stripe.customers.retrieve(c.id, { expand: ["invoice_settings.default_payment_method"] });
    expect(((expanded as Stripe.Customer).invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");
    const foreign = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2040 } });
    const bad = await stripeError(stripe.customers.update(c.id, { invoice_settings: { default_payment_method: foreign.id } }));
    expect(bad.param).toBe("invoice_settings[default_payment_method]");
    // detaching the default clears it
    await stripe.paymentMethods.detach(pm.id);
    expect((await stripe.customers.retrieve(c.id) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    const deleted = await stripe.customers.del(c.id);
    expect(deleted).toEqual(expect.objectContaining({ id: c.id, object: "customer", deleted: true }));
    expect(await stripe.customers.retrieve(c.id)).toMatchObject({ id: c.id, deleted: true });
  });
});

describe("payment methods", () => {
  it("attach, list both ways, detach", async () => {
    const c = await stripe.customers.create();
    const a = await stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
    const b = await stripe.paymentMethods.attach("pm_card_mastercard", { customer: c.id });
    expect((await stripe.customers.listPaymentMethods(c.id, { type: "card" })).data.map((p) => p.id)).toEqual([b.id, a.id]);
    expect((await stripe.paymentMethods.list({ customer: c.id, type: "card" })).data.map((p) => p.id)).toEqual([b.id, a.id]);
    const detached = await stripe.paymentMethods.detach(a.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.listPaymentMethods(c.id)).data.map((p) => p.id)).toEqual([b.id]);
    const other = await stripe.customers.create();
    const twice = await stripeError(stripe.paymentMethods.attach(b.id, { customer: other.id }));
    expect(twice.type).toBe("StripeInvalidRequestError");
  });
});

describe("lists", () => {
  it("paginate newest first with limit, starting_after, ending_before, has_more, url", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email: "page@example.com" })).id);
    const newest = [...ids].reverse();
    const p1 = await stripe.customers.list({ email: "page@example.com", limit: 2 });
    expect(p1).toMatchObject({ object: "list", url: "/v1/customers", has_more: true });
    expect(p1.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    const p2 = await stripe.customers.list({ email: "page@example.com", limit: 2, starting_after: newest[1] });
    expect(p2.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    const p3 = await stripe.customers.list({ email: "page@example.com", limit: 2, starting_after: newest[3] });
    expect(p3).toMatchObject({ has_more: false });
    expect(p3.data.map((c) => c.id)).toEqual(newest.slice(4));
    const back = await stripe.customers.list({ email: "page@example.com", limit: 2, ending_before: newest[4] });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    const all: string[] = [];
    for await (const c of stripe.customers.list({ email: "page@example.com", limit: 2 })) all.push(c.id);
    expect(all).toEqual(newest);
  });

  it("expand[] on objects and lists, nested paths tolerated", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example" });
    const e = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method", "latest_charge.balance_transaction"] });
    expect((e.payment_method as Stripe.PaymentMethod).object).toBe("payment_method");
    expect((e.latest_charge as Stripe.Charge).object).toBe("charge");
    const list = await stripe.charges.list({ payment_intent: pi.id, expand: ["data.payment_intent"] });
    expect((list.data[0]?.payment_intent as Stripe.PaymentIntent).id).toBe(pi.id);
    const bad = await stripeError(stripe.paymentIntents.retrieve(pi.id, { expand: ["nonsense"] }));
    expect(bad.statusCode).toBe(400);
  });

  it("events filter by type and types[]", async () => {
    const c = await stripe.customers.create();
    await stripe.customers.update(c.id, { name: "X" });
    const created = await stripe.events.list({ type: "customer.created", limit: 100 });
    expect(created.data.every((e) => e.type === "customer.created")).toBe(true);
    const both = await stripe.events.list({ types: ["customer.created", "customer.updated"], limit: 100 });
    expect(new Set(both.data.map((e) => e.type))).toEqual(new Set(["customer.created", "customer.updated"]));
    const wildcard = await stripe.events.list({ type: "customer.*", limit: 100 });
    expect(wildcard.data.every((e) => e.type.startsWith("customer."))).toBe(true);
    expect(wildcard.data.map((e) => e.type)).toContain("customer.deleted");
    const one = await stripe.events.retrieve(String(created.data[0]?.id));
    expect(one.object).toBe("event");
  });
});

/** A made-up key in the live format (built from parts so no scanner mistakes it for a real secret). */
const LIVE_LOOKING_KEY = ["sk", "live", "nope123456"].join("_");

describe("auth, errors and headers", () => {
  it("401 without a key or with an invalid one (StripeAuthenticationError)", async () => {
    const none = await t.raw("GET", "/v1/customers", { headers: { authorization: "" } });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringMatching(/^You did not provide an API key/) } });
    const err = await stripeError(t.client({ key: LIVE_LOOKING_KEY }).customers.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.message).toBe(`Invalid API Key provided: ${LIVE_LOOKING_KEY.slice(0, 8)}******3456`);
  });

  it("a publishable key may only create PaymentMethods and use intents by client secret", async () => {
    const pk = t.client({ key: PUBLISHABLE_KEY });
    const pm = await pk.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2040, cvc: "123" } });
    expect(pm.customer).toBeNull();
    const denied = await stripeError(pk.customers.list());
    expect(denied).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(denied.message).toMatch(/^This API call cannot be made with a publishable API key/);
    const si = await stripe.setupIntents.create({});
    const viaPk = await t.raw("GET", `/v1/setup_intents/${si.id}?client_secret=${si.client_secret}`, { headers: { authorization: `Bearer ${PUBLISHABLE_KEY}` } });
    expect(viaPk.status).toBe(200);
    const confirmed = await t.raw("POST", `/v1/setup_intents/${si.id}/confirm`, {
      headers: { authorization: "" },
      body: `key=${PUBLISHABLE_KEY}&client_secret=${si.client_secret}&payment_method=${pm.id}&use_stripe_sdk=true`,
    });
    expect(confirmed.json.status).toBe("succeeded");
    const wrong = await t.raw("GET", `/v1/setup_intents/${si.id}?client_secret=seti_x_secret_y`, { headers: { authorization: `Bearer ${PUBLISHABLE_KEY}` } });
    expect(wrong.status).toBe(400);
  });

  it("404 resource_missing shaped like Stripe, Request-Id and Stripe-Version on every response, CORS", async () => {
    const res = await t.raw("GET", "/v1/payment_intents/pi_missing", { headers: { "stripe-version": "2026-10-28.endive", origin: "http://app.example" } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { type: "invalid_request_error", code: "resource_missing", param: "id", message: "No such payment_intent: 'pi_missing'", doc_url: "https://stripe.com/docs/error-codes/resource-missing" } });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(res.headers.get("stripe-version")).toBe("2026-10-28.endive");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await fetch(`${t.emulator.url}/v1/payment_methods`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Idempotency-Key/);
    const unknown = await t.raw("GET", "/v1/nothing_here");
    expect(unknown.status).toBe(404);
    expect(String((unknown.json.error as { message: string }).message)).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/);
    const err = await stripeError(stripe.setupIntents.retrieve("seti_missing"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("parses bracket-nested arrays both ways (expand[]= and expand[0]=)", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa" });
    const res = await t.raw("GET", `/v1/payment_intents/${pi.id}?expand[]=payment_method&expand[1]=customer`);
    expect((res.json.payment_method as { object: string }).object).toBe("payment_method");
  });

  it("serves the browser Stripe.js files (404 when absent, no traversal)", async () => {
    const traversal = await fetch(`${t.emulator.url}/stripe-js/..%2F..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
    const v3 = await fetch(`${t.emulator.url}/v3`);
    expect([200, 404]).toContain(v3.status);
    expect(v3.headers.get("access-control-allow-origin")).toBe("*");
  });
});

// ---- shapes against the OpenAPI subset ----

interface Schema {
  required: Record<string, { type: string | null; nullable: boolean }>;
}
const subset = JSON.parse(readFileSync(new URL("./fixtures/openapi-subset.json", import.meta.url), "utf8")) as { schemas: Record<string, Schema> };

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function shapeProblems(name: string, value: unknown): string[] {
  const schema = subset.schemas[name];
  if (!schema) return [`no schema ${name}`];
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(schema.required)) {
    if (!(key in obj)) {
      problems.push(`${name}.${key} missing`);
      continue;
    }
    const actual = typeOf(obj[key]);
    if (actual === "null") {
      if (!spec.nullable) problems.push(`${name}.${key} is null but not nullable`);
      continue;
    }
    if (spec.type === null) continue;
    const allowed = spec.type.split("|");
    if (!allowed.includes(actual)) problems.push(`${name}.${key} is ${actual}, expected ${spec.type}`);
  }
  return problems;
}

describe("response shapes (stripe/openapi fixtures3.json subset)", () => {
  it("every required property is present with the right type", async () => {
    const customer = await stripe.customers.create({ email: "shape@example.com" });
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example" });
    const pm = await stripe.paymentMethods.retrieve(String(si.payment_method));
    const attempt = (await stripe.setupAttempts.list({ setup_intent: si.id })).data[0];
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const event = (await stripe.events.list({ limit: 1 })).data[0];
    const endpoint = await stripe.webhookEndpoints.create({ url: "https://hooks.example/x", enabled_events: ["*"] });
    const list = await stripe.customers.list({ limit: 1 });
    const failed = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa_chargeDeclined", confirm: true, return_url: "https://x.example" }));
    const problems = [
      ...shapeProblems("customer", customer),
      ...shapeProblems("setup_intent", si),
      ...shapeProblems("payment_method", pm),
      ...shapeProblems("payment_method_card", pm.card),
      ...shapeProblems("setup_attempt", attempt),
      ...shapeProblems("payment_intent", pi),
      ...shapeProblems("payment_intent", failed.payment_intent),
      ...shapeProblems("charge", charge),
      ...shapeProblems("refund", refund),
      ...shapeProblems("event", event),
      ...shapeProblems("webhook_endpoint", endpoint),
      ...shapeProblems("list", list),
    ];
    expect(problems).toEqual([]);
  });

  it("the checker catches a missing field", () => {
    expect(shapeProblems("refund", { id: "re_1" })).toContain("refund.amount missing");
  });
});
