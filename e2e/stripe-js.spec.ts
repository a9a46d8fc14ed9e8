/**
 * Stripe.js is loaded only where card details are typed or payments confirmed (the booking
 * step, pay-now, payment methods), injected when the payment form first renders — also
 * after a client-side navigation — and never on the public pages.
 */
import type { Page } from "./support/test";
import { expect, test } from "./support/test";
import { cardFrame, chooseTime, daysAhead, makeAccount, makeListing, signInAs } from "./support/booking-factories";

const emulatorOrigin = new URL(process.env.STRIPE_EMULATOR_URL ?? "http://localhost:12112").origin;
const isStripeJs = (url: string) => url.startsWith(`${emulatorOrigin}/stripe-js/v3.js`) || url.startsWith("https://js.stripe.com/");

/** Every Stripe.js request the page makes from now on. */
function watchStripeJs(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (isStripeJs(request.url())) seen.push(request.url());
  });
  return seen;
}

test("home, search and a listing load no Stripe.js, for visitors and signed-in customers alike", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Stripe-free Provider");
  const listing = await makeListing(provider.id);
  const seen = watchStripeJs(page);
  const visit = async (path: string) => {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("script[src*='stripe']").count(), path).toBe(0);
    expect(await page.evaluate(() => "Stripe" in window), path).toBe(false);
  };
  for (const path of ["/", "/search?city=Helsinki", `/saunas/${listing.slug}`]) await visit(path);

  await signInAs(page, await makeAccount("CUSTOMER", "Stripe-free Customer"));
  for (const path of ["/", `/saunas/${listing.slug}`, "/account/bookings"]) await visit(path);
  expect(seen).toEqual([]);
});

test("the payment-methods page and the booking step load the emulator's Stripe.js once, and the card form works", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Stripe Provider");
  const listing = await makeListing(provider.id);
  await signInAs(page, await makeAccount("CUSTOMER", "Stripe Customer"));
  const seen = watchStripeJs(page);

  await page.goto("/account/payment-methods");
  await expect(cardFrame(page).getByLabel("Card number")).toBeVisible();
  expect(seen).toEqual([`${emulatorOrigin}/stripe-js/v3.js`]);
  expect(await page.locator("script[src*='stripe']").count()).toBe(1);

  // A fresh document on the listing page (no Stripe.js), then the booking step by a
  // client-side navigation: the payment form injects it there.
  seen.splice(0);
  await chooseTime(page, listing.slug, { date: daysAhead(35), from: "10:00", until: "12:00", guests: 2 });
  await expect(cardFrame(page).getByLabel("Card number")).toBeVisible();
  expect(seen).toEqual([`${emulatorOrigin}/stripe-js/v3.js`]);
});
