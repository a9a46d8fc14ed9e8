import { describe, expect, it } from "vitest";
import { applyBasisPoints, formatMoney, minorDigits, parseMoneyToMinor, toDecimalString } from "./money";

describe("parseMoneyToMinor", () => {
  it.each([
    ["45", 4500],
    ["45.5", 4550],
    ["45.50", 4550],
    ["45,50", 4550],
    ["0.07", 7],
    [" 1 200.00 ", 120000],
    ["0", 0],
    ["19.99", 1999], // 19.99 * 100 is 1998.9999… in floats
    ["1.005", null],
    ["-3", null],
    ["", null],
    ["4e3", null],
    ["12.3.4", null],
    ["€45", null],
  ])("%j → %j", (text, expected) => {
    expect(parseMoneyToMinor(text, "EUR")).toBe(expected);
  });

  it("knows currencies without minor units", () => {
    expect(minorDigits("JPY")).toBe(0);
    expect(parseMoneyToMinor("1500", "JPY")).toBe(1500);
    expect(parseMoneyToMinor("1500.5", "JPY")).toBeNull();
  });
});

describe("formatMoney", () => {
  it("formats minor units in the currency", () => {
    expect(formatMoney(4550, "EUR", "en-IE")).toBe("€45.50");
    expect(formatMoney(4550, "EUR", "fi-FI")).toMatch(/^45,50\s€$/);
    expect(formatMoney(123456, "SEK", "sv-SE")).toMatch(/^1\s234,56\skr$/);
    expect(formatMoney(100, "USD", "en-US")).toBe("$1.00");
  });

  it("does not lose cents on large amounts", () => {
    expect(formatMoney(9_007_199_254_740_99, "EUR", "en-IE")).toBe("€9,007,199,254,740.99");
  });

  it("refuses fractional minor units", () => {
    expect(() => formatMoney(10.5, "EUR")).toThrow(RangeError);
  });
});

describe("toDecimalString", () => {
  it("is exact", () => {
    expect(toDecimalString(5, 2)).toBe("0.05");
    expect(toDecimalString(-5, 2)).toBe("-0.05");
    expect(toDecimalString(123400, 2)).toBe("1234.00");
    expect(toDecimalString(7, 0)).toBe("7");
  });
});

describe("applyBasisPoints", () => {
  it("rounds half up to a whole minor unit", () => {
    expect(applyBasisPoints(9000, 1000)).toBe(900);
    expect(applyBasisPoints(4555, 1000)).toBe(456); // 455.5 → 456
    expect(applyBasisPoints(4554, 1000)).toBe(455); // 455.4 → 455
    expect(applyBasisPoints(1, 0)).toBe(0);
    expect(applyBasisPoints(12345, 10_000)).toBe(12345);
  });
});
