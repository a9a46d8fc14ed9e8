import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bandAt,
  CANCELLATION_POLICIES,
  cancellationRefund,
  describePolicy,
  effectivePolicy,
  isCancellationPolicy,
  POLICY_TERMS,
  type PaidAmounts,
} from "./cancellation-policy";

const HOUR = 3_600_000;
const start = new Date("2030-06-20T15:00:00Z");
const at = (hoursBefore: number) => new Date(start.getTime() - hoursBefore * HOUR);
const paid: PaidAmounts = { subtotalAmount: 12_000, feeAmount: 1_200, totalAmount: 13_200, refundedAmount: 0 };

describe("cancellation policies", () => {
  it("moderate: everything but the fee until 7 days before, half of the rental until 48 h, nothing after", () => {
    expect(cancellationRefund("MODERATE", paid, start, at(200))).toMatchObject({ percent: 100, amount: 12_000, feeRefund: 0 });
    expect(cancellationRefund("MODERATE", paid, start, at(168))).toMatchObject({ percent: 100, amount: 12_000 });
    expect(cancellationRefund("MODERATE", paid, start, at(167.99))).toMatchObject({ percent: 50, amount: 6_000 });
    expect(cancellationRefund("MODERATE", paid, start, at(48))).toMatchObject({ percent: 50, amount: 6_000 });
    expect(cancellationRefund("MODERATE", paid, start, at(47))).toMatchObject({ percent: 0, amount: 0, bandEndsAt: null });
    expect(cancellationRefund("MODERATE", paid, start, at(-3))).toMatchObject({ percent: 0, amount: 0 });
  });

  it("flexible refunds the fee too; strict gives half until 14 days", () => {
    expect(cancellationRefund("FLEXIBLE", paid, start, at(25))).toMatchObject({ percent: 100, amount: 13_200, rentalRefund: 12_000, feeRefund: 1_200 });
    expect(cancellationRefund("FLEXIBLE", paid, start, at(23))).toMatchObject({ amount: 0 });
    expect(cancellationRefund("STRICT", paid, start, at(400))).toMatchObject({ percent: 50, amount: 6_000 });
    expect(cancellationRefund("STRICT", paid, start, at(300))).toMatchObject({ amount: 0 });
  });

  it("names when the band ends", () => {
    expect(cancellationRefund("MODERATE", paid, start, at(100)).bandEndsAt).toEqual(at(48));
    expect(bandAt("MODERATE", start, at(500))).toEqual({ minHoursBefore: 168, percent: 100 });
  });

  it("gives back at most what is left after earlier refunds", () => {
    expect(cancellationRefund("FLEXIBLE", { ...paid, refundedAmount: 10_000 }, start, at(30)).amount).toBe(3_200);
    expect(cancellationRefund("FLEXIBLE", { ...paid, refundedAmount: 13_200 }, start, at(30)).amount).toBe(0);
  });

  it("rounds down, never up", () => {
    expect(cancellationRefund("MODERATE", { subtotalAmount: 1_001, feeAmount: 100, totalAmount: 1_101, refundedAmount: 0 }, start, at(50)).amount).toBe(500);
  });

  it("falls back from the booking to the listing to the marketplace default", () => {
    expect(effectivePolicy("STRICT", "FLEXIBLE", "MODERATE")).toBe("STRICT");
    expect(effectivePolicy(null, "FLEXIBLE", "MODERATE")).toBe("FLEXIBLE");
    expect(effectivePolicy(null, null, "MODERATE")).toBe("MODERATE");
    expect(isCancellationPolicy("STRICT")).toBe(true);
    expect(isCancellationPolicy("strict")).toBe(false);
  });

  it("describe themselves in words", () => {
    expect(describePolicy("MODERATE")).toBe(
      "Moderate cancellation: a full refund if cancelled at least 7 days before the start; a 50 % refund if at least 48 hours before; no refund later than 48 hours before the start; the service fee is not refunded.",
    );
    expect(describePolicy("FLEXIBLE")).toContain("the service fee is refunded too");
  });
});

const policy = fc.constantFrom(...CANCELLATION_POLICIES);
const amounts = fc
  .record({ subtotal: fc.integer({ min: 0, max: 10_000_000 }), fee: fc.integer({ min: 0, max: 1_000_000 }), refunded: fc.integer({ min: -100, max: 12_000_000 }) })
  .map(({ subtotal, fee, refunded }): PaidAmounts => ({ subtotalAmount: subtotal, feeAmount: fee, totalAmount: subtotal + fee, refundedAmount: refunded }));
const hoursBefore = fc.double({ min: -1_000, max: 5_000, noNaN: true });

describe("cancellation refund properties", () => {
  it("never more than is left to refund, never negative, whole minor units", () => {
    fc.assert(
      fc.property(policy, amounts, hoursBefore, (name, p, h) => {
        const r = cancellationRefund(name, p, start, at(h));
        const left = Math.max(0, p.totalAmount - Math.max(0, p.refundedAmount));
        expect(r.amount).toBeGreaterThanOrEqual(0);
        expect(r.amount).toBeLessThanOrEqual(left);
        expect(r.amount).toBeLessThanOrEqual(p.totalAmount);
        expect(Number.isSafeInteger(r.amount)).toBe(true);
        expect(r.rentalRefund + r.feeRefund).toBe(r.amount);
        expect(r.rentalRefund).toBeGreaterThanOrEqual(0);
        expect(r.feeRefund).toBeGreaterThanOrEqual(0);
        if (!POLICY_TERMS[name].serviceFeeRefundable) expect(r.amount).toBeLessThanOrEqual(p.subtotalAmount);
      }),
    );
  });

  it("monotonic in time: cancelling later never gives back more", () => {
    fc.assert(
      fc.property(policy, amounts, hoursBefore, hoursBefore, (name, p, h1, h2) => {
        const [earlier, later] = h1 >= h2 ? [h1, h2] : [h2, h1];
        expect(cancellationRefund(name, p, start, at(later)).amount).toBeLessThanOrEqual(cancellationRefund(name, p, start, at(earlier)).amount);
      }),
    );
  });

  it("monotonic in earlier refunds: more refunded before, no more now", () => {
    fc.assert(
      fc.property(policy, amounts, fc.integer({ min: 0, max: 1_000_000 }), hoursBefore, (name, p, more, h) => {
        const now = at(h);
        expect(cancellationRefund(name, { ...p, refundedAmount: Math.max(0, p.refundedAmount) + more }, start, now).amount).toBeLessThanOrEqual(
          cancellationRefund(name, p, start, now).amount,
        );
      }),
    );
  });
});
