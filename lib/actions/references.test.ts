import { describe, expect, it } from "vitest";
import { isCacheFunctionCall } from "./references";

const call = (id: string | null, method = "POST") => isCacheFunctionCall(method, new Headers(id === null ? {} : { "next-action": id }));

describe("isCacheFunctionCall", () => {
  // Ids as a production build names them (.next/server/server-reference-manifest.json): a
  // server action's first byte has its top bit clear, a "use cache" function's set.
  const action = "7f0a2c39d1bd0b1a4a0e6c6e0e0b7e5d8b4f1c2a3e";
  const cached = ["e0dda6ee2df4b7b7df821a1bb9b8328e1f9fc2b711", "c0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4"];

  it("lets a server action through", () => {
    expect(call(action)).toBe(false);
    expect(call("0012345678901234567890123456789012345678ab")).toBe(false);
  });

  it("refuses a call of a cached function", () => {
    for (const id of cached) expect(call(id)).toBe(true);
  });

  it("refuses an id that is no id", () => {
    expect(call("")).toBe(true);
    expect(call("zz-not-hex")).toBe(true);
  });

  it("leaves other requests alone", () => {
    expect(call(null)).toBe(false);
    expect(call(cached[0]!, "GET")).toBe(false);
  });
});
