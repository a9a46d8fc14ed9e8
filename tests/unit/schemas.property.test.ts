/**
 * Property-based tests over every zod schema and parse function exported by a
 * lib/**\/schemas.ts file (found by glob: a new schema is covered, a new parse function must
 * be added to PARSERS below). Hostile values — huge and unicode strings, NUL and other control
 * characters, broken UTF-16, NaN/negative/huge numbers, dates out of range, wrong types, HTML
 * and SQL fragments — always give a clear error or a clean value, never a throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FRAGMENTS, hasUncleanText, hostileString, hostileValue, runs } from "@/tests/support/hostile";
import { ValidationError } from "@/lib/errors";
import { CURRENCIES } from "@/lib/money";

const modules = import.meta.glob<Record<string, unknown>>("../../lib/**/schemas.ts", { eager: true });

/** One valid form with every field any schema reads: each object schema accepts it. */
const VALID: Record<string, unknown> = {
  title: "Rantasauna",
  description: "A wood-heated sauna by the lake with a long jetty.",
  city: "Helsinki",
  address: "Rantatie 1",
  timeZone: "Europe/Helsinki",
  currency: "EUR",
  price: "45.50",
  capacity: "6",
  minHours: "2",
  "hours.1.0.opens": "16:00",
  "hours.1.0.closes": "22:00",
  date: "2030-06-03",
  start: "17:00",
  end: "19:00",
  guests: "2",
  listingId: "clx0listing0000000000000",
  savedCardId: "new",
  setupIntentId: "seti_123abc",
  consent: "on",
  consentHash: "a".repeat(64),
  reason: "The customer asked for it.",
  amount: "12.50",
  message: "Welcome! Towels are provided.",
  name: "Aino Asiakas",
  email: "aino@example.com",
  password: "sauna-2025-ok",
  role: "CUSTOMER",
  url: "/saunas/aurora-cabin.webp",
  alt: "The sauna by the lake",
  photo: new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "photo.png", { type: "image/png" }),
  active: "true",
  token: "k".repeat(43),
  expectedRefund: "6000",
  cancellationPolicy: "MODERATE",
  rating: "4",
  review: "Soft steam and a cold lake. We will come back.",
  reply: "Thank you for staying with us!",
  confirm: "on",
};

/** Schemas of one value rather than a form. */
const VALID_SCALAR: Record<string, unknown> = {
  emailSchema: "aino@example.com",
  newPasswordSchema: "sauna-2025-ok",
  reasonSchema: "The customer asked for it.",
  localDateSchema: "2030-06-03",
  statementMonthSchema: "2030-06",
};

const FIELDS = Object.keys(VALID);

type SearchParams = Record<string, string | string[] | undefined>;
const hostileParams: fc.Arbitrary<SearchParams> = fc.dictionary(
  fc.oneof(fc.constantFrom("status", "listing", "customer", "from", "to", "page", "outcome", "template", "city", "date", "guests", "days", "q", "sort", "provider"), fc.string({ maxLength: 6 })),
  fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }), fc.constant(undefined)),
  { maxKeys: 6 },
);

/** Every exported parse function, with its property. */
const PARSERS: Record<string, (fn: (...args: never[]) => unknown) => void> = {
  pageParam: (fn) =>
    fc.assert(
      fc.property(hostileParams, (params) => {
        const page = (fn as (p: SearchParams) => number)(params);
        expect(Number.isSafeInteger(page) && page >= 1 && page <= 100_000).toBe(true);
      }),
      { numRuns: runs(200) },
    ),
  parseBookingFilters: (fn) => filtersProperty(fn),
  parseAttemptFilters: (fn) => filtersProperty(fn),
  parseEmailFilters: (fn) => filtersProperty(fn),
  parseDashboardPeriod: (fn) =>
    fc.assert(
      fc.property(hostileParams, (params) => {
        const { period, error } = (fn as (p: SearchParams) => { period: { days?: number; from?: string; to?: string }; error?: string })(params);
        // A preset period, or a custom one of two clean dates in order; anything else says why in words.
        if (period.days !== undefined) expect([7, 30, 90]).toContain(period.days);
        else {
          expect(period.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(period.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(period.from! <= period.to!).toBe(true);
        }
        if (error !== undefined) expect(error).toMatch(/^[A-Z].{5,200}$/);
        expect(hasUncleanText(period)).toBe(false);
      }),
      { numRuns: runs(300) },
    ),
  parseSearchCriteria: (fn) =>
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("city", "date", "guests", "x"), hostileValue, { maxKeys: 4 }), (raw) => {
        const { criteria, errors } = (fn as (r: Record<string, unknown>) => { criteria: Record<string, unknown>; errors: string[] })(raw);
        expect(hasUncleanText(criteria)).toBe(false);
        for (const message of errors) expect(message).toMatch(/^[A-Z].{5,200}$/);
        if (typeof criteria.city === "string") expect(criteria.city.length).toBeLessThanOrEqual(80);
        if (criteria.guests !== undefined) expect(Number.isSafeInteger(criteria.guests)).toBe(true);
      }),
      { numRuns: runs(300) },
    ),
  parseRefundAmount: (fn) =>
    fc.assert(
      // The currency is the booking's (from the database); the text is the operator's.
      fc.property(hostileString, fc.constantFrom(...CURRENCIES), (text, currency) => {
        let amount: unknown;
        try {
          amount = (fn as (t: string, c: string) => number)(text, currency);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).fieldErrors.amount?.[0]).toMatch(/^Enter an amount/);
          return;
        }
        expect(Number.isSafeInteger(amount) && (amount as number) >= 1).toBe(true);
      }),
      { numRuns: runs(300) },
    ),
};

function filtersProperty(fn: (...args: never[]) => unknown) {
  fc.assert(
    fc.property(hostileParams, (params) => {
      const filters = (fn as (p: SearchParams) => Record<string, unknown>)(params);
      expect(hasUncleanText(filters)).toBe(false);
      for (const value of Object.values(filters)) if (typeof value === "string") expect(value.length).toBeLessThanOrEqual(254);
    }),
    { numRuns: runs(200) },
  );
}

/** A parse never throws; a failure names its problems in words; a success carries no unclean text. */
function checkParse(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) {
    expect(hasUncleanText(result.data), "accepted text with control characters").toBe(false);
  } else {
    expect(result.error.issues.length).toBeGreaterThan(0);
    for (const issue of result.error.issues) {
      expect(typeof issue.message).toBe("string");
      expect(issue.message.length).toBeGreaterThan(3);
      expect(issue.message.length).toBeLessThan(300);
    }
  }
  return result;
}

const schemas: [string, z.ZodType][] = [];
const parsers: [string, (...args: never[]) => unknown][] = [];
for (const [file, exports] of Object.entries(modules)) {
  for (const [name, value] of Object.entries(exports)) {
    if (value instanceof z.ZodType) schemas.push([`${file} ${name}`, value]);
    else if (typeof value === "function" && /^(parse|pageParam)/.test(name)) parsers.push([`${file} ${name}`, value as (...args: never[]) => unknown]);
  }
}

describe("every schema in lib/**/schemas.ts", () => {
  it("finds the schema files", () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(4);
    expect(schemas.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(schemas)("%s", (label, schema) => {
    const name = label.split(" ")[1]!;
    const valid = name in VALID_SCALAR ? VALID_SCALAR[name] : VALID;

    it("accepts the valid example (so the nearly-valid cases below reach every check)", () => {
      const result = schema.safeParse(valid);
      expect(result.success, `${label}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    });

    it("answers any hostile input with issues in words or a clean value, never a throw", () => {
      fc.assert(
        fc.property(fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 8 })), (input) => {
          checkParse(schema, input);
        }),
        { numRuns: runs(150) },
      );
    });

    it("refuses or cleans a valid form with one to three fields made hostile", () => {
      const fieldsOf = typeof valid === "object" && valid !== null ? Object.keys(valid) : [];
      const mutated =
        fieldsOf.length > 0
          ? fc
              .dictionary(fc.constantFrom(...fieldsOf), hostileValue, { minKeys: 1, maxKeys: 3 })
              .map((changes) => ({ ...(valid as Record<string, unknown>), ...changes }))
          : hostileValue;
      fc.assert(fc.property(mutated, (input) => void checkParse(schema, input)), { numRuns: runs(150) });
    });

    it("refuses NUL in any text it reads", () => {
      if (typeof valid === "string") {
        expect(schema.safeParse(`${valid}\u0000`).success).toBe(false);
        return;
      }
      for (const field of FIELDS) {
        const original = VALID[field];
        if (typeof original !== "string") continue;
        const result = schema.safeParse({ ...VALID, [field]: `${original}\u0000` });
        // Either the field is not this schema's (the output does not carry it) or it is refused.
        if (result.success) expect(hasUncleanText(result.data), `${label} accepted NUL in ${field}`).toBe(false);
      }
    });
  });
});

describe("every parse function in lib/**/schemas.ts", () => {
  it("has a property below", () => {
    expect(parsers.map(([label]) => label.split(" ")[1]).filter((name) => !(name! in PARSERS))).toEqual([]);
  });

  it.each(parsers)("%s never throws on hostile input and keeps only clean values", (label, fn) => {
    PARSERS[label.split(" ")[1]!]!(fn);
  });
});

describe("the fragments", () => {
  it("include NUL, HTML, SQL and out-of-range dates", () => {
    expect(FRAGMENTS).toEqual(expect.arrayContaining(["\u0000", "<script>alert(1)</script>", "'; DROP TABLE users; --", "2024-02-30"]));
  });
});
