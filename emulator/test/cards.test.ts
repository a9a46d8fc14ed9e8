/**
 * Every documented test card, at set-up and at payment, on and off session, as docs.stripe.com/testing describes.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCards } from "../server/cards.js";
import { startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

type Outcome = "succeeded" | "requires_action" | readonly [code: string, declineCode: string];

interface CardCase {
  number: string;
  name: string;
  /** SetupIntent confirm */
  setup: Outcome;
  /** on-session PaymentIntent with a fresh card, before any set-up */
  onSession: Outcome;
  /** after completing 3DS on that on-session payment */
  onSessionAfter3DS?: Outcome;
  /** off-session payment with a card never set up */
  offSession: Outcome;
  /** off-session payment after a succeeded SetupIntent (only cards that can be set up) */
  offSessionAfterSetUp?: Outcome;
  /** on-session payment after set-up */
  onSessionAfterSetUp?: Outcome;
}

const authRequired = ["authentication_required", "authentication_required"] as const;

const cases: CardCase[] = [
  { number: "4242424242424242", name: "success", setup: "succeeded", onSession: "succeeded", offSession: "succeeded", offSessionAfterSetUp: "succeeded", onSessionAfterSetUp: "succeeded" },
  {
    number: "4000002500003155",
    name: "authenticate unless set up",
    setup: "requires_action",
    onSession: "requires_action",
    onSessionAfter3DS: "succeeded",
    offSession: authRequired,
    offSessionAfterSetUp: "succeeded",
    onSessionAfterSetUp: "succeeded",
  },
  {
    number: "4000002760003184",
    name: "always authenticate",
    setup: "requires_action",
    onSession: "requires_action",
    onSessionAfter3DS: "succeeded",
    offSession: authRequired,
    offSessionAfterSetUp: authRequired,
    onSessionAfterSetUp: "requires_action",
  },
  {
    number: "4000003800000446",
    name: "already set up",
    setup: "requires_action",
    onSession: "requires_action",
    onSessionAfter3DS: "succeeded",
    offSession: "succeeded",
    offSessionAfterSetUp: "succeeded",
    onSessionAfterSetUp: "requires_action",
  },
  {
    number: "4000008260003178",
    name: "3DS then insufficient funds",
    setup: "requires_action",
    onSession: "requires_action",
    onSessionAfter3DS: ["card_declined", "insufficient_funds"],
    offSession: authRequired,
    offSessionAfterSetUp: ["card_declined", "insufficient_funds"],
  },
  {
    number: "4000000000000341",
    name: "attach ok, charges decline",
    setup: "succeeded",
    onSession: ["card_declined", "generic_decline"],
    offSession: ["card_declined", "generic_decline"],
    offSessionAfterSetUp: ["card_declined", "generic_decline"],
  },
  { number: "4000000000009995", name: "insufficient funds", setup: ["card_declined", "insufficient_funds"], onSession: ["card_declined", "insufficient_funds"], offSession: ["card_declined", "insufficient_funds"] },
  { number: "4000000000000002", name: "generic decline", setup: ["card_declined", "generic_decline"], onSession: ["card_declined", "generic_decline"], offSession: ["card_declined", "generic_decline"] },
  { number: "4000000000009987", name: "lost card", setup: ["card_declined", "lost_card"], onSession: ["card_declined", "lost_card"], offSession: ["card_declined", "lost_card"] },
  { number: "4000000000009979", name: "stolen card", setup: ["card_declined", "stolen_card"], onSession: ["card_declined", "stolen_card"], offSession: ["card_declined", "stolen_card"] },
  { number: "4000000000000069", name: "expired card", setup: ["expired_card", "expired_card"], onSession: ["expired_card", "expired_card"], offSession: ["expired_card", "expired_card"] },
  { number: "4000000000000127", name: "incorrect cvc", setup: ["incorrect_cvc", "incorrect_cvc"], onSession: ["incorrect_cvc", "incorrect_cvc"], offSession: ["incorrect_cvc", "incorrect_cvc"] },
  { number: "4000000000000119", name: "processing error", setup: ["processing_error", "processing_error"], onSession: ["processing_error", "processing_error"], offSession: ["processing_error", "processing_error"] },
  {
    number: "4000000000003220",
    name: "3DS2 required",
    setup: "requires_action",
    onSession: "requires_action",
    onSessionAfter3DS: "succeeded",
    offSession: authRequired,
    offSessionAfterSetUp: authRequired,
  },
  {
    number: "4000008400001629",
    name: "3DS then declined",
    setup: "requires_action",
    onSession: "requires_action",
    onSessionAfter3DS: ["card_declined", "generic_decline"],
    offSession: authRequired,
  },
  { number: "4000000000007726", name: "refund pending", setup: "succeeded", onSession: "succeeded", offSession: "succeeded" },
  { number: "4000000000005126", name: "refund fails", setup: "succeeded", onSession: "succeeded", offSession: "succeeded" },
];

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator({}, undefined);
  stripe = t.stripe;
});
afterAll(() => t.stop());

const RETURN_URL = "https://merchant.example/return";
const nextYear = new Date().getUTCFullYear() + 1;

function cardPm(number: string): Promise<Stripe.PaymentMethod> {
  const cvc = /^3[47]/.test(number) ? "1234" : "123"; // amex has 4 digits
  return stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: nextYear, cvc } });
}

/** Run a call that may decline; returns the intent status or [code, decline_code]. */
async function outcomeOf(call: () => Promise<Stripe.PaymentIntent | Stripe.SetupIntent>): Promise<{ outcome: Outcome; intent: Stripe.PaymentIntent | Stripe.SetupIntent | undefined }> {
  try {
    const intent = await call();
    return { outcome: intent.status === "requires_action" ? "requires_action" : (intent.status as "succeeded"), intent };
  } catch (error) {
    const e = error as Stripe.errors.StripeError;
    if (e.type !== "StripeCardError") throw error;
    return { outcome: [e.code ?? "", e.decline_code ?? ""], intent: e.payment_intent ?? e.setup_intent };
  }
}

function intentOutcome(intent: Stripe.PaymentIntent | Stripe.SetupIntent): Outcome {
  if (intent.status === "succeeded") return "succeeded";
  if (intent.status === "requires_action") return "requires_action";
  const err = "last_payment_error" in intent ? intent.last_payment_error : intent.last_setup_error;
  return [err?.code ?? "", err?.decline_code ?? ""];
}

/** Set a card up through a SetupIntent (completing 3DS when asked). Returns the PM and customer. */
async function setUpCard(number: string): Promise<{ customer: string; pm: string } | undefined> {
  const customer = await stripe.customers.create();
  const pm = await cardPm(number);
  const { outcome, intent } = await outcomeOf(() => stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, return_url: RETURN_URL }));
  if (Array.isArray(outcome) || !intent) return undefined;
  if (outcome === "requires_action") {
    const done = await t.emulator.control.complete3DS<Stripe.SetupIntent>(intent.id, intent.client_secret ?? "");
    if (done.intent.status !== "succeeded") return undefined;
  }
  return { customer: customer.id, pm: pm.id };
}

describe.each(cases)("test card $number ($name)", (c) => {
  it("SetupIntent confirm", async () => {
    const customer = await stripe.customers.create();
    const pm = await cardPm(c.number);
    const { outcome, intent } = await outcomeOf(() => stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true, return_url: RETURN_URL }));
    expect(outcome).toEqual(c.setup);
    if (Array.isArray(c.setup)) {
      expect(intent?.status).toBe("requires_payment_method");
      expect((intent as Stripe.SetupIntent).last_setup_error?.code).toBe(c.setup[0]);
      // a declining card cannot be attached either
      const err = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: customer.id }));
      expect(err.type).toBe("StripeCardError");
      expect(err.decline_code).toBe(c.setup[1]);
    } else if (c.setup === "requires_action") {
      const done = await t.emulator.control.complete3DS<Stripe.SetupIntent>(intent?.id ?? "", intent?.client_secret ?? "");
      expect(done.intent.status).toBe("succeeded");
      expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    } else {
      expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    }
  });

  it("on-session payment with a fresh card", async () => {
    const pm = await cardPm(c.number);
    const { outcome, intent } = await outcomeOf(() =>
      stripe.paymentIntents.create({ amount: 2500, currency: "eur", payment_method: pm.id, confirm: true, return_url: RETURN_URL }),
    );
    expect(outcome).toEqual(c.onSession);
    if (c.onSession === "requires_action") {
      const pi = intent as Stripe.PaymentIntent;
      expect(pi.next_action?.type).toBe("redirect_to_url");
      expect(pi.latest_charge).toBeNull();
      const done = await t.emulator.control.complete3DS<Stripe.PaymentIntent>(pi.id, pi.client_secret ?? "");
      expect(intentOutcome(done.intent)).toEqual(c.onSessionAfter3DS);
    }
    if (Array.isArray(c.onSession)) {
      const pi = intent as Stripe.PaymentIntent;
      expect(pi.status).toBe("requires_payment_method");
      const charge = await stripe.charges.retrieve(String(pi.latest_charge));
      expect(charge.status).toBe("failed");
      expect(charge.failure_code).toBe(c.onSession[0]);
      expect(charge.outcome?.reason).toBe(c.onSession[1]);
    }
  });

  it("off-session payment, card never set up", async () => {
    const pm = await cardPm(c.number);
    const { outcome, intent } = await outcomeOf(() =>
      stripe.paymentIntents.create({ amount: 2500, currency: "eur", payment_method: pm.id, confirm: true, off_session: true }),
    );
    expect(outcome).toEqual(c.offSession);
    if (Array.isArray(c.offSession)) {
      const pi = intent as Stripe.PaymentIntent;
      expect(pi.status).toBe("requires_payment_method");
      expect(pi.last_payment_error?.decline_code).toBe(c.offSession[1]);
      expect(pi.last_payment_error?.payment_method?.id).toBe(pm.id);
    }
  });

  if (c.offSessionAfterSetUp) {
    it("off-session payment after a succeeded SetupIntent", async () => {
      const setUp = await setUpCard(c.number);
      expect(setUp).toBeDefined();
      const { outcome } = await outcomeOf(() =>
        stripe.paymentIntents.create({ amount: 2500, currency: "eur", customer: setUp?.customer, payment_method: setUp?.pm, confirm: true, off_session: true }),
      );
      expect(outcome).toEqual(c.offSessionAfterSetUp);
    });
  }

  if (c.onSessionAfterSetUp) {
    it("on-session payment after a succeeded SetupIntent", async () => {
      const setUp = await setUpCard(c.number);
      const { outcome } = await outcomeOf(() =>
        stripe.paymentIntents.create({ amount: 2500, currency: "eur", customer: setUp?.customer, payment_method: setUp?.pm, confirm: true, return_url: RETURN_URL }),
      );
      expect(outcome).toEqual(c.onSessionAfterSetUp);
    });
  }
});

describe("pm_card_* test PaymentMethods", () => {
  const ids = testCards.flatMap((card) => card.pmIds.map((id) => ({ id, number: card.number })));

  it.each(ids)("$id stands for $number", async ({ id, number }) => {
    const customer = await stripe.customers.create();
    const direct = await cardPm(number);
    const [viaId, viaNumber] = await Promise.all([
      outcomeOf(() => stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: id, confirm: true, return_url: RETURN_URL })),
      outcomeOf(() => stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: direct.id, confirm: true, return_url: RETURN_URL })),
    ]);
    expect(viaId.outcome).toEqual(viaNumber.outcome);
    const pi = viaId.intent as Stripe.PaymentIntent;
    const pmId = typeof pi.payment_method === "string" ? pi.payment_method : pi.last_payment_error?.payment_method?.id;
    expect(pmId).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    const pm = await stripe.paymentMethods.retrieve(String(pmId));
    expect(pm.card?.last4).toBe(number.slice(-4));
  });

  it("each use of pm_card_visa creates a new PaymentMethod", async () => {
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa" });
    const b = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa" });
    expect(a.payment_method).not.toBe(b.payment_method);
    expect(a.status).toBe("requires_confirmation");
  });
});

describe("card details validation", () => {
  it.each([
    ["4242424242424241", "incorrect_number", "Your card number is incorrect."],
    ["1234", "invalid_number", "Your card number is not a valid credit card number."],
  ])("%s → %s", async (number, code, message) => {
    const err = await stripeError(cardPm(number));
    expect(err.type).toBe("StripeCardError");
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
    expect(err.param).toBe("number");
  });

  it("rejects an expired year and a bad month", async () => {
    const year = await stripeError(stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2019, cvc: "123" } }));
    expect([year.code, year.param]).toEqual(["invalid_expiry_year", "exp_year"]);
    const month = await stripeError(stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 13, exp_year: nextYear, cvc: "123" } }));
    expect([month.code, month.param]).toEqual(["invalid_expiry_month", "exp_month"]);
  });

  it("amex wants a 4-digit cvc, others 3", async () => {
    const amex = await stripe.paymentMethods.create({ type: "card", card: { number: "378282246310005", exp_month: 1, exp_year: nextYear, cvc: "1234" } });
    expect(amex.card?.brand).toBe("amex");
    const bad = await stripeError(stripe.paymentMethods.create({ type: "card", card: { number: "378282246310005", exp_month: 1, exp_year: nextYear, cvc: "123" } }));
    expect(bad.code).toBe("invalid_cvc");
  });

  it.each([
    ["4242424242424242", "visa", "4242"],
    ["5555555555554444", "mastercard", "4444"],
    ["2223003122003222", "mastercard", "3222"],
    ["6011111111111117", "discover", "1117"],
    ["3566002020360505", "jcb", "0505"],
  ])("%s is %s", async (number, brand, last4) => {
    const pm = await cardPm(number);
    expect(pm.card).toMatchObject({ brand, last4, exp_month: 12, exp_year: nextYear, funding: "credit" });
    expect(pm.card?.fingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(pm.card?.checks?.cvc_check).toBe("pass");
    expect(pm.card?.networks?.available).toEqual([brand]);
    expect((await cardPm(number)).card?.fingerprint).toBe(pm.card?.fingerprint);
  });
});
