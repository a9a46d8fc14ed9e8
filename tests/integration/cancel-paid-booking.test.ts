/**
 * Cancelling a paid booking against the emulator and a database of this file's own: the
 * customer inside each band of the policy (the refund is what the page showed, through the
 * operator's refund path), the host (a full refund, the operator told), a second click and
 * both sides at once (one cancel, never more refunded than paid), and the receipts of the
 * payment and the refund.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { BookingMovedOn } from "@/lib/bookings/conflicts";
import { NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { renderReceiptPdf } from "@/lib/receipts/pdf";
import { getReceipt, listReceipts, PAYMENT_RECEIPT_ID } from "@/lib/receipts/receipts";
import { cancelPaidBookingAsCustomer, cancelPaidBookingAsHost, customerCancellationQuote } from "@/lib/use-cases/cancel-paid-booking";
import { createBooking, saveCard, startHarness, type Harness } from "./payments-fixtures";

let h: Harness;
let operator: Actor;
beforeAll(async () => {
  h = await startHarness();
  const user = await h.db.user.create({ data: { email: "ops-cancel@it.test", name: "Olli Operator", role: "OPERATOR", passwordHash: "x" } });
  operator = { id: user.id, role: "OPERATOR" };
});
afterAll(() => h.stop());

const customerOf = (b: { customerId: string }): Actor => ({ id: b.customerId, role: "CUSTOMER" });
const hostOf = (b: { providerId: string }): Actor => ({ id: b.providerId, role: "PROVIDER" });

/** Paid: subtotal 8000 + fee 800 = 8800, under the marketplace default (moderate). */
async function paidBooking(startsInHours: number, policy?: "FLEXIBLE" | "MODERATE" | "STRICT") {
  const card = await saveCard(h, "4242424242424242");
  const booking = await createBooking(h, h.db, { card, startsInHours });
  // A late booking still has a window to be charged in (the fixture's payBy is start − 48 h).
  const payBy = new Date(h.clock.now().getTime() + (startsInHours / 2) * 3_600_000);
  await h.db.booking.update({ where: { id: booking.id }, data: { payBy, ...(policy ? { cancellationPolicy: policy } : {}) } });
  expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("paid");
  return booking;
}

async function stripeRefundsOf(bookingId: string) {
  const b = await h.db.booking.findUniqueOrThrow({ where: { id: bookingId } });
  return (await h.stripe.refunds.list({ payment_intent: b.stripePaymentIntentId ?? "", limit: 100 })).data;
}

async function emailsOf(bookingId: string) {
  return h.db.outboxEmail.findMany({ where: { bookingId }, select: { to: true, template: true, text: true } });
}

describe("the customer cancels a paid booking", () => {
  it.each([
    { band: "more than 7 days before: the whole rental, not the fee", hours: 200, refund: 8000, percent: 100 },
    { band: "between 7 days and 48 hours: half of the rental", hours: 100, refund: 4000, percent: 50 },
  ])("$band", async ({ hours, refund, percent }) => {
    const booking = await paidBooking(hours);
    const quote = await customerCancellationQuote(h.ctx(), customerOf(booking), booking.id);
    expect(quote).toMatchObject({ policy: "MODERATE", cancellable: true, paid: 8800, refundedAlready: 0 });
    expect(quote.refund).toMatchObject({ amount: refund, percent });

    const result = await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: refund, reason: "Plans changed" });
    expect(result).toMatchObject({ refundAmount: refund, bookingStatus: "CANCELLED_PAID" });
    expect(["PENDING", "SUCCEEDED"]).toContain(result.refundStatus);

    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { refunds: true, events: true } });
    expect(saved.status).toBe("CANCELLED_PAID");
    expect(saved.cancelledAt).toEqual(h.clock.now());
    expect(saved.refundedAmount).toBe(refund);
    expect(saved.refunds).toHaveLength(1);
    expect(saved.events.find((e) => e.type === "cancel_paid")).toMatchObject({ actorType: "CUSTOMER", toStatus: "CANCELLED_PAID" });
    const inStripe = await stripeRefundsOf(booking.id);
    expect(inStripe.map((r) => r.amount)).toEqual([refund]);

    const emails = await emailsOf(booking.id);
    const cancelled = emails.filter((e) => e.template === "booking.cancelled_paid");
    const people = await h.db.user.findMany({ where: { id: { in: [booking.customerId, booking.providerId] } }, select: { email: true } });
    expect(cancelled.map((e) => e.to).sort()).toEqual(people.map((p) => p.email).sort());
    expect(cancelled.every((e) => e.text.includes(`(${percent} %`))).toBe(true);
  });

  it("after the last band: cancelled, nothing refunded, nothing asked of Stripe", async () => {
    const booking = await paidBooking(30);
    const quote = await customerCancellationQuote(h.ctx(), customerOf(booking), booking.id);
    expect(quote.refund).toMatchObject({ amount: 0, percent: 0 });
    const result = await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 0 });
    expect(result).toMatchObject({ refundAmount: 0, refundStatus: null, bookingStatus: "CANCELLED_PAID" });
    expect(await stripeRefundsOf(booking.id)).toHaveLength(0);
    const emails = await emailsOf(booking.id);
    expect(emails.find((e) => e.template === "booking.cancelled_paid" && e.text.includes("nothing is refunded"))).toBeDefined();
  });

  it("the booking's own policy counts (flexible: the fee too)", async () => {
    const booking = await paidBooking(30, "FLEXIBLE");
    const result = await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 8800 });
    // Everything was refunded: the refund path moves it on to REFUNDED.
    expect(result).toMatchObject({ refundAmount: 8800, bookingStatus: "REFUNDED" });
  });

  it("refuses when the amount is no longer the one shown, and changes nothing", async () => {
    const booking = await paidBooking(100);
    const error = await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 8000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("€40.00");
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("PAID");
    expect(await stripeRefundsOf(booking.id)).toHaveLength(0);
  });

  it("refuses others, a started booking, and an unpaid one", async () => {
    const booking = await paidBooking(200);
    const stranger = await createBooking(h, h.db, {});
    await expect(cancelPaidBookingAsCustomer(h.ctx(), customerOf(stranger), { bookingId: booking.id, expectedRefund: 8000 })).rejects.toBeInstanceOf(NotAllowed);
    await expect(cancelPaidBookingAsCustomer(h.ctx(), hostOf(booking), { bookingId: booking.id, expectedRefund: 8000 })).rejects.toBeInstanceOf(NotAllowed);
    await expect(customerCancellationQuote(h.ctx(), customerOf(stranger), booking.id)).rejects.toBeInstanceOf(NotAllowed);

    const started = await paidBooking(1);
    h.clock.advance(2 * 3_600_000);
    try {
      const quote = await customerCancellationQuote(h.ctx(), customerOf(started), started.id);
      expect(quote.cancellable).toBe(false);
      expect(quote.why).toContain("already started");
      await expect(cancelPaidBookingAsCustomer(h.ctx(), customerOf(started), { bookingId: started.id, expectedRefund: 0 })).rejects.toBeInstanceOf(ValidationError);
    } finally {
      h.clock.advance(-2 * 3_600_000);
    }

    const unpaid = await createBooking(h, h.db, { startsInHours: 200, chargeInHours: 24 });
    await expect(cancelPaidBookingAsCustomer(h.ctx(), customerOf(unpaid), { bookingId: unpaid.id, expectedRefund: 0 })).rejects.toBeInstanceOf(BookingMovedOn);
  });

  it("a second click refunds nothing more", async () => {
    const booking = await paidBooking(200);
    await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 8000 });
    const again = await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 8000 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(BookingMovedOn);
    expect((again as Error).message).toContain("already cancelled");
    expect((await stripeRefundsOf(booking.id)).map((r) => r.amount)).toEqual([8000]);
  });
});

describe("the host cancels a paid booking", () => {
  it("refunds everything, ends it REFUNDED, and tells the customer, the host and the operator", async () => {
    const booking = await paidBooking(30);
    const result = await cancelPaidBookingAsHost(h.ctx(), hostOf(booking), { bookingId: booking.id, reason: "The stove broke" });
    expect(result).toMatchObject({ refundAmount: 8800, bookingStatus: "REFUNDED" });
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { events: true } });
    expect(saved.refundedAmount).toBe(8800);
    expect(saved.cancelReason).toBe("Cancelled by the host: The stove broke");
    expect(saved.events.find((e) => e.type === "cancel_paid")).toMatchObject({ actorType: "PROVIDER", actorId: booking.providerId });
    const refunds = await stripeRefundsOf(booking.id);
    expect(refunds.map((r) => r.amount)).toEqual([8800]);

    const emails = await emailsOf(booking.id);
    expect(emails.filter((e) => e.template === "booking.cancelled_by_host")).toHaveLength(2);
    const ops = emails.find((e) => e.template === "operator.host_cancelled");
    expect(ops?.to).toBe("operator@loyly.test");
    expect(ops?.text).toContain("The stove broke");
  });

  it("refuses another host and a customer", async () => {
    const booking = await paidBooking(30);
    const other = await createBooking(h, h.db, {});
    await expect(cancelPaidBookingAsHost(h.ctx(), hostOf(other), { bookingId: booking.id, reason: "mine" })).rejects.toBeInstanceOf(NotAllowed);
    await expect(cancelPaidBookingAsHost(h.ctx(), customerOf(booking), { bookingId: booking.id, reason: "mine" })).rejects.toBeInstanceOf(NotAllowed);
    expect(await stripeRefundsOf(booking.id)).toHaveLength(0);
  });

  it("refunds only what an operator left, after a partial refund", async () => {
    const booking = await paidBooking(200);
    const { refundAsOperator } = await import("@/lib/use-cases/operator");
    await refundAsOperator(h.ctx(), operator, { bookingId: booking.id, amount: 1000, reason: "Goodwill" });
    const result = await cancelPaidBookingAsHost(h.ctx(), hostOf(booking), { bookingId: booking.id, reason: "Closed for repairs" });
    expect(result.refundAmount).toBe(7800);
    expect((await stripeRefundsOf(booking.id)).map((r) => r.amount).sort()).toEqual([1000, 7800]);
  });

  it("customer and host at once: one cancel, never more refunded than paid", async () => {
    const booking = await paidBooking(200);
    const results = await Promise.allSettled([
      cancelPaidBookingAsCustomer(h.ctx({ db: h.newDb(2) }), customerOf(booking), { bookingId: booking.id, expectedRefund: 8000 }),
      cancelPaidBookingAsHost(h.ctx({ db: h.newDb(2) }), hostOf(booking), { bookingId: booking.id, reason: "Double booked" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refunded = (await stripeRefundsOf(booking.id)).reduce((sum, r) => sum + r.amount, 0);
    expect(refunded).toBeLessThanOrEqual(8800);
    expect([8000, 8800]).toContain(refunded);
    expect((await stripeRefundsOf(booking.id)).length).toBe(1);
  });
});

describe("receipts", () => {
  it("one for the payment and one for each refund, with VAT, card and dates; only the customer and operators", async () => {
    const booking = await paidBooking(100);
    const paid = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    await h.db.savedCard.create({
      data: { userId: booking.customerId, paymentMethodId: paid.paymentMethodId ?? "", brand: "visa", last4: "4242", expMonth: 12, expYear: 2040 },
    });
    await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 4000 });

    const list = await listReceipts(h.db, customerOf(booking), booking.id);
    expect(list.map((r) => [r.kind, r.amount])).toEqual([
      ["payment", 8800],
      ["refund", -4000],
    ]);
    expect(list[0]?.number).toMatch(/^LY-[A-Z0-9]{8}-P$/);
    expect(list[1]?.number).toMatch(/^LY-[A-Z0-9]{8}-R1$/);

    const payment = await getReceipt(h.db, customerOf(booking), { bookingId: booking.id, receiptId: PAYMENT_RECEIPT_ID, vatBps: 2550 });
    expect(payment.totals).toEqual({ gross: 8800, net: 7012, vat: 1788, bps: 2550 });
    expect(payment.lines).toEqual([
      { label: "Sauna, 2 h", amount: 8000 },
      { label: "Service fee", amount: 800 },
    ]);
    expect(payment.card).toEqual({ brand: "visa", last4: "4242" });
    expect(payment.issuedAt).toEqual((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).paidAt);

    const refund = await getReceipt(h.db, operator, { bookingId: booking.id, receiptId: list[1]!.id, vatBps: 2550 });
    expect(refund).toMatchObject({ kind: "refund", totals: { gross: -4000, net: -3187, vat: -813 } });

    const stranger = await createBooking(h, h.db, {});
    await expect(listReceipts(h.db, customerOf(stranger), booking.id)).rejects.toBeInstanceOf(NotFound);
    await expect(getReceipt(h.db, hostOf(booking), { bookingId: booking.id, receiptId: PAYMENT_RECEIPT_ID, vatBps: 2550 })).rejects.toBeInstanceOf(NotFound);
    await expect(getReceipt(h.db, customerOf(booking), { bookingId: booking.id, receiptId: "nope", vatBps: 2550 })).rejects.toBeInstanceOf(NotFound);

    const pdf = await renderReceiptPdf(payment);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it("a failed refund has none, and keeps its place in the numbering", async () => {
    const booking = await paidBooking(200);
    await h.db.refund.create({
      data: { bookingId: booking.id, amount: 500, currency: "EUR", status: "FAILED", reason: "Card expired", createdAt: new Date(h.clock.now().getTime() - 60_000) },
    });
    await cancelPaidBookingAsCustomer(h.ctx(), customerOf(booking), { bookingId: booking.id, expectedRefund: 8000 });
    const list = await listReceipts(h.db, customerOf(booking), booking.id);
    expect(list.map((r) => [r.kind, r.amount, r.number.split("-").pop()])).toEqual([
      ["payment", 8800, "P"],
      ["refund", -8000, "R2"],
    ]);
  });

  it("an unpaid booking has none", async () => {
    const unpaid = await createBooking(h, h.db, { startsInHours: 200, chargeInHours: 24 });
    expect(await listReceipts(h.db, customerOf(unpaid), unpaid.id)).toEqual([]);
    await expect(getReceipt(h.db, customerOf(unpaid), { bookingId: unpaid.id, receiptId: PAYMENT_RECEIPT_ID, vatBps: 2550 })).rejects.toBeInstanceOf(NotFound);
  });
});
