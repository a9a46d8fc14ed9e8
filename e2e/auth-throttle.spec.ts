/**
 * Sign-in throttling and sign-up without account enumeration, through the real UI and
 * next-auth's own endpoints. The attacker's requests carry an address of their own in
 * X-Forwarded-For, so the per-address lock they cause never touches other specs.
 */
import type { APIRequestContext } from "@playwright/test";
import { expect, test, type Browser } from "./support/test";
import { randomInt } from "node:crypto";
import { signIn, signUpLink, storageStateOf, submitSignUp, uniqueEmail } from "./support/accounts";
import { db, makeAccount, PASSWORD } from "./support/booking-factories";

const address = () => `203.0.113.${randomInt(1, 255)}, 10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 255)}`;

function contextFrom(browser: Browser, forwardedFor: string) {
  return browser.newContext({ storageState: undefined, extraHTTPHeaders: { "x-forwarded-for": forwardedFor } });
}

/** One sign-in the way next-auth's client makes it; the error it answers ("" when signed in). */
async function signInThroughApi(request: APIRequestContext, email: string, password: string): Promise<string> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get("error") ?? "";
}

test("30 wrong passwords lock the account: the right one is refused, the owner is told, an operator lifts the lock", async ({ browser }) => {
  test.setTimeout(120_000);
  const owner = await makeAccount("CUSTOMER", "Lukittu Asiakas");
  const attackerAddress = address();
  const attacker = await contextFrom(browser, attackerAddress);
  const page = await attacker.newPage();

  const errors: string[] = [];
  for (let i = 0; i < 29; i++) errors.push(await signInThroughApi(page.request, owner.email, `guess-${i}-password`));
  expect(errors.slice(0, 4)).toEqual(Array(4).fill("CredentialsSignin"));
  for (const error of errors.slice(4)) expect(error).toMatch(/^Too many attempts — try again in \d+ minutes?\.$/);

  // The 30th guess, then the right password, in the form: both refused with the wait.
  await signIn(page, owner.email, "guess-29-password");
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText(/^Too many attempts — try again in 1[45] minutes\.$/);
  await signIn(page, owner.email, PASSWORD);
  await expect(alert).toHaveText(/^Too many attempts — try again in 1[45] minutes\.$/);
  for (const label of ["E-mail", "Password"]) {
    await expect(page.getByLabel(label)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(label)).toHaveAccessibleDescription(/Too many attempts/);
  }
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // The address was counted too: the first X-Forwarded-For entry.
  const counted = await db().authThrottle.findUnique({ where: { kind_key: { kind: "SIGN_IN_ADDRESS", key: attackerAddress.split(",")[0]! } } });
  expect(counted?.count).toBe(5);

  // The owner got one e-mail about the lock.
  const locked = await db().outboxEmail.findMany({ where: { to: owner.email, template: "auth.account_locked" } });
  expect(locked).toHaveLength(1);
  expect(locked[0]?.text).toContain("locked for 15 minutes");

  // An operator sees the lock and lifts it.
  const operator = await browser.newContext({ storageState: storageStateOf("operator") });
  const admin = await operator.newPage();
  await admin.goto("/admin/users");
  const locks = admin.getByRole("region", { name: "Sign-in locks" });
  const row = locks.getByRole("row", { name: new RegExp(owner.email.replace(/[.+]/g, "\\$&")) });
  await expect(row).toContainText("Locked until");
  await row.getByRole("button", { name: `Lift lock ${owner.email}` }).click();
  await expect(locks.getByRole("row", { name: new RegExp(owner.email.replace(/[.+]/g, "\\$&")) })).toHaveCount(0);
  expect(await db().authThrottle.count({ where: { kind: "SIGN_IN_ACCOUNT", key: owner.email } })).toBe(0);
  await operator.close();

  // The owner, from their own address, signs in.
  await attacker.close();
  const home = await contextFrom(browser, address());
  const ownerPage = await home.newPage();
  await signIn(ownerPage, owner.email, PASSWORD);
  await expect(ownerPage.getByRole("button", { name: "Sign out" })).toBeVisible();
  await home.close();
});

test("sign-up says the same for a registered e-mail as for a new one, and tells the owner by e-mail", async ({ browser }) => {
  const registered = await makeAccount("CUSTOMER", "Jo Rekisteröity");
  const fresh = uniqueEmail("brand-new");
  const answers: string[] = [];
  for (const email of [fresh, registered.email]) {
    const context = await contextFrom(browser, address());
    const page = await context.newPage();
    await submitSignUp(page, { name: "Uusi Nimi", email, password: "sauna-2025-ok", role: "customer" });
    const status = page.getByRole("main").getByRole("status");
    await expect(status).toBeFocused();
    answers.push((await status.innerText()).replaceAll(email, "<e-mail>"));
    await context.close();
  }
  expect(answers[0]).toContain("Check your e-mail to continue.");
  expect(answers[1]).toBe(answers[0]);

  await expect
    .poll(async () => (await db().outboxEmail.findMany({ where: { to: registered.email } })).map((m) => m.template))
    .toEqual(["auth.already_registered"]);
  expect(await db().user.count({ where: { email: fresh } })).toBe(0);

  // The new address's link finishes the sign-up and signs in.
  const context = await contextFrom(browser, address());
  const page = await context.newPage();
  await page.goto(await signUpLink(fresh));
  await expect(page.getByText(`Your e-mail address ${fresh} is confirmed.`)).toBeVisible();
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/search/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Uusi Nimi");
  expect(await db().user.count({ where: { email: fresh } })).toBe(1);

  // The link works once.
  await page.goto(await signUpLink(fresh));
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This link has expired or was already used.");
  await context.close();
});
