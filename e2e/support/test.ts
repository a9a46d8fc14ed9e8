/**
 * The `test` every app spec uses: Playwright's, plus a watch for Content Security Policy
 * violations in every browser context of the test (the default one and any a spec opens
 * with `browser.newContext()`), in every frame (Stripe.js's card and 3D Secure frames too).
 * A test fails when any page it visited reported a violation. A test that provokes one on
 * purpose takes them out of `cspViolations` (and so must name them).
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
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS]).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`,
  );
  expect(found, `WCAG 2.1 A/AA violations (axe) on ${what}`).toEqual([]);
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
    return context;
  };
}

export const test = base.extend<{ cspViolations: string[] }, { cspWatchedBrowser: void }>({
  cspWatchedBrowser: [
    async ({ browser }, use) => {
      watchNewContexts(browser);
      await use();
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context }, use) => {
    await watch(context);
    await use(context);
  },
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
