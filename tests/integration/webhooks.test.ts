/**
 * Stripe webhooks over real HTTP: the emulator signs and delivers events to a local server
 * that runs the same handler as /api/stripe/webhook (handleStripeWebhook). Duplicated and
 * reordered deliveries, a late payment_failed after success, forged signatures, refunds.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { createBooking, saveCard, startHarness, startWebhookReceiver, succeededCharges, WEBHOOK_SECRET, type Harness } from "./payments-fixtures";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let receiverUrl: string;
let ready = false;

beforeAll(async () => {
  // The receiver needs the harness's deps, the emulator needs the receiver's URL: the
  // receiver starts first and answers 503 until the harness is there.
  receiver = await startWebhookReceiver(() => (ready ? h.ctx() : null));
  receiverUrl = receiver.url;
  h = await startHarness({ webhooks: [{ url: receiverUrl, secret: WEBHOOK_SECRET }] });
  ready = true;
});
afterAll(async () => {
  await h.stop();
  await receiver.close();
});

async function post(payload: string, signature: string | null): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(receiverUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function signed(event: Record<string, unknown>, secret = WEBHOOK_SECRET): { payload: string; signature: string } {
  const payload = JSON.stringify(event);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

const read = (id: string) => h.db.booking.findUniqueOrThrow({ where: { id } });

describe("payment_intent events", () => {
  it("duplicated and reordered deliveries: the booking is paid once, one receipt", async () => {
    await h.emulator.control.configureWebhooks({ duplicate: true, reorder: true });
    try {
      const card = await saveCard(h, "4242424242424242");
      await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code: "card_declined", decline_code: "insufficient_funds", count: 1 });
      const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
      expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("failed");
      const failed = await read(booking.id);

      // The customer pays on session (pay-now), and never comes back to the page: only webhooks tell us.
      const pi = await h.stripe.paymentIntents.confirm(failed.stripePaymentIntentId ?? "", { payment_method: card.paymentMethodId, return_url: "http://loyly.test/r" });
      expect(pi.status).toBe("succeeded");
      await h.emulator.control.flushWebhooks();
      await h.emulator.control.waitForWebhooks();

      const saved = await read(booking.id);
      expect(saved.status).toBe("PAID");
      expect(await succeededCharges(h, pi.id)).toBe(1);
      const deliveries = (await h.emulator.control.deliveries()).filter((d) => d.duplicate);
      expect(deliveries.length).toBeGreaterThan(0);
      const receipts = await h.db.outboxEmail.count({ where: { bookingId: booking.id, template: "payment.receipt" } });
      expect(receipts).toBe(1);
      const paidEvents = await h.db.bookingEvent.count({ where: { bookingId: booking.id, type: "charge_succeeded" } });
      expect(paidEvents).toBe(1);
    } finally {
      await h.emulator.control.configureWebhooks({ duplicate: false, reorder: false });
    }
  });

  it("a late payment_failed never undoes a paid booking", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const paid = await read(booking.id);
    expect(paid.status).toBe("PAID");

    const late = signed({
      id: `evt_late_${booking.id}`,
      object: "event",
      type: "payment_intent.payment_failed",
      created: Math.floor(Date.now() / 1000) - 60,
      data: { object: { id: paid.stripePaymentIntentId, object: "payment_intent", status: "requires_payment_method", metadata: { booking_id: booking.id } } },
    });
    const res = await post(late.payload, late.signature);
    expect(res.status).toBe(200);
    expect((await read(booking.id)).status).toBe("PAID");
  });

  it("the same event id twice is processed once", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const paid = await read(booking.id);
    const event = signed({
      id: `evt_twice_${booking.id}`,
      object: "event",
      type: "payment_intent.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: paid.stripePaymentIntentId, object: "payment_intent", status: "succeeded", metadata: { booking_id: booking.id } } },
    });
    const first = await post(event.payload, event.signature);
    const second = await post(event.payload, event.signature);
    expect(first).toMatchObject({ status: 200, body: { handled: true } });
    expect(second).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await h.db.webhookEvent.count({ where: { id: `evt_twice_${booking.id}` } })).toBe(1);
  });
});

describe("refused deliveries change nothing", () => {
  it.each([
    ["a forged signature", "whsec_not_the_right_secret"],
    ["no signature", null],
  ])("%s → 400", async (_name, secret) => {
    const card = await saveCard(h, "4242424242424242");
    await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code: "card_declined", decline_code: "insufficient_funds" });
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const before = await read(booking.id);
    const eventId = `evt_forged_${booking.id}`;
    const forged = signed(
      {
        id: eventId,
        object: "event",
        type: "payment_intent.succeeded",
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: before.stripePaymentIntentId, object: "payment_intent", status: "succeeded", metadata: { booking_id: booking.id } } },
      },
      secret ?? WEBHOOK_SECRET,
    );
    const res = await post(forged.payload, secret ? forged.signature : null);
    expect(res.status).toBe(400);
    expect(await h.db.webhookEvent.count({ where: { id: eventId } })).toBe(0);
    expect(await read(booking.id)).toEqual(before);
  });

  it("a tampered body with a once-valid signature → 400", async () => {
    const event = signed({ id: "evt_tampered", object: "event", type: "customer.created", created: 1, data: { object: { id: "cus_x" } } });
    const res = await post(event.payload.replace("cus_x", "cus_y"), event.signature);
    expect(res.status).toBe(400);
    expect(await h.db.webhookEvent.count({ where: { id: "evt_tampered" } })).toBe(0);
  });

  it("an unhandled type is acknowledged with 200", async () => {
    const event = signed({ id: "evt_unhandled", object: "event", type: "customer.created", created: 1, data: { object: { id: "cus_x", object: "customer" } } });
    const res = await post(event.payload, event.signature);
    expect(res).toMatchObject({ status: 200, body: { received: true, handled: false } });
  });
});

describe("refunds", () => {
  it("a full refund moves the booking to REFUNDED and mirrors the refund", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const paid = await read(booking.id);
    const refund = await h.stripe.refunds.create({ payment_intent: paid.stripePaymentIntentId ?? "" });
    await h.emulator.control.waitForWebhooks();
    await expect.poll(async () => (await read(booking.id)).status, { timeout: 5000 }).toBe("REFUNDED");
    const row = await h.db.refund.findUniqueOrThrow({ where: { stripeRefundId: refund.id } });
    expect(row).toMatchObject({ bookingId: booking.id, amount: 8800, status: "SUCCEEDED" });
    expect((await read(booking.id)).refundedAmount).toBe(8800);
  });

  it("a partial refund keeps the booking PAID with the amount recorded", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const paid = await read(booking.id);
    await h.stripe.refunds.create({ payment_intent: paid.stripePaymentIntentId ?? "", amount: 1000 });
    await h.emulator.control.waitForWebhooks();
    await expect.poll(async () => (await read(booking.id)).refundedAmount, { timeout: 5000 }).toBe(1000);
    expect((await read(booking.id)).status).toBe("PAID");
  });

  it("4000000000005126: the refund fails later → FAILED row and an operator alert", async () => {
    const card = await saveCard(h, "4000000000005126");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const paid = await read(booking.id);
    const refund = await h.stripe.refunds.create({ payment_intent: paid.stripePaymentIntentId ?? "" });
    await expect
      .poll(async () => (await h.db.refund.findUnique({ where: { stripeRefundId: refund.id } }))?.status, { timeout: 8000, interval: 200 })
      .toBe("FAILED");
    // The handler alerts after recording the failure: let its delivery finish first.
    await h.emulator.control.waitForWebhooks();
    const alerts = await h.db.outboxEmail.count({ where: { bookingId: booking.id, template: "operator.payment_alert" } });
    expect(alerts).toBe(1);
  });
});
