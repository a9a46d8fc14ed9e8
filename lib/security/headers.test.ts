import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, permissionsPolicy, securityHeaders } from "./headers";

const parse = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)] as const));

describe("security headers", () => {
  it("allow the emulator's origin for Stripe.js in emulator mode, and nothing of Stripe's", () => {
    const csp = parse(contentSecurityPolicy({ nonce: "abc", stripe: { mode: "emulator", emulatorUrl: "http://localhost:12111/" }, appUrl: "http://localhost:3000", development: false }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", "http://localhost:12111"]);
    expect(csp.get("frame-src")).toEqual(["http://localhost:12111"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "http://localhost:12111"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allow Stripe's hosts with real keys, and upgrade requests over https", () => {
    const csp = parse(contentSecurityPolicy({ nonce: "n", stripe: { mode: "stripe" }, appUrl: "https://loyly.fi", development: false }));
    expect(csp.get("script-src")).toEqual(expect.arrayContaining(["https://js.stripe.com", "'nonce-n'"]));
    expect(csp.get("frame-src")).toEqual(expect.arrayContaining(["https://js.stripe.com", "https://*.stripe.com", "https://hooks.stripe.com"]));
    expect(csp.get("connect-src")).toEqual(["'self'", "https://api.stripe.com"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
    expect(permissionsPolicy({ mode: "stripe" })).toContain('payment=(self "https://js.stripe.com" "https://hooks.stripe.com")');
  });

  it("send HSTS only for an https app outside development; eval only in development", () => {
    const base = { nonce: "n", stripe: { mode: "stripe" } as const };
    expect(securityHeaders({ ...base, appUrl: "https://loyly.fi", development: false })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
    expect(securityHeaders({ ...base, appUrl: "http://localhost:3000", development: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ ...base, appUrl: "http://localhost:3000", development: true })["Content-Security-Policy"]).toContain("'unsafe-eval'");
    expect(securityHeaders({ ...base, appUrl: "https://loyly.fi", development: false })).toMatchObject({
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Content-Type-Options": "nosniff",
    });
  });

  it("make a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
