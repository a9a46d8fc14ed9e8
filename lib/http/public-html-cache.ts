/**
 * The public pages' HTML (home, search, a listing page) as visitors without a session get
 * it, kept in this instance's memory and served by proxy.ts without rendering — with a fresh
 * CSP nonce in every response.
 *
 * How the nonce stays per response: a page is rendered for the cache with a placeholder
 * nonce that is random per process and never leaves the server; each answer replaces every
 * occurrence of it with the response's own nonce, the one its Content-Security-Policy
 * names. Injected markup cannot carry a valid nonce, because nobody outside knows the
 * placeholder.
 *
 * A miss (or an entry older than `PUBLIC_HTML_FRESH_MS`) is filled by the proxy fetching the
 * page from this server with `FILL_HEADER` (a per-process secret): that request renders as
 * usual, with the placeholder as its nonce. Concurrent misses of one page share one fill;
 * an entry older than fresh but younger than `PUBLIC_HTML_STALE_MS` is served while one
 * background fill replaces it. Only 200 and 404 answers are kept, at most `MAX_ENTRIES` pages
 * (least recently stored goes first).
 *
 * What changes a page empties the cache of every instance within a second: the database's
 * `cache_versions` row "public-pages" is bumped by triggers, in the writing transaction, when
 * a booking takes, frees or moves a slot and when a listing, its photos, hours, exceptions,
 * reviews or its host's connected account change (the migration lists them). Before
 * answering from the cache, the proxy reads that version when its last look is older than
 * `VERSION_CHECK_MS` (`followPublicPagesVersion`), and empties the cache when it moved; under
 * traffic without waiting for the read, so an answer is at most one look behind. The
 * version a fill renders at goes with it (`VERSION_HEADER`), so the pages' `"use cache"` data
 * is read at that version too (lib/listings/public-cache.ts). The instance that made a change
 * also empties its cache at once (`forgetPublicPages()`). What no write announces, the clock
 * (a slot that has begun), shows within `PUBLIC_HTML_FRESH_MS`; the server checks every slot
 * again when a request is sent.
 */

export const PUBLIC_HTML_FRESH_MS = 60_000;
export const PUBLIC_HTML_STALE_MS = 5 * 60_000;
/** How often this instance looks at the database's version under traffic. */
export const VERSION_CHECK_MS = 1_000;
/** A look older than this (a quiet instance) is waited for before answering from the cache. */
export const VERSION_WAIT_MS = 3_000;
const MAX_ENTRIES = 500;
export const FILL_HEADER = "x-loyly-public-html-fill";
/** The version a fill renders at, for the pages' cached data (only on fill requests). */
export const VERSION_HEADER = "x-loyly-public-pages-version";

export interface CachedPage {
  /** 200, or 404 for a listing that does not exist (kept too, so it is not rendered twice). */
  status: number;
  html: string;
  headers: [string, string][];
  storedAt: number;
}

interface Store {
  placeholder: string;
  fillSecret: string;
  pages: Map<string, CachedPage>;
  fills: Map<string, Promise<CachedPage | null>>;
  /** Bumped by forgetPublicPages: a fill that started before it is not stored. */
  generation: number;
  /** The database's version of the public pages when last read (null: not read yet). */
  version: string | null;
  /** When the last finished read started (ms since the epoch), and the read under way. */
  versionCheckedAt: number;
  versionCheck: Promise<void> | null;
}

function randomToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

// On globalThis: proxy.ts and the server actions are bundled apart but run in one process.
const globalStore = globalThis as typeof globalThis & { __loylyPublicHtml?: Store };

function store(): Store {
  globalStore.__loylyPublicHtml ??= {
    placeholder: randomToken(),
    fillSecret: randomToken(),
    pages: new Map(),
    fills: new Map(),
    generation: 0,
    version: null,
    versionCheckedAt: -Infinity,
    versionCheck: null,
  };
  return globalStore.__loylyPublicHtml;
}

/** The nonce a cache fill renders with (never sent to a browser). */
export function placeholderNonce(): string {
  return store().placeholder;
}

export function isFillRequest(headers: Headers): boolean {
  return headers.get(FILL_HEADER) === store().fillSecret;
}

/** Empties this instance's cache of public pages. */
export function forgetPublicPages(): void {
  const s = store();
  s.pages.clear();
  s.fills.clear();
  s.generation++;
}

/**
 * Keeps this instance's cache at the database's version of the public pages: a look older
 * than `VERSION_CHECK_MS` starts a read (one at a time), and the cache is emptied when the
 * version moved. Under traffic the answer does not wait for that read (it takes a few ms, and
 * every request of those ms would queue behind it): what is answered meanwhile is at most
 * one look old. A look older than `VERSION_WAIT_MS` (a quiet instance) is waited for. A
 * failed read is logged and leaves the cache as it is: without the database, pages cannot be
 * rendered anew either.
 */
export async function followPublicPagesVersion(read: () => Promise<string>, now = Date.now()): Promise<void> {
  const s = store();
  const age = now - s.versionCheckedAt;
  if (age < VERSION_CHECK_MS) return;
  s.versionCheck ??= startVersionCheck(s, read, now);
  if (age >= VERSION_WAIT_MS) await s.versionCheck;
}

function startVersionCheck(s: Store, read: () => Promise<string>, now: number): Promise<void> {
  return read()
    .then((version) => {
      s.versionCheckedAt = now;
      if (version !== s.version) {
        forgetPublicPages();
        s.version = version;
      }
    })
    .catch((error: unknown) => {
      s.versionCheckedAt = now; // tried again a look later, not on every request
      console.error("[public pages] reading their version failed:", error);
    })
    .finally(() => {
      s.versionCheck = null;
    });
}

/** The version this instance's cache is at (what a fill renders at); null before the first read. */
export function publicPagesVersion(): string | null {
  return store().version;
}

const SESSION_COOKIE = /next-auth\.session-token/; // also __Secure-… and chunked …\.0, …\.1

/**
 * Whether this request may be answered from the cache: a plain GET of a public page's
 * document (not the data of a client-side navigation, not a server action) by a visitor
 * with no session.
 */
export function cacheablePublicPage(request: {
  method: string;
  headers: Headers;
  pathname: string;
  searchParams: URLSearchParams;
  cookieNames: string[];
}): boolean {
  if (request.method !== "GET") return false;
  // The proxy may not see Next's router headers (RSC, Next-Router-State-Tree) nor its `_rsc`
  // parameter. Answered with the page's HTML, the router would give up and load the whole
  // document: so only requests that ask for HTML are answered.
  if (request.searchParams.has("_rsc")) return false;
  const h = request.headers;
  // Only a browser's load of the document asks for HTML; the router's fetches do not.
  if (!(h.get("accept") ?? "").includes("text/html")) return false;
  if (h.has("rsc") || h.has("next-router-prefetch") || h.has("next-action") || h.has("next-router-state-tree")) return false;
  if (request.cookieNames.some((name) => SESSION_COOKIE.test(name))) return false;
  return isPublicPagePath(request.pathname);
}

export function isPublicPagePath(pathname: string): boolean {
  return pathname === "/" || pathname === "/search" || /^\/saunas\/[a-z0-9][a-z0-9-]{0,99}$/.test(pathname);
}

/** The answer for `key` from the cache, filling it with `fill` when missing or old. */
export async function cachedPage(key: string, fill: () => Promise<CachedPage | null>, now = Date.now()): Promise<CachedPage | null> {
  const s = store();
  const entry = s.pages.get(key);
  const age = entry ? now - entry.storedAt : Infinity;
  if (entry && age < PUBLIC_HTML_FRESH_MS) return entry;
  const refill = startFill(s, key, fill);
  if (entry && age < PUBLIC_HTML_STALE_MS) {
    refill.catch(() => undefined); // served stale; the next request tries again
    return entry;
  }
  return refill;
}

function startFill(s: Store, key: string, fill: () => Promise<CachedPage | null>): Promise<CachedPage | null> {
  const running = s.fills.get(key);
  if (running) return running;
  const generation = s.generation;
  const promise = fill()
    .then((page) => {
      if (page && s.generation === generation) {
        s.pages.delete(key); // re-insert: the Map's order is the order of storing
        s.pages.set(key, page);
        while (s.pages.size > MAX_ENTRIES) s.pages.delete(s.pages.keys().next().value!);
      }
      return page;
    })
    .finally(() => {
      if (s.fills.get(key) === promise) s.fills.delete(key);
    });
  s.fills.set(key, promise);
  return promise;
}

/** The cached HTML with the placeholder replaced by this response's nonce. */
export function htmlWithNonce(page: CachedPage, nonce: string): string {
  return page.html.split(store().placeholder).join(nonce);
}

/** The headers of a fill's answer worth replaying (never cookies or caching directives). */
export function replayableHeaders(headers: Headers): [string, string][] {
  const keep = new Set(["content-type", "vary", "link", "content-language"]);
  return [...headers.entries()].filter(([name]) => keep.has(name.toLowerCase()));
}

/**
 * Renders `url` for the cache: this server, asked with the fill secret, answers with the
 * placeholder as its nonce. Null when the answer is not one to keep (then the request is
 * rendered as usual).
 */
export async function fetchForCache(url: URL): Promise<CachedPage | null> {
  const port = process.env.PORT;
  const target = port ? new URL(url.pathname + url.search, `http://localhost:${port}`) : url;
  const version = store().version;
  const response = await fetch(target, {
    headers: { [FILL_HEADER]: store().fillSecret, accept: "text/html", ...(version === null ? {} : { [VERSION_HEADER]: version }) },
    redirect: "manual",
    cache: "no-store",
  });
  const html = await response.text();
  if (response.status !== 200 && response.status !== 404) return null;
  if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) return null;
  if (!html.includes(store().placeholder)) return null; // not rendered by this process
  return { status: response.status, html, headers: replayableHeaders(response.headers), storedAt: Date.now() };
}
