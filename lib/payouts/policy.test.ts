import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, refusedPayoutRetryMs } from "./policy";

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
