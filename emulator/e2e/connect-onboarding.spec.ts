/**
 * The emulator's hosted Connect onboarding page (an Account Link's URL), used with the keyboard
 * only: labelled fields, "Use test data", errors that say what to enter and lead to the field,
 * the redirect to return_url, and a used link sending the host to refresh_url.
 */
import type { Page } from "@playwright/test";
import type Stripe from "stripe";
import { expect, test } from "./fixtures.js";

async function newLink(stripe: Stripe, siteUrl: string): Promise<{ account: Stripe.Account; url: string }> {
  const account = await stripe.accounts.create({
    country: "FI",
    email: "host@example.com",
    controller: { fees: { payer: "application" }, losses: { payments: "application" }, stripe_dashboard: { type: "express" } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  const link = await stripe.accountLinks.create({ account: account.id, type: "account_onboarding", refresh_url: `${siteUrl}/onboarding/refresh`, return_url: `${siteUrl}/onboarding/return` });
  return { account, url: link.url };
}

/** Tab forward until the control with this accessible name has focus (fails after 40 presses). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const id = el.getAttribute("id");
      const label = id ? document.querySelector(`label[for="${id}"]`)?.textContent : null;
      return (label ?? el.textContent ?? "").trim();
    });
    if (focused === name) return;
  }
  throw new Error(`could not reach "${name}" with Tab`);
}

test("a host onboards with the keyboard alone: Use test data, then Submit, back on the platform's return_url", async ({ page, stripe, site }) => {
  const { account, url } = await newLink(stripe, site.url);
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1, name: "Set up payouts" })).toBeVisible();
  for (const label of ["First name", "Last name", "Email", "Mobile phone", "Date of birth", "Identity number", "Street address", "City", "Postal code", "Business website", "Account number"]) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("host@example.com");
  await expect(page.getByLabel("Date of birth")).toHaveAccessibleDescription(/1901-01-01 is verified/);

  await tabTo(page, "Use test data");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Account number")).toHaveValue("FI2112345600000785");
  await expect(page.getByLabel("Mobile phone")).toHaveValue("0000000000");
  await expect(page.getByLabel("I agree to the Stripe Connected Account Agreement")).toBeChecked();

  await tabTo(page, "Submit");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${site.url}/onboarding/return`);

  const onboarded = await stripe.accounts.retrieve(account.id);
  expect(onboarded).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });
  expect(onboarded.external_accounts?.data[0]?.last4).toBe("0785");

  // the link was used: opening it again goes to refresh_url, where the platform makes a new one
  await page.goto(url);
  await page.waitForURL(`${site.url}/onboarding/refresh`);
});

test("errors name each field, say what to enter, and lead to the field", async ({ page, stripe, site }) => {
  const { account, url } = await newLink(stripe, site.url);
  await page.goto(url);
  await page.getByLabel("First name").fill("Jenny");
  await page.getByLabel("Date of birth").fill("1901-01-01");
  await page.getByRole("button", { name: "Submit" }).click();

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Check these");
  await expect(summary.getByRole("link", { name: /Last name: Enter your last name/ })).toBeVisible();
  await expect(page.getByLabel("Last name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Last name")).toHaveAccessibleDescription("Enter your last name.");
  await expect(page.getByLabel("Account number")).toHaveAccessibleDescription(/Enter your IBAN \(test value: FI2112345600000785\)/);
  // what was typed stays
  await expect(page.getByLabel("First name")).toHaveValue("Jenny");
  await expect(page.getByLabel("First name")).not.toHaveAttribute("aria-invalid", "true");

  await summary.getByRole("link", { name: /Last name/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Last name")).toBeFocused();
  expect((await stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);
});

test("the page reads well on a phone", async ({ page, stripe, site }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { url } = await newLink(stripe, site.url);
  await page.goto(url);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const submit = page.getByRole("button", { name: "Submit" });
  const box = await submit.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
});
