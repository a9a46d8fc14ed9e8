/**
 * The public pages (home, search, a listing) come from an HTML cache for
 * visitors without a session — each answer with its own CSP nonce — and a change shows at
 * once: a provider's edit, a deactivation, a new booking's slot taken, and within seconds
 * when another instance made the change (to signed-in viewers too). Signed-in viewers
 * get a private, uncached render.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test } from "./support/test";
import { storageStateOf } from "./support/accounts";
import { chooseTime, consentBox, daysAhead, db, makeAccount, makeListing, signInAs, typeCard } from "./support/booking-factories";

const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

test("visitors get cached pages with a fresh nonce in every answer; signed-in viewers a private, uncached one", async ({ request, browser }) => {
  for (const path of ["/", "/search?city=Helsinki"]) {
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      // As a browser loads a page: the cache answers only requests that ask for HTML.
      const response = await request.get(path, { headers: { cookie: "", accept: "text/html" } });
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toBe("private, no-cache");
      const nonce = nonceOf(response.headers()["content-security-policy"]);
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      for (const earlier of seen) expect(html, `${path}: an earlier answer's nonce`).not.toContain(earlier);
      seen.push(nonce!);
    }
    expect(new Set(seen).size, path).toBe(3);
  }

  const context = await browser.newContext({ storageState: storageStateOf("customer") });
  const page = await context.newPage();
  const response = await page.goto("/");
  expect(response?.headers()["cache-control"]).toContain("no-store");
  expect(response?.headers()["cache-control"]).toContain("private");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await context.close();
});

test("a provider's edit and a deactivation show to visitors at once", async ({ page, browser }) => {
  test.slow(); // two browsers, a dozen page loads
  const provider = await makeAccount("PROVIDER", "Cache Provider");
  const listing = await makeListing(provider.id, `Cached sauna ${Date.now() % 100000}`);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/saunas/${listing.slug}`);
  await expect(visitor.getByRole("heading", { level: 1, name: listing.title })).toBeVisible();
  await visitor.goto("/search?city=Testila");
  await expect(visitor.getByRole("heading", { name: listing.title })).toBeVisible();

  await signInAs(page, provider);
  await page.goto(`/provider/listings/${listing.id}`);
  const renamed = `${listing.title} renamed`;
  await page.getByLabel("Title").fill(renamed);
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Listing details saved.")).toBeVisible();

  await visitor.goto(`/saunas/${listing.slug}`);
  await expect(visitor.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await visitor.goto("/search?city=Testila");
  await expect(visitor.getByRole("heading", { name: renamed })).toBeVisible();

  await page.getByRole("button", { name: "Deactivate listing" }).click();
  await expect(page.getByRole("button", { name: "Reactivate listing" })).toBeVisible();
  expect((await visitor.goto(`/saunas/${listing.slug}`))?.status()).toBe(404);
  await visitor.goto("/search?city=Testila");
  await expect(visitor.getByRole("heading", { name: renamed })).toHaveCount(0);
});

test("a new booking shows its slot as taken to visitors at once", async ({ page, browser }) => {
  test.slow(); // two browsers and a booking through the payment step
  const provider = await makeAccount("PROVIDER", "Slot Provider");
  const listing = await makeListing(provider.id);
  const date = daysAhead(37);
  const visitor = await (await browser.newContext()).newPage();
  const url = `/saunas/${listing.slug}?date=${date}&start=12:00&end=14:00&guests=2`;
  const fromOption = () => visitor.getByLabel("From").locator("option", { hasText: /^12:00/ });
  await visitor.goto(url);
  await expect(fromOption()).toHaveText("12:00");
  await visitor.goto(url); // now from the cache
  await expect(fromOption()).toHaveText("12:00");

  await signInAs(page, await makeAccount("CUSTOMER", "Slot Customer"));
  await chooseTime(page, listing.slug, { date, from: "12:00", until: "14:00", guests: 2 });
  await typeCard(page, "4242424242424242");
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);

  const booked = Date.now();
  await visitor.goto(url);
  await expect(fromOption()).toHaveText("12:00 taken");
  expect(Date.now() - booked, "shown within seconds").toBeLessThan(5_000);
});

test("a change another instance makes shows within seconds, to visitors and signed-in viewers alike", async ({ browser }) => {
  // Written straight to the database, as another instance of the app would: nothing in this
  // instance is told, it sees the public pages' version move.
  const provider = await makeAccount("PROVIDER", "Elsewhere Provider");
  const listing = await makeListing(provider.id, `Elsewhere sauna ${Date.now() % 100000}`);
  const visitor = await (await browser.newContext()).newPage();
  const customer = await (await browser.newContext({ storageState: storageStateOf("customer") })).newPage();
  for (const page of [visitor, customer]) {
    await page.goto(`/saunas/${listing.slug}`);
    await page.goto(`/saunas/${listing.slug}`); // now from the caches (the HTML's, the listing data's)
    await expect(page.getByRole("heading", { level: 1, name: listing.title })).toBeVisible();
  }

  const renamed = `${listing.title} from elsewhere`;
  await db().listing.update({ where: { id: listing.id }, data: { title: renamed } });
  const changed = Date.now();
  for (const [who, page] of [["visitor", visitor], ["signed-in customer", customer]] as const) {
    await expect(async () => {
      await page.goto(`/saunas/${listing.slug}`);
      await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible({ timeout: 100 });
    }).toPass({ intervals: [250], timeout: 10_000 });
    expect(Date.now() - changed, `shown to the ${who} within seconds`).toBeLessThan(5_000);
  }
});

test("a cached function is no server action: calling one is refused and shows nothing private", async ({ request }) => {
  const provider = await makeAccount("PROVIDER", "Reference Provider");
  const listing = await makeListing(provider.id);
  const notes = `Gate code ${randomUUID().slice(0, 8)}`;
  await db().listing.update({ where: { id: listing.id }, data: { arrivalNotes: notes } });

  // Next.js names every "use cache" function in the build's server-reference manifest, as it
  // names the server actions.
  const file = path.resolve(import.meta.dirname, "../.next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string }> };
  const cached = Object.entries(manifest.node).filter(([, entry]) => entry.filename === "lib/listings/public-cache.ts");
  expect(cached.length).toBeGreaterThanOrEqual(4);
  for (const [id] of cached) {
    const response = await request.post("/", {
      headers: { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
      data: JSON.stringify(["any version", listing.slug]),
    });
    expect(response.status(), id).toBe(404);
    expect(await response.text(), id).not.toContain(notes);
  }

  // The listing's public page does not show its arrival notes either: a paid booking does.
  const page = await request.get(`/saunas/${listing.slug}`, { headers: { cookie: "", accept: "text/html" } });
  expect(page.status()).toBe(200);
  expect(await page.text()).not.toContain(notes);
});
