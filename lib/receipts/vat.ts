/**
 * VAT included in a price: the gross amount is what was paid; the VAT inside it at `bps`
 * basis points (2550 = 25.5 %) is gross × rate / (1 + rate), rounded half up to the minor
 * unit, and net = gross − VAT. Pure; refunds are split the same way (a negative gross gives
 * the negatives of the positive split, so a payment and its full refund cancel out).
 */
export interface VatSplit {
  gross: number;
  net: number;
  vat: number;
  bps: number;
}

export function splitVat(gross: number, bps: number): VatSplit {
  if (!Number.isSafeInteger(gross)) throw new RangeError("gross must be a whole number of minor units");
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000) throw new RangeError("bps must be 0–10000");
  if (gross < 0) {
    const positive = splitVat(-gross, bps);
    return { gross, net: -positive.net, vat: -positive.vat, bps };
  }
  // Integer arithmetic: round(gross × bps / (10000 + bps)), half up.
  const denominator = 10_000 + bps;
  const vat = Math.floor((gross * bps * 2 + denominator) / (2 * denominator));
  return { gross, net: gross - vat, vat, bps };
}

/** "25.5 %" */
export function formatVatRate(bps: number): string {
  const percent = bps / 100;
  return `${Number.isInteger(percent) ? percent.toFixed(0) : String(percent)} %`;
}
