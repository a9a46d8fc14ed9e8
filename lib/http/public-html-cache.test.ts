import { describe, expect, it, vi } from "vitest";
import {
  cacheablePublicPage,
  cachedPage,
  followPublicPagesVersion,
  forgetPublicPages,
  htmlWithNonce,
  publicPagesVersion,
  placeholderNonce,
  PUBLIC_HTML_FRESH_MS,
  PUBLIC_HTML_STALE_MS,
  VERSION_CHECK_MS,
  type CachedPage,
} from "./public-html-cache";

const page = (html: string, storedAt = Date.now()): CachedPage => ({ status: 200, html, headers: [["content-type", "text/html"]], storedAt });

describe("which requests the public page cache answers", () => {
  const base = { method: "GET", headers: new Headers({ accept: "text/html,application/xhtml+xml" }), pathname: "/", searchParams: new URLSearchParams(), cookieNames: [] as string[] };
  it("public documents for visitors without a session", () => {
    for (const pathname of ["/", "/search", "/saunas/aurora-cabin"]) expect(cacheablePublicPage({ ...base, pathname })).toBe(true);
  });
  it("not other pages, files, signed-in visitors, navigations' data or server actions", () => {
    for (const pathname of ["/account", "/saunas/aurora-cabin.svg", "/saunas/a/b", "/searching", "/book/x"]) expect(cacheablePublicPage({ ...base, pathname })).toBe(false);
    expect(cacheablePublicPage({ ...base, cookieNames: ["next-auth.session-token"] })).toBe(false);
    expect(cacheablePublicPage({ ...base, cookieNames: ["__Secure-next-auth.session-token.0"] })).toBe(false);
    expect(cacheablePublicPage({ ...base, cookieNames: ["next-auth.csrf-token"] })).toBe(true);
    expect(cacheablePublicPage({ ...base, headers: new Headers({ accept: "text/html", rsc: "1" }) })).toBe(false);
    expect(cacheablePublicPage({ ...base, headers: new Headers({ accept: "*/*" }) })).toBe(false);
    // The router's data requests as the proxy sees them: their headers hidden, the `_rsc` parameter kept.
    expect(cacheablePublicPage({ ...base, pathname: "/search", searchParams: new URLSearchParams("city=Helsinki&_rsc=5cb68") })).toBe(false);
    expect(cacheablePublicPage({ ...base, pathname: "/search", searchParams: new URLSearchParams("city=Helsinki") })).toBe(true);
    expect(cacheablePublicPage({ ...base, headers: new Headers({ accept: "text/html", "next-action": "abc" }) })).toBe(false);
    expect(cacheablePublicPage({ ...base, method: "POST" })).toBe(false);
  });
});

describe("the cache", () => {
  it("puts each response's nonce wherever the placeholder was", () => {
    const p = placeholderNonce();
    const html = `<script nonce="${p}">a</script><script nonce="${p}" src="/x.js"></script>`;
    expect(htmlWithNonce(page(html), "N0NCE")).toBe('<script nonce="N0NCE">a</script><script nonce="N0NCE" src="/x.js"></script>');
    expect(htmlWithNonce(page(html), "N0NCE")).not.toContain(p);
  });

  it("fills once for concurrent misses, serves fresh entries without filling, refills stale ones in the background", async () => {
    forgetPublicPages();
    let fills = 0;
    const fill = async () => page(`v${++fills}`);
    const [a, b] = await Promise.all([cachedPage("/k", fill), cachedPage("/k", fill)]);
    expect(fills).toBe(1);
    expect(a?.html).toBe("v1");
    expect(b?.html).toBe("v1");
    expect((await cachedPage("/k", fill))?.html).toBe("v1");
    expect(fills).toBe(1);

    const stale = Date.now() + PUBLIC_HTML_FRESH_MS + 1;
    expect((await cachedPage("/k", fill, stale))?.html).toBe("v1"); // served stale…
    await new Promise((r) => setTimeout(r, 0));
    expect(fills).toBe(2); // …while a fill replaces it
    expect((await cachedPage("/k", fill))?.html).toBe("v2");

    const expired = Date.now() + PUBLIC_HTML_STALE_MS + 1;
    expect((await cachedPage("/k", fill, expired))?.html).toBe("v3"); // too old: waits for the fill
  });

  it("forgetting empties it, and a fill that started before is not stored", async () => {
    forgetPublicPages();
    let release!: () => void;
    const slow = () => new Promise<CachedPage>((resolve) => (release = () => resolve(page("old"))));
    const pending = cachedPage("/k", slow);
    forgetPublicPages(); // a listing changed while the old page was rendering
    release();
    expect((await pending)?.html).toBe("old");
    expect((await cachedPage("/k", async () => page("new")))?.html).toBe("new");
  });

  it("does not keep what the fill refuses", async () => {
    forgetPublicPages();
    expect(await cachedPage("/nope", async () => null)).toBeNull();
    expect((await cachedPage("/nope", async () => page("now")))?.html).toBe("now");
  });
});

describe("following the database's version of the public pages", () => {
  it("reads it at most once per VERSION_CHECK_MS, and empties the cache only when it moved", async () => {
    let version = "7";
    let reads = 0;
    const read = async () => {
      reads++;
      return version;
    };
    let t = 1_000_000_000;
    await followPublicPagesVersion(read, t);
    expect(publicPagesVersion()).toBe("7");
    expect((await cachedPage("/v", async () => page("at 7")))?.html).toBe("at 7");

    await followPublicPagesVersion(read, (t += VERSION_CHECK_MS - 1)); // looked too recently: no read
    expect(reads).toBe(1);
    await followPublicPagesVersion(read, (t += 1)); // same version: the page stays
    expect(reads).toBe(2);
    expect((await cachedPage("/v", async () => page("refilled")))?.html).toBe("at 7");

    version = "8"; // another instance booked a slot
    await followPublicPagesVersion(read, (t += VERSION_CHECK_MS));
    expect(publicPagesVersion()).toBe("8");
    expect((await cachedPage("/v", async () => page("at 8")))?.html).toBe("at 8");
  });

  it("concurrent callers share one read; a failed read keeps the cache and is tried again later", async () => {
    let release!: (v: string) => void;
    let reads = 0;
    const slow = () => {
      reads++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const t = 2_000_000_000;
    const both = Promise.all([followPublicPagesVersion(slow, t), followPublicPagesVersion(slow, t + 5)]);
    release("20");
    await both;
    expect(reads).toBe(1);
    expect(publicPagesVersion()).toBe("20");
    expect((await cachedPage("/w", async () => page("at 20")))?.html).toBe("at 20");

    const failing = async () => {
      reads++;
      throw new Error("database unreachable");
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await followPublicPagesVersion(failing, t + VERSION_CHECK_MS);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
    expect(publicPagesVersion()).toBe("20");
    expect((await cachedPage("/w", async () => page("other")))?.html).toBe("at 20");
    await followPublicPagesVersion(async () => "21", t + 2 * VERSION_CHECK_MS);
    expect(publicPagesVersion()).toBe("21");
  });
});
