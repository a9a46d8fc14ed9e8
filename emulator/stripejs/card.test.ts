/**
 * Unit tests of the card-input frame's rules (public/card.js): brand detection, formatting
 * and Stripe's validation codes and messages. Run: npx vitest run emulator/stripejs
 */
import { readFile } from "node:fs/promises";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";

interface FieldResult {
  complete: boolean;
  error: { type: string; code: string; message: string } | null;
}

interface CardRules {
  brandOf(digits: string): string;
  formatNumber(raw: string): string;
  formatExpiry(raw: string, deleting?: boolean): string;
  formatCvc(raw: string, numberDigits: string): string;
  validateNumber(raw: string, final: boolean): FieldResult;
  validateExpiry(raw: string, final: boolean, now?: Date): FieldResult;
  validateCvc(raw: string, numberDigits: string, final: boolean): FieldResult;
  validateZip(raw: string, country: string | null, final: boolean): FieldResult;
}

let card: CardRules;

beforeAll(async () => {
  // A browser script: run it the way a page would, in a global scope of its own.
  const source = await readFile(new URL("./public/card.js", import.meta.url), "utf8");
  const sandbox: { StripeEmulatorCard?: CardRules } = {};
  runInNewContext(source, sandbox);
  if (!sandbox.StripeEmulatorCard) throw new Error("card.js did not define StripeEmulatorCard");
  card = sandbox.StripeEmulatorCard;
});

const MAY_2026 = new Date(2026, 4, 15);

describe("card number", () => {
  it.each([
    ["4242424242424242", "visa", "4242 4242 4242 4242"],
    ["5555555555554444", "mastercard", "5555 5555 5555 4444"],
    ["2223003122003222", "mastercard", "2223 0031 2200 3222"],
    ["378282246310005", "amex", "3782 822463 10005"],
    ["6011111111111117", "discover", "6011 1111 1111 1117"],
    ["3056930009020004", "diners", "3056 9300 0902 0004"],
    ["36227206271667", "diners", "3622 720627 1667"],
    ["3566002020360505", "jcb", "3566 0020 2036 0505"],
  ])("%s is %s, shown as %s", (number, brand, formatted) => {
    expect(card.brandOf(number)).toBe(brand);
    expect(card.formatNumber(number)).toBe(formatted);
    expect(card.validateNumber(number, true)).toEqual({ complete: true, error: null });
  });

  it("drops non-digits and digits beyond the brand's length", () => {
    expect(card.formatNumber("4242-4242 4242x4242 999")).toBe("4242 4242 4242 4242");
  });

  it("is incomplete only once reported, and invalid at full length when the Luhn check fails", () => {
    expect(card.validateNumber("4242 4242", false)).toEqual({ complete: false, error: null });
    expect(card.validateNumber("4242 4242", true).error).toEqual({
      type: "validation_error", code: "incomplete_number", message: "Your card number is incomplete.",
    });
    expect(card.validateNumber("4242424242424241", false).error?.message).toBe("Your card number is invalid.");
  });
});

describe("expiry", () => {
  it.each([
    ["4", false, "04 / "],
    ["13", false, "01 / 3"],
    ["12", false, "12 / "],
    ["12", true, "12"],
    ["1228", false, "12 / 28"],
    ["12 / 289", false, "12 / 28"],
  ])("%s (deleting: %s) is shown as %s", (raw, deleting, shown) => {
    expect(card.formatExpiry(raw, deleting)).toBe(shown);
  });

  it.each([
    ["12 / 2", "incomplete_expiry", "Your card's expiration date is incomplete."],
    ["12 / 25", "invalid_expiry_year_past", "Your card's expiration year is in the past."],
    ["04 / 26", "invalid_expiry_month_past", "Your card's expiration date is in the past."],
    ["00 / 30", "invalid_expiry_month", "Your card's expiration date is invalid."],
    ["01 / 99", "invalid_expiry_year", "Your card's expiration year is invalid."],
  ])("%s → %s", (raw, code, message) => {
    expect(card.validateExpiry(raw, true, MAY_2026).error).toEqual({ type: "validation_error", code, message });
  });

  it("accepts the current month and later", () => {
    expect(card.validateExpiry("05 / 26", true, MAY_2026)).toMatchObject({ complete: true, month: 5, year: 2026 });
  });
});

describe("security code and ZIP", () => {
  it("needs 3 digits, 4 for amex", () => {
    expect(card.validateCvc("12", "4242424242424242", true).error?.message).toBe("Your card's security code is incomplete.");
    expect(card.validateCvc("123", "4242424242424242", true).complete).toBe(true);
    expect(card.validateCvc("123", "378282246310005", true).complete).toBe(false);
    expect(card.formatCvc("12345", "378282246310005")).toBe("1234");
  });

  it("wants a 5-digit ZIP in the US and any code when the country is unknown", () => {
    expect(card.validateZip("9410", "US", true).error?.message).toBe("Your ZIP is incomplete.");
    expect(card.validateZip("94103", "US", true).complete).toBe(true);
    expect(card.validateZip("", "FI", true).complete).toBe(true);
    expect(card.validateZip("", null, true).error?.message).toBe("Your postal code is incomplete.");
  });
});
