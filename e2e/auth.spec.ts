import { expect, test } from "./support/test";
import { DEMO, signIn, signUp, submitSignUp, uniqueEmail } from "./support/accounts";
import { db, makeAccount, PASSWORD } from "./support/booking-factories";

test.describe("sign up", () => {
  test("a visitor creates a customer account and is signed in", async ({ page }) => {
    const email = uniqueEmail("new-customer");
    await signUp(page, { name: "Aino Uusi", email, password: "sauna-2025-ok", role: "customer" });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "My bookings" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Payment methods" })).toBeVisible();
    await expect(nav).toContainText("Aino Uusi");
  });

  test("a visitor signs up as a provider and lands on listings", async ({ page }) => {
    await signUp(page, { name: "Pekka Provider", email: uniqueEmail("new-provider"), password: "sauna-2025-ok", role: "provider" });
    await expect(page).toHaveURL(/\/provider\/listings$/);
    await expect(page.getByRole("heading", { name: "Your listings" })).toBeVisible();
  });

  test("bad input gets field messages and the password is never echoed", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Short Password");
    await page.getByLabel("E-mail").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();

    const email = page.getByLabel("E-mail");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("Enter a valid e-mail address.");
    await expect(email).toBeFocused(); // focus moves to the first invalid field
    await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/at least 10 characters/i);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("Name")).toHaveValue("Short Password");
  });

  test("an e-mail that is taken gets the same answer as a new one (the owner is told by e-mail)", async ({ page }) => {
    const owner = await makeAccount("CUSTOMER", "Olemassa Oleva");
    await submitSignUp(page, { name: "Copycat", email: owner.email, password: "sauna-2025-ok", role: "customer" });
    await expect(page.getByRole("main").getByRole("status")).toContainText(`We sent a message to ${owner.email}.`);
    await expect.poll(async () => (await db().outboxEmail.findMany({ where: { to: owner.email } })).map((m) => m.template)).toEqual(["auth.already_registered"]);
  });
});

test.describe("sign in", () => {
  const cases = [
    { role: "customer", landing: /\/account\/bookings$/, links: ["My bookings", "Payment methods"] },
    { role: "provider", landing: /\/provider\/listings$/, links: ["Listings", "Requests"] },
    { role: "operator", landing: /\/admin$/, links: ["Admin"] },
  ] as const;

  for (const { role, landing, links } of cases) {
    test(`as the demo ${role}, with the role's pages in the header`, async ({ page }) => {
      await signIn(page, DEMO[role].email, DEMO[role].password);
      await expect(page).toHaveURL(landing);
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const name of links) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    });
  }

  test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
    await signIn(page, DEMO.customer.email, "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail or password is not right.");
    await expect(page.getByLabel("E-mail")).toHaveValue(DEMO.customer.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("a return path that leads off the site is not followed, signed out or signed in", async ({ page }) => {
    const account = await makeAccount("CUSTOMER", "Return Path");
    // A browser drops the tab and reads "//evil.example/phish": another site.
    const offSite = `/sign-in?callbackUrl=${encodeURIComponent("/\t/evil.example/phish")}`;
    await signIn(page, account.email, PASSWORD, offSite);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account\/bookings$/);

    const response = await page.request.get(offSite, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toBe("/account/bookings");
  });

  test("an error in the address shows only the sign-in's own messages", async ({ page }) => {
    await page.goto(`/sign-in?error=${encodeURIComponent("Your account is locked. Call +358 555 0100 to unlock it.")}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Signing in failed. Please try again.");
    await page.goto("/sign-in?error=SessionRequired");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Please sign in to continue.");
  });

  test("signing in returns to the page the visitor was going to", async ({ page }) => {
    await page.goto("/provider/listings/new");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprovider%2Flistings%2Fnew/);
    await page.getByLabel("E-mail").fill(DEMO.provider.email);
    await page.getByLabel("Password").fill(DEMO.provider.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/provider\/listings\/new$/);
    await expect(page.getByRole("heading", { name: "New listing" })).toBeVisible();
  });
});
