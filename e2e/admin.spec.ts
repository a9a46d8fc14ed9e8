import { expect, test } from "./support/test";
import { DEMO, signIn, signUp, storageStateOf, uniqueEmail } from "./support/accounts";

test.use({ storageState: storageStateOf("operator") });

test("an operator suspends a user, who then cannot sign in", async ({ page, browser }) => {
  // A fresh account, so no other test depends on it.
  const email = uniqueEmail("to-suspend");
  const password = "sauna-2025-ok";
  const visitor = await browser.newContext({ storageState: undefined });
  const visitorPage = await visitor.newPage();
  await signUp(visitorPage, { name: "Tuuli Testaaja", email, password, role: "customer" });

  await page.goto("/admin/users");
  await page.getByLabel("Search by name or e-mail").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row", { name: new RegExp(email) });
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Suspend ${email}` }).click();
  await expect(row.getByRole("button", { name: `Unsuspend ${email}` })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Suspended", exact: true })).toBeVisible();

  // The existing session stops working at once, and signing in again is refused.
  await visitorPage.goto("/account/bookings");
  await expect(visitorPage).toHaveURL(/\/sign-in/);
  await signIn(visitorPage, email, password);
  await expect(visitorPage.getByRole("main").getByRole("alert")).toContainText("This account is suspended");
  await visitor.close();

  // Unsuspending lets them back in.
  await row.getByRole("button", { name: `Unsuspend ${email}` }).click();
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
});

test("an operator cannot suspend or demote themself", async ({ page }) => {
  await page.goto(`/admin/users?q=${encodeURIComponent(DEMO.operator.email)}`);
  const own = page.getByRole("row", { name: new RegExp(DEMO.operator.email) });
  await expect(own).toContainText("(you)");
  await expect(own.getByRole("button")).toHaveCount(0);
});

test("an operator changes a user's role", async ({ page, browser }) => {
  const email = uniqueEmail("promote");
  const context = await browser.newContext({ storageState: undefined });
  await signUp(await context.newPage(), { name: "Future Provider", email, password: "sauna-2025-ok", role: "customer" });
  await context.close();

  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByRole("row", { name: new RegExp(email) });
  await row.getByLabel(`Role of ${email}`, { exact: true }).selectOption("PROVIDER");
  await row.getByRole("button", { name: `Change role of ${email}` }).click();
  await expect(row.getByRole("status")).toHaveText("Role changed.");
});

test("the admin shell lists listings and the sections later issues fill", async ({ page }) => {
  await page.goto("/admin");
  const nav = page.getByRole("navigation", { name: "Admin" });
  for (const name of ["Users", "Listings", "Bookings", "Payments", "Emails"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await nav.getByRole("link", { name: "Listings" }).click();
  await expect(page.getByRole("heading", { name: "Listings" })).toBeVisible();
  await expect(page.getByRole("row").nth(1)).toContainText(/€\d+\.\d{2} \/ h/);
});
