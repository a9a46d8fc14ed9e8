/**
 * Money is always an integer amount of minor units (cents, öre) plus an ISO 4217
 * currency. Never multiply floats: decimals typed by people are parsed as strings.
 */
export const CURRENCIES = ["EUR", "SEK", "NOK", "USD"] as const;
export type Currency = (typeof CURRENCIES)[number];

export const DEFAULT_LOCALE = "en-FI";

/** Number of minor-unit digits of a currency (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  let digits = minorDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** `formatMoney(4550, "EUR")` → "€45.50" (locale-dependent). */
export function formatMoney(minor: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount must be an integer of minor units, got ${minor}`);
  const digits = minorDigits(currency);
  // Build the decimal string exactly (no division of floats), then let Intl format it.
  return moneyFormatter(currency, locale, digits).format(toDecimalString(minor, digits) as Intl.StringNumericLiteral);
}

// Building an Intl formatter costs far more than using one (the charge pass formats amounts
// for thousands of emails): one per currency and locale, kept for the process.
const minorDigitsByCurrency = new Map<string, number>();
const moneyFormatters = new Map<string, Intl.NumberFormat>();
function moneyFormatter(currency: string, locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter;
}

/** 4550, 2 → "45.50"; -5, 2 → "-0.05". Exact, string based. */
export function toDecimalString(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, "0");
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${abs.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

const DECIMAL = /^(\d{1,9})(?:[.,](\d*))?$/;

/**
 * Parse a decimal amount typed by a person ("45", "45.5", "45,50", "1 200.00")
 * into minor units, without floating point. Returns null when the text is not a
 * non-negative amount with at most the currency's number of decimals.
 */
export function parseMoneyToMinor(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  const match = DECIMAL.exec(cleaned);
  if (!match) return null;
  const digits = minorDigits(currency);
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Basis points of an amount, rounded half up to a whole minor unit. Integer-only. */
export function applyBasisPoints(minor: number, bps: number): number {
  if (!Number.isSafeInteger(minor) || !Number.isSafeInteger(bps)) throw new RangeError("integers only");
  return Math.floor((minor * bps + 5_000) / 10_000);
}
