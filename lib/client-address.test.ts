import { describe, expect, it } from "vitest";
import { clientAddressFrom } from "./client-address";

const from = (headers: Record<string, string>) => clientAddressFrom((name) => headers[name]);

describe("clientAddressFrom", () => {
  it("takes the first X-Forwarded-For entry, else X-Real-IP", () => {
    expect(from({ "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-real-ip": "10.0.0.2" })).toBe("203.0.113.7");
    expect(from({ "x-real-ip": "198.51.100.4" })).toBe("198.51.100.4");
    expect(from({ "x-forwarded-for": " ", "x-real-ip": "198.51.100.4" })).toBe("198.51.100.4");
    expect(from({})).toBeNull();
  });
  it("gives one client one key", () => {
    expect(from({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
    expect(from({ "x-forwarded-for": "2001:DB8::1" })).toBe("2001:db8::1");
    expect(from({ "x-forwarded-for": "x".repeat(500) })).toHaveLength(64);
  });
});
