/**
 * Operator actions against the emulator and a database of this file's own: retry the charge
 * now (through the engine's claim, never a second PaymentIntent), cancel (unpaid and paid),
 * refund (partial, full, over the limit, two operators at once, pending, a webhook that
 * mirrors the refund before we do).
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { cancelAsOperator, refundAsOperator, retryChargeNow } from "@/lib/use-cases/operator";
import { getAdminBookingOrThrow } from "@/lib/admin/bookings";
import { Conflict, NotAllowed, ValidationError } from "@/lib/errors";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { idempotencyKeys } from "@/lib/stripe/keys";
import { chargeRefunded } from "@/lib/payments/webhooks/charge.refunded";
import { chargesForBooking, createBooking, saveCard, startHarness, type Harness } from "./payments-fixtures";

let h: Harness;
let operator: Actor;
beforeAll(async () => {
  h = await startHarness();
  const user = await h.db.user.create({ data: { email: "ops@it.test", name: "Olli Operator", role: "OPERATOR", passwordHash: "x" } });
  operator = { id: user.id, role: "OPERATOR" };
});
afterAll(() => h.stop());

const HOUR = 3_600_000;

async function paidBooking(card = "4242424242424242") {
  const saved = await saveCard(h, card);
  const booking = await createBooking(h, h.db, { card: saved, totalAmount: 8800 });
  expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("paid");
  return booking;
}

async function stripeRefundsOf(bookingId: string) {
  const b = await h.db.booking.findUniqueOrThrow({ where: { id: bookingId } });
  return (await h.stripe.refunds.list({ payment_intent: b.stripePaymentIntentId ?? "", limit: 100 })).data;
}

describe("retry the charge now", () => {
  it("charges a failed booking through the engine: one PaymentIntent, charged once, on the timeline", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code: "card_declined", decline_code: "insufficient_funds", count: 1 });
    expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("failed");
    const failed = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(failed.status).toBe("PAYMENT_FAILED");
    expect(failed.nextAttemptAt!.getTime()).toBeGreaterThan(h.clock.now().getTime());

    const result = await retryChargeNow(h.ctx(), operator, { bookingId: booking.id, reason: "Customer topped up the card" });
    expect(result.result).toBe("paid");

    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { paymentAttempts: { orderBy: { startedAt: "asc" } }, events: true } });
    expect(saved.status).toBe("PAID");
    expect(saved.stripePaymentIntentId).toBe(failed.stripePaymentIntentId);
    expect(saved.paymentAttempts.map((a) => a.outcome)).toEqual(["DECLINED", "SUCCEEDED"]);
    expect(saved.paymentAttempts[0]?.idempotencyKey).toBe(idempotencyKeys.paymentIntent(booking.id));
    expect(await chargesForBooking(h, booking.id)).toBe(1);
    const requested = saved.events.find((e) => e.type === "charge_retry_requested");
    expect(requested).toMatchObject({ actorType: "OPERATOR", actorId: operator.id, reason: "Customer topped up the card" });

    // Paid now: a second retry is refused and charges nothing.
    await expect(retryChargeNow(h.ctx(), operator, { bookingId: booking.id, reason: "again" })).rejects.toBeInstanceOf(ValidationError);
    expect(await chargesForBooking(h, booking.id)).toBe(1);
  });

  it("charges an accepted booking that is not due yet, at once", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 24 * 20, chargeInHours: 24 * 12 });
    expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("skipped");
    expect((await retryChargeNow(h.ctx(), operator, { bookingId: booking.id, reason: "Customer asked to pay early" })).result).toBe("paid");
    expect(await chargesForBooking(h, booking.id)).toBe(1);
  });

  it("two operators retrying at once charge the booking once", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, chargeInHours: 24 });
    const results = await Promise.allSettled([
      retryChargeNow(h.ctx({ db: h.newDb(2) }), operator, { bookingId: booking.id, reason: "first" }),
      retryChargeNow(h.ctx({ db: h.newDb(2) }), operator, { bookingId: booking.id, reason: "second" }),
    ]);
    const paid = results.filter((r) => r.status === "fulfilled" && r.value.result === "paid");
    expect(paid).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason instanceof Conflict || r.reason instanceof ValidationError).toBe(true);
    }
    expect(await chargesForBooking(h, booking.id)).toBe(1);
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { paymentAttempts: true } });
    expect(saved.status).toBe("PAID");
    expect(saved.paymentAttempts).toHaveLength(1);
  });

  it("refuses a booking without a saved card, one being charged, and non-operators", async () => {
    const noCard = await createBooking(h, h.db, { card: null, status: "PAYMENT_FAILED" });
    await expect(retryChargeNow(h.ctx(), operator, { bookingId: noCard.id, reason: "try" })).rejects.toThrow(/no saved card/i);

    const card = await saveCard(h, "4242424242424242");
    const charging = await createBooking(h, h.db, { card, status: "CHARGING" });
    await expect(retryChargeNow(h.ctx(), operator, { bookingId: charging.id, reason: "try" })).rejects.toBeInstanceOf(Conflict);

    const other = await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242") });
    await expect(retryChargeNow(h.ctx(), { id: other.customerId, role: "CUSTOMER" }, { bookingId: other.id, reason: "try" })).rejects.toBeInstanceOf(NotAllowed);
    expect(await chargesForBooking(h, other.id)).toBe(0);
  });

  it("a card that declines again leaves the booking failed, on the same PaymentIntent", async () => {
    const card = await saveCard(h, "pm_card_chargeCustomerFail");
    const booking = await createBooking(h, h.db, { card });
    await chargeBookingIfDue(h.ctx(), booking.id);
    const first = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect((await retryChargeNow(h.ctx(), operator, { bookingId: booking.id, reason: "retry" })).result).toBe("failed");
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { paymentAttempts: true } });
    expect(saved.status).toBe("PAYMENT_FAILED");
    expect(saved.stripePaymentIntentId).toBe(first.stripePaymentIntentId);
    expect(saved.paymentAttempts).toHaveLength(2);
    const found = await h.stripe.paymentIntents.search({ query: `metadata['booking_id']:'${booking.id}'` });
    expect(found.data).toHaveLength(1);
  });
});

describe("refunds", () => {
  it("partial then full: PAID stays PAID with the amount recorded, then REFUNDED; never over what was paid", async () => {
    const booking = await paidBooking();

    const partial = await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 2000, reason: "Sauna heater was broken" });
    expect(partial).toMatchObject({ amount: 2000, currency: "EUR", status: "SUCCEEDED", remaining: 6800, bookingStatus: "PAID" });
    let saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { refunds: true, events: true } });
    expect(saved.status).toBe("PAID");
    expect(saved.refundedAmount).toBe(2000);
    expect(saved.refunds).toHaveLength(1);
    expect(saved.refunds[0]).toMatchObject({ amount: 2000, status: "SUCCEEDED", stripeRefundId: partial.stripeRefundId, createdById: operator.id });

    // Over the remaining amount: a field error, nothing written, nothing sent to Stripe.
    const over = refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 6801, reason: "too much" });
    await expect(over).rejects.toBeInstanceOf(ValidationError);
    await over.catch((e: ValidationError) => expect(e.fieldErrors.amount?.[0]).toMatch(/At most €68\.00/));
    expect(await h.db.refund.count({ where: { bookingId: booking.id } })).toBe(1);
    expect(await stripeRefundsOf(booking.id)).toHaveLength(1);

    const rest = await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 6800, reason: "Cancelled the whole evening" });
    expect(rest).toMatchObject({ status: "SUCCEEDED", remaining: 0, bookingStatus: "REFUNDED" });
    saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { refunds: true, events: true } });
    expect(saved.status).toBe("REFUNDED");
    expect(saved.refundedAmount).toBe(8800);
    expect(saved.events.filter((e) => e.type === "refund")).toHaveLength(2);
    expect(saved.events.find((e) => e.type === "refund_full")).toMatchObject({ actorType: "OPERATOR", fromStatus: "PAID", toStatus: "REFUNDED" });

    const stripeRefunds = await stripeRefundsOf(booking.id);
    expect(stripeRefunds.map((r) => r.amount).sort((a, b) => a - b)).toEqual([2000, 6800]);
    expect(stripeRefunds.map((r) => r.metadata?.refund_id).sort()).toEqual(saved.refunds.map((r) => r.id).sort());
    await expect(refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 1, reason: "one more" })).rejects.toThrow(/already been refunded in full/);

    const templates = (await h.db.outboxEmail.findMany({ where: { bookingId: booking.id, template: { startsWith: "admin." } } })).map((e) => e.template).sort();
    expect(templates).toEqual(["admin.refund_customer", "admin.refund_customer", "admin.refund_provider"]);
  });

  it("operators refunding at once never refund more than was paid", async () => {
    const booking = await paidBooking();
    // Four "app instances", connected before they race.
    const instances = Array.from({ length: 4 }, () => h.ctx({ db: h.newDb(2) }));
    await Promise.all(instances.map((d) => d.db.$queryRaw`SELECT 1`));
    const results = await Promise.allSettled(
      instances.map((deps, i) => refundAsOperator(deps, operator, { bookingId: booking.id, amount: 3000, reason: `operator ${i}` })),
    );
    // 8800 paid: two refunds of 3000 fit, the other two are refused before reaching Stripe.
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ValidationError);
    const refunds = await stripeRefundsOf(booking.id);
    expect(refunds.reduce((n, r) => n + r.amount, 0)).toBe(6000);
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { refunds: true } });
    expect(saved).toMatchObject({ status: "PAID", refundedAmount: 6000 });
    expect(saved.refunds).toHaveLength(2);
  });

  it("uses idempotency keys booking/<id>/refund/<n>: a re-sent request after a lost answer refunds once", async () => {
    const booking = await paidBooking();
    await h.emulator.control.addFault({ kind: "drop_after_success", count: 1, pathPrefix: "/v1/refunds", method: "POST" });
    try {
      const r = await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 1000, reason: "first" });
      expect(r.status).toBe("SUCCEEDED");
    } finally {
      await h.emulator.control.clearFaults();
    }
    expect(await stripeRefundsOf(booking.id)).toHaveLength(1);
    // The key of the first refund is taken: a second refund is a new request, not a replay.
    expect(idempotencyKeys.refund(booking.id, 1)).toBe(`booking/${booking.id}/refund/1`);
    await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 1000, reason: "second" });
    expect((await stripeRefundsOf(booking.id)).map((r) => r.amount)).toEqual([1000, 1000]);
  });

  it("a pending refund is shown pending, and the webhook later settles it", async () => {
    const booking = await paidBooking("4000000000007726");
    const r = await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 8800, reason: "Pending refund" });
    expect(r.status).toBe("PENDING");
    expect(r.bookingStatus).toBe("REFUNDED");
    const view = await getAdminBookingOrThrow(h.db, booking.id);
    expect(view.refunds[0]?.status).toBe("PENDING");
    expect(view.money).toMatchObject({ paid: 8800, refunded: 8800, remaining: 0 });
  });

  it("a webhook that mirrors the refund before our answer is written leaves one row", async () => {
    const booking = await paidBooking();
    const base = h.ctx();
    // Stripe's charge.refunded arriving between Stripe's answer and our write.
    const racing = {
      ...h.stripe,
      charges: h.stripe.charges,
      refunds: {
        ...h.stripe.refunds,
        list: h.stripe.refunds.list.bind(h.stripe.refunds),
        create: async (params: Stripe.RefundCreateParams, options?: Stripe.RequestOptions) => {
          const refund = await h.stripe.refunds.create(params, options);
          const event = { type: "charge.refunded", data: { object: { id: refund.charge } } } as unknown as Stripe.ChargeRefundedEvent;
          await chargeRefunded(event, base);
          return refund;
        },
      },
    } as unknown as Stripe;
    const r = await refundAsOperator(h.ctx({ stripe: racing }), operator, { bookingId: booking.id, amount: 3000, reason: "race" });
    const rows = await h.db.refund.findMany({ where: { bookingId: booking.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: r.refundId, stripeRefundId: r.stripeRefundId, reason: "race", createdById: operator.id });
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).refundedAmount).toBe(3000);
  });

  it("refuses unpaid bookings and non-operators", async () => {
    const unpaid = await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242") });
    await expect(refundAsOperator(h.ctx(), operator, { bookingId: unpaid.id, amount: 100, reason: "x x" })).rejects.toThrow(/Only a paid booking/);
    const booking = await paidBooking();
    await expect(
      refundAsOperator(h.ctx(), { id: booking.customerId, role: "CUSTOMER" }, { bookingId: booking.id, amount: 100, reason: "mine" }),
    ).rejects.toBeInstanceOf(NotAllowed);
    expect(await h.db.refund.count({ where: { bookingId: booking.id } })).toBe(0);
  });
});

describe("cancel", () => {
  it("a failed booking: its PaymentIntent is cancelled, so an open pay-now page cannot pay it any more", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    await h.emulator.control.declinePaymentMethod(card.paymentMethodId, { code: "card_declined", decline_code: "insufficient_funds", count: 1 });
    expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("failed");
    const { stripePaymentIntentId } = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });

    await cancelAsOperator(h.ctx(), operator, { bookingId: booking.id, reason: "Listing closed for repairs" });

    const intent = await h.stripe.paymentIntents.retrieve(stripePaymentIntentId ?? "");
    expect(intent.status).toBe("canceled");
    await expect(h.stripe.paymentIntents.confirm(intent.id, { payment_method: card.paymentMethodId })).rejects.toMatchObject({
      code: "payment_intent_unexpected_state",
    });
    expect(await chargesForBooking(h, booking.id)).toBe(0);
  });

  it("an unpaid booking: CANCELLED by the operator, both sides emailed, nothing charged", async () => {
    const booking = await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242"), chargeInHours: 24 });
    expect(await cancelAsOperator(h.ctx(), operator, { bookingId: booking.id, reason: "Host's sauna burned down" })).toEqual({ kind: "cancelled" });
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { events: true, emails: true } });
    expect(saved.status).toBe("CANCELLED");
    expect(saved.cancelReason).toBe("Host's sauna burned down");
    expect(saved.events.find((e) => e.type === "cancel")).toMatchObject({ actorType: "OPERATOR", actorId: operator.id, fromStatus: "ACCEPTED", toStatus: "CANCELLED" });
    expect(saved.emails.map((e) => e.template).sort()).toEqual(["admin.cancelled_customer", "admin.cancelled_provider"]);
    // Later due time passes: nothing is charged.
    h.clock.advance(48 * HOUR);
    try {
      expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("skipped");
    } finally {
      h.clock.advance(-48 * HOUR);
    }
    expect(await chargesForBooking(h, booking.id)).toBe(0);
  });

  it("a paid booking: refunded in full, then REFUNDED with the reason", async () => {
    const booking = await paidBooking();
    await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 800, reason: "Late start" });
    const result = await cancelAsOperator(h.ctx(), operator, { bookingId: booking.id, reason: "Customer is ill" });
    expect(result.kind).toBe("refunded");
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved).toMatchObject({ status: "REFUNDED", refundedAmount: 8800, cancelReason: "Customer is ill" });
    expect(saved.cancelledAt).not.toBeNull();
    expect((await stripeRefundsOf(booking.id)).map((r) => r.amount).sort((a, b) => a - b)).toEqual([800, 8000]);
  });

  it("refuses final bookings", async () => {
    const booking = await createBooking(h, h.db, { status: "DECLINED" });
    await expect(cancelAsOperator(h.ctx(), operator, { bookingId: booking.id, reason: "nope" })).rejects.toBeInstanceOf(ValidationError);
  });
});

