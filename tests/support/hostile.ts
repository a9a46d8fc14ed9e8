/**
 * Hostile values for property-based tests (fast-check): what an attacker or a broken client
 * can put in a form field or a server action's arguments.
 */
import fc from "fast-check";

/** Fragments with a meaning somewhere (HTML, SQL, paths, numbers as text, dates, times). */
export const FRAGMENTS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\u007f",
  "\u0085",
  "\uD800",
  "\uDFFFx",
  "\u202Egnp.exe",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧖‍♀️ Löyly",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "\\x00",
  "%00",
  "../../../etc/passwd",
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "-0",
  "0",
  "1e309",
  "9007199254740993",
  "99999999999999999999999999",
  "0x1F",
  "1_000",
  "12,50",
  "2024-02-30",
  "0000-01-01",
  "275760-09-14",
  "+275760-09-14",
  "9999-12-31",
  "1969-12-31",
  "24:00",
  "23:60",
  "-01:00",
  "true",
  "false",
  "on",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "{}",
  "[]",
] as const;

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 4 },
  // Any UTF-16 code units: control characters, lone surrogates, everything.
  { arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  // Huge: far over every field's limit.
  { arbitrary: fc.constantFrom(10_001, 100_000, 1_000_000).map((n) => "x".repeat(n)), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...FRAGMENTS)).map(([a, b]) => a + b), weight: 1 },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_VALUE, 1e308),
  fc.integer(),
  fc.double(),
);

/** Anything at all: strings, numbers, dates out of range, wrong types, nested values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  { arbitrary: hostileNumber, weight: 2 },
  {
    arbitrary: fc.oneof(
      fc.date({ noInvalidDate: false }),
      fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date(Number.NaN)),
    ),
    weight: 1,
  },
  { arbitrary: fc.constantFrom(null, undefined, true, false, 0n, Symbol("x")), weight: 1 },
  { arbitrary: fc.array(hostileString, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }), weight: 1 },
);

/** A value a form can really carry: text, or a file. */
export const hostileFormValue: fc.Arbitrary<string | File> = fc.oneof(
  { arbitrary: hostileString, weight: 9 },
  {
    arbitrary: fc.constantFrom(new File([], "empty.png"), new File(["<svg onload=alert(1)>"], "x.svg", { type: "image/svg+xml" })),
    weight: 1,
  },
);

/** Does a (parsed) value carry control characters or broken UTF-16 anywhere? */
export function hasUncleanText(value: unknown): boolean {
  if (typeof value === "string") return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
  if (Array.isArray(value)) return value.some(hasUncleanText);
  if (value && typeof value === "object" && !(value instanceof Date) && !(value instanceof File)) return Object.values(value).some(hasUncleanText);
  return false;
}

/** numRuns for the property tests: bounded so the suite stays fast; FC_NUM_RUNS overrides. */
export function runs(defaultRuns: number): number {
  const fromEnv = Number(process.env.FC_NUM_RUNS);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}
