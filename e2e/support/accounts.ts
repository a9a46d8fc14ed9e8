/** Demo accounts from the seed, and helpers to sign in and to make fresh accounts. */
import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed/data";
import { db } from "./booking-factories";

export type RoleKey = "customer" | "provider" | "operator";

function demo(role: "CUSTOMER" | "PROVIDER" | "OPERATOR", nth = 0) {
  const user = DEMO_USERS.filter((u) => u.role === role)[nth];
  if (!user) throw new Error(`The seed has no ${role}`);
  return { email: user.email, name: user.name, password: DEMO_PASSWORD };
}

export const DEMO = {
  customer: demo("CUSTOMER"),
  provider: demo("PROVIDER"),
  operator: demo("OPERATOR"),
  otherProvider: demo("PROVIDER", 1),
} as const;

/** Where the setup project stores each role's signed-in browser state. */
export const storageStateOf = (role: RoleKey) => `e2e/.auth/${role}.json`;

/**
 * The header shows the signed-in account's Sign out button: in the bar at desktop width, behind
 * the Menu button on a phone (there it is in the page but hidden until the menu opens).
 */
export async function expectSignedIn(page: Page) {
  await expect(page.getByRole("button", { name: "Sign out", includeHidden: true })).toBeAttached();
}

export async function signIn(page: Page, email: string, password: string, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export const uniqueEmail = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@e2e.test`;

/** The link of the newest sign-up e-mail to `email`, read from the outbox. */
export async function signUpLink(email: string): Promise<string> {
  let text = "";
  await expect
    .poll(async () => {
      const mail = await db().outboxEmail.findFirst({ where: { to: email, template: "auth.sign_up_confirm" }, orderBy: { createdAt: "desc" } });
      text = mail?.text ?? "";
      return text;
    })
    .toMatch(/\/sign-up\/confirm\?token=/);
  const link = /https?:\/\/\S+\/sign-up\/confirm\?token=[\w%-]+/.exec(text)?.[0];
  if (!link) throw new Error(`No sign-up link in the e-mail to ${email}`);
  return link;
}

/** Fills the sign-up form and sends it; ends on "Check your e-mail to continue." */
export async function submitSignUp(page: Page, account: { name: string; email: string; password: string; role: "customer" | "provider" }, path = "/sign-up") {
  await page.goto(path);
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("radio", { name: account.role === "provider" ? /Rent out my sauna/ : /Book saunas/ }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail to continue." })).toBeVisible();
}

/** Signs up through the form and the link of the e-mail it sends; ends signed in. */
export async function signUp(page: Page, account: { name: string; email: string; password: string; role: "customer" | "provider" }) {
  await submitSignUp(page, account);
  await page.goto(await signUpLink(account.email));
  await page.getByRole("button", { name: "Create my account" }).click();
  await expectSignedIn(page);
}
