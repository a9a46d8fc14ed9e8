/** PaymentIntent / SetupIntent / refund flows as Stripe documents them. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
});
afterAll(() => t.stop());

const RETURN_URL = "https://merchant.example/return";

async function savedCard(pmTestId = "pm_card_visa"): Promise<{ customer: string; pm: string }> {
  const customer = await stripe.customers.create({ email: "guest@example.com" });
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: pmTestId, confirm: true, return_url: RETURN_URL, usage: "off_session" });
  if (si.status === "requires_action") await t.emulator.control.complete3DS(si.id, si.client_secret ?? "");
  const done = await stripe.setupIntents.retrieve(si.id);
  expect(done.status).toBe("succeeded");
  return { customer: customer.id, pm: String(done.payment_method) };
}

async function eventTypes(objectId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data.filter((e) => (e.data.object as { id?: string }).id === objectId).map((e) => e.type).reverse();
}

describe("SetupIntents", () => {
  it("defaults: usage off_session, automatic payment methods, card; no mandate for cards", async () => {
    const customer = await stripe.customers.create();
    const si = await stripe.setupIntents.create({ customer: customer.id });
    expect(si).toMatchObject({ object: "setup_intent", status: "requires_payment_method", usage: "off_session", payment_method_types: ["card"], mandate: null, livemode: false });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    expect(si.automatic_payment_methods).toEqual({ allow_redirects: "always", enabled: true });
  });

  it("a succeeded SetupIntent attaches the PaymentMethod and emits payment_method.attached", async () => {
    const { customer, pm } = await savedCard("pm_card_authenticationRequiredOnSetup");
    const list = await stripe.customers.listPaymentMethods(customer, { type: "card" });
    expect(list.data.map((p) => p.id)).toEqual([pm]);
    const attached = await stripe.events.list({ type: "payment_method.attached" });
    expect(attached.data.some((e) => (e.data.object as Stripe.PaymentMethod).id === pm)).toBe(true);
    const si = (await stripe.setupIntents.list({ customer })).data[0];
    expect(si?.latest_attempt).toMatch(/^setatt_/);
    expect(await eventTypes(String(si?.id))).toEqual(["setup_intent.created", "setup_intent.requires_action", "setup_intent.succeeded"]);
  });

  it("a failed 3DS challenge returns the SetupIntent to requires_payment_method (not canceled)", async () => {
    const customer = await stripe.customers.create();
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_authenticationRequired", confirm: true, return_url: RETURN_URL });
    expect(si.status).toBe("requires_action");
    const failed = await t.emulator.control.fail3DS<Stripe.SetupIntent>(si.id, si.client_secret ?? "");
    expect(failed.intent.status).toBe("requires_payment_method");
    expect(failed.intent.last_setup_error?.code).toBe("setup_intent_authentication_failure");
    expect(failed.intent.payment_method).toBeNull();
    const pms = await stripe.customers.listPaymentMethods(customer.id);
    expect(pms.data).toHaveLength(0);
    // and it can be confirmed again with another card
    const retry = await stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa", return_url: RETURN_URL });
    expect(retry.status).toBe("succeeded");
  });

  it("wrong client secret on the 3DS endpoint is refused", async () => {
    const si = await stripe.setupIntents.create({ payment_method: "pm_card_authenticationRequired", confirm: true, return_url: RETURN_URL });
    await expect(t.emulator.control.complete3DS(si.id, "seti_wrong_secret_x")).rejects.toThrow(/400/);
  });

  it("cancel, and confirming succeeded or canceled intents fails with setup_intent_unexpected_state", async () => {
    const si = await stripe.setupIntents.create({ payment_method: "pm_card_visa", confirm: true, return_url: RETURN_URL });
    const again = await stripeError(stripe.setupIntents.confirm(si.id, { return_url: RETURN_URL }));
    expect(again.code).toBe("setup_intent_unexpected_state");
    expect(again.raw).toHaveProperty("setup_intent.id", si.id);
    const other = await stripe.setupIntents.create({});
    const canceled = await stripe.setupIntents.cancel(other.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect((await stripeError(stripe.setupIntents.cancel(si.id))).code).toBe("setup_intent_unexpected_state");
  });

  it("requires return_url with automatic payment methods allowing redirects, like Stripe", async () => {
    const err = await stripeError(stripe.setupIntents.create({ payment_method: "pm_card_visa", confirm: true }));
    expect(err.type).toBe("StripeInvalidRequestError");
    const ok = await stripe.setupIntents.create({ payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
    expect(ok.status).toBe("succeeded");
  });
});

describe("PaymentIntents", () => {
  it("create without confirm → requires_payment_method / requires_confirmation, then confirm", async () => {
    const bare = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
    expect(bare).toMatchObject({ status: "requires_payment_method", amount: 1000, currency: "eur", capture_method: "automatic_async", latest_charge: null });
    const withPm = await stripe.paymentIntents.update(bare.id, { payment_method: "pm_card_visa" });
    expect(withPm.status).toBe("requires_confirmation");
    const done = await stripe.paymentIntents.confirm(bare.id, { return_url: RETURN_URL });
    expect(done).toMatchObject({ status: "succeeded", amount_received: 1000 });
    const charge = await stripe.charges.retrieve(String(done.latest_charge));
    expect(charge).toMatchObject({ paid: true, captured: true, status: "succeeded", amount_captured: 1000, amount_refunded: 0, refunded: false, payment_intent: done.id });
    expect(charge.outcome).toMatchObject({ network_status: "approved_by_network", type: "authorized", seller_message: "Payment complete.", reason: null });
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    expect(await eventTypes(done.id)).toEqual(["payment_intent.created", "payment_intent.succeeded"]);
  });

  it("a PaymentIntent succeeds once: confirming it again is payment_intent_unexpected_state", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa", confirm: true, return_url: RETURN_URL });
    const err = await stripeError(stripe.paymentIntents.confirm(pi.id, { return_url: RETURN_URL }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("payment_intent_unexpected_state");
    expect(err.payment_intent?.status).toBe("succeeded");
    const counters = await t.emulator.control.counters();
    expect(counters.paymentIntents[pi.id]?.succeededCharges).toBe(1);
  });

  it("off-session authentication_required: 402 card_error with the PaymentIntent inside, then pay-now recovery on session", async () => {
    const { customer, pm } = await savedCard("pm_card_authenticationRequired");
    const err = await stripeError(stripe.paymentIntents.create({ amount: 5000, currency: "eur", customer, payment_method: pm, confirm: true, off_session: true, metadata: { booking_id: "b1" } }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe("authentication_required");
    expect(err.decline_code).toBe("authentication_required");
    expect(err.payment_intent?.status).toBe("requires_payment_method");
    expect(err.payment_intent?.last_payment_error?.code).toBe("authentication_required");
    expect(err.payment_method?.id).toBe(pm);
    const piId = String(err.payment_intent?.id);
    // pay now: confirm on session with the same card → 3DS → succeeded
    const onSession = await stripe.paymentIntents.confirm(piId, { payment_method: pm, return_url: RETURN_URL });
    expect(onSession.status).toBe("requires_action");
    const done = await t.emulator.control.complete3DS<Stripe.PaymentIntent>(piId, onSession.client_secret ?? "");
    expect(done.intent.status).toBe("succeeded");
    const charges = await stripe.charges.list({ payment_intent: piId });
    expect(charges.data.map((c) => c.status)).toEqual(["succeeded", "failed"]);
    expect((await t.emulator.control.counters()).paymentIntents[piId]).toMatchObject({ succeededCharges: 1, failedCharges: 1, attempts: 2 });
  });

  it("recovery with a new card from requires_payment_method", async () => {
    const { customer, pm } = await savedCard("pm_card_visa");
    await t.emulator.control.declinePaymentMethod(pm, { code: "card_declined", decline_code: "insufficient_funds", count: 1 });
    const err = await stripeError(stripe.paymentIntents.create({ amount: 5000, currency: "eur", customer, payment_method: pm, confirm: true, off_session: true }));
    expect(err.decline_code).toBe("insufficient_funds");
    expect(err.message).toBe("Your card has insufficient funds.");
    const piId = String(err.payment_intent?.id);
    const other = await stripe.paymentMethods.attach("pm_card_mastercard", { customer });
    const done = await stripe.paymentIntents.confirm(piId, { payment_method: other.id, return_url: RETURN_URL });
    expect(done.status).toBe("succeeded");
    // the decline override was for one charge only
    const next = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer, payment_method: pm, confirm: true, off_session: true });
    expect(next.status).toBe("succeeded");
  });

  it("error_on_requires_action fails instead of asking for 3DS", async () => {
    const err = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_authenticationRequired", confirm: true, error_on_requires_action: true, return_url: RETURN_URL }));
    expect(err.code).toBe("authentication_required");
    expect(err.payment_intent?.status).toBe("requires_payment_method");
  });

  it("3DS failure on a payment → requires_payment_method with payment_intent_authentication_failure", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_authenticationRequired", confirm: true, use_stripe_sdk: true } as Stripe.PaymentIntentCreateParams);
    expect(pi.next_action?.type).toBe("use_stripe_sdk");
    const failed = await t.emulator.control.fail3DS<Stripe.PaymentIntent>(pi.id, pi.client_secret ?? "");
    expect(failed.intent.status).toBe("requires_payment_method");
    expect(failed.intent.last_payment_error).toMatchObject({ code: "payment_intent_authentication_failure", type: "invalid_request_error" });
  });

  it("manual capture: requires_capture, partial capture, events", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: "eur", payment_method: "pm_card_visa", confirm: true, capture_method: "manual", return_url: RETURN_URL });
    expect(pi).toMatchObject({ status: "requires_capture", amount_capturable: 3000, amount_received: 0 });
    const tooMuch = await stripeError(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 5000 }));
    expect(tooMuch.type).toBe("StripeInvalidRequestError");
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2000 });
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 2000, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(String(captured.latest_charge));
    expect(charge).toMatchObject({ captured: true, amount_captured: 2000, amount_refunded: 1000 });
    expect(await eventTypes(pi.id)).toEqual(["payment_intent.created", "payment_intent.amount_capturable_updated", "payment_intent.succeeded"]);
    const again = await stripeError(stripe.paymentIntents.capture(pi.id));
    expect(again.code).toBe("payment_intent_unexpected_state");
  });

  it("cancel with a reason; a succeeded PaymentIntent cannot be canceled", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "requested_by_customer" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "requested_by_customer" });
    expect(canceled.canceled_at).toBeTypeOf("number");
    const confirmCanceled = await stripeError(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }));
    expect(confirmCanceled.code).toBe("payment_intent_unexpected_state");
    const paid = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa", confirm: true, return_url: RETURN_URL });
    expect((await stripeError(stripe.paymentIntents.cancel(paid.id))).code).toBe("payment_intent_unexpected_state");
  });

  it("setup_future_usage attaches the card and sets it up for off-session use", async () => {
    const customer = await stripe.customers.create();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: "pm_card_authenticationRequiredOnSetup", setup_future_usage: "off_session", confirm: true, return_url: RETURN_URL });
    expect(pi.status).toBe("requires_action");
    await t.emulator.control.complete3DS(pi.id, pi.client_secret ?? "");
    const pmId = String((await stripe.paymentIntents.retrieve(pi.id)).payment_method);
    expect((await stripe.paymentMethods.retrieve(pmId)).customer).toBe(customer.id);
    const off = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: pmId, confirm: true, off_session: true });
    expect(off.status).toBe("succeeded");
  });

  it("a PaymentMethod of another customer is refused; an unattached one is single-use", async () => {
    const a = await savedCard();
    const b = await stripe.customers.create();
    const err = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: b.id, payment_method: a.pm, confirm: true, off_session: true }));
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.param).toBe("payment_method");
    const noCustomer = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: a.pm }));
    expect(noCustomer.param).toBe("payment_method");
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2040, cvc: "123" } });
    await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: pm.id, confirm: true, return_url: RETURN_URL });
    const reuse = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: pm.id, confirm: true, return_url: RETURN_URL }));
    expect(reuse.message).toMatch(/previously used/);
  });

  it("validation: amount and currency required, minimum amount, unknown customer", async () => {
    const missing = await stripeError(stripe.paymentIntents.create({ currency: "eur" } as Stripe.PaymentIntentCreateParams));
    expect(missing).toMatchObject({ code: "parameter_missing", param: "amount", message: "Missing required param: amount." });
    const small = await stripeError(stripe.paymentIntents.create({ amount: 10, currency: "usd" }));
    expect(small.code).toBe("amount_too_small");
    const noCustomer = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: "cus_missing" }));
    expect(noCustomer).toMatchObject({ code: "resource_missing", param: "customer", statusCode: 400, message: "No such customer: 'cus_missing'" });
  });

  it("search by metadata and list by customer", async () => {
    const customer = await stripe.customers.create();
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, metadata: { booking_id: "bk_42" } });
    await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, metadata: { booking_id: "bk_43" } });
    const found = await stripe.paymentIntents.search({ query: "metadata['booking_id']:'bk_42'" });
    expect(found.data.map((p) => p.id)).toEqual([a.id]);
    const listed = await stripe.paymentIntents.list({ customer: customer.id });
    expect(listed.data).toHaveLength(2);
    expect(listed.data[1]?.id).toBe(a.id); // newest first
  });
});

describe("Refunds", () => {
  async function paid(pm = "pm_card_visa", amount = 5000): Promise<Stripe.PaymentIntent> {
    return stripe.paymentIntents.create({ amount, currency: "eur", payment_method: pm, confirm: true, return_url: RETURN_URL });
  }

  it("partial then full refund; over-refund is refused like Stripe", async () => {
    const pi = await paid();
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000, reason: "requested_by_customer", metadata: { why: "x" } });
    expect(r1).toMatchObject({ object: "refund", amount: 2000, status: "succeeded", payment_intent: pi.id, reason: "requested_by_customer", metadata: { why: "x" } });
    const over = await stripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 4000 }));
    expect(over.statusCode).toBe(400);
    expect(over.message).toBe("Refund amount (€40.00) is greater than unrefunded amount on charge (€30.00)");
    const r2 = await stripe.refunds.create({ charge: String(pi.latest_charge) });
    expect(r2.amount).toBe(3000);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([r2.id, r1.id]);
    const done = await stripeError(stripe.refunds.create({ payment_intent: pi.id }));
    expect(done.code).toBe("charge_already_refunded");
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(2);
  });

  it("4000000000007726: pending, then succeeded with charge.refund.updated", async () => {
    const pi = await paid("pm_card_pendingRefund");
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe("pending");
    await eventually(async () => expect((await stripe.refunds.retrieve(refund.id)).status).toBe("succeeded"));
    const events = await stripe.events.list({ types: ["charge.refund.updated", "refund.updated"] });
    const mine = events.data.filter((e) => (e.data.object as Stripe.Refund).id === refund.id);
    expect(mine.map((e) => e.type).sort()).toEqual(["charge.refund.updated", "refund.updated"]);
    expect(mine[0]?.data.previous_attributes).toEqual({ status: "pending" });
  });

  it("4000000000005126: succeeded, then failed later with failure_reason", async () => {
    const pi = await paid("pm_card_refundFail");
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe("succeeded");
    const failed = await eventually(async () => {
      const r = await stripe.refunds.retrieve(refund.id);
      expect(r.status).toBe("failed");
      return r;
    });
    expect(failed.failure_reason).toBe("expired_or_canceled_card");
    expect((await stripe.charges.retrieve(String(pi.latest_charge))).amount_refunded).toBe(0);
    const types = (await stripe.events.list({ limit: 10 })).data.filter((e) => (e.data.object as Stripe.Refund).id === refund.id).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["charge.refund.updated", "refund.updated", "refund.failed"]));
  });
});
