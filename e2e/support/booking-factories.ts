/**
 * Factories for booking specs: fresh accounts and a listing straight in the e2e server's
 * database (E2E_DATABASE_URL from playwright.config.ts), the Stripe.js card frame and the
 * 3DS challenge, and the test clock. Every spec makes its own data.
 */
import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { EmulatorControl } from "../../emulator/client";
import { hashPassword } from "../../lib/auth/password";
import { factsFromAccount } from "../../lib/connect/account-state";
import { EMULATOR_SECRET_KEY } from "../../lib/env";
import { createPrismaClient } from "../../lib/db/client";
import type { Prisma, PrismaClient } from "../../lib/generated/prisma/client";
import { addDays, todayIn } from "../../lib/time";
import { expectSignedIn, signIn } from "./accounts";

const url = process.env.E2E_DATABASE_URL;
if (!url || !/@(localhost|127\.0\.0\.1):/.test(url)) throw new Error("E2E_DATABASE_URL must point at the local e2e database");

let client: PrismaClient | undefined;
export function db(): PrismaClient {
  client ??= createPrismaClient(url!, { max: 2 });
  return client;
}

export const PASSWORD = "e2e-password-123";

/**
 * A booking row straight in the database, for specs that need one in a given state: two
 * hours at 40 €/h plus the 10 % fee (8,800 minor units of EUR) unless told otherwise.
 */
type PriceSnapshot = "endsAt" | "guests" | "hourlyPrice" | "hours" | "subtotalAmount" | "feeAmount" | "totalAmount" | "currency";
export function insertBooking(
  data: Omit<Prisma.BookingUncheckedCreateInput, PriceSnapshot> & Partial<Pick<Prisma.BookingUncheckedCreateInput, PriceSnapshot>>,
) {
  return db().booking.create({
    data: {
      guests: 2,
      hourlyPrice: 4000,
      hours: 2,
      subtotalAmount: 8000,
      feeAmount: 800,
      totalAmount: 8800,
      currency: "EUR",
      ...data,
      endsAt: data.endsAt ?? new Date(new Date(data.startsAt).getTime() + 2 * 3_600_000),
    },
  });
}

/**
 * A fresh account; a host comes onboarded (can be paid), as the demo hosts are, unless
 * `onboarded: false` (a new host who has not been through Get paid).
 */
export async function makeAccount(role: "CUSTOMER" | "PROVIDER", name: string, options: { onboarded?: boolean } = {}) {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@e2e.test`;
  const user = await db().user.create({ data: { email, name, role, passwordHash: await hashPassword(PASSWORD) } });
  if (role === "PROVIDER" && options.onboarded !== false) await onboardHost({ id: user.id, email });
  return { id: user.id, email, name };
}

const emulatorUrl = new URL(process.env.STRIPE_EMULATOR_URL ?? "http://localhost:12112");
const emulatorStripe = () =>
  new Stripe(EMULATOR_SECRET_KEY, { host: emulatorUrl.hostname, port: Number(emulatorUrl.port), protocol: "http", maxNetworkRetries: 1, telemetry: false });

/**
 * The host's connected account in the e2e server's emulator, onboarded as a host finishing
 * Get paid would be (the app's account settings, Stripe's Finnish test IBAN, the control
 * API's "complete onboarding"), and our mirror of it.
 */
export async function onboardHost(host: { id: string; email: string }): Promise<string> {
  const stripe = emulatorStripe();
  const account = await stripe.accounts.create({
    country: "FI",
    email: host.email,
    controller: { fees: { payer: "application" }, losses: { payments: "application" }, requirement_collection: "stripe", stripe_dashboard: { type: "express" } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    settings: { payouts: { schedule: { interval: "manual" } } },
    metadata: { user_id: host.id },
  });
  await stripe.accounts.update(account.id, {
    external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: "FI2112345600000785" },
  } as Stripe.AccountUpdateParams);
  await new EmulatorControl(emulatorUrl.origin, EMULATOR_SECRET_KEY).completeOnboarding(account.id);
  const facts = factsFromAccount(await stripe.accounts.retrieve(account.id));
  await db().connectedAccount.create({
    data: { userId: host.id, stripeAccountId: account.id, ...facts, requirementsDue: [...facts.requirementsDue], pendingVerification: [...facts.pendingVerification] },
  });
  return account.id;
}

/** A listing open every day 08–22 (Helsinki), 40 €/h, 6 guests, minimum 1 h. */
export async function makeListing(providerId: string, title = `E2E sauna ${randomUUID().slice(0, 6)}`) {
  const slug = `e2e-${randomUUID().slice(0, 10)}`;
  return db().listing.create({
    data: {
      providerId,
      slug,
      title,
      description: "A sauna made by an end-to-end test.",
      city: "Testila",
      address: "Testitie 2",
      hourlyPrice: 4000,
      capacity: 6,
      minHours: 1,
      openingHours: { create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: 8 * 60, closesAt: 22 * 60 })) },
    },
  });
}

export const daysAhead = (days: number) => addDays(todayIn("Europe/Helsinki", new Date()), days);

export async function signInAs(page: Page, account: { email: string }) {
  await signIn(page, account.email, PASSWORD);
  await expectSignedIn(page);
}

/** Picks a time on the listing page, prices it and goes on to the payment step. */
export async function chooseTime(page: Page, slug: string, choice: { date: string; from: string; until: string; guests: number }) {
  await page.goto(`/saunas/${slug}`);
  await page.getByLabel("Date").fill(choice.date);
  await page.getByLabel("From").selectOption(choice.from);
  await page.getByLabel("Until").selectOption(choice.until);
  await page.getByLabel("Guests").fill(String(choice.guests));
  await page.getByRole("button", { name: "Calculate price" }).click();
  await expect(page.getByRole("region", { name: "Price breakdown" })).toBeVisible();
  await page.getByRole("link", { name: "Request to book" }).first().click(); // at phone width the booking bar has one too
  await expect(page.getByRole("heading", { name: "Request to book" })).toBeVisible();
}

export const cardFrame = (page: Page) => page.frameLocator('iframe[title="Secure payment input frame"]');

export async function typeCard(page: Page, number: string) {
  const frame = cardFrame(page);
  await frame.getByLabel("Card number").fill(number);
  await frame.getByLabel("Expiration date").fill(`12${String((new Date().getFullYear() + 4) % 100).padStart(2, "0")}`);
  await frame.getByLabel("Security code").fill("123");
}

export async function answerChallenge(page: Page, outcome: "Complete" | "Fail") {
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.frameLocator("iframe").getByRole("button", { name: outcome, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

export const consentBox = (page: Page) => page.getByRole("checkbox", { name: /I authorise Löyly to save this card/ });

/** The booking id from /account/bookings/<id>. */
export function bookingIdFrom(page: Page): string {
  const id = new URL(page.url()).pathname.split("/").pop();
  if (!id) throw new Error(`no booking id in ${page.url()}`);
  return id;
}
