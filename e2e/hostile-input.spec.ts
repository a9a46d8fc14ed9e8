/**
 * Hostile input in the real app: each gets a clear error or a 404, never an error page, and
 * changes nothing. (Every server action with hostile values and non-FormData arguments is
 * covered by tests/integration/actions-hostile.property.test.ts.)
 */
import { expect, test } from "./support/test";
import { DEMO, storageStateOf } from "./support/accounts";
import { db } from "./support/booking-factories";

test.describe("as a visitor", () => {
  test("a city longer than 80 characters or with NUL is explained and left out of the search", async ({ page }) => {
    for (const city of ["x".repeat(81), "Helsinki\u0000"]) {
      const response = await page.goto(`/search?city=${encodeURIComponent(city)}&guests=2`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("main").getByRole("alert")).toContainText(/at most 80 characters|control characters/);
      await expect(page.getByRole("heading", { level: 2, name: /saunas? for 2 guests/ })).toBeVisible();
    }
  });

  test("/saunas/%00 and other impossible slugs are 404 pages", async ({ page }) => {
    for (const path of ["/saunas/%00", "/saunas/a%00b", `/saunas/${"x".repeat(300)}`, "/saunas/%E2%80%AE"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Something went wrong");
    }
  });
});

test.describe("as a provider", () => {
  test.use({ storageState: storageStateOf("provider") });

  async function ownListing() {
    const provider = await db().user.findUniqueOrThrow({ where: { email: DEMO.provider.email } });
    return db().listing.findFirstOrThrow({ where: { providerId: provider.id }, orderBy: { createdAt: "asc" } });
  }

  test("NUL in a listing's title or description is a field error and nothing is saved", async ({ page }) => {
    const listing = await ownListing();
    await page.goto(`/provider/listings/${listing.id}`);
    // Typed keys cannot carry NUL; a script (or a hand-made request) can.
    await page.getByLabel("Title").evaluate((input: HTMLInputElement) => (input.value = "Smoke\u0000sauna"));
    await page.getByLabel("Description").evaluate((area: HTMLTextAreaElement) => (area.value = `${area.value}\u0000`));
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByLabel("Title")).toHaveAccessibleDescription(/Remove the control characters/);
    await expect(page.getByLabel("Description")).toHaveAccessibleDescription(/Remove the control characters/);
    expect(await db().listing.findUniqueOrThrow({ where: { id: listing.id } })).toEqual(listing);
  });

  test("impossible ids of the provider's pages are 404 pages", async ({ page }) => {
    for (const path of ["/provider/listings/%00", "/provider/listings/%00/calendar", "/provider/listings/a%20b"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });

  test("a 50 MB photo is refused at the field before upload, and by the server before it is read", async ({ page, request }) => {
    const listing = await ownListing();
    const photos = await db().listingPhoto.count({ where: { listingId: listing.id } });
    await page.goto(`/provider/listings/${listing.id}`);
    // Made in the page (handing 50 MB to the browser through the protocol is slow).
    await page.getByLabel("Photo file").evaluate((input: HTMLInputElement) => {
      const bytes = new Uint8Array(50_000_000);
      bytes.set([0xff, 0xd8, 0xff]); // a JPEG signature
      const files = new DataTransfer();
      files.items.add(new File([bytes], "huge.jpg", { type: "image/jpeg" }));
      input.files = files.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await expect(page.getByLabel("Photo file")).toHaveAccessibleDescription(/The photo must be at most 5 MB/);
    await page.getByRole("button", { name: "Upload photo" }).click();
    await expect(page.getByLabel("Photo file")).toHaveAccessibleDescription(/The photo must be at most 5 MB/);
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);

    // Straight to the server, as a script would: a clear 413, not Next's 500.
    const big = Buffer.alloc(50_000_000, 0xff);
    const response = await request.post(`/provider/listings/${listing.id}`, {
      headers: { "next-action": "0".repeat(42), "content-type": "multipart/form-data; boundary=x" },
      data: big,
      failOnStatusCode: false,
    });
    expect(response.status()).toBe(413);
    expect(await response.text()).toMatch(/too large: photos can be at most 5 MB/);
    expect(await db().listingPhoto.count({ where: { listingId: listing.id } })).toBe(photos);
  });

  test("a picture that is not one of the bundled ones is a field error; a bundled one is added and shown", async ({ page }) => {
    const listing = await ownListing();
    const photos = await db().listingPhoto.count({ where: { listingId: listing.id } });
    await page.goto(`/provider/listings/${listing.id}`);
    const bundled = page.getByRole("form", { name: "Add a bundled picture" });
    const picture = bundled.getByLabel("Picture");
    // The regex of a bundled picture's path passes; the file does not exist.
    await picture.evaluate((select: HTMLSelectElement) => {
      select.add(new Option("Not ours", "/saunas/not-shipped.webp"));
      select.value = "/saunas/not-shipped.webp";
    });
    await bundled.getByRole("button", { name: "Add picture" }).click();
    await expect(picture).toHaveAccessibleDescription(/Choose one of the bundled pictures/);
    expect(await db().listingPhoto.count({ where: { listingId: listing.id } })).toBe(photos);

    await picture.selectOption({ label: "Aurora lake" });
    await bundled.getByRole("button", { name: "Add picture" }).click();
    await expect(bundled.getByRole("status")).toHaveText("Picture added.");
    const added = await db().listingPhoto.findFirstOrThrow({ where: { listingId: listing.id, url: "/saunas/aurora-lake.webp" } });
    try {
      // Served as a photo (the optimiser's WebP at the size asked for), not as a drawing.
      const image = await page.request.get(`/_next/image?url=${encodeURIComponent(added.url)}&w=640&q=75`, { headers: { accept: "image/webp" } });
      expect(image.status()).toBe(200);
      expect(image.headers()["content-type"]).toBe("image/webp");
    } finally {
      await db().listingPhoto.delete({ where: { id: added.id } });
    }
  });
});
