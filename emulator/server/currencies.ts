/**
 * Stripe's supported presentment currencies and the documented amount limits
 * (docs.stripe.com/currencies: "Supported currencies", "Zero-decimal currencies",
 * "Three-decimal currencies", "Minimum and maximum charge amounts").
 */
import { invalidRequest, type StripeError } from "./errors.js";

export const SUPPORTED_CURRENCIES: readonly string[] = [
  "usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt", "bgn", "bhd",
  "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop", "crc",
  "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf",
  "gtq", "gyd", "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs", "khr",
  "kmf", "krw", "kwd", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk", "mnt",
  "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab", "pen",
  "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd", "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp",
  "sle", "sos", "srd", "std", "szl", "thb", "tjs", "tnd", "top", "try", "ttd", "twd", "tzs", "uah", "ugx", "uyu",
  "uzs", "vnd", "vuv", "wst", "xaf", "xcd", "xcg", "xof", "xpf", "yer", "zar", "zmw",
];

const SUPPORTED = new Set(SUPPORTED_CURRENCIES);

/** Amounts in these currencies are whole units (¥100 is `amount=100`). */
export const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** Three-decimal currencies: amounts are in thousandths and must end in 0 (Stripe rounds to cents). */
export const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/**
 * Minimum charge amounts, in minor units, as Stripe's table lists them. Currencies not listed must
 * be at least the equivalent of 0.50 USD at the day's rate, which the emulator cannot know: for
 * them only a positive amount is required.
 */
export const MINIMUM_AMOUNT: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400,
  huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** "The amount value supports up to eight digits" (12 for IDR). */
export function maximumAmount(currency: string): number {
  return currency === "idr" ? 999_999_999_999 : 99_999_999;
}

function decimals(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** `5000, "eur"` → "€50.00". */
export function formatAmount(amount: number, currency: string): string {
  const digits = decimals(currency);
  const major = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** A currency parameter: lower-case ISO code Stripe supports, else Stripe's error. */
export function checkCurrency(currency: string, param = "currency"): string {
  if (SUPPORTED.has(currency)) return currency;
  const lower = currency.toLowerCase();
  if (SUPPORTED.has(lower)) return lower;
  throw invalidRequest(`Invalid currency: ${currency}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(", ")}`, {
    param,
    code: "parameter_invalid_string",
  });
}

/** The amount of a payment in `currency`: Stripe's `amount_too_small` / `amount_too_large`. */
export function amountError(amount: number, currency: string, param = "amount"): StripeError | null {
  if (amount < 1) return invalidRequest("This value must be greater than or equal to 1.", { param, code: "parameter_invalid_integer" });
  const minimum = MINIMUM_AMOUNT[currency] ?? 1;
  if (amount < minimum) {
    return invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, { param, code: "amount_too_small" });
  }
  const maximum = maximumAmount(currency);
  if (amount > maximum) {
    return invalidRequest(`Amount must be no more than ${formatAmount(maximum, currency)}`, { param, code: "amount_too_large" });
  }
  if (THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    return invalidRequest(`The amount for ${currency} must be divisible by 10 (it is a three-decimal currency charged to two decimals).`, {
      param,
      code: "invalid_amount",
    });
  }
  return null;
}
