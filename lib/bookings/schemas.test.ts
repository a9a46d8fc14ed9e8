import { describe, expect, it } from "vitest";
import { isOverlapViolation } from "./errors";
import { bookingRequestSchema, startSetupSchema } from "./schemas";

const base = {
  listingId: "lst_1",
  date: "2031-06-14",
  start: "17:00",
  end: "19:00",
  guests: "2",
  consentHash: "a".repeat(64),
};

describe("bookingRequestSchema", () => {
  it("reads FormData strings: times to minutes, guests to a number, the box to a boolean", () => {
    const parsed = bookingRequestSchema.parse({ ...base, savedCardId: "card_1", consent: "on" });
    expect(parsed).toMatchObject({ start: 17 * 60, end: 19 * 60, guests: 2, consent: true, savedCardId: "card_1" });
    expect(bookingRequestSchema.parse({ ...base, savedCardId: "card_1" }).consent).toBe(false);
  });

  it("asks for card details when a new card has no confirmed SetupIntent", () => {
    const result = bookingRequestSchema.safeParse({ ...base, savedCardId: "new", consent: "on" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["savedCardId"], message: "Enter your card details." });
    expect(bookingRequestSchema.safeParse({ ...base, savedCardId: "new", setupIntentId: "seti_123" }).success).toBe(true);
  });

  it("refuses a malformed consent hash or SetupIntent id", () => {
    expect(bookingRequestSchema.safeParse({ ...base, consentHash: "nope", savedCardId: "c" }).success).toBe(false);
    expect(bookingRequestSchema.safeParse({ ...base, savedCardId: "new", setupIntentId: "pi_123" }).success).toBe(false);
  });
});

describe("isOverlapViolation", () => {
  it("finds SQLSTATE 23P01 or the constraint name through wrapping", () => {
    expect(isOverlapViolation({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "23P01" } } } })).toBe(true);
    expect(isOverlapViolation(Object.assign(new Error("x"), { cause: { code: "23P01" } }))).toBe(true);
    expect(isOverlapViolation(new Error('conflicting key value violates exclusion constraint "bookings_no_overlap"'))).toBe(true);
  });

  it("does not mistake other errors", () => {
    expect(isOverlapViolation(new Error("unique constraint failed"))).toBe(false);
    expect(isOverlapViolation({ code: "23505", meta: { constraint: "users_email_key" } })).toBe(false);
    expect(isOverlapViolation(null)).toBe(false);
  });
});

describe("startSetupSchema", () => {
  it("refuses a missing or unticked consent box (no SetupIntent without it)", () => {
    expect(startSetupSchema.safeParse({}).error?.issues[0]?.message).toBe("Please tick the box to agree to the payment terms.");
    expect(startSetupSchema.safeParse({ consent: "off" }).success).toBe(false);
    expect(startSetupSchema.safeParse({ consent: "on" }).success).toBe(true);
  });
});
