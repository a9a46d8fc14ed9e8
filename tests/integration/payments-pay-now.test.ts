/**
 * Pay now, the domain behind /account/bookings/[id]/pay: 3D Secure on the saved card after
 * authentication_required, another card after a decline, the same PaymentIntent throughout,
 * finalize twice → charged once, someone else's booking refused with nothing changed.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { NotFound } from "@/lib/errors";
import { expireUnpaidBookings } from "@/lib/jobs/lifecycle-jobs";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { markPaid } from "@/lib/payments/outcomes";
import { STRIPE } from "@/lib/bookings/transitions";
import { finalizePayNow, preparePayNow } from "@/lib/use-cases/pay-now";
import { createBooking, saveCard, startHarness, succeededCharges, type Harness } from "./payments-fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const read = (id: string) => h.db.booking.findUniqueOrThrow({ where: { id } });
const nextYear = new Date().getUTCFullYear() + 1;

/** What the browser's confirmCardPayment does: confirm with the client secret, then the 3DS page. */
async function confirmInBrowser(pi: string, paymentMethod: string, clientSecret: string, threeDS: "complete" | "fail" = "complete"): Promise<void> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await h.stripe.paymentIntents.confirm(pi, { payment_method: paymentMethod, return_url: "http://loyly.test/pay/return" });
  } catch {
    return; // a decline: the page shows Stripe's error, then calls finalize
  }
  if (intent.status === "requires_action") {
    if (threeDS === "complete") await h.emulator.control.complete3DS(pi, clientSecret);
    else await h.emulator.control.fail3DS(pi, clientSecret);
  }
}

describe("authentication_required → confirm with your bank", () => {
  it("pays the same PaymentIntent after the 3DS challenge; finalize twice charges once", async () => {
    const card = await saveCard(h, "4000002760003184");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const failed = await read(booking.id);
    expect(failed.status).toBe("PAYMENT_FAILED");

    const view = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    expect(view).toMatchObject({
      state: "payable",
      paymentIntentId: failed.stripePaymentIntentId,
      bookingPaymentMethodId: card.paymentMethodId,
      amount: 8800,
      amountText: expect.stringContaining("88"),
    });
    expect(view.problem?.nextStep).toBe("confirm_with_bank");
    expect(view.problem?.customer).toMatch(/bank/i);
    expect(view.payByText).toBeTruthy();
    expect(view.clientSecret).toMatch(/^pi_.+_secret_/);

    await confirmInBrowser(view.paymentIntentId ?? "", card.paymentMethodId, view.clientSecret ?? "");
    const [a, b] = await Promise.all([
      finalizePayNow(h.ctx(), booking.id, booking.customerId),
      finalizePayNow(h.ctx(), booking.id, booking.customerId),
    ]);
    expect(a).toEqual({ status: "paid" });
    expect(b).toEqual({ status: "paid" });
    const paid = await read(booking.id);
    expect(paid.status).toBe("PAID");
    expect(paid.stripePaymentIntentId).toBe(failed.stripePaymentIntentId);
    expect(await succeededCharges(h, paid.stripePaymentIntentId)).toBe(1);
    expect(await h.db.outboxEmail.count({ where: { bookingId: booking.id, template: "payment.receipt" } })).toBe(1);
    const onSession = await h.db.paymentAttempt.findMany({ where: { bookingId: booking.id, kind: "ON_SESSION" } });
    expect(onSession).toHaveLength(1);

    // Reload after paying: nothing to pay, no client secret handed out.
    const again = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    expect(again).toMatchObject({ state: "paid", clientSecret: null });
  });

  it("a failed challenge shows what went wrong and keeps the booking payable", async () => {
    const card = await saveCard(h, "4000002760003184");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const view = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    await confirmInBrowser(view.paymentIntentId ?? "", card.paymentMethodId, view.clientSecret ?? "", "fail");
    const result = await finalizePayNow(h.ctx(), booking.id, booking.customerId);
    expect(result.status).toBe("failed");
    expect((await read(booking.id)).status).toBe("PAYMENT_FAILED");
    expect((await preparePayNow(h.ctx(), booking.id, booking.customerId)).state).toBe("payable");
  });
});

describe("a decline → another card", () => {
  it("a new card confirms the same PaymentIntent; a declining one shows the error first", async () => {
    const card = await saveCard(h, "4000000000000341"); // every charge declines
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const failed = await read(booking.id);
    const view = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    expect(view.problem?.nextStep).toBe("try_again_or_other_card");

    const declining = await h.stripe.paymentMethods.create({ type: "card", card: { number: "4000000000000002", exp_month: 12, exp_year: nextYear, cvc: "123" } });
    await confirmInBrowser(view.paymentIntentId ?? "", declining.id, view.clientSecret ?? "");
    const first = await finalizePayNow(h.ctx(), booking.id, booking.customerId);
    expect(first).toMatchObject({ status: "failed", message: expect.stringMatching(/declined/i) });
    await finalizePayNow(h.ctx(), booking.id, booking.customerId); // a reload: no second row
    expect(await h.db.paymentAttempt.count({ where: { bookingId: booking.id, kind: "ON_SESSION" } })).toBe(1);

    const good = await h.stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: nextYear, cvc: "123" } });
    await confirmInBrowser(view.paymentIntentId ?? "", good.id, view.clientSecret ?? "");
    expect(await finalizePayNow(h.ctx(), booking.id, booking.customerId)).toEqual({ status: "paid" });
    const paid = await read(booking.id);
    expect(paid.status).toBe("PAID");
    expect(paid.stripePaymentIntentId).toBe(failed.stripePaymentIntentId);
    expect(await succeededCharges(h, paid.stripePaymentIntentId)).toBe(1);
  });

  it("paid while the webhook got there first: the page still records its payment, once, and the booking names the card that paid", async () => {
    const card = await saveCard(h, "4000000000000341");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const view = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    const good = await h.stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: nextYear, cvc: "123" } });
    await confirmInBrowser(view.paymentIntentId ?? "", good.id, view.clientSecret ?? "");
    // What the payment_intent.succeeded webhook does (lib/payments/webhooks/payment-intent-sync.ts).
    const pi = await h.stripe.paymentIntents.retrieve(view.paymentIntentId ?? "");
    expect(await markPaid(h.ctx(), { bookingId: booking.id, paymentIntent: pi, actor: STRIPE, attempt: null, reason: "Stripe: payment_intent.succeeded" })).toBe("paid");

    expect(await finalizePayNow(h.ctx(), booking.id, booking.customerId)).toEqual({ status: "paid" });
    expect(await finalizePayNow(h.ctx(), booking.id, booking.customerId)).toEqual({ status: "paid" }); // a reload
    const attempts = await h.db.paymentAttempt.findMany({ where: { bookingId: booking.id, kind: "ON_SESSION" } });
    expect(attempts.map((a) => [a.outcome, a.paymentMethodId, a.stripePaymentIntentId])).toEqual([["SUCCEEDED", good.id, pi.id]]);
    expect((await read(booking.id)).paymentMethodId).toBe(good.id);
    expect(await succeededCharges(h, pi.id)).toBe(1);
  });

  it("paying early, before any charge, creates the one PaymentIntent the scheduled charge then finds paid", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 400, chargeInHours: 100 });
    const view = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    expect(view.state).toBe("payable");
    await confirmInBrowser(view.paymentIntentId ?? "", card.paymentMethodId, view.clientSecret ?? "");
    expect(await finalizePayNow(h.ctx(), booking.id, booking.customerId)).toEqual({ status: "paid" });
    h.clock.advance(101 * 3_600_000);
    try {
      expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("skipped");
    } finally {
      h.clock.advance(-101 * 3_600_000);
    }
    expect(await succeededCharges(h, view.paymentIntentId)).toBe(1);
  });
});

describe("someone else's pay-now page", () => {
  it("is refused as not found and nothing changes", async () => {
    const card = await saveCard(h, "4000002760003184");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    const intruder = await createBooking(h, h.db, {});
    await chargeBookingIfDue(h.ctx(), booking.id);
    const before = await read(booking.id);
    const countersBefore = await h.emulator.control.counters();

    await expect(preparePayNow(h.ctx(), booking.id, intruder.customerId)).rejects.toBeInstanceOf(NotFound);
    await expect(finalizePayNow(h.ctx(), booking.id, intruder.customerId)).rejects.toBeInstanceOf(NotFound);
    await expect(preparePayNow(h.ctx(), "no-such-booking", booking.customerId)).rejects.toBeInstanceOf(NotFound);

    expect(await read(booking.id)).toEqual(before);
    expect((await h.emulator.control.counters()).requests).toBe(countersBefore.requests); // no Stripe call at all
  });
});

describe("a pay-now page left open after the booking ended unpaid", () => {
  /** The pay-now page was opened (its client secret is in the browser), then the booking ended. */
  async function openedPayNow() {
    const card = await saveCard(h, "4000000000000341"); // every off-session charge declines
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const view = await preparePayNow(h.ctx(), booking.id, booking.customerId);
    expect(view.state).toBe("payable");
    const good = await h.stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: nextYear, cvc: "123" } });
    return { booking, view, good };
  }

  it("cannot charge a booking the customer cancelled", async () => {
    const { booking, view, good } = await openedPayNow();
    await cancelBooking(h.ctx({ mail: { enabled: false } }), { id: booking.customerId, role: "CUSTOMER" }, { bookingId: booking.id });

    expect((await h.stripe.paymentIntents.retrieve(view.paymentIntentId ?? "")).status).toBe("canceled");
    await confirmInBrowser(view.paymentIntentId ?? "", good.id, view.clientSecret ?? "");
    expect(await succeededCharges(h, view.paymentIntentId)).toBe(0);
    expect((await read(booking.id)).status).toBe("CANCELLED");
  });

  it("cannot charge a booking that expired for non-payment", async () => {
    const { booking, view, good } = await openedPayNow();
    const payBy = (await read(booking.id)).payBy!;
    h.clock.set(new Date(payBy.getTime() + 60_000));
    try {
      expect(await expireUnpaidBookings(h.ctx())).toBeGreaterThanOrEqual(1);
    } finally {
      h.clock.set(new Date());
    }

    expect((await read(booking.id)).status).toBe("PAYMENT_EXPIRED");
    expect((await h.stripe.paymentIntents.retrieve(view.paymentIntentId ?? "")).status).toBe("canceled");
    await confirmInBrowser(view.paymentIntentId ?? "", good.id, view.clientSecret ?? "");
    expect(await succeededCharges(h, view.paymentIntentId)).toBe(0);
  });
});
