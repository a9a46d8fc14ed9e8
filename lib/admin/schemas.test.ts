import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { pageParam, parseBookingFilters, parseRefundAmount, refundSchema } from "./schemas";

describe("parseRefundAmount", () => {
  it("parses major units typed by people into minor units, without floats", () => {
    expect(parseRefundAmount("12.5", "EUR")).toBe(1250);
    expect(parseRefundAmount("12,50", "EUR")).toBe(1250);
    expect(parseRefundAmount("0.29", "EUR")).toBe(29); // 0.29 * 100 = 28.999… in floats
    expect(parseRefundAmount("1 200", "SEK")).toBe(120000);
  });

  it("refuses too many decimals, zero, negatives and words with a message on the amount field", () => {
    for (const text of ["12.555", "0", "0.00", "-5", "abc", "1e3"]) {
      let caught: unknown;
      try {
        parseRefundAmount(text, "EUR");
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).fieldErrors.amount?.length, text).toBe(1);
    }
  });
});

describe("refundSchema", () => {
  it("requires a reason and an amount", () => {
    const result = refundSchema.safeParse({ amount: " ", reason: "x" });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["amount", "reason"]));
    expect(refundSchema.parse({ amount: " 10 ", reason: "  Broken heater " })).toEqual({ amount: "10", reason: "Broken heater" });
  });
});

describe("parseBookingFilters", () => {
  it("keeps valid filters and drops invalid ones instead of failing", () => {
    expect(parseBookingFilters({ status: "PAID", listing: "abc", customer: " a@b.fi ", from: "2025-06-01", to: "2025-02-30", page: "3" })).toEqual({
      status: "PAID",
      listingId: "abc",
      customerEmail: "a@b.fi",
      from: "2025-06-01",
      to: undefined,
      page: 3,
    });
    expect(parseBookingFilters({ status: "NOPE", page: "-1" })).toMatchObject({ status: undefined, page: 1 });
  });

  it("pages are positive integers", () => {
    expect(pageParam({ page: ["2", "9"] })).toBe(2);
    expect(pageParam({ page: "1.5" })).toBe(1);
    expect(pageParam({})).toBe(1);
  });
});
