import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, refundParts, refusedPayoutRetryMs } from "./policy";

describe("when a refused payout's bookings go again", () => {
  it("an hour after the first refusal, doubling with each one in a row, a day at most", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => refusedPayoutRetryMs(n) / HOUR_MS)).toEqual([1, 2, 4, 8, 16, 24]);
    expect(refusedPayoutRetryMs(50)).toBe(DAY_MS);
    expect(refusedPayoutRetryMs(10_000)).toBe(DAY_MS);
  });

  it("counts below one as the first refusal", () => {
    expect(refusedPayoutRetryMs(0)).toBe(HOUR_MS);
    expect(refusedPayoutRetryMs(-3)).toBe(HOUR_MS);
  });
});

describe("refundParts: how Stripe splits each refund of a destination charge", () => {
  const booking = { totalAmount: 11_000, applicationFeeAmount: 1_000, transferAmount: 10_000 };

  it("gives back the fee in proportion to a partial refund; the rest is the host's share reversed", () => {
    expect(refundParts(booking, [5_500])).toEqual([{ feeRefunded: 500, hostReversed: 5_000 }]);
  });

  it("rounds each refund's fee part, and the refund that completes the charge takes what is left of the fee", () => {
    const parts = refundParts(booking, [3_333, 3_333, 4_334]);
    expect(parts.map((p) => p.feeRefunded)).toEqual([303, 303, 394]);
    expect(parts.reduce((sum, p) => sum + p.feeRefunded, 0)).toBe(1_000);
    expect(parts.reduce((sum, p) => sum + p.feeRefunded + p.hostReversed, 0)).toBe(11_000);
  });

  it("never gives back more fee than there was, and a charge without a recorded fee splits by the host's share", () => {
    expect(refundParts({ totalAmount: 100, applicationFeeAmount: 1, transferAmount: 99 }, [99, 1]).map((p) => p.feeRefunded)).toEqual([1, 0]);
    expect(refundParts({ totalAmount: 10_000, applicationFeeAmount: null, transferAmount: 9_000 }, [10_000])).toEqual([{ feeRefunded: 1_000, hostReversed: 9_000 }]);
  });
});
