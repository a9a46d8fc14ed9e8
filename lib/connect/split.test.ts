import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyBasisPoints } from "@/lib/money";
import { destinationSplit, refundSplit } from "./split";

const price = fc
  .record({ hourlyPrice: fc.integer({ min: 0, max: 1_000_000 }), hours: fc.integer({ min: 1, max: 24 }), feeBps: fc.integer({ min: 0, max: 5000 }) })
  // As the pricing makes it (lib/listings/pricing.ts): hours × price, the fee in basis points on top.
  .map(({ hourlyPrice, hours, feeBps }) => {
    const subtotalAmount = hourlyPrice * hours;
    const feeAmount = applyBasisPoints(subtotalAmount, feeBps);
    return { subtotalAmount, feeAmount, totalAmount: subtotalAmount + feeAmount };
  });

describe("destinationSplit", () => {
  it("amount charged = host's share + platform fee, for every price the pricing makes", () => {
    fc.assert(
      fc.property(price, (p) => {
        const split = destinationSplit(p);
        expect(split.transferAmount + split.applicationFeeAmount).toBe(p.totalAmount);
        expect(split.transferAmount).toBe(p.subtotalAmount);
        expect(split.applicationFeeAmount).toBe(p.feeAmount);
      }),
    );
  });

  it("refuses a price that does not add up, or is not whole minor units", () => {
    expect(() => destinationSplit({ totalAmount: 8800, subtotalAmount: 8000, feeAmount: 700 })).toThrow(/does not add up/);
    expect(() => destinationSplit({ totalAmount: 8800.5, subtotalAmount: 8000.5, feeAmount: 800 })).toThrow(RangeError);
    expect(() => destinationSplit({ totalAmount: -1, subtotalAmount: -1, feeAmount: 0 })).toThrow(RangeError);
  });
});

describe("refundSplit", () => {
  it("splits every refunded total in the charge's proportion, and a full refund gives back all of both", () => {
    fc.assert(
      fc.property(price, fc.double({ min: 0, max: 1, noNaN: true }), (p, fraction) => {
        const split = destinationSplit(p);
        const refunded = Math.floor(p.totalAmount * fraction);
        const r = refundSplit(refunded, split);
        expect(r.transferReversed + r.applicationFeeRefunded).toBe(refunded);
        expect(r.transferReversed).toBeGreaterThanOrEqual(0);
        expect(r.applicationFeeRefunded).toBeGreaterThanOrEqual(0);
        expect(r.transferReversed).toBeLessThanOrEqual(split.transferAmount);
        expect(r.applicationFeeRefunded).toBeLessThanOrEqual(split.applicationFeeAmount);
        // Within half a minor unit of the exact proportion.
        if (p.totalAmount > 0) expect(Math.abs(r.transferReversed - (refunded * split.transferAmount) / p.totalAmount)).toBeLessThanOrEqual(0.5);
        expect(refundSplit(p.totalAmount, split)).toEqual({ transferReversed: split.transferAmount, applicationFeeRefunded: split.applicationFeeAmount });
      }),
    );
  });

  it("a refund in several parts ends where one refund of the sum would", () => {
    const split = destinationSplit({ totalAmount: 8800, subtotalAmount: 8000, feeAmount: 800 });
    expect(refundSplit(3300, split)).toEqual({ transferReversed: 3000, applicationFeeRefunded: 300 });
    expect(refundSplit(3301, split)).toEqual({ transferReversed: 3001, applicationFeeRefunded: 300 });
    expect(refundSplit(8800, split)).toEqual({ transferReversed: 8000, applicationFeeRefunded: 800 });
    expect(() => refundSplit(8801, split)).toThrow(RangeError);
  });
});
