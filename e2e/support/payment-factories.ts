/**
 * Helpers for the off-session charging specs: a booking request with a card saved
 * through the real UI, acceptance, one pass of the cron route, the test clock moved for the
 * length of one pass, the outbox, and the emulator's control API (declines, counters).
 */
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { resetTestClock, setTestClockTo } from "../../lib/clock";
import { chargeAtFor, DEFAULT_LIFECYCLE_POLICY, payByFor } from "../../lib/bookings/lifecycle";
import { EMULATOR_SECRET_KEY } from "../../lib/env";
import type { BookingStatus } from "../../lib/generated/prisma/enums";
import { EmulatorControl } from "../../emulator/client";
import { answerChallenge, bookingIdFrom, chooseTime, consentBox, db, signInAs, typeCard } from "./booking-factories";

const emulatorUrl = process.env.STRIPE_EMULATOR_URL ?? "http://localhost:12112";
export const emulator = () => new EmulatorControl(emulatorUrl, EMULATOR_SECRET_KEY);

/** The PaymentIntent as Stripe (the emulator) holds it. */
export async function retrievePaymentIntent(id: string): Promise<{ id: string; status: string; payment_method: string | null }> {
  const response = await fetch(`${emulatorUrl}/v1/payment_intents/${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${EMULATOR_SECRET_KEY}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; status: string; payment_method: string | null };
}

/**
 * Requests a booking through the listing page with a new card and consent; `threeDS`
 * answers the bank's challenge when the card asks for one. Returns the booking id.
 */
export async function requestBooking(
  page: Page,
  slug: string,
  choice: { date: string; from: string; until: string; card: string; threeDS?: "Complete" },
): Promise<string> {
  await chooseTime(page, slug, { date: choice.date, from: choice.from, until: choice.until, guests: 2 });
  await typeCard(page, choice.card);
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();
  if (choice.threeDS) await answerChallenge(page, choice.threeDS);
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
  return bookingIdFrom(page);
}

/** `requestBooking` by a customer signed in in a browser context of their own, closed after. */
export async function requestBookingAs(
  browser: Browser,
  customer: { email: string },
  slug: string,
  choice: Parameters<typeof requestBooking>[2],
): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signInAs(page, customer);
    return await requestBooking(page, slug, choice);
  } finally {
    await context.close();
  }
}

/** The host accepts the customer's request on their requests page, and is told so. */
export async function acceptOnRequestsPage(hostPage: Page, customerName: string, listingTitle: string) {
  await hostPage.goto("/provider/requests");
  await hostPage.getByRole("listitem", { name: `${customerName}'s request for ${listingTitle}` }).getByRole("button", { name: /^Accept/ }).click();
  await expect(hostPage.getByRole("status").filter({ hasText: "Request accepted" })).toBeVisible();
}

/**
 * Accepts the request as the provider would (same chargeAt/payBy rules), without the
 * provider's page: for specs where the answer is not the point. No money moves here.
 */
export async function acceptDirectly(bookingId: string, at = new Date()) {
  const booking = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(booking.status).toBe("REQUESTED");
  return db().booking.update({
    where: { id: bookingId },
    data: {
      status: "ACCEPTED",
      acceptedAt: at,
      chargeAt: chargeAtFor(at, booking.startsAt, DEFAULT_LIFECYCLE_POLICY),
      payBy: payByFor(at, booking.startsAt, DEFAULT_LIFECYCLE_POLICY),
    },
  });
}

export interface PassSummary {
  charged: Record<string, number>;
  paymentsExpired: number;
  errors: { step: string; message: string }[];
}

/** One pass of the scheduled work through the cron route, as Vercel Cron would call it. */
export async function runCronPass(request: APIRequestContext): Promise<PassSummary> {
  const response = await request.get("/api/cron/charge-due", {
    headers: { Authorization: `Bearer ${process.env.E2E_CRON_SECRET}` },
  });
  const body = (await response.json()) as PassSummary;
  expect(response.status(), JSON.stringify(body.errors)).toBe(200);
  return body;
}

/**
 * Runs one cron pass with the test clock at `at`, then puts the clock back. The clock is
 * the server's, shared by every spec: it is moved only for the pass itself.
 */
export async function runCronPassAt(request: APIRequestContext, at: Date): Promise<PassSummary> {
  setTestClockTo(at);
  try {
    return await runCronPass(request);
  } finally {
    resetTestClock();
  }
}

export async function bookingStatus(bookingId: string): Promise<BookingStatus> {
  return (await db().booking.findUniqueOrThrow({ where: { id: bookingId }, select: { status: true } })).status;
}

export function outbox(bookingId: string, template: string) {
  return db().outboxEmail.findMany({ where: { bookingId, template }, orderBy: { createdAt: "asc" } });
}

/** The pay-now link in an email, made relative so the page's baseURL applies. */
export function payNowLinkIn(text: string): string {
  const match = text.match(/https?:\/\/[^\s]+\/account\/bookings\/[^\s/]+\/pay\b/);
  if (!match) throw new Error(`no pay-now link in:\n${text}`);
  return new URL(match[0]).pathname;
}

/** Succeeded charges the emulator made on this booking's PaymentIntent. */
export async function succeededCharges(bookingId: string): Promise<number> {
  const { stripePaymentIntentId } = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  if (!stripePaymentIntentId) return 0;
  const counters = await emulator().counters();
  return counters.paymentIntents[stripePaymentIntentId]?.succeededCharges ?? 0;
}

export const payNowButton = (page: Page) => page.getByRole("button", { name: /^(Pay €|Confirm with your bank)/ });

/** What the pay-now page says once the booking is paid (at once, or after a reload). */
export const paidNotice = (page: Page) =>
  page.getByRole("status").filter({ hasText: /Paid\. Your booking is confirmed|This booking is paid/ }).first();
