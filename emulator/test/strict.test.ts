/**
 * The emulator refuses what Stripe refuses: unknown parameters (checked against the parameter
 * lists generated from the SDK's types), unsupported currencies and out-of-range amounts, metadata
 * over its limits, over-long idempotency keys, expand[] of non-expandable properties or deeper than
 * four levels — and honours request_three_d_secure.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPPORTED_CURRENCIES } from "../server/currencies.js";
import { resources } from "../server/registry.js";
import "../server/resources/index.js";
import { generatedParams } from "../server/validation.js";
import { PUBLISHABLE_KEY, startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
});
afterAll(() => t.stop());

const RETURN_URL = "https://merchant.example/return";

/** Lets a test send what the SDK's types would not allow (a typo, an unknown key). */
function loose<T>(params: Record<string, unknown>): T {
  return params as T;
}

describe("unknown parameters", () => {
  it("every registered route names an SDK parameter type that was generated", () => {
    const missing = resources()
      .flatMap((r) => r.routes)
      .filter((route) => route.params !== null && !generatedParams.params[route.params])
      .map((route) => `${route.method} ${route.path}: ${route.params}`);
    expect(missing).toEqual([]);
  });

  it("a top-level unknown parameter → 400 parameter_unknown naming it, nothing created", async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    const err = await stripeError(stripe.customers.create(loose<Stripe.CustomerCreateParams>({ email: "a@example.com", favourite_colour: "blue" })));
    expect(err).toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      code: "parameter_unknown",
      param: "favourite_colour",
      message: "Received unknown parameter: favourite_colour",
    });
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it("a misspelled off_session on a PaymentIntent is refused rather than ignored", async () => {
    const err = await stripeError(
      stripe.paymentIntents.create(loose<Stripe.PaymentIntentCreateParams>({ amount: 1000, currency: "eur", payment_method: "pm_card_visa", confirm: true, off_sesion: true })),
    );
    expect(err).toMatchObject({ code: "parameter_unknown", param: "off_sesion" });
  });

  it("a parameter the reported API version no longer has (payment_method_types) is refused", async () => {
    const err = await stripeError(stripe.paymentIntents.create(loose<Stripe.PaymentIntentCreateParams>({ amount: 1000, currency: "eur", payment_method_types: ["card"] })));
    expect(err).toMatchObject({ code: "parameter_unknown", param: "payment_method_types" });
    const si = await stripeError(stripe.setupIntents.create(loose<Stripe.SetupIntentCreateParams>({ payment_method_types: ["card"] })));
    expect(si.param).toBe("payment_method_types");
  });

  it("nested unknown parameters are named with their full bracket path", async () => {
    const options = await stripeError(
      stripe.paymentIntents.create(
        loose<Stripe.PaymentIntentCreateParams>({ amount: 1000, currency: "eur", payment_method_options: { card: { request_three_d_secure: "any", bogus: "1" } } }),
      ),
    );
    expect(options).toMatchObject({ code: "parameter_unknown", param: "payment_method_options[card][bogus]", message: "Received unknown parameter: payment_method_options[card][bogus]" });
    const address = await stripeError(
      stripe.paymentMethods.create(
        loose<Stripe.PaymentMethodCreateParams>({
          type: "card",
          card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" },
          billing_details: { address: { city: "Oulu", planet: "Earth" } },
        }),
      ),
    );
    expect(address.param).toBe("billing_details[address][planet]");
  });

  it("known nested parameters, free-form metadata keys and expand pass", async () => {
    const customer = await stripe.customers.create({
      email: "known@example.com",
      address: { city: "Oulu", country: "FI", line1: "Rantakatu 1", postal_code: "90100" },
      invoice_settings: { footer: "Kiitos" },
      metadata: { any_key_at_all: "x", booking: "bk_1" },
      expand: ["invoice_settings.default_payment_method"],
    });
    expect(customer.metadata).toEqual({ any_key_at_all: "x", booking: "bk_1" });
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "eur",
      customer: customer.id,
      payment_method_options: { card: { request_three_d_secure: "automatic" } },
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(pi.status).toBe("requires_payment_method");
  });

  it("query parameters of GET requests are checked too; DELETE takes none", async () => {
    const res = await t.raw("GET", "/v1/customers?limit=1&emial=a@example.com");
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "parameter_unknown", param: "emial" });
    const customer = await stripe.customers.create();
    const del = await t.raw("DELETE", `/v1/customers/${customer.id}`, { body: "force=true" });
    expect(del.status).toBe(400);
    expect(del.json.error).toMatchObject({ code: "parameter_unknown", param: "force" });
  });

  it("a publishable key confirming with its client_secret is fine; an unknown parameter is not", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
    const body = `client_secret=${encodeURIComponent(pi.client_secret ?? "")}&payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2040&return_url=${encodeURIComponent(RETURN_URL)}`;
    const pk = { authorization: `Bearer ${PUBLISHABLE_KEY}` };
    const bad = await t.raw("POST", `/v1/payment_intents/${pi.id}/confirm`, { body: `${body}&tracking=1`, headers: pk });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "parameter_unknown", param: "tracking" });
    const ok = await t.raw("POST", `/v1/payment_intents/${pi.id}/confirm`, { body, headers: pk });
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe("succeeded");
  });
});

describe("currencies and amounts", () => {
  it("an unsupported currency → Stripe's Invalid currency error", async () => {
    const err = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "xyz" }));
    expect(err).toMatchObject({ statusCode: 400, param: "currency" });
    expect(err.message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed, /);
  });

  it("currencies are stored lower case; the supported list is lower case and has the common ones", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "EUR" });
    expect(pi.currency).toBe("eur");
    for (const c of ["eur", "usd", "gbp", "sek", "nok", "dkk", "jpy", "chf"]) expect(SUPPORTED_CURRENCIES).toContain(c);
    expect(SUPPORTED_CURRENCIES.every((c) => /^[a-z]{3}$/.test(c))).toBe(true);
  });

  it("minimum amounts per currency as documented (eur 0.50, gbp 0.30, jpy ¥50, zero-decimal)", async () => {
    await expect(stripe.paymentIntents.create({ amount: 50, currency: "eur" })).resolves.toMatchObject({ amount: 50 });
    const eur = await stripeError(stripe.paymentIntents.create({ amount: 49, currency: "eur" }));
    expect(eur).toMatchObject({ code: "amount_too_small", param: "amount", message: "Amount must be at least €0.50 eur" });
    await expect(stripe.paymentIntents.create({ amount: 30, currency: "gbp" })).resolves.toMatchObject({ amount: 30 });
    expect((await stripeError(stripe.paymentIntents.create({ amount: 29, currency: "gbp" }))).code).toBe("amount_too_small");
    const jpy = await stripeError(stripe.paymentIntents.create({ amount: 49, currency: "jpy" }));
    expect(jpy).toMatchObject({ code: "amount_too_small", message: "Amount must be at least ¥50 jpy" });
    expect((await stripeError(stripe.paymentIntents.create({ amount: 2999, currency: "huf" }))).message).toMatch(/^Amount must be at least HUF\s175\.00 huf$/);
    expect((await stripeError(stripe.paymentIntents.create({ amount: 0, currency: "eur" }))).code).toBe("parameter_invalid_integer");
  });

  it("maximum amount: eight digits", async () => {
    await expect(stripe.paymentIntents.create({ amount: 99_999_999, currency: "eur" })).resolves.toMatchObject({ amount: 99_999_999 });
    const err = await stripeError(stripe.paymentIntents.create({ amount: 100_000_000, currency: "usd" }));
    expect(err).toMatchObject({ code: "amount_too_large", param: "amount", message: "Amount must be no more than $999,999.99" });
  });

  it("an update to an invalid currency or amount is refused and changes nothing", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
    expect((await stripeError(stripe.paymentIntents.update(pi.id, { currency: "abc" }))).param).toBe("currency");
    expect((await stripeError(stripe.paymentIntents.update(pi.id, { amount: 10 }))).code).toBe("amount_too_small");
    // 1000 minor units is 10.00: enough in eur, below huf's minimum of 175.00
    expect((await stripeError(stripe.paymentIntents.update(pi.id, { currency: "huf" }))).code).toBe("amount_too_small");
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ amount: 1000, currency: "eur" });
  });
});

describe("metadata limits", () => {
  const long = (n: number) => "k".repeat(n);

  it("keys up to 40 characters, values up to 500, at most 50 keys — at the limits it is accepted", async () => {
    const metadata: Record<string, string> = {};
    for (let i = 0; i < 49; i++) metadata[`k${i}`] = "v";
    metadata[long(40)] = "v".repeat(500);
    const customer = await stripe.customers.create({ metadata });
    expect(Object.keys(customer.metadata)).toHaveLength(50);
  });

  it("a key over 40 characters, a value over 500, a 51st key → 400 with Stripe's messages", async () => {
    const key = await stripeError(stripe.customers.create({ metadata: { [long(41)]: "v" } }));
    expect(key).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    expect(key.message).toMatch(/^Metadata keys can have up to 40 characters, but you passed in a key that is 41 characters/);
    const value = await stripeError(stripe.customers.create({ metadata: { note: "v".repeat(501) } }));
    expect(value.message).toBe("Metadata values can have up to 500 characters, but you passed in a value that is 501 characters.");
    expect(value.param).toBe("metadata[note]");
    const customer = await stripe.customers.create({ metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) });
    const count = await stripeError(stripe.customers.update(customer.id, { metadata: { one_more: "v" } }));
    expect(count).toMatchObject({ param: "metadata", message: "Metadata can have up to 50 keys, but you've set 51." });
    expect(Object.keys((await stripe.customers.retrieve(customer.id) as Stripe.Customer).metadata)).toHaveLength(50);
  });

  it("applies everywhere metadata is accepted", async () => {
    const tooLong = { metadata: { note: "v".repeat(501) } };
    const customer = await stripe.customers.create();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: "pm_card_visa", confirm: true, return_url: RETURN_URL });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const si = await stripe.setupIntents.create({ customer: customer.id });
    const endpoint = await stripe.webhookEndpoints.create({ url: "https://hooks.example/m", enabled_events: ["*"] });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const attempts: [string, Promise<unknown>][] = [
      ["customers.update", stripe.customers.update(customer.id, tooLong)],
      ["paymentIntents.create", stripe.paymentIntents.create({ amount: 1000, currency: "eur", ...tooLong })],
      ["paymentIntents.update", stripe.paymentIntents.update(pi.id, tooLong)],
      ["setupIntents.create", stripe.setupIntents.create(tooLong)],
      ["setupIntents.update", stripe.setupIntents.update(si.id, tooLong)],
      ["paymentMethods.create", stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040 }, ...tooLong })],
      ["paymentMethods.update", stripe.paymentMethods.update(pm.id, tooLong)],
      ["charges.update", stripe.charges.update(String(pi.latest_charge), tooLong)],
      ["refunds.create", stripe.refunds.create({ payment_intent: pi.id, amount: 100, ...tooLong })],
      ["refunds.update", stripe.refunds.update(refund.id, tooLong)],
      ["webhookEndpoints.create", stripe.webhookEndpoints.create({ url: "https://hooks.example/n", enabled_events: ["*"], ...tooLong })],
      ["webhookEndpoints.update", stripe.webhookEndpoints.update(endpoint.id, tooLong)],
      [
        "payment_method_data[metadata] (Stripe.js)",
        (async () => {
            const target = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
            const body = `client_secret=${encodeURIComponent(target.client_secret ?? "")}&payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2040&payment_method_data[metadata][note]=${"v".repeat(501)}&return_url=${encodeURIComponent(RETURN_URL)}`;
            const res = await t.raw("POST", `/v1/payment_intents/${target.id}/confirm`, { body, headers: { authorization: `Bearer ${PUBLISHABLE_KEY}` } });
            const error = res.json.error as { message: string } | undefined;
            if (error) throw Object.assign(new Error(error.message), { statusCode: res.status });
          })(),
      ],
    ];
    const accepted: string[] = [];
    for (const [name, promise] of attempts) {
      const err = await promise.then(
        () => null,
        (e: unknown) => e as Stripe.errors.StripeError,
      );
      if (!err || err.statusCode !== 400 || !/Metadata values can have up to 500/.test(err.message)) accepted.push(`${name}: ${err?.message ?? "accepted"}`);
    }
    expect(accepted).toEqual([]);
  });
});

describe("Idempotency-Key length", () => {
  it("up to 255 characters is fine; 256 → 400 and nothing happens", async () => {
    const ok = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: "k".repeat(255) });
    expect(ok.id).toMatch(/^cus_/);
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    const err = await stripeError(stripe.customers.create({ email: "idem2@example.com" }, { idempotencyKey: "k".repeat(256) }));
    expect(err).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    expect(err.message).toMatch(/^Idempotent key length is 256, which is outside accepted lengths\. Idempotent Keys must be 1-255 characters long\./);
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });
});

describe("expand[]", () => {
  let pi: Stripe.PaymentIntent;
  beforeAll(async () => {
    const customer = await stripe.customers.create({ email: "expand@example.com" });
    pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: "pm_card_visa", confirm: true, return_url: RETURN_URL });
  });

  it("a property that is not expandable → 400 (Stripe's message), at the top or nested", async () => {
    const amount = await stripeError(stripe.paymentIntents.retrieve(pi.id, { expand: ["amount"] }));
    expect(amount).toMatchObject({ statusCode: 400, param: "expand", message: "This property cannot be expanded (amount)." });
    const nested = await stripeError(stripe.paymentIntents.retrieve(pi.id, { expand: ["customer.email"] }));
    expect(nested.message).toBe("This property cannot be expanded (customer.email).");
    const inList = await stripeError(stripe.paymentIntents.list({ expand: ["data.currency"] }));
    expect(inList.message).toBe("This property cannot be expanded (data.currency).");
    const notData = await stripeError(stripe.paymentIntents.list({ expand: ["customer"] }));
    expect(notData.message).toBe("This property cannot be expanded (customer).");
  });

  it("documented expandable paths expand, nested ones too, up to four levels", async () => {
    const e = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge.payment_intent.customer"] });
    const charge = e.latest_charge as Stripe.Charge;
    expect(charge.object).toBe("charge");
    expect(((charge.payment_intent as Stripe.PaymentIntent).customer as Stripe.Customer).email).toBe("expand@example.com");
    const list = await stripe.charges.list({ payment_intent: pi.id, expand: ["data.payment_intent.latest_charge.customer"] });
    const inner = (list.data[0]?.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge;
    expect((inner.customer as Stripe.Customer).object).toBe("customer");
  });

  it("deeper than four levels → 400", async () => {
    const err = await stripeError(stripe.charges.list({ expand: ["data.payment_intent.latest_charge.payment_intent.customer"] }));
    expect(err).toMatchObject({ statusCode: 400, message: "You cannot expand more than 4 levels of a property. Property: data.payment_intent.latest_charge.payment_intent.customer" });
  });
});

describe("payment_method_options.card.request_three_d_secure", () => {
  it("any / challenge: 4242 on session needs a 3DS challenge, then succeeds", async () => {
    for (const request of ["any", "challenge"] as const) {
      const pi = await stripe.paymentIntents.create({
        amount: 1000,
        currency: "eur",
        payment_method: "pm_card_visa",
        confirm: true,
        return_url: RETURN_URL,
        payment_method_options: { card: { request_three_d_secure: request } },
      });
      expect(pi.status).toBe("requires_action");
      expect(pi.payment_method_options?.card?.request_three_d_secure).toBe(request);
      await t.emulator.control.complete3DS(pi.id, pi.client_secret ?? "");
      expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
    }
  });

  it("any off session → authentication_required, even for a card set up for off-session use", async () => {
    const customer = await stripe.customers.create();
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true, return_url: RETURN_URL });
    expect(si.status).toBe("succeeded");
    const err = await stripeError(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "eur",
        customer: customer.id,
        payment_method: String(si.payment_method),
        confirm: true,
        off_session: true,
        payment_method_options: { card: { request_three_d_secure: "any" } },
      }),
    );
    expect(err).toMatchObject({ type: "StripeCardError", code: "authentication_required" });
    const plain = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: String(si.payment_method), confirm: true, off_session: true });
    expect(plain.status).toBe("succeeded");
  });

  it("automatic (the default) keeps the card's own behaviour", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "eur",
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: RETURN_URL,
      payment_method_options: { card: { request_three_d_secure: "automatic" } },
    });
    expect(pi.status).toBe("succeeded");
    expect((await stripe.paymentIntents.create({ amount: 1000, currency: "eur" })).payment_method_options?.card?.request_three_d_secure).toBe("automatic");
  });

  it("set on confirm or on a SetupIntent, it is honoured there too; other values are refused", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa" });
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { return_url: RETURN_URL, payment_method_options: { card: { request_three_d_secure: "challenge" } } });
    expect(confirmed.status).toBe("requires_action");
    const si = await stripe.setupIntents.create({
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: RETURN_URL,
      payment_method_options: { card: { request_three_d_secure: "any" } },
    });
    expect(si.status).toBe("requires_action");
    const bad = await t.raw("POST", "/v1/payment_intents", { body: "amount=1000&currency=eur&payment_method_options[card][request_three_d_secure]=always" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ param: "payment_method_options[card][request_three_d_secure]" });
  });
});
