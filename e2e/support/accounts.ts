/** Demo accounts from the seed, and helpers to sign in and to make fresh accounts. */
import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed/data";

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

export async function signIn(page: Page, email: string, password: string, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export const uniqueEmail = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@e2e.test`;

/** Signs up through the form; ends signed in. */
export async function signUp(page: Page, account: { name: string; email: string; password: string; role: "customer" | "provider" }) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("radio", { name: account.role === "provider" ? /Rent out my sauna/ : /Book saunas/ }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
