/**
 * The `test` every app spec uses: Playwright's, plus two watches over every browser context
 * of the test (the default one and any a spec opens with `browser.newContext()`):
 *
 * - Content Security Policy violations, in every frame (Stripe.js's card and 3D Secure
 *   frames too). A test that provokes one on purpose takes them out of `cspViolations`
 *   (and so must name them).
 * - Accessibility: every page of the app the test visits is checked with axe (WCAG 2.1
 *   A/AA) once it has loaded and hydrated, after full loads and client-side navigations
 *   alike, each URL once per test; a tab's last page that could not be checked yet (the test
 *   ended first) is checked before its context closes. A spec that checks a state within a
 *   page (an open dialog, an error shown) calls `expectAccessible` itself.
 *   `test.use({ axe: false })` turns the watch off, for a test that injects markup that is
 *   not the app's on purpose.
 *
 * A test fails when any page it visited reported a violation of either.
 */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, request, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** Playwright's API request contexts (no browser: nothing to watch for CSP). */
export { expect, request };
export type { Browser, Page } from "@playwright/test";

/** The rules every page is held to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

/**
 * Runs axe on the page as it is now (its frames too: Stripe.js's card and 3D Secure frames)
 * and fails with one line per violation: the rule, what it means and where.
 */
export async function expectAccessible(page: Page, what = page.url()) {
  expect(await exclusive(() => axeViolations(page)), `WCAG 2.1 A/AA violations (axe) on ${what}`).toEqual([]);
}

/** axe runs one analysis at a time in a page: the test's own checks and the watch's take turns. */
let axeTurn: Promise<unknown> = Promise.resolve();
function exclusive<T>(run: () => Promise<T>): Promise<T> {
  const result = axeTurn.then(run, run);
  axeTurn = result.catch(() => undefined);
  return result;
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS]).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`,
  );
}

// ---------------------------------------------------------------- axe on every page visited

/** What the current test's pages have shown; one test runs at a time in a worker. */
interface AxeWatch {
  origin: string;
  checked: Set<string>;
  violations: string[];
  pending: Set<Promise<void>>;
  pages: Set<Page>;
}

let axeWatch: AxeWatch | undefined;
const axeWatchedContexts = new WeakSet<BrowserContext>();
/** How long the checks still queued when a test ends may take (the fixture's own time, not the test's). */
const FINISH_MS = 45_000;
/** Time for a client-side navigation to render the new page before it is checked. */
const SETTLE_MS = 250;
/**
 * The page moved on or closed while it was being checked, or the test body ended while the
 * check waited (the end-of-test check covers that page): nothing to hold against it.
 */
const GONE = /context was destroyed|has been closed|detached|navigat|Target closed|Test ended/i;

function isAppPage(url: string, origin: string) {
  return url.startsWith(`${origin}/`) || url === origin;
}

/** Checks the page's current URL, once per test, when it is the app's and still showing. */
async function checkVisited(page: Page, watch: AxeWatch, settleMs: number) {
  try {
    await page.waitForLoadState("load");
    // Hydrated: the page's scripts have run (a not-found page, say, gets its <html lang> from
    // them). Pages that keep the network busy are checked after 2 s anyway.
    await page.waitForLoadState("networkidle", { timeout: 2_000 }).catch((error: unknown) => {
      if (!String(error).includes("Timeout")) throw error;
    });
    if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const url = page.url();
    if (!isAppPage(url, watch.origin) || watch.checked.has(url)) return;
    // PDFs, calendars, CSVs opened in a tab are not HTML pages.
    if ((await page.evaluate(() => document.contentType)) !== "text/html") return;
    watch.checked.add(url);
    let found: string[];
    try {
      found = await axeViolations(page);
    } catch (error) {
      // A navigation that keeps the URL (a reload, a redirect back to it) can swap the
      // document under axe: the page is checked again as it is now.
      if (GONE.test(String(error))) throw error;
      await page.waitForLoadState("load");
      found = await axeViolations(page);
    }
    if (page.url() !== url) return; // it navigated mid-check: the next check covers it
    watch.violations.push(...found.map((line) => `${new URL(url).pathname}${new URL(url).search}: ${line}`));
  } catch (error) {
    if (!GONE.test(String(error))) throw error;
  }
}

function queueCheck(page: Page, settleMs: number) {
  const watch = axeWatch;
  // Only the app's pages: not about:blank (axe opens one to gather its results), not the
  // emulator's hosted pages.
  if (!watch || page.isClosed() || !isAppPage(page.url(), watch.origin)) return;
  // One check at a time per worker: axe is heavy, and the checks share the CPU with the test.
  const check: Promise<void> = exclusive(() => checkVisited(page, watch, settleMs))
    .catch((error: unknown) => void watch.violations.push(`axe could not check ${page.url()}: ${String(error)}`))
    .finally(() => watch.pending.delete(check));
  watch.pending.add(check);
}

function watchAxe(context: BrowserContext) {
  if (axeWatchedContexts.has(context)) return;
  axeWatchedContexts.add(context);
  const onPage = (page: Page) => {
    axeWatch?.pages.add(page);
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) queueCheck(page, SETTLE_MS);
    });
  };
  context.pages().forEach(onPage);
  context.on("page", onPage);
  // Whoever closes the context (the test, or Playwright after it), its pages not checked yet
  // are checked first.
  const close = context.close.bind(context);
  context.close = async (...args: Parameters<BrowserContext["close"]>) => {
    await finishChecks(context.pages());
    return close(...args);
  };
}

/** Checks each open page as it is now and waits for every check of the test to end. */
async function finishChecks(pages: Iterable<Page>) {
  const watch = axeWatch;
  if (!watch) return;
  for (const page of pages) queueCheck(page, 0);
  const deadline = Date.now() + FINISH_MS;
  while (watch.pending.size && Date.now() < deadline) {
    await Promise.race([Promise.all([...watch.pending]), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  }
  if (watch.pending.size) watch.violations.push(`${watch.pending.size} axe check(s) did not end within ${FINISH_MS / 1000} s of the test's end`);
}

const MARK = "[csp-violation]";

/** Runs in every document before its own scripts: reports violations to the console. */
function reportViolations(mark: string) {
  document.addEventListener("securitypolicyviolation", (event) => {
    const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : "";
    console.error(`${mark} ${event.effectiveDirective} refused ${event.blockedURI || "(inline)"} on ${event.documentURI}${where}`);
  });
}

/** Chromium's own console line for a blocked load, in case no event reached the page. */
const BROWSER_MESSAGE = /violates the following Content Security Policy directive/;

const watched = new WeakSet<BrowserContext>();
let current: string[] | undefined;

async function watch(context: BrowserContext) {
  if (watched.has(context)) return;
  watched.add(context);
  await context.addInitScript(reportViolations, MARK);
  context.on("console", (message) => {
    const text = message.text();
    if (text.startsWith(MARK) || BROWSER_MESSAGE.test(text)) current?.push(`${text} (page ${message.page()?.url() ?? "?"})`);
  });
}

function watchNewContexts(browser: Browser) {
  const original = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
    const context = await original(...args);
    await watch(context);
    watchAxe(context);
    return context;
  };
}

export const test = base.extend<{ cspViolations: string[]; axe: boolean; axeViolations: string[] }, { cspWatchedBrowser: void }>({
  cspWatchedBrowser: [
    async ({ browser }, use) => {
      watchNewContexts(browser);
      await use();
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context }, use) => {
    await watch(context);
    watchAxe(context);
    await use(context);
  },
  axe: [true, { option: true }],
  axeViolations: [
    // After the context: so it ends (and waits for its checks, in its own time) before the
    // context closes.
    async ({ axe, baseURL, context: _context }, use) => {
      if (!axe || !baseURL) return use([]);
      const watch: AxeWatch = { origin: new URL(baseURL).origin, checked: new Set(), violations: [], pending: new Set(), pages: new Set() };
      axeWatch = watch;
      await use(watch.violations);
      // The last page of each tab still open, when it was not checked yet.
      await finishChecks([...watch.pages].filter((page) => !page.isClosed()));
      axeWatch = undefined;
      expect(watch.violations, "WCAG 2.1 A/AA violations (axe) on the pages this test visited").toEqual([]);
    },
    { auto: true, timeout: FINISH_MS + 15_000 },
  ],
  cspViolations: [
    async ({}, use) => {
      const violations: string[] = [];
      current = violations;
      await use(violations);
      current = undefined;
      expect(violations, "Content Security Policy violations on the pages this test visited").toEqual([]);
    },
    { auto: true },
  ],
});
