import { describe, expect, it } from "vitest";
import { countOf } from "./words";

describe("countOf", () => {
  it("says one in the singular and every other count in the plural", () => {
    expect(countOf(1, "guest")).toBe("1 guest");
    expect(countOf(0, "booking")).toBe("0 bookings");
    expect(countOf(2, "hour")).toBe("2 hours");
  });
});
