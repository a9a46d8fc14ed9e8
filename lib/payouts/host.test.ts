import { describe, expect, it } from "vitest";
import { payoutFailureAdvice } from "./advice";
import { moneyState } from "./host";
import { DAY_MS, holdLimit, releaseAtFor } from "./policy";
import { statementMonthSchema } from "./schemas";
import { monthRange } from "./statement";

const now = new Date("2026-06-10T12:00:00Z");
const endsAt = new Date("2026-06-09T20:00:00Z");
const booking = { endsAt, transferAmount: 9_000, reversedAmount: 0 };
const row = (over: Partial<Parameters<typeof moneyState>[1] & object> = {}) => ({
  status: "HELD" as const,
  releaseAt: releaseAtFor(endsAt, 2),
  heldAt: null,
  amount: null,
  payout: null,
  ...over,
});

describe("where a booking's money stands for its host", () => {
  it("is charged and held until its end plus the delay, then due", () => {
    expect(moneyState(booking, null, now, 2)).toEqual({ kind: "charged", releaseAt: new Date("2026-06-11T20:00:00Z") });
    expect(moneyState(booking, row(), now, 2)).toEqual({ kind: "held", releaseAt: new Date("2026-06-11T20:00:00Z"), byOperator: false });
    expect(moneyState(booking, row(), new Date(now.getTime() + 2 * DAY_MS), 2)).toEqual({ kind: "due" });
    expect(moneyState(booking, row({ heldAt: now }), now, 2)).toMatchObject({ kind: "held", byOperator: true });
  });

  it("is paid out, refunded, or reversed after the payout (what the host owes)", () => {
    const arrival = new Date("2026-06-14T00:00:00Z");
    expect(moneyState(booking, row({ status: "PAID", amount: 9_000, payout: { arrivalDate: arrival } }), now, 2)).toEqual({ kind: "paid", arrivalDate: arrival });
    expect(moneyState(booking, row({ status: "RELEASED", amount: 9_000, payout: { arrivalDate: arrival } }), now, 2)).toEqual({ kind: "released", arrivalDate: arrival });
    expect(moneyState({ ...booking, reversedAmount: 9_000 }, null, now, 2)).toEqual({ kind: "refunded" });
    expect(moneyState({ ...booking, reversedAmount: 3_000 }, row({ status: "PAID", amount: 9_000 }), now, 2)).toEqual({ kind: "reversed", owed: 3_000 });
    expect(moneyState(booking, row({ status: "FAILED" }), now, 2)).toMatchObject({ kind: "failed" });
  });
});

describe("the payout policy", () => {
  it("warns a month before Stripe's 90-day limit", () => {
    const charged = new Date("2026-01-01T00:00:00Z");
    expect(holdLimit(charged)).toEqual({ warnFrom: new Date("2026-03-02T00:00:00Z"), limit: new Date("2026-04-01T00:00:00Z") });
  });

  it("tells the host what to do for each failure, and something useful for an unknown one", () => {
    expect(payoutFailureAdvice("invalid_account_number")).toMatch(/IBAN/);
    expect(payoutFailureAdvice("something_new")).toMatch(/bank details/);
    expect(payoutFailureAdvice(null)).toMatch(/bank details/);
  });

  it("takes a statement month as YYYY-MM and reads it as a UTC month", () => {
    expect(statementMonthSchema.safeParse("2026-11").success).toBe(true);
    for (const bad of ["2026-13", "2026-1", "26-11", "2026-11-01", ""]) expect(statementMonthSchema.safeParse(bad).success).toBe(false);
    expect(monthRange("2026-12")).toEqual({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") });
  });
});
