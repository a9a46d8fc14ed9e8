import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT_BYTES, isOversizedActionRequest } from "./limits";

describe("isOversizedActionRequest", () => {
  it("is true only for a server-action POST declaring more than the limit", () => {
    const action = (length: number | string) => new Headers({ "next-action": "abc", "content-length": String(length) });
    expect(isOversizedActionRequest("POST", action(50 * 1024 * 1024))).toBe(true);
    expect(isOversizedActionRequest("POST", action(ACTION_BODY_LIMIT_BYTES))).toBe(false);
    expect(isOversizedActionRequest("POST", action("not a number"))).toBe(false);
    expect(isOversizedActionRequest("GET", action(50 * 1024 * 1024))).toBe(false);
    expect(isOversizedActionRequest("POST", new Headers({ "content-length": String(50 * 1024 * 1024) }))).toBe(false);
  });
});
