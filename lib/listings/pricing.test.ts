import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { BOOKING_HORIZON_DAYS, priceFor, quote, type QuoteContext, type QuoteRequest } from "./pricing";

const evenings = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: 16 * 60, closesAt: 22 * 60 }));

function context(overrides: Partial<QuoteContext> = {}): QuoteContext {
  return {
    listing: { hourlyPrice: 4550, currency: "EUR", capacity: 8, minHours: 2, timeZone: "Europe/Helsinki", active: true },
    openingHours: evenings,
    blockedDates: [],
    feeBps: 1000,
    now: new Date("2025-06-01T09:00:00Z"),
    ...overrides,
  };
}

const request = (overrides: Partial<QuoteRequest> = {}): QuoteRequest => ({
  date: "2025-06-14",
  startMinutes: 17 * 60,
  endMinutes: 20 * 60,
  guests: 4,
  ...overrides,
});

function fieldErrorsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("priceFor", () => {
  it("multiplies whole hours and adds the fee in integer minor units", () => {
    expect(priceFor(4550, 3, 1000)).toEqual({ subtotalAmount: 13650, feeAmount: 1365, totalAmount: 15015 });
    expect(priceFor(3333, 1, 750)).toEqual({ subtotalAmount: 3333, feeAmount: 250, totalAmount: 3583 }); // 249.975 → 250
    expect(priceFor(1000, 2, 0)).toEqual({ subtotalAmount: 2000, feeAmount: 0, totalAmount: 2000 });
  });
  it("refuses non-integer input", () => {
    expect(() => priceFor(45.5, 2, 1000)).toThrow(RangeError);
    expect(() => priceFor(4550, 1.5, 1000)).toThrow(RangeError);
  });
});

describe("quote", () => {
  it("prices a valid range and converts it to UTC in the listing's zone", () => {
    const q = quote(request(), context());
    expect(q).toMatchObject({ hours: 3, hourlyPrice: 4550, subtotalAmount: 13650, feeAmount: 1365, totalAmount: 15015, currency: "EUR" });
    expect(q.startsAt.toISOString()).toBe("2025-06-14T14:00:00.000Z");
    expect(q.endsAt.toISOString()).toBe("2025-06-14T17:00:00.000Z");
  });

  it("uses the configured fee", () => {
    expect(quote(request(), context({ feeBps: 1250 })).feeAmount).toBe(1706); // 1706.25
  });

  it("enforces minimum hours", () => {
    expect(fieldErrorsOf(() => quote(request({ endMinutes: 18 * 60 }), context())).end?.[0]).toMatch(/minimum booking is 2 hours/);
  });

  it("enforces capacity", () => {
    expect(fieldErrorsOf(() => quote(request({ guests: 9 }), context())).guests?.[0]).toMatch(/at most 8 guests/);
  });

  it("enforces opening hours", () => {
    expect(fieldErrorsOf(() => quote(request({ startMinutes: 20 * 60, endMinutes: 23 * 60 }), context())).start?.[0]).toMatch(
      /within the opening hours \(16:00–22:00\)/,
    );
    const mondaysOff = evenings.filter((s) => s.weekday !== 1);
    expect(fieldErrorsOf(() => quote(request({ date: "2025-06-16" }), context({ openingHours: mondaysOff }))).date?.[0]).toMatch(
      /closed on Mondays/,
    );
  });

  it("takes bookings up to a year ahead, not later", () => {
    expect(BOOKING_HORIZON_DAYS).toBe(365);
    // Today is 2025-06-01 in Helsinki: the last bookable day is 2026-06-01, a Monday.
    expect(quote(request({ date: "2026-06-01" }), context()).startsAt).toEqual(new Date("2026-06-01T14:00:00Z"));
    expect(fieldErrorsOf(() => quote(request({ date: "2026-06-02" }), context())).date?.[0]).toMatch(/up to a year ahead: choose a date until/);
    expect(fieldErrorsOf(() => quote(request({ date: "9999-12-31" }), context())).date?.[0]).toMatch(/up to a year ahead/);
  });

  it("refuses blocked dates and past dates", () => {
    expect(fieldErrorsOf(() => quote(request(), context({ blockedDates: ["2025-06-14"] }))).date?.[0]).toMatch(/closed on this date/);
    expect(fieldErrorsOf(() => quote(request({ date: "2025-05-31" }), context())).date?.[0]).toMatch(/past/);
  });

  it("refuses a start time already passed today in the listing's zone", () => {
    // 14:30 UTC is 17:30 in Helsinki: a 17:00 start is gone, an 18:00 start is fine.
    const now = new Date("2025-06-14T14:30:00Z");
    expect(fieldErrorsOf(() => quote(request(), context({ now }))).start?.[0]).toMatch(/already passed/);
    expect(quote(request({ startMinutes: 18 * 60 }), context({ now })).hours).toBe(2);
  });

  it("requires whole hours and an end after the start", () => {
    expect(fieldErrorsOf(() => quote(request({ endMinutes: 19 * 60 + 30 }), context())).end?.[0]).toMatch(/whole hours/);
    expect(fieldErrorsOf(() => quote(request({ endMinutes: 17 * 60 }), context())).end?.[0]).toMatch(/after the start/);
  });

  it("refuses inactive listings", () => {
    const inactive = context();
    inactive.listing = { ...inactive.listing, active: false };
    expect(() => quote(request(), inactive)).toThrow(/not taking bookings/);
  });
});
