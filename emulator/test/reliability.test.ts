/** Idempotency, injected faults, rate limiting: what the app's retry logic relies on. */
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
});
beforeEach(() => t.emulator.control.reset());
afterAll(() => t.stop());

const params: Stripe.PaymentIntentCreateParams = { amount: 4200, currency: "eur", payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } };

describe("Idempotency-Key", () => {
  it("same key + same body replays the first response with Idempotent-Replayed", async () => {
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: "booking/1/pi" });
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: "booking/1/pi" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect((await t.emulator.control.counters()).chargesSucceeded).toBe(1);
  });

  it("same key with a different body → 400 idempotency_error (StripeIdempotencyError)", async () => {
    await stripe.customers.create({ email: "a@example.com" }, { idempotencyKey: "k-mismatch" });
    const err = await stripeError(stripe.customers.create({ email: "b@example.com" }, { idempotencyKey: "k-mismatch" }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters they were first used with/);
  });

  it("keys are scoped per API key", async () => {
    const a = await stripe.customers.create({}, { idempotencyKey: "scoped" });
    const b = await t.client({ key: "sk_test_someone_else" }).customers.create({}, { idempotencyKey: "scoped" });
    expect(a.id).not.toBe(b.id);
  });

  it("replays declines (402) too, without charging again", async () => {
    const p = { ...params, payment_method: "pm_card_visa_chargeDeclined" };
    const e1 = await stripeError(stripe.paymentIntents.create(p, { idempotencyKey: "decline-key" }));
    const e2 = await stripeError(stripe.paymentIntents.create(p, { idempotencyKey: "decline-key" }));
    expect(e2.payment_intent?.id).toBe(e1.payment_intent?.id);
    expect(e2.headers?.["idempotent-replayed"]).toBe("true");
    expect((await t.emulator.control.counters()).chargesFailed).toBe(1);
  });

  it("a concurrent request with the same key in flight → 409 idempotency_error", async () => {
    await t.emulator.control.addFault({ kind: "delay", delayMs: 300, count: 1, pathPrefix: "/v1/payment_intents" });
    const [a, b] = await Promise.allSettled([
      stripe.paymentIntents.create(params, { idempotencyKey: "race" }),
      new Promise((r) => setTimeout(r, 50)).then(() => stripe.paymentIntents.create(params, { idempotencyKey: "race" })),
    ]);
    expect(a.status).toBe("fulfilled");
    expect(b.status).toBe("rejected");
    const err = (b as PromiseRejectedResult).reason as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(409);
    expect(err.raw).toMatchObject({ type: "idempotency_error", code: "idempotency_key_in_use" });
    expect(err.message).toMatch(/There is currently another in-progress request using this Idempotent Key/);
    expect((await t.emulator.control.counters()).chargesSucceeded).toBe(1);
  });

  it("GET requests ignore the key", async () => {
    const c = await stripe.customers.create();
    const r1 = await t.raw("GET", `/v1/customers/${c.id}`, { headers: { "idempotency-key": "g" } });
    const r2 = await t.raw("GET", `/v1/customers/${c.id}`, { headers: { "idempotency-key": "g" } });
    expect(r2.headers.get("idempotent-replayed")).toBeNull();
    expect(r1.json.id).toBe(c.id);
  });
});

describe("faults", () => {
  it("error_500 → StripeAPIError", async () => {
    await t.emulator.control.addFault({ kind: "error_500", count: 1 });
    const err = await stripeError(stripe.customers.create());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err.statusCode).toBe(500);
    expect(err.raw).toMatchObject({ type: "api_error" });
    await expect(stripe.customers.create()).resolves.toHaveProperty("object", "customer");
  });

  it("the SDK's own retries get through a transient 500", async () => {
    await t.emulator.control.addFault({ kind: "error_500", count: 1, pathPrefix: "/v1/payment_intents" });
    const retrying = t.client({ maxNetworkRetries: 2 });
    const pi = await retrying.paymentIntents.create(params);
    expect(pi.status).toBe("succeeded");
  });

  it("timeout holds the socket: the client times out, nothing happened", async () => {
    await t.emulator.control.addFault({ kind: "timeout", count: 1 });
    const err = await stripeError(t.client({ timeout: 300 }).paymentIntents.create(params));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((await t.emulator.control.counters()).chargesSucceeded).toBe(0);
  });

  it("drop_after_success: the client sees a network error although the operation happened", async () => {
    await t.emulator.control.addFault({ kind: "drop_after_success", count: 1, pathPrefix: "/v1/customers" });
    await expect(t.raw("POST", "/v1/customers", { body: "email=dropped%40example.com", headers: { "idempotency-key": "drop-raw" } })).rejects.toThrow();
    const list = await stripe.customers.list({ email: "dropped@example.com" });
    expect(list.data).toHaveLength(1);
    const retried = await t.raw("POST", "/v1/customers", { body: "email=dropped%40example.com", headers: { "idempotency-key": "drop-raw" } });
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.json.id).toBe(list.data[0]?.id);
  });

  it("drop_after_success then a retry with the same idempotency key: same succeeded PI, charged once", async () => {
    await t.emulator.control.addFault({ kind: "drop_after_success", count: 1, pathPrefix: "/v1/payment_intents", method: "POST" });
    // stripe-node retries a closed connection once even with maxNetworkRetries: 0, with the same key
    const pi = await stripe.paymentIntents.create(params, { idempotencyKey: "booking/7/pi" });
    expect(pi.status).toBe("succeeded");
    expect(pi.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: "booking/7/pi" });
    expect(again.id).toBe(pi.id);
    const counters = await t.emulator.control.counters();
    expect(counters.chargesSucceeded).toBe(1);
    expect(counters.paymentIntents[pi.id]?.succeededCharges).toBe(1);
  });

  it("delay slows the answer", async () => {
    await t.emulator.control.addFault({ kind: "delay", delayMs: 200, count: 1 });
    const started = Date.now();
    await stripe.customers.create();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("rate share: rate 1 hits every matching request until cleared", async () => {
    await t.emulator.control.addFault({ kind: "error_500", rate: 1, pathPrefix: "/v1/customers" });
    expect((await stripeError(stripe.customers.create())).statusCode).toBe(500);
    expect((await stripeError(stripe.customers.list())).statusCode).toBe(500);
    await expect(stripe.paymentIntents.list()).resolves.toHaveProperty("object", "list");
    await t.emulator.control.clearFaults();
    await expect(stripe.customers.create()).resolves.toHaveProperty("object", "customer");
  });
});

describe("rate limit", () => {
  it("429 rate_limit with Stripe-Should-Retry beyond the limit (StripeRateLimitError)", async () => {
    await t.emulator.control.setRateLimit(3);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => stripe.customers.list()));
    const limited = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as Stripe.errors.StripeError);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0]).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited[0]?.code).toBe("rate_limit");
    expect(limited[0]?.headers?.["stripe-should-retry"]).toBe("true");
    await t.emulator.control.setRateLimit(null);
    await expect(stripe.customers.list()).resolves.toBeTruthy();
  });
});
