/**
 * The webhook endpoint's logic (handleStripeWebhook, what POST /api/stripe/webhook runs)
 * against every way a delivery can go wrong. Signatures are made with Stripe's own
 * `generateTestHeaderString`; PaymentIntents, charges and refunds live in the emulator.
 *
 *   duplicated · reordered · delayed · forged · replayed old · future-dated ·
 *   unknown object (PaymentIntent, charge, refund, SetupIntent, PaymentIntent not ours) ·
 *   missing data (no data, no object, no object id, not JSON)
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { handleStripeWebhook, type WebhookResponse } from "@/lib/payments/webhooks";
import { signatureTimeProblem, signatureTimestamp } from "@/lib/payments/webhooks/envelope";
import { createBooking, saveCard, startHarness, WEBHOOK_SECRET, type Harness } from "./payments-fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
let counter = 0;
const eventId = (name: string) => `evt_${name}_${Date.now()}_${counter++}`;

/** Delivers `event` (any JSON, or raw text) signed at `timestamp` with `secret`. */
function deliver(event: unknown, options: { timestamp?: number; secret?: string; signature?: string | null } = {}): Promise<WebhookResponse> {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const signature =
    options.signature !== undefined
      ? options.signature
      : Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp ?? nowSeconds() });
  return handleStripeWebhook(h.ctx(), { payload, signature, secret: WEBHOOK_SECRET });
}

function piEvent(type: "payment_intent.succeeded" | "payment_intent.payment_failed", pi: { id: string; status: string; bookingId?: string }, created = nowSeconds()) {
  return {
    id: eventId(type.replace(".", "_")),
    object: "event",
    type,
    created,
    data: { object: { id: pi.id, object: "payment_intent", status: pi.status, metadata: pi.bookingId ? { booking_id: pi.bookingId } : {} } },
  };
}

const rowOf = (id: string) => h.db.webhookEvent.findUnique({ where: { id } });
const read = (id: string) => h.db.booking.findUniqueOrThrow({ where: { id } });

/** A booking charged and paid at Stripe, and (unless `record`) not yet recorded here. */
async function paidBooking() {
  const card = await saveCard(h, "4242424242424242");
  const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
  await chargeBookingIfDue(h.ctx(), booking.id);
  return read(booking.id);
}

describe("duplicated and reordered", () => {
  it("the same event delivered three times is processed once", async () => {
    const paid = await paidBooking();
    const event = piEvent("payment_intent.succeeded", { id: paid.stripePaymentIntentId!, status: "succeeded", bookingId: paid.id });
    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    // One processes it; the others see it done (200) or in progress (409: Stripe delivers again).
    expect(answers.filter((a) => a.status === 200 && a.body.handled)).toHaveLength(1);
    for (const a of answers) expect([200, 409]).toContain(a.status);
    expect(await deliver(event)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await h.db.bookingEvent.count({ where: { bookingId: paid.id, type: "charge_succeeded" } })).toBe(1);
  });

  it("payment_failed arriving after succeeded never undoes the payment", async () => {
    const paid = await paidBooking();
    const pi = { id: paid.stripePaymentIntentId!, status: "succeeded", bookingId: paid.id };
    expect((await deliver(piEvent("payment_intent.succeeded", pi))).status).toBe(200);
    const late = await deliver(piEvent("payment_intent.payment_failed", { ...pi, status: "requires_payment_method" }, nowSeconds() - 30));
    expect(late.status).toBe(200);
    expect((await read(paid.id)).status).toBe("PAID");
  });
});

describe("delayed", () => {
  it("an event created three days ago, delivered now with a fresh signature, is applied", async () => {
    const card = await saveCard(h, "4242424242424242");
    await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code: "card_declined", decline_code: "insufficient_funds", count: 1 });
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const failed = await read(booking.id);
    expect(failed.status).toBe("PAYMENT_FAILED");
    // Paid on session at Stripe; the event reporting it arrives days late.
    await h.stripe.paymentIntents.confirm(failed.stripePaymentIntentId!, { payment_method: card.paymentMethodId, return_url: "http://loyly.test/r" });
    const res = await deliver(piEvent("payment_intent.succeeded", { id: failed.stripePaymentIntentId!, status: "succeeded", bookingId: booking.id }, nowSeconds() - 3 * 86_400));
    expect(res).toMatchObject({ status: 200, body: { handled: true } });
    expect((await read(booking.id)).status).toBe("PAID");
  });
});

describe("refused with 400, nothing written", () => {
  async function refused(event: { id: string } | string, options: Parameters<typeof deliver>[1], error: RegExp) {
    const res = await deliver(event, options);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(error);
    if (typeof event !== "string") expect(await rowOf(event.id)).toBeNull();
  }

  it("forged: signed with another secret", async () => {
    const paid = await paidBooking();
    await refused(piEvent("payment_intent.succeeded", { id: paid.stripePaymentIntentId!, status: "succeeded", bookingId: paid.id }), { secret: "whsec_forged" }, /signature/);
  });

  it("forged: no signature, or a header without a valid v1", async () => {
    const event = piEvent("payment_intent.succeeded", { id: "pi_x", status: "succeeded" });
    await refused(event, { signature: null }, /missing Stripe-Signature/);
    await refused(event, { signature: `t=${nowSeconds()},v1=${"0".repeat(64)}` }, /signature/);
  });

  it("replayed old: a genuine signature from 10 minutes ago", async () => {
    const paid = await paidBooking();
    await refused(piEvent("payment_intent.succeeded", { id: paid.stripePaymentIntentId!, status: "succeeded", bookingId: paid.id }), { timestamp: nowSeconds() - 600 }, /signature/);
  });

  it("future-dated: a genuine signature 10 minutes ahead", async () => {
    const paid = await paidBooking();
    const event = piEvent("payment_intent.succeeded", { id: paid.stripePaymentIntentId!, status: "succeeded", bookingId: paid.id });
    await refused(event, { timestamp: nowSeconds() + 600 }, /future/);
    // Within the tolerance either way (clock skew) it is accepted.
    expect((await deliver(event, { timestamp: nowSeconds() + 120 })).status).toBe(200);
  });

  it.each([
    ["no data", { object: "event", type: "payment_intent.succeeded", created: 1 }],
    ["data without an object", { object: "event", type: "payment_intent.succeeded", created: 1, data: {} }],
    ["an object without an id", { object: "event", type: "charge.refunded", created: 1, data: { object: { object: "charge" } } }],
    ["data that is not an object", { object: "event", type: "payment_intent.succeeded", created: 1, data: "pi_123" }],
    ["an unhandled type without data", { object: "event", type: "customer.created", created: 1 }],
  ])("missing data: %s", async (_name, body) => {
    await refused({ id: eventId("malformed"), ...body }, {}, /malformed/);
  });

  it("a signed body that is not JSON, or an event without an id", async () => {
    await refused("this is not json", {}, /malformed|signature/);
    await refused(JSON.stringify({ object: "event", type: "customer.created", data: { object: { id: "cus_1" } } }), {}, /malformed/);
  });
});

describe("objects that are not ours: acknowledged (200) and logged with the reason", () => {
  async function acknowledged(event: { id: string }, reason: RegExp) {
    const res = await deliver(event);
    expect(res).toMatchObject({ status: 200, body: { received: true, ignored: true } });
    const row = await rowOf(event.id);
    expect(row).toMatchObject({ status: "PROCESSED", error: null });
    expect(row?.note).toMatch(reason);
    // Stripe delivering it again is a duplicate, not another attempt.
    expect(await deliver(event)).toMatchObject({ status: 200, body: { duplicate: true } });
  }

  it("a PaymentIntent unknown to Stripe (payment_intent.succeeded and .payment_failed)", async () => {
    await acknowledged(piEvent("payment_intent.succeeded", { id: "pi_unknown_to_anyone", status: "succeeded" }), /not ours.*pi_unknown_to_anyone/);
    await acknowledged(piEvent("payment_intent.payment_failed", { id: "pi_unknown_too", status: "requires_payment_method" }), /not ours/);
  });

  it("a PaymentIntent that exists at Stripe but belongs to no booking of ours", async () => {
    const card = await saveCard(h, "4242424242424242");
    const pi = await h.stripe.paymentIntents.create({ amount: 500, currency: "eur", customer: card.customerId, payment_method: card.paymentMethodId, confirm: true, off_session: true });
    await acknowledged(piEvent("payment_intent.succeeded", { id: pi.id, status: pi.status }), /not ours.*no booking/);
  });

  it("a PaymentIntent naming a booking that does not exist", async () => {
    const paid = await paidBooking();
    const event = piEvent("payment_intent.succeeded", { id: paid.stripePaymentIntentId!, status: "succeeded" });
    await h.stripe.paymentIntents.update(paid.stripePaymentIntentId!, { metadata: { booking_id: "bk_does_not_exist" } });
    await acknowledged(event, /not ours/);
  });

  it("an unknown charge (charge.refunded) and an unknown refund (charge.refund.updated)", async () => {
    await acknowledged(
      { id: eventId("charge_refunded"), object: "event", type: "charge.refunded", created: nowSeconds(), data: { object: { id: "ch_unknown", object: "charge" } } } as { id: string },
      /not ours.*ch_unknown/,
    );
    await acknowledged(
      { id: eventId("refund_updated"), object: "event", type: "charge.refund.updated", created: nowSeconds(), data: { object: { id: "re_unknown", object: "refund" } } } as { id: string },
      /not ours.*re_unknown/,
    );
  });

  it("an unknown SetupIntent", async () => {
    await acknowledged(
      { id: eventId("setup"), object: "event", type: "setup_intent.succeeded", created: nowSeconds(), data: { object: { id: "seti_unknown", object: "setup_intent" } } } as { id: string },
      /not ours.*seti_unknown/,
    );
  });
});

describe("the signature's timestamp", () => {
  it("is read from the header and checked both ways", () => {
    expect(signatureTimestamp("t=1700000000,v1=abc")).toBe(1700000000);
    expect(signatureTimestamp("v1=abc")).toBeNull();
    expect(signatureTimestamp("t=12abc,v1=x")).toBeNull();
    const now = 1_700_000_000_000;
    expect(signatureTimeProblem("t=1700000000,v1=x", now)).toBeNull();
    expect(signatureTimeProblem("t=1700000300,v1=x", now)).toBeNull();
    expect(signatureTimeProblem("t=1700000301,v1=x", now)).toMatch(/future/);
    expect(signatureTimeProblem("t=1699999699,v1=x", now)).toMatch(/old/);
  });
});
