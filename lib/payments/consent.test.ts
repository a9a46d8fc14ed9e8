import { describe, expect, it } from "vitest";
import { CONSENT_TEXT_VERSION, consentSnapshot, consentText } from "./consent";

describe("consent text", () => {
  const terms = { listingTitle: "Rantasauna", amount: "€132.00", chargeDate: "13 March 2027", payBy: "18 March 2027 18:00" };

  it("says who charges, when, how much and how to cancel", () => {
    const text = consentText(terms);
    expect(text).toContain("Löyly");
    expect(text).toContain("€132.00");
    expect(text).toContain("13 March 2027");
    expect(text).toContain("off session");
    expect(text).toMatch(/cancel .* free of charge/);
  });

  it("hashes exactly the text shown, so a changed amount is a different consent", () => {
    const a = consentSnapshot(terms);
    const b = consentSnapshot({ ...terms, amount: "€133.00" });
    expect(a.textVersion).toBe(CONSENT_TEXT_VERSION);
    expect(a.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.textHash).not.toBe(b.textHash);
    expect(consentSnapshot(terms).textHash).toBe(a.textHash);
  });

  it("has a general form for cards saved outside a booking", () => {
    expect(consentText()).toContain("for bookings I make");
  });
});
