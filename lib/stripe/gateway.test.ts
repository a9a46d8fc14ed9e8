import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { StripeCallFailed } from "./errors";
import { StripeGateway } from "./gateway";

/** An SDK whose paymentIntents.retrieve answers from a script of errors, then succeeds. */
function scriptedSdk(errors: Error[]) {
  const calls: number[] = [];
  const sdk = {
    paymentIntents: {
      retrieve: (id: string) => {
        calls.push(Date.now());
        const next = errors.shift();
        return next ? Promise.reject(next) : Promise.resolve({ id, object: "payment_intent", status: "succeeded" });
      },
    },
  } as unknown as Stripe;
  return { sdk, calls };
}

function apiError(statusCode: number, headers: Record<string, string> = {}, raw: { type?: string; code?: string } = {}) {
  const type = raw.type ?? (statusCode === 429 ? "invalid_request_error" : statusCode >= 500 ? "api_error" : "invalid_request_error");
  return Stripe.errors.StripeError.generate({ type, code: raw.code, message: `HTTP ${statusCode}`, statusCode, headers } as Parameters<typeof Stripe.errors.StripeError.generate>[0]);
}

function gateway(sdk: Stripe, slept: number[] = []) {
  return new StripeGateway(sdk, { gate: { concurrency: 4 }, transientRetries: 3, sleep: async (ms) => void slept.push(ms) });
}

describe("StripeGateway re-sends", () => {
  it("re-sends a 500 with the same request until it succeeds", async () => {
    const { sdk, calls } = scriptedSdk([apiError(500), apiError(500)]);
    await expect(gateway(sdk).retrievePaymentIntent("pi_1")).resolves.toMatchObject({ id: "pi_1" });
    expect(calls).toHaveLength(3);
  });

  it("does not re-send when Stripe answers Stripe-Should-Retry: false, and the outcome stays unknown (transient)", async () => {
    const { sdk, calls } = scriptedSdk([apiError(500, { "stripe-should-retry": "false" })]);
    const failed = await gateway(sdk).retrievePaymentIntent("pi_1").catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StripeCallFailed);
    expect((failed as StripeCallFailed).failure).toMatchObject({ kind: "transient", shouldRetry: false, statusCode: 500 });
    expect(calls).toHaveLength(1);
  });

  it("re-sends what Stripe asks to (Stripe-Should-Retry: true), even a 400-class answer", async () => {
    const { sdk, calls } = scriptedSdk([apiError(400, { "stripe-should-retry": "true" }, { code: "lock_timeout" })]);
    await expect(gateway(sdk).retrievePaymentIntent("pi_1")).resolves.toMatchObject({ id: "pi_1" });
    expect(calls).toHaveLength(2);
  });

  it("treats a 409 idempotency_key_in_use as transient (another worker's request with the key is in flight)", async () => {
    const { sdk, calls } = scriptedSdk([apiError(409, {}, { code: "idempotency_key_in_use" })]);
    await expect(gateway(sdk).retrievePaymentIntent("pi_1")).resolves.toMatchObject({ id: "pi_1" });
    expect(calls).toHaveLength(2);
  });

  it("never re-sends a card error", async () => {
    const { sdk, calls } = scriptedSdk([apiError(402, {}, { type: "card_error", code: "card_declined" })]);
    await expect(gateway(sdk).retrievePaymentIntent("pi_1")).rejects.toBeInstanceOf(StripeCallFailed);
    expect(calls).toHaveLength(1);
  });

  it("waits Retry-After on a 429 and keeps trying longer than for other failures", async () => {
    const slept: number[] = [];
    const limited = Array.from({ length: 5 }, () => apiError(429, { "stripe-should-retry": "true", "retry-after": "2" }));
    const { sdk, calls } = scriptedSdk(limited);
    await expect(gateway(sdk, slept).retrievePaymentIntent("pi_1")).resolves.toMatchObject({ id: "pi_1" });
    expect(calls).toHaveLength(6); // more than transientRetries + 1
    expect(slept).toHaveLength(5);
    expect(slept.every((ms) => ms > 1900)).toBe(true);
  });

  it("a 429 holds back the other calls of the gateway too", async () => {
    const slept: number[] = [];
    const { sdk } = scriptedSdk([apiError(429, { "retry-after": "3" })]);
    const g = gateway(sdk, slept);
    await g.retrievePaymentIntent("pi_1");
    slept.length = 0;
    await g.retrievePaymentIntent("pi_2"); // no error of its own, yet it waits for the hold
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(2000);
  });
});
