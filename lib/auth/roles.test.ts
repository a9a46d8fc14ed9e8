import { describe, expect, it } from "vitest";
import { areaFor, homePathFor, safeCallbackPath } from "./roles";

describe("safeCallbackPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeCallbackPath("/provider/listings/new?x=1")).toBe("/provider/listings/new?x=1");
  });
  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "",
    null,
    undefined,
  ])(
    "refuses %j",
    (value) => {
      expect(safeCallbackPath(value, "/fallback")).toBe("/fallback");
    },
  );
  it("gives the path back as a browser resolves it", () => {
    expect(safeCallbackPath("/saunas/kallio?date=2027-01-02&start=17:00#book")).toBe("/saunas/kallio?date=2027-01-02&start=17:00#book");
    expect(safeCallbackPath("/account/../admin")).toBe("/admin");
    expect(safeCallbackPath("/%09/evil.example")).toBe("/%09/evil.example");
  });
  it("does not loop back to the auth pages", () => {
    expect(safeCallbackPath("/sign-in?callbackUrl=/x", "/home")).toBe("/home");
    expect(safeCallbackPath("/api/auth/signout", "/home")).toBe("/home");
  });
});

describe("areas", () => {
  it("maps paths to the roles that may open them", () => {
    expect(areaFor("/admin")?.roles).toEqual(["OPERATOR"]);
    expect(areaFor("/admin/users")?.roles).toEqual(["OPERATOR"]);
    expect(areaFor("/provider/listings/abc")?.roles).toEqual(["PROVIDER"]);
    expect(areaFor("/account/bookings")?.roles).toEqual(["CUSTOMER"]);
    expect(areaFor("/administrator")).toBeUndefined();
    expect(areaFor("/saunas/x")).toBeUndefined();
  });
  it("lands each role on its own pages", () => {
    expect(homePathFor("CUSTOMER")).toBe("/account/bookings");
    expect(homePathFor("PROVIDER")).toBe("/provider/listings");
    expect(homePathFor("OPERATOR")).toBe("/admin");
  });
});
