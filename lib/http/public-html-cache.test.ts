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
  VERSION_WAIT_MS,
  type CachedPage,
} from "./public-html-cache";

const page = (html: string, storedAt = Date.now()): CachedPage => ({ status: 200, html, headers: [["content-type", "text/html"]], storedAt });

describe("which requests the public page cache answers", () => {
  const base = { method: "GET", headers: new Headers({ accept: "text/html,application/xhtml+xml" }), pathname: "/", searchParams: new URLSearchParams(), cookieNames: [] as string[] };
  it("public documents for visitors without a session", () => {
    for (const pathname of ["/", "/search", "/saunas/aurora-cabin"]) expect(cacheablePublicPage({ ...base, pathname })).toBe(true);
  });
  it("not other pages, files, signed-in visitors, navigations' data or server actions", () => {
    for (const pathname of ["/account", "/saunas/aurora-cabin.webp", "/saunas/a/b", "/searching", "/book/x"]) expect(cacheablePublicPage({ ...base, pathname })).toBe(false);
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
    await followPublicPagesVersion(read, t); // never looked: waits for the read
    expect(publicPagesVersion()).toBe("7");
    expect((await cachedPage("/v", async () => page("at 7")))?.html).toBe("at 7");

    await followPublicPagesVersion(read, (t += VERSION_CHECK_MS - 1)); // looked too recently: no read
    expect(reads).toBe(1);
    await followPublicPagesVersion(read, (t += VERSION_WAIT_MS)); // same version: the page stays
    expect(reads).toBe(2);
    expect((await cachedPage("/v", async () => page("refilled")))?.html).toBe("at 7");

    version = "8"; // another instance booked a slot
    await followPublicPagesVersion(read, (t += VERSION_WAIT_MS));
    expect(publicPagesVersion()).toBe("8");
    expect((await cachedPage("/v", async () => page("at 8")))?.html).toBe("at 8");
  });

  it("under traffic answers without waiting for the read; a quiet instance waits", async () => {
    let release!: (v: string) => void;
    let reads = 0;
    const slow = () => {
      reads++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    let t = 3_000_000_000;
    await followPublicPagesVersion(async () => "30", t);
    let settled = false;
    const busy = followPublicPagesVersion(slow, (t += VERSION_CHECK_MS)).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(true); // answered while the read runs…
    expect(reads).toBe(1);
    await followPublicPagesVersion(slow, t + 10); // …and no second read meanwhile
    expect(reads).toBe(1);
    release("31");
    await busy;
    await new Promise((r) => setTimeout(r, 0));
    expect(publicPagesVersion()).toBe("31");

    let quietSettled = false;
    const quiet = followPublicPagesVersion(slow, (t += VERSION_WAIT_MS)).then(() => (quietSettled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(quietSettled).toBe(false); // the last look is old: wait for this one
    release("32");
    await quiet;
    expect(publicPagesVersion()).toBe("32");
  });

  it("a failed read keeps the cache and is tried again a look later", async () => {
    const t = 5_000_000_000; // later than the tests before: the store is one per process
    await followPublicPagesVersion(async () => "20", t);
    expect((await cachedPage("/w", async () => page("at 20")))?.html).toBe("at 20");
    let reads = 0;
    const failing = async () => {
      reads++;
      throw new Error("database unreachable");
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await followPublicPagesVersion(failing, t + VERSION_WAIT_MS);
    await followPublicPagesVersion(failing, t + VERSION_WAIT_MS + 1); // not on every request
    expect(reads).toBe(1);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
    expect(publicPagesVersion()).toBe("20");
    expect((await cachedPage("/w", async () => page("other")))?.html).toBe("at 20");
    await followPublicPagesVersion(async () => "21", t + 2 * VERSION_WAIT_MS);
    expect(publicPagesVersion()).toBe("21");
  });
});
