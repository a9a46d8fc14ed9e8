/**
 * The off-session charge engine against the emulator: every documented test card that can be
 * saved goes through set-up → due booking → one scheduled pass; the ones that cannot be
 * saved are refused at set-up; hard declines on a card saved months ago; the retry schedule
 * on the test clock; transient errors re-sent with the same idempotency key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { idempotencyKeys } from "@/lib/stripe/keys";
import { runScheduledPass } from "@/lib/jobs/pass";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";
import { createBooking, saveCard, startHarness, succeededCharges, type Harness } from "./payments-fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const HOUR = 3_600_000;

interface Expectation {
  card: string;
  status: "PAID" | "PAYMENT_FAILED";
  declineCode?: string | null;
  code?: string;
  retried?: boolean;
}

const saveable: Expectation[] = [
  { card: "4242424242424242", status: "PAID" },
  { card: "4000002500003155", status: "PAID" },
  { card: "4000002760003184", status: "PAYMENT_FAILED", code: "authentication_required", retried: false },
  { card: "4000003800000446", status: "PAID" },
  { card: "4000008260003178", status: "PAYMENT_FAILED", code: "card_declined", declineCode: "insufficient_funds", retried: true },
  { card: "4000000000000341", status: "PAYMENT_FAILED", code: "card_declined", declineCode: "generic_decline", retried: true },
  { card: "4000000000003220", status: "PAYMENT_FAILED", code: "authentication_required", retried: false },
  { card: "4000000000007726", status: "PAID" },
  { card: "4000000000005126", status: "PAID" },
  { card: "pm_card_visa", status: "PAID" },
  { card: "pm_card_authenticationRequired", status: "PAYMENT_FAILED", code: "authentication_required", retried: false },
  { card: "pm_card_chargeCustomerFail", status: "PAYMENT_FAILED", code: "card_declined", declineCode: "generic_decline", retried: true },
];

describe("the emails of an off-session charge that succeeded", () => {
  it("carry the booking as stored after the charge: customer, provider, slot, amount, paid time, PaymentIntent", async () => {
    const card = await saveCard(h, "pm_card_visa");
    const booking = await createBooking(h, h.db, { card, startsInHours: 96 });
    expect((await runScheduledPass(h.ctx())).errors).toEqual([]);

    const b = await h.db.booking.findUniqueOrThrow({
      where: { id: booking.id },
      include: { customer: true, listing: { include: { provider: true } } },
    });
    expect(b.status).toBe("PAID");
    const tz = b.listing.timeZone;
    const amount = formatMoney(b.totalAmount, b.currency);
    const slot = `${b.listing.title}, ${formatInstant(b.startsAt, tz)}`;
    const emails = await h.db.outboxEmail.findMany({ where: { bookingId: b.id } });
    const receipt = emails.find((e) => e.template === "payment.receipt");
    const providerPaid = emails.find((e) => e.template === "payment.provider_paid");

    expect(receipt).toMatchObject({ to: b.customer.email, status: "PENDING", subject: `Receipt: ${amount} for ${b.listing.title}` });
    expect(receipt?.text).toContain(`Hi ${b.customer.name},`);
    expect(receipt?.text).toContain(`We charged ${amount} for your booking of ${slot}.`);
    expect(receipt?.text).toContain(`Paid: ${formatInstant(b.paidAt ?? new Date(0), tz)}`);
    expect(receipt?.text).toContain(`Payment reference: ${b.stripePaymentIntentId}`);
    expect(providerPaid).toMatchObject({ to: b.listing.provider.email, subject: `Paid: ${b.customer.name} at ${b.listing.title}` });
    expect(providerPaid?.text).toContain(`Hi ${b.listing.provider.name},`);
    expect(providerPaid?.text).toContain(`The booking of ${slot} by ${b.customer.name} is paid (${amount}).`);
  });
});

describe.each(saveable)("saved card $card, charged off session by the scheduled pass", (c) => {
  it(`ends ${c.status}`, async () => {
    const card = await saveCard(h, c.card);
    // Starts in 4 days: payBy (start - 48 h) is more than a day away, so no reminder yet.
    const booking = await createBooking(h, h.db, { card, startsInHours: 96 });
    const summary = await runScheduledPass(h.ctx());
    expect(summary.errors).toEqual([]);

    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { paymentAttempts: true, events: true } });
    expect(saved.status).toBe(c.status);
    expect(saved.stripePaymentIntentId).toMatch(/^pi_/);
    expect(saved.paymentAttempts).toHaveLength(1);
    const attempt = saved.paymentAttempts[0];
    expect(attempt?.idempotencyKey).toBe(idempotencyKeys.paymentIntent(booking.id));
    expect(saved.events.map((e) => e.type)).toEqual(expect.arrayContaining(["claim_charge", c.status === "PAID" ? "charge_succeeded" : "charge_failed"]));

    const pi = await h.stripe.paymentIntents.retrieve(saved.stripePaymentIntentId ?? "");
    expect(pi.metadata.booking_id).toBe(booking.id);
    expect(pi.amount).toBe(8800);
    expect(pi.currency).toBe("eur");
    expect(pi.customer).toBe(card.customerId);

    const emails = await h.db.outboxEmail.findMany({ where: { bookingId: booking.id } });
    const templates = emails.map((e) => e.template).sort();
    if (c.status === "PAID") {
      expect(pi.status).toBe("succeeded");
      expect(await succeededCharges(h, pi.id)).toBe(1);
      expect(attempt?.outcome).toBe("SUCCEEDED");
      expect(saved.paidAt).not.toBeNull();
      expect(templates).toEqual(["payment.provider_paid", "payment.receipt"]);
    } else {
      expect(pi.status).toBe("requires_payment_method");
      expect(await succeededCharges(h, pi.id)).toBe(0);
      expect(saved.lastFailureCode).toBe(c.code);
      if (c.declineCode !== undefined) expect(saved.lastDeclineCode).toBe(c.declineCode);
      expect(attempt?.outcome).toBe(c.code === "authentication_required" ? "REQUIRES_ACTION" : "DECLINED");
      expect(saved.nextAttemptAt === null).toBe(!c.retried);
      expect(templates).toEqual(["payment.action_required", "payment.provider_problem"]);
      const action = emails.find((e) => e.template === "payment.action_required");
      expect(action?.text).toContain(`/account/bookings/${booking.id}/pay`);
    }
  });
});

describe("cards that cannot be saved", () => {
  it.each([
    ["4000000000009995", "insufficient_funds"],
    ["4000000000000002", "generic_decline"],
    ["4000000000009987", "lost_card"],
    ["4000000000009979", "stolen_card"],
    ["4000000000000069", "expired_card"],
    ["4000000000000127", "incorrect_cvc"],
    ["4000000000000119", "processing_error"],
  ])("%s is refused at set-up (%s), so no booking can depend on it", async (number) => {
    await expect(saveCard(h, number)).rejects.toThrow();
  });
});

describe("hard declines of a card saved months ago", () => {
  it.each([
    ["card_declined", "lost_card"],
    ["card_declined", "stolen_card"],
    ["expired_card", "expired_card"],
    ["card_declined", "fraudulent"],
  ])("%s/%s: no automatic retry, customer asked for another card", async (code, declineCode) => {
    const card = await saveCard(h, "4242424242424242");
    await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code, decline_code: declineCode });
    const booking = await createBooking(h, h.db, { card });
    const result = await chargeBookingIfDue(h.ctx(), booking.id);
    expect(result).toMatchObject({ result: "failed", kind: "hard_decline", retryAt: null });
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved).toMatchObject({ status: "PAYMENT_FAILED", nextAttemptAt: null, lastDeclineCode: declineCode, autoAttempts: 1 });
  });
});

describe("soft declines: the retry schedule on the test clock", () => {
  it("retries +1 day, +3 days, then a day before payBy; 4 attempts at most; then pays when the card works", async () => {
    const card = await saveCard(h, "4242424242424242");
    await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code: "card_declined", decline_code: "insufficient_funds" });
    const start = h.clock.now();
    // Starts in 10 days, payBy = start - 48 h = day 8.
    const booking = await createBooking(h, h.db, { card, startsInHours: 240 });
    const deps = h.ctx();
    const read = () => h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });

    await chargeBookingIfDue(deps, booking.id);
    let saved = await read();
    expect(saved.status).toBe("PAYMENT_FAILED");
    expect(saved.nextAttemptAt?.getTime()).toBe(start.getTime() + 24 * HOUR);

    // Not due yet: a pass an hour before leaves it alone.
    h.clock.set(new Date(start.getTime() + 23 * HOUR));
    await runScheduledPass(deps);
    expect((await read()).autoAttempts).toBe(1);

    h.clock.set(saved.nextAttemptAt ?? start);
    await runScheduledPass(deps);
    saved = await read();
    expect(saved.autoAttempts).toBe(2);
    expect(saved.nextAttemptAt?.getTime()).toBe(h.clock.now().getTime() + 72 * HOUR);

    h.clock.set(saved.nextAttemptAt ?? start);
    await runScheduledPass(deps);
    saved = await read();
    expect(saved.autoAttempts).toBe(3);
    const payBy = saved.payBy ?? start;
    expect(saved.nextAttemptAt?.getTime()).toBe(payBy.getTime() - 24 * HOUR);

    // The card works again before the last automatic attempt.
    await h.emulator.control.clearDecline(card.paymentMethodId);
    h.clock.set(saved.nextAttemptAt ?? start);
    await runScheduledPass(deps);
    saved = await read();
    expect(saved.status).toBe("PAID");
    expect(saved.autoAttempts).toBe(4);
    expect(await succeededCharges(h, saved.stripePaymentIntentId)).toBe(1);

    const attempts = await h.db.paymentAttempt.findMany({ where: { bookingId: booking.id }, orderBy: { startedAt: "asc" } });
    expect(attempts.map((a) => a.idempotencyKey)).toEqual([
      `booking/${booking.id}/payment-intent`,
      `booking/${booking.id}/attempt/2`,
      `booking/${booking.id}/attempt/3`,
      `booking/${booking.id}/attempt/4`,
    ]);
    // One PaymentIntent throughout.
    expect(new Set(attempts.map((a) => a.stripePaymentIntentId)).size).toBe(1);
    // Customer told once at first failure, not at every retry; then the receipt.
    const templates = (await h.db.outboxEmail.findMany({ where: { bookingId: booking.id }, orderBy: { createdAt: "asc" } })).map((e) => e.template);
    expect(templates.filter((t) => t === "payment.action_required")).toHaveLength(1);
    expect(templates).toContain("payment.receipt");
  });

  it("stops after the 4th automatic attempt and never retries after payBy", async () => {
    const card = await saveCard(h, "4000000000000341");
    const start = h.clock.now();
    const booking = await createBooking(h, h.db, { card, startsInHours: 240 });
    const deps = h.ctx();
    for (let i = 0; i < 6; i++) {
      const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
      if (saved.nextAttemptAt) h.clock.set(saved.nextAttemptAt);
      await chargeBookingIfDue(deps, booking.id);
    }
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved.autoAttempts).toBe(4);
    expect(saved.nextAttemptAt).toBeNull();
    expect(saved.status).toBe("PAYMENT_FAILED");
    expect(h.clock.now().getTime()).toBeLessThan((saved.payBy ?? start).getTime());
    const templates = (await h.db.outboxEmail.findMany({ where: { bookingId: booking.id } })).map((e) => e.template);
    // first failure + "automatic retries are over"
    expect(templates.filter((t) => t === "payment.action_required")).toHaveLength(2);
    h.clock.set(start);
  });
});

describe("transient Stripe errors", () => {
  it("500s are re-sent with the same idempotency key and are not attempts", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    await h.emulator.control.addFault({ kind: "error_500", count: 2, pathPrefix: "/v1/payment_intents", method: "POST" });
    const result = await chargeBookingIfDue(h.ctx(), booking.id);
    expect(result.result).toBe("paid");
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { paymentAttempts: true } });
    expect(saved.autoAttempts).toBe(1);
    expect(saved.paymentAttempts).toHaveLength(1);
    expect(await succeededCharges(h, saved.stripePaymentIntentId)).toBe(1);
  });

  it("429 from a rate limit is waited out", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    await h.emulator.control.setRateLimit(1);
    try {
      // Burn this second's one request, then charge: the first try gets 429. The gateway's
      // backoff is where a second would pass; here the wait lifts the limit instead.
      await h.stripe.customers.list({ limit: 1 }).catch(() => undefined);
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
        await h.emulator.control.setRateLimit(null);
      };
      const result = await chargeBookingIfDue(h.ctx({ sleep }), booking.id);
      expect(result.result).toBe("paid");
      expect(waits.length).toBeGreaterThan(0);
    } finally {
      await h.emulator.control.setRateLimit(null);
    }
  });

  it("a booking without a saved card fails as an invalid request and alerts the operator", async () => {
    const booking = await createBooking(h, h.db, { card: null });
    const result = await chargeBookingIfDue(h.ctx(), booking.id);
    expect(result).toMatchObject({ result: "failed", kind: "invalid_request" });
    const alerts = await h.db.outboxEmail.findMany({ where: { bookingId: booking.id, template: "operator.payment_alert" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.to).toBe("operator@loyly.test");
  });
});

describe("chargeBookingIfDue (the accept action's hook)", () => {
  it("does nothing when chargeAt has not come", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, chargeInHours: 24 });
    expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("skipped");
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("ACCEPTED");
  });

  it("charges once when called twice", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    const [a, b] = await Promise.all([chargeBookingIfDue(h.ctx(), booking.id), chargeBookingIfDue(h.ctx(), booking.id)]);
    expect([a.result, b.result].sort()).toEqual(["paid", "skipped"]);
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(await succeededCharges(h, saved.stripePaymentIntentId)).toBe(1);
  });
});
