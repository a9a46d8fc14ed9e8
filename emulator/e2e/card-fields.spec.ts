/**
 * The card-input frame itself: Stripe's client-side validation messages, formatting,
 * change events, accessibility, keyboard-only completion, and card data staying inside
 * the emulator-origin frame.
 */
import type { Page } from "@playwright/test";
import { answerChallenge, cardFrame, expect, futureExpiry, intentOnPage, test, typeCard } from "./fixtures.js";

async function openSetup(page: Page) {
  await page.goto("/react?kind=setup");
  await expect(page.getByRole("button", { name: "Save card" })).toBeEnabled();
  return intentOnPage(page);
}

interface ChangeEvent {
  elementType: string;
  empty: boolean;
  complete: boolean;
  value?: { type?: string };
  error?: { type: string; code: string; message: string };
}

async function lastChange(page: Page): Promise<ChangeEvent | undefined> {
  return page.evaluate(() => window.__changeEvents.at(-1) as ChangeEvent | undefined);
}

test("the iframe is titled like Stripe's and its fields are labelled with autocomplete hints", async ({ page, emulator }) => {
  await openSetup(page);
  const iframe = page.locator("iframe").first();
  await expect(iframe).toHaveAttribute("title", "Secure payment input frame");
  expect(new URL((await iframe.getAttribute("src")) ?? "").origin).toBe(new URL(emulator.url).origin);

  const frame = cardFrame(page);
  await expect(frame.getByLabel("Card number")).toHaveAttribute("autocomplete", "cc-number");
  await expect(frame.getByLabel("Expiration date")).toHaveAttribute("autocomplete", "cc-exp");
  await expect(frame.getByLabel("Expiration date")).toHaveAttribute("placeholder", "MM / YY");
  await expect(frame.getByLabel("Security code")).toHaveAttribute("autocomplete", "cc-csc");
  await expect(frame.getByLabel("Country")).toHaveValue("FI"); // from the browser locale fi-FI
  await expect(frame.getByLabel("ZIP code")).toHaveCount(0); // only asked for US cards
});

test("empty submit shows every field's message in the frame, reports a validation_error and calls no API", async ({ page, stripe }) => {
  const { id } = await openSetup(page);
  await page.getByRole("button", { name: "Save card" }).click();

  const frame = cardFrame(page);
  const alerts = frame.getByRole("alert");
  await expect(alerts.filter({ hasText: "Your card number is incomplete." })).toBeVisible();
  await expect(alerts.filter({ hasText: "Your card's expiration date is incomplete." })).toBeVisible();
  await expect(alerts.filter({ hasText: "Your card's security code is incomplete." })).toBeVisible();
  await expect(frame.getByLabel("Card number")).toHaveAttribute("aria-invalid", "true");

  const result = page.locator("#result");
  await expect(result).toHaveAttribute("data-error-type", "validation_error");
  await expect(result).toHaveAttribute("data-error-code", "incomplete_number");
  await expect(result).toHaveText("Error: Your card number is incomplete.");
  const setupIntent = await stripe.setupIntents.retrieve(id);
  expect(setupIntent.status).toBe("requires_payment_method");
  expect(setupIntent.payment_method).toBeNull();
});

test("an incomplete number is reported when the field is left, an invalid one at once", async ({ page }) => {
  await openSetup(page);
  const frame = cardFrame(page);
  const number = frame.getByLabel("Card number");

  await number.pressSequentially("42424242");
  await expect(frame.getByText("Your card number is incomplete.")).toHaveCount(0); // still typing
  await frame.getByLabel("Security code").focus();
  await expect(frame.getByRole("alert").filter({ hasText: "Your card number is incomplete." })).toBeVisible();
  expect((await lastChange(page))?.error).toEqual({
    type: "validation_error", code: "incomplete_number", message: "Your card number is incomplete.",
  });

  await number.fill("4242424242424241"); // fails the Luhn check
  await expect(frame.getByRole("alert").filter({ hasText: "Your card number is invalid." })).toBeVisible();
  await expect.poll(async () => (await lastChange(page))?.error?.code).toBe("invalid_number");
});

test("expiry dates in the past are rejected with Stripe's wording", async ({ page }) => {
  // Date.now() in every frame of the page (the card frame included) reads 15 July 2027.
  await page.clock.setFixedTime(new Date("2027-07-15T12:00:00"));
  await openSetup(page);
  const frame = cardFrame(page);
  const expiry = frame.getByLabel("Expiration date");

  await expiry.fill("1220");
  await expect(expiry).toHaveValue("12 / 20");
  await expect(frame.getByRole("alert").filter({ hasText: "Your card's expiration year is in the past." })).toBeVisible();

  // This year's January is in the past only after January: the page's clock is pinned to July.
  await expiry.fill("0627");
  await expect(frame.getByRole("alert").filter({ hasText: "Your card's expiration date is in the past." })).toBeVisible();
  await expect.poll(async () => (await lastChange(page))?.error?.code).toBe("invalid_expiry_month_past");
});

test("an incomplete security code blocks submit", async ({ page, stripe }) => {
  const { id } = await openSetup(page);
  await typeCard(page, { number: "4242424242424242", cvc: "12" });
  // Leaving the field shows the message (and grows the frame) before the click.
  await cardFrame(page).getByLabel("Security code").blur();
  await expect(cardFrame(page).getByRole("alert").filter({ hasText: "Your card's security code is incomplete." })).toBeVisible();
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.locator("#result")).toHaveAttribute("data-error-code", "incomplete_cvc");
  expect((await stripe.setupIntents.retrieve(id)).status).toBe("requires_payment_method");
});

test("formatting, brand detection and change events follow Stripe", async ({ page }) => {
  await openSetup(page);
  const frame = cardFrame(page);
  const number = frame.getByLabel("Card number");

  await number.pressSequentially("4242424242424242");
  await expect(number).toHaveValue("4242 4242 4242 4242");
  await expect(frame.getByLabel("Expiration date")).toBeFocused(); // complete number moves on

  await number.fill("378282246310005");
  await expect(number).toHaveValue("3782 822463 10005");
  await expect(frame.getByText("amex", { exact: true })).toBeVisible();

  await frame.getByLabel("Expiration date").fill("4");
  await expect(frame.getByLabel("Expiration date")).toHaveValue("04 / ");
  await frame.getByLabel("Expiration date").fill(futureExpiry());
  await frame.getByLabel("Security code").fill("123");
  expect((await lastChange(page))?.complete).toBe(false); // amex needs a 4-digit code
  await frame.getByLabel("Security code").fill("1234");
  await expect.poll(() => lastChange(page)).toEqual({
    elementType: "payment", empty: false, complete: true, collapsed: false, value: { type: "card" },
  });
});

test.describe("United States billing", () => {
  test.use({ locale: "en-US" });

  test("asks for a ZIP code and validates it", async ({ page, stripe }) => {
    const { id } = await openSetup(page);
    const frame = cardFrame(page);
    await expect(frame.getByLabel("Country")).toHaveValue("US");
    await typeCard(page, { number: "4242424242424242" });
    await page.getByRole("button", { name: "Save card" }).click();
    await expect(frame.getByRole("alert").filter({ hasText: "Your ZIP is incomplete." })).toBeVisible();
    await frame.getByLabel("ZIP code").fill("94103");
    await page.getByRole("button", { name: "Save card" }).click();
    await expect(page.locator("#result")).toHaveAttribute("data-status", "succeeded");
    const setupIntent = await stripe.setupIntents.retrieve(id, { expand: ["payment_method"] });
    const pm = setupIntent.payment_method;
    expect(typeof pm === "object" && pm?.billing_details.address?.postal_code).toBe("94103");
    expect(typeof pm === "object" && pm?.billing_details.address?.country).toBe("US");
  });
});

test("keyboard only: tab into the frame, type, tab out, submit and complete 3DS", async ({ page, stripe }) => {
  const { id } = await openSetup(page);
  await page.locator("h1").click(); // start from the page, not from any field

  await page.keyboard.press("Tab");
  await expect(cardFrame(page).getByLabel("Card number")).toBeFocused();
  await page.keyboard.type("4000002500003155"); // complete → focus moves to the expiry
  await page.keyboard.type(futureExpiry()); // complete → focus moves to the security code
  await page.keyboard.type("123");
  await page.keyboard.press("Tab"); // country
  await expect(cardFrame(page).getByLabel("Country")).toBeFocused();
  await page.keyboard.press("Tab"); // out of the frame, onto the page's button
  await expect(page.getByRole("button", { name: "Save card" })).toBeFocused();
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await expect(dialog).toBeVisible();
  const complete = page.frameLocator('iframe[title="3D Secure authentication"]').getByRole("button", { name: "Complete" });
  await expect(complete).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);

  await expect(page.locator("#result")).toHaveText(`succeeded ${id}`);
  expect((await stripe.setupIntents.retrieve(id)).status).toBe("succeeded");
});

test("card numbers are only ever sent by the emulator-origin frame", async ({ page, emulator }) => {
  const carriers: { frameUrl: string; url: string }[] = [];
  page.on("request", (request) => {
    if ((request.postData() ?? "").includes("4000002500003155") || request.url().includes("4000002500003155")) {
      carriers.push({ frameUrl: request.frame().url(), url: request.url() });
    }
  });
  await openSetup(page);
  await typeCard(page, { number: "4000002500003155" });
  await page.getByRole("button", { name: "Save card" }).click();
  await answerChallenge(page, "Complete");
  await expect(page.locator("#result")).toHaveAttribute("data-status", "succeeded");

  expect(carriers).toHaveLength(1);
  const emulatorOrigin = new URL(emulator.url).origin;
  expect(carriers[0]?.url).toBe(`${emulatorOrigin}/v1/payment_methods`);
  expect(carriers[0]?.frameUrl).toBe(`${emulatorOrigin}/stripe-js/elements-frame.html`);
  // The app page cannot reach into the frame.
  const reachable = await page.evaluate(() => {
    try {
      return Boolean(document.querySelector("iframe")?.contentDocument);
    } catch {
      return false;
    }
  });
  expect(reachable).toBe(false);
});
