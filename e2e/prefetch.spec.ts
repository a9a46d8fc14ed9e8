/**
 * Links prefetch on intent, not on sight (components/ui/link.tsx): a page view asks the
 * server for no other page's data; a pointer resting on a link, or the keyboard focusing
 * it, starts that link's prefetch, and the click then navigates client-side.
 */
import type { Page, Request } from "@playwright/test";
import { expect, test } from "./support/test";

/** The router's requests for a page's data (prefetches and navigations), by path. */
function routerRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (url.searchParams.has("_rsc")) seen.push(url.pathname);
  });
  return seen;
}

test("a page view prefetches nothing; hover and focus prefetch the link, and the click navigates without a reload", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = routerRequests(page);
  await page.goto("/search?city=Helsinki");
  const card = page.getByRole("article").first().getByRole("link");
  await expect(card).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(seen, "links and the search form in view are not prefetched").toEqual([]);

  const href = await card.getAttribute("href");
  expect(href).toMatch(/^\/saunas\/[a-z0-9-]+$/);
  const prefetched = page.waitForRequest((r) => new URL(r.url()).pathname === href && new URL(r.url()).searchParams.has("_rsc"));
  await card.hover();
  await prefetched;

  const headerSearch = page.getByRole("banner").getByRole("link", { name: "Find a sauna" });
  const focused = page.waitForRequest((r) => new URL(r.url()).pathname === "/search" && new URL(r.url()).searchParams.has("_rsc"));
  await headerSearch.focus();
  await focused;

  // A client-side navigation keeps the document: a marker set on it survives the click.
  await page.evaluate(() => ((window as unknown as { loylyMarker: number }).loylyMarker = 1));
  await card.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { loylyMarker?: number }).loylyMarker)).toBe(1);
  await context.close();
});
