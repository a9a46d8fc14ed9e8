import { expect, test } from "./support/test";
import { storageStateOf } from "./support/accounts";

test.describe("a visitor", () => {
  for (const path of ["/provider/listings", "/admin/users", "/account/bookings"]) {
    test(`is sent to sign in from ${path}`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${encodeURIComponent(path)}`));
    });
  }
});

test.describe("a customer", () => {
  test.use({ storageState: storageStateOf("customer") });

  for (const path of ["/provider/listings", "/provider/listings/new", "/provider/requests", "/admin", "/admin/users", "/admin/listings"]) {
    test(`cannot open ${path}`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden/);
      await expect(page.getByRole("heading", { name: "This page is not available to your account" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    });
  }

  test("sees their own pages", async ({ page }) => {
    await page.goto("/account/bookings");
    await expect(page.getByRole("heading", { name: "My bookings" })).toBeVisible();
  });
});

test.describe("a provider", () => {
  test.use({ storageState: storageStateOf("provider") });

  test("cannot open admin pages", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/forbidden/);
  });
});
