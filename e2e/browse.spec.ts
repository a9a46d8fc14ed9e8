import { expect, test } from "./support/test";

test("a visitor searches by city and guests and opens a listing with a price", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Featured saunas" })).toBeVisible();

  const search = page.getByRole("search", { name: "Find a sauna" });
  await search.getByLabel("City").selectOption("Helsinki");
  await search.getByLabel("Guests").fill("6");
  await search.getByRole("button", { name: "Search" }).click();

  await expect(page).toHaveURL(/\/search\?city=Helsinki.*guests=6/);
  await expect(page.getByRole("heading", { level: 2, name: /sauna.* in Helsinki, for 6 guests/ })).toBeVisible();
  const cards = page.getByRole("article");
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all()) {
    await expect(card).toContainText("Helsinki");
    const capacity = Number((await card.getByText(/Up to \d+ guests/).innerText()).match(/\d+/)?.[0]);
    expect(capacity).toBeGreaterThanOrEqual(6);
    await expect(card).toContainText(/€\d+\.\d{2}/);
  }

  const title = await cards.first().getByRole("heading").innerText();
  await cards.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  // The booking form starts from what was searched for.
  await expect(page).toHaveURL(/\/saunas\/[a-z0-9-]+\?guests=6$/);
  await expect(page.getByRole("spinbutton", { name: "Guests" })).toHaveValue("6");
  await expect(page.getByRole("heading", { name: "Opening hours" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Monday");

  await page.getByRole("button", { name: "Calculate price" }).click();
  const breakdown = page.getByRole("region", { name: "Price breakdown" });
  await expect(breakdown).toBeVisible();
  await expect(breakdown).toContainText(/\d+ h × €\d+\.\d{2}/);
  await expect(breakdown).toContainText("Service fee");
  await expect(breakdown.getByText("Total")).toBeVisible();
});

test("the calculator explains a time it cannot price", async ({ page }) => {
  await page.goto("/search");
  await page.getByRole("article").first().getByRole("link").click();
  const capacity = Number((await page.getByText(/^Up to \d+\./).innerText()).match(/\d+/)?.[0]);
  await page.getByLabel("Guests").fill(String(capacity + 1));
  await page.getByRole("button", { name: "Calculate price" }).click();
  await expect(page.getByLabel("Guests")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Guests")).toHaveAccessibleDescription(new RegExp(`This sauna fits at most ${capacity} guests\\.`));
  await expect(page.getByLabel("Guests")).toHaveValue(String(capacity + 1));
  await expect(page.getByRole("region", { name: "Price breakdown" })).toHaveCount(0);
});

test("a search with no match says so", async ({ page }) => {
  await page.goto("/search?guests=50");
  await expect(page.getByText("No saunas match this search")).toBeVisible();
});

test("unknown pages are a friendly 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const missingSauna = await page.goto("/saunas/no-such-sauna");
  expect(missingSauna?.status()).toBe(404);
});

test("the skip link moves keyboard users to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
});
