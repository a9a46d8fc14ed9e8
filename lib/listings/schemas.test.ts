import { describe, expect, it } from "vitest";
import { signUpSchema } from "@/lib/auth/schemas";
import { listingDetailsSchema, newListingSchema, openingHoursFormSchema, quoteSchema, searchSchema } from "./schemas";

const details = {
  title: "Rantasauna",
  description: "A wood-heated sauna by the lake with a jetty.",
  city: "Tampere",
  address: "Rantatie 1",
  timeZone: "Europe/Helsinki",
  currency: "EUR",
  price: "45.50",
  capacity: "8",
  minHours: "2",
};

describe("listingDetailsSchema", () => {
  it("coerces form strings and parses the price into integer minor units", () => {
    const parsed = listingDetailsSchema.parse(details);
    expect(parsed).toMatchObject({ hourlyPrice: 4550, capacity: 8, minHours: 2, currency: "EUR" });
    expect(parsed).not.toHaveProperty("price");
  });

  it("reports every bad field", () => {
    const result = listingDetailsSchema.safeParse({ ...details, title: "x", price: "45.555", capacity: "0", timeZone: "Nowhere/City", currency: "GBP" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["title", "capacity", "timeZone", "currency"]));
  });

  it("rejects a bad price with a message on the price field", () => {
    const result = listingDetailsSchema.safeParse({ ...details, price: "free" });
    expect(result.error?.issues[0]?.path).toEqual(["price"]);
  });

  it("rejects fractional capacity", () => {
    expect(listingDetailsSchema.safeParse({ ...details, capacity: "2.5" }).success).toBe(false);
  });
});

describe("openingHoursFormSchema", () => {
  it("collects slots from flat fields and skips empty ones", () => {
    const slots = openingHoursFormSchema.parse({
      "hours.1.0.opens": "16:00",
      "hours.1.0.closes": "22:00",
      "hours.1.1.opens": "",
      "hours.1.1.closes": "",
      "hours.7.0.opens": "12:00",
      "hours.7.0.closes": "24:00",
      title: "ignored",
    });
    expect(slots).toEqual([
      { weekday: 1, opensAt: 960, closesAt: 1320 },
      { weekday: 7, opensAt: 720, closesAt: 1440 },
    ]);
  });

  it("reports half-filled or malformed slots on the day", () => {
    const result = openingHoursFormSchema.safeParse({ "hours.3.0.opens": "16:00", "hours.3.0.closes": "", "hours.4.0.opens": "25:00", "hours.4.0.closes": "26:00" });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["hours.3", "hours.4"]);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      "Give both an opening and a closing time (HH:MM), or leave both empty.",
      "“25:00” is not a time: write it as HH:MM, from 00:00 to 24:00.",
    ]);
  });
});

describe("newListingSchema", () => {
  it("combines details and plan, reporting errors from both", () => {
    const result = newListingSchema.safeParse({ ...details, title: "", "hours.2.0.opens": "10:00" });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["title", "hours.2"]);
  });
});

describe("searchSchema", () => {
  it("ignores junk instead of failing the page", () => {
    expect(searchSchema.parse({ city: "", date: "not-a-date", guests: "many" })).toEqual({ city: undefined, date: undefined, guests: undefined });
    expect(searchSchema.parse({ city: "Oulu", date: "2025-07-01", guests: "4" })).toEqual({ city: "Oulu", date: "2025-07-01", guests: 4 });
  });
});

describe("quoteSchema", () => {
  it("parses times to minutes", () => {
    expect(quoteSchema.parse({ date: "2025-07-01", start: "17:00", end: "19:00", guests: "3" })).toEqual({ date: "2025-07-01", start: 1020, end: 1140, guests: 3 });
    expect(quoteSchema.safeParse({ date: "2025-07-01", start: "5pm", end: "19:00", guests: "3" }).success).toBe(false);
  });
});

describe("signUpSchema", () => {
  const valid = { name: "Aino", email: " Aino@Example.FI ", password: "sauna-2025-ok", role: "CUSTOMER" };
  it("normalises the e-mail", () => {
    expect(signUpSchema.parse(valid).email).toBe("aino@example.fi");
  });
  it("enforces the password rules", () => {
    for (const password of ["short1", "onlyletterslong", "1234567890123"]) {
      expect(signUpSchema.safeParse({ ...valid, password }).success).toBe(false);
    }
  });
  it("never lets anyone sign up as an operator", () => {
    expect(signUpSchema.safeParse({ ...valid, role: "OPERATOR" }).success).toBe(false);
  });
});
