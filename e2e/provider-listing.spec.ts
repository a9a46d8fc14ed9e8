import { expect, test } from "./support/test";
import { randomUUID } from "node:crypto";
import { DEMO, signIn, storageStateOf } from "./support/accounts";

/** A 2×2 PNG made here (valid signature and chunks). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  "base64",
);

test.use({ storageState: storageStateOf("provider") });

test("a provider creates a listing, uploads a photo, edits it, and the public page shows it", async ({ page, browser }) => {
  const title = `Testisauna ${randomUUID().slice(0, 6)}`;
  await page.goto("/provider/listings");
  await page.getByRole("link", { name: "New listing" }).click();

  // Bad input first: nothing is created, every problem is explained.
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Price per hour").fill("12.345");
  await page.getByLabel("Monday opens", { exact: true }).fill("22:00");
  await page.getByLabel("Monday closes", { exact: true }).fill("16:00");
  await page.getByRole("button", { name: "Create listing" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Please check the highlighted fields.");
  await expect(page.getByLabel("Price per hour")).toHaveAccessibleDescription(/Enter a price like 45 or 45.50/);
  await expect(page.getByLabel("Description")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/provider\/listings\/new$/);
  await expect(page.getByLabel("Title")).toHaveValue(title); // kept after the error

  await page.getByLabel("Description").fill("A small wood-heated sauna with a view over the bay, tested by a robot.");
  await page.getByLabel("City", { exact: true }).fill("Kuopio");
  await page.getByLabel("Street address").fill("Testikatu 5");
  await page.getByLabel("Price per hour").fill("49.90");
  await page.getByLabel("Capacity (guests)").fill("5");
  await page.getByLabel("Monday opens", { exact: true }).fill("16:00");
  await page.getByLabel("Monday closes", { exact: true }).fill("22:00");
  await page.getByRole("button", { name: "Create listing" }).click();

  await expect(page).toHaveURL(/\/provider\/listings\/\w+\?created=1$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const editUrl = page.url().replace(/\?.*$/, "");

  // Upload a photo.
  await page.getByLabel("Photo file").setInputFiles({ name: "my-sauna.png", mimeType: "image/png", buffer: PNG });
  await page.getByLabel("Describe the photo (for screen readers)").fill("The bay from the terrace");
  await page.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByText("Photo uploaded.")).toBeVisible();
  const photo = page.getByRole("list", { name: "Current photos" }).getByRole("img", { name: "The bay from the terrace" });
  await expect(photo).toBeVisible();

  // A file that is not an image is refused.
  await page.getByLabel("Photo file").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just text") });
  await page.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByLabel("Photo file")).toHaveAccessibleDescription(/Upload a JPEG, PNG or WebP image/);

  // Edit the price and block a date.
  await page.getByLabel("Price per hour").fill("55");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Listing details saved.")).toBeVisible();
  await page.getByLabel("Date to block").fill("2031-12-24");
  await page.getByLabel("Reason (optional)").fill("Christmas Eve");
  await page.getByRole("button", { name: "Block date" }).click();
  await expect(page.getByRole("list", { name: "Blocked dates" })).toContainText("Christmas Eve");

  // The public page shows the new price and the uploaded photo.
  await page.getByRole("link", { name: "View the public page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("€55.00", { exact: true })).toBeVisible();
  const publicPhoto = page.getByRole("img", { name: "The bay from the terrace" });
  await expect(publicPhoto).toBeVisible();
  // Loaded, not just present: the stored file is served (through the image optimizer).
  await expect
    .poll(() => publicPhoto.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);
  await expect(page.getByText("Christmas Eve")).toBeVisible();

  // Another provider cannot open the edit page.
  const other = await browser.newContext({ storageState: undefined });
  const otherPage = await other.newPage();
  await signIn(otherPage, DEMO.otherProvider.email, DEMO.otherProvider.password);
  await expect(otherPage).toHaveURL(/\/provider\/listings$/);
  const response = await otherPage.goto(editUrl);
  expect(response?.status()).toBe(404);
  await other.close();

  // Deactivating hides it from search.
  await page.goto(editUrl);
  await page.getByRole("button", { name: "Deactivate listing" }).click();
  await expect(page.getByRole("button", { name: "Reactivate listing" })).toBeVisible();
  await page.goto("/search?city=Kuopio");
  await expect(page.getByRole("heading", { name: title })).toHaveCount(0);
});
