import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatVatRate, splitVat } from "./vat";

describe("VAT included in a price", () => {
  it("splits gross into net and VAT at the rate", () => {
    expect(splitVat(12_550, 2550)).toEqual({ gross: 12_550, net: 10_000, vat: 2_550, bps: 2550 });
    expect(splitVat(13_200, 2550)).toEqual({ gross: 13_200, net: 10_518, vat: 2_682, bps: 2550 });
    expect(splitVat(11_400, 1400)).toEqual({ gross: 11_400, net: 10_000, vat: 1_400, bps: 1400 });
    expect(splitVat(999, 0)).toEqual({ gross: 999, net: 999, vat: 0, bps: 0 });
  });

  it("splits a refund as the negative of the payment's split", () => {
    expect(splitVat(-13_200, 2550)).toEqual({ gross: -13_200, net: -10_518, vat: -2_682, bps: 2550 });
  });

  it("refuses what is not money or a rate", () => {
    expect(() => splitVat(1.5, 2550)).toThrow(RangeError);
    expect(() => splitVat(100, -1)).toThrow(RangeError);
    expect(() => splitVat(100, 10_001)).toThrow(RangeError);
  });

  it("formats the rate", () => {
    expect(formatVatRate(2550)).toBe("25.5 %");
    expect(formatVatRate(2400)).toBe("24 %");
  });

  it("net + VAT = gross, VAT within a minor unit of the exact share, same sign as gross", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), fc.integer({ min: 0, max: 10_000 }), (gross, bps) => {
        const s = splitVat(gross, bps);
        expect(s.net + s.vat).toBe(gross);
        const exact = (gross * bps) / (10_000 + bps);
        expect(Math.abs(s.vat - exact)).toBeLessThanOrEqual(0.5);
        expect(Math.sign(s.vat) === 0 || Math.sign(s.vat) === Math.sign(gross)).toBe(true);
      }),
    );
  });
});
