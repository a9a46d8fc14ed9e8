import { expect, test } from "./support/test";
import { randomUUID } from "node:crypto";
import { storageStateOf } from "./support/accounts";

test.use({ storageState: storageStateOf("provider") });

/**
 * An uploaded photo is served from the photo storage with a year's immutable caching, and
 * the pages show resized variants of it (Next's image optimizer), cached as long; removing
 * it removes the stored file.
 */
test("an uploaded photo: immutable caching, resized variants, gone when removed", async ({ page, request }) => {
  const title = `Kuvasauna ${randomUUID().slice(0, 6)}`;
  await page.goto("/provider/listings/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("A sauna whose photo is bigger than any screen shows it, to check its variants.");
  await page.getByLabel("City", { exact: true }).fill("Kuopio");
  await page.getByLabel("Street address").fill("Kuvakatu 1");
  await page.getByLabel("Price per hour").fill("40");
  await page.getByLabel("Capacity (guests)").fill("4");
  await page.getByLabel("Monday opens", { exact: true }).fill("16:00");
  await page.getByLabel("Monday closes", { exact: true }).fill("22:00");
  await page.getByRole("button", { name: "Create listing" }).click();
  await expect(page).toHaveURL(/\/provider\/listings\/\w+\?created=1$/);

  // A 1600×1200 PNG drawn by the browser: large enough that a variant must be smaller.
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 1600;
    canvas.height = 1200;
    const g = canvas.getContext("2d");
    if (!g) throw new Error("no 2d context");
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% ${30 + (i % 40)}%)`;
      g.fillRect((i * 53) % 1600, (i * 97) % 1200, 120, 90);
    }
    return canvas.toDataURL("image/png");
  });
  const original = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64");
  await page.getByLabel("Photo file").setInputFiles({ name: "big.png", mimeType: "image/png", buffer: original });
  await page.getByLabel("Describe the photo (for screen readers)").fill("Colourful squares");
  await page.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByText("Photo uploaded.")).toBeVisible();

  const img = page.getByRole("list", { name: "Current photos" }).getByRole("img", { name: "Colourful squares" });
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBeGreaterThan(0);
  // The page asks for a variant, not the original.
  const src = await img.getAttribute("src");
  expect(src).toMatch(/^\/_next\/image\?url=%2Fuploads%2Flistings%2F/);
  const uploadUrl = decodeURIComponent(new URL(src ?? "", "http://x").searchParams.get("url") ?? "");
  expect(uploadUrl).toMatch(/^\/uploads\/listings\/\w+\/[0-9a-f-]{36}\.png$/);

  // The stored photo: the same bytes, cached for a year, never revalidated.
  const stored = await request.get(uploadUrl);
  expect(stored.status()).toBe(200);
  expect(stored.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(Buffer.compare(await stored.body(), original)).toBe(0);

  // A 256 px variant: smaller than the original, cached as long as the photo.
  const variant = await request.get(`/_next/image?url=${encodeURIComponent(uploadUrl)}&w=256&q=75`, { headers: { accept: "image/avif,image/webp,*/*" } });
  expect(variant.status()).toBe(200);
  expect(variant.headers()["content-type"]).toMatch(/^image\/(webp|avif|png)$/);
  expect((await variant.body()).byteLength).toBeLessThan(original.byteLength / 4);
  const maxAge = Number(/max-age=(\d+)/.exec(variant.headers()["cache-control"] ?? "")?.[1] ?? 0);
  expect(maxAge).toBeGreaterThanOrEqual(31536000);

  // Removing the photo removes the stored file.
  await page.getByRole("button", { name: "Remove photo 1" }).click();
  await expect(page.getByText("No photos yet.", { exact: false })).toBeVisible();
  expect((await request.get(uploadUrl)).status()).toBe(404);
});
