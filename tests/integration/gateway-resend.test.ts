/**
 * The gateway's re-sends carry an idempotency key even where no id of ours names the request
 * (lib/stripe/keys.ts `request`): a request that reached Stripe but timed out is answered
 * from Stripe's cache (or "still in flight") when re-sent, instead of acting a second time. The SDK itself
 * re-sends nothing, so every re-send takes its turn of the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripe } from "@/lib/stripe/client";
import { StripeGateway } from "@/lib/stripe/gateway";
import { startStripe, type TestStripe } from "../support/booking-fixtures";

let t: TestStripe;
beforeAll(async () => {
  t = await startStripe();
});
afterAll(() => t?.stop());

/**
 * A gateway whose SDK gives up after 200 ms: a request the emulator holds for 600 ms (and then
 * carries out) times out, and the gateway sends it again while the first is still running.
 */
function impatientGateway() {
  const sdk = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator_it", STRIPE_MODE: "emulator", STRIPE_EMULATOR_URL: t.emulator.url }, { timeoutMs: 200 });
  return new StripeGateway(sdk, { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 300))) });
}
const gateway = () => new StripeGateway(t.stripe, { sleep: async () => {} });

describe("a request that timed out is re-sent with the same key", () => {
  it("makes one SetupIntent, not two", async () => {
    const g = impatientGateway();
    const customer = await gateway().createCustomer({ id: `user-${Date.now()}`, email: "resend@it.test", name: "Resend" });
    await t.emulator.control.addFault({ kind: "delay", delayMs: 600, count: 1, method: "POST", pathPrefix: "/v1/setup_intents" });
    const intent = await g.createSetupIntent({ customerId: customer.id, userId: "user-resend" });
    expect(g.retries).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 700)); // the held request has long finished
    const all = await t.stripe.setupIntents.list({ customer: customer.id, limit: 10 });
    expect(all.data.map((s) => s.id)).toEqual([intent.id]);
  });

  it("gives two calls two keys: two onboarding links are two links", async () => {
    const g = gateway();
    const account = await g.createConnectedAccount({ userId: `host-${Date.now()}`, email: "host-resend@it.test", country: "FI" });
    const args = { accountId: account.id, refreshUrl: "http://localhost:3000/provider/payouts", returnUrl: "http://localhost:3000/provider/payouts" };
    const [a, b] = [await g.createAccountLink(args), await g.createAccountLink(args)];
    expect(a.url).not.toBe(b.url);
  });
});
