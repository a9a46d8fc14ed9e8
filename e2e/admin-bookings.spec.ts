/**
 * Operator journeys on the admin pages: a booking's timeline, a failed charge retried, a paid
 * booking refunded in part then in full, an email read from the outbox; customers and
 * providers are refused. Bookings are made straight in the e2e database with a card really
 * saved in the e2e server's emulator, so the charge and the refunds are the real thing.
 */
import { expect, test, type Page } from "./support/test";
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { BookingStatus } from "../lib/generated/prisma/enums";
import { storageStateOf } from "./support/accounts";
import { db, makeAccount, makeListing, insertBooking } from "./support/booking-factories";

const HOUR = 3_600_000;

function stripe(): Stripe {
  const url = new URL(process.env.STRIPE_EMULATOR_URL ?? "http://localhost:12112");
  return new Stripe("sk_test_emulator_loyly", { host: url.hostname, port: url.port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
}

/** A customer with a card saved for off-session use (SetupIntent + consent), a listing, and one booking. */
async function makeBooking(status: BookingStatus, extra: { lastFailureCode?: string } = {}) {
  const provider = await makeAccount("PROVIDER", "Helmi Host");
  const customer = await makeAccount("CUSTOMER", "Aino Asiakas");
  const listing = await makeListing(provider.id, `Admin sauna ${randomUUID().slice(0, 6)}`);
  const s = stripe();
  const stripeCustomer = await s.customers.create({ email: customer.email });
  const si = await s.setupIntents.create({ customer: stripeCustomer.id, payment_method: "pm_card_visa", usage: "off_session", confirm: true, return_url: "http://localhost/return" });
  const pm = typeof si.payment_method === "string" ? si.payment_method : si.payment_method!.id;
  await db().user.update({ where: { id: customer.id }, data: { stripeCustomerId: stripeCustomer.id } });
  const consent = await db().consentRecord.create({
    data: { userId: customer.id, paymentMethodId: pm, textVersion: "e2e-1", textHash: "e2ehash0123", text: "I authorise Löyly to charge this card.", ip: "127.0.0.1", userAgent: "E2E browser" },
  });
  await db().savedCard.create({ data: { userId: customer.id, paymentMethodId: pm, brand: "visa", last4: "4242", expMonth: 12, expYear: 2040, consentId: consent.id } });
  const startsAt = new Date(Math.ceil((Date.now() + 20 * 24 * HOUR) / HOUR) * HOUR);
  const booking = await insertBooking({
    listingId: listing.id,
    customerId: customer.id,
    status,
    startsAt,
    stripeCustomerId: stripeCustomer.id,
    paymentMethodId: pm,
    consentId: consent.id,
    acceptedAt: new Date(),
    chargeAt: new Date(startsAt.getTime() - 7 * 24 * HOUR),
    payBy: new Date(startsAt.getTime() - 48 * HOUR),
    nextAttemptAt: status === "PAYMENT_FAILED" ? new Date(Date.now() + 24 * HOUR) : null,
    lastFailureCode: extra.lastFailureCode ?? null,
    events: {
      create: [
        { actorType: "CUSTOMER", actorId: customer.id, type: "request", toStatus: "REQUESTED", at: new Date(Date.now() - 2 * HOUR) },
        { actorType: "PROVIDER", actorId: provider.id, type: "accept", fromStatus: "REQUESTED", toStatus: "ACCEPTED", reason: "Welcome!", at: new Date(Date.now() - HOUR) },
      ],
    },
  });
  return { booking, customer, provider, listing };
}

async function openBooking(page: Page, customerEmail: string, listingTitle: string) {
  await page.goto("/admin/bookings");
  await page.getByLabel("Search", { exact: true }).fill(customerEmail);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=/);
  const table = page.getByRole("table", { name: /Bookings, newest start first/ });
  await expect(table.getByRole("row")).toHaveCount(2); // header + the one booking
  await table.getByRole("link", { name: `Open booking at ${listingTitle} for ${customerEmail}` }).click();
  await expect(page.getByRole("heading", { name: `Booking at ${listingTitle}` })).toBeVisible();
}

const action = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

test.describe("an operator", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("opens a booking's timeline, consent record and Stripe ids", async ({ page }) => {
    const { booking, customer, listing } = await makeBooking("ACCEPTED");
    await openBooking(page, customer.email, listing.title);

    const timeline = page.getByRole("table", { name: "Booking events, oldest first" });
    await expect(timeline.getByRole("row")).toHaveCount(3);
    const accepted = timeline.getByRole("row").nth(2);
    await expect(accepted).toContainText("Host · Helmi Host");
    await expect(accepted).toContainText("Requested → Accepted");
    await expect(accepted).toContainText("Welcome!");
    // Times are in the listing's zone.
    await expect(page.getByText(`(${listing.timeZone})`).first()).toBeVisible();

    const consent = page.getByRole("region", { name: "Consent" });
    await expect(consent).toContainText("e2e-1");
    await expect(consent).toContainText("e2ehash0123");
    await expect(consent).toContainText("E2E browser");
    await expect(page.getByRole("region", { name: "Details" })).toContainText(booking.paymentMethodId!);
  });

  test("retries a failed charge: paid once, on the booking's one PaymentIntent", async ({ page }) => {
    const { booking, customer, listing } = await makeBooking("PAYMENT_FAILED", { lastFailureCode: "card_declined" });
    await openBooking(page, customer.email, listing.title);

    const retry = action(page, "Retry the charge now");
    await retry.getByRole("button", { name: "Retry the charge now…" }).click();
    const reason = retry.getByLabel(/Reason/);
    await expect(reason).toBeFocused();
    // The confirm step refuses an empty reason with a message on the field, and charges nothing.
    await reason.fill("x");
    await reason.evaluate((el) => el.removeAttribute("minlength"));
    await retry.getByRole("button", { name: "Confirm charge" }).click();
    await expect(retry.getByText("Give a reason of at least 3 characters.")).toBeVisible();
    await expect(reason).toBeFocused();
    expect((await db().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("PAYMENT_FAILED");

    await reason.fill("Customer called: card topped up");
    await retry.getByRole("button", { name: "Confirm charge" }).click();
    await expect(retry.getByRole("status")).toHaveText("The charge succeeded. The booking is paid.");
    await expect(retry.getByRole("status")).toBeFocused();
    await expect(retry).toContainText("Not available");

    const attempts = page.getByRole("table", { name: "Payment attempts, newest first" });
    await expect(attempts.getByRole("row")).toHaveCount(2);
    await expect(attempts).toContainText("SUCCEEDED");
    await expect(attempts).toContainText(`booking/${booking.id}/payment-intent`);
    await expect(page.getByRole("table", { name: "Booking events, oldest first" })).toContainText("Customer called: card topped up");

    const saved = await db().booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved.status).toBe("PAID");
    const intents = await stripe().paymentIntents.search({ query: `metadata['booking_id']:'${booking.id}'` });
    expect(intents.data.map((pi) => pi.status)).toEqual(["succeeded"]);
  });

  test("refunds a paid booking partially, then fully, and reads the email", async ({ page }) => {
    const { booking, customer, listing } = await makeBooking("ACCEPTED");
    await openBooking(page, customer.email, listing.title);
    // Charge it first (accepted, not due yet: the operator charges now).
    const retry = action(page, "Retry the charge now");
    await retry.getByRole("button", { name: "Retry the charge now…" }).click();
    await retry.getByLabel(/Reason/).fill("Customer asked to pay now");
    await retry.getByRole("button", { name: "Confirm charge" }).click();
    await expect(retry.getByRole("status")).toHaveText("The charge succeeded. The booking is paid.");

    const refund = action(page, "Refund");
    await refund.getByRole("button", { name: "Refund…" }).click();
    const amount = refund.getByLabel(/Amount \(EUR\)/);
    await expect(amount).toBeFocused();
    await expect(amount).toHaveValue("88.00");

    // More than was paid: a field error, nothing refunded.
    await amount.fill("88.01");
    await refund.getByLabel(/Reason/).fill("Heater broke for an hour");
    await refund.getByRole("button", { name: "Confirm refund" }).click();
    await expect(refund.getByText("At most €88.00 can be refunded.")).toBeVisible();
    await expect(amount).toBeFocused();
    expect(await db().refund.count({ where: { bookingId: booking.id } })).toBe(0);

    await amount.fill("20,50");
    await refund.getByRole("button", { name: "Confirm refund" }).click();
    await expect(refund.getByRole("status")).toHaveText("Refunded €20.50; €67.50 can still be refunded.");
    const refunds = page.getByRole("table", { name: "Refunds, newest first" });
    await expect(refunds).toContainText("€20.50");
    await expect(refunds).toContainText("SUCCEEDED");
    await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("Paid");
    expect((await db().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("PAID");

    await refund.getByRole("button", { name: "Refund…" }).click();
    await expect(amount).toHaveValue("67.50");
    await refund.getByLabel(/Reason/).fill("Evening cancelled after all");
    await refund.getByRole("button", { name: "Confirm refund" }).click();
    await expect(refund.getByRole("status")).toHaveText("Refunded €67.50. The booking is refunded in full.");
    await expect(refunds.getByRole("row")).toHaveCount(3);
    await expect(page.getByRole("table", { name: "Booking events, oldest first" })).toContainText("Paid → Refunded");
    await expect(refund).toContainText("Not available: nothing is left to refund.");

    const saved = await db().booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved).toMatchObject({ status: "REFUNDED", refundedAmount: 8800 });
    const stripeRefunds = await stripe().refunds.list({ payment_intent: saved.stripePaymentIntentId! });
    expect(stripeRefunds.data.map((r) => r.amount).sort((a, b) => a - b)).toEqual([2050, 6750]);

    // The customer's refund email, read from the outbox.
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Emails" }).click();
    await page.getByLabel("To", { exact: true }).fill(customer.email);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByRole("link", { name: `Refund of €67.50: ${listing.title}` }).click();
    await expect(page.getByRole("heading", { name: `Refund of €67.50: ${listing.title}` })).toBeVisible();
    await expect(page.getByRole("region", { name: "Text" })).toContainText("We refunded €67.50 of your payment");
    await expect(page.getByRole("region", { name: "Text" })).toContainText("Reason: Evening cancelled after all");
  });

  test("sees payment attempts with failures marked, and cancels an unpaid booking", async ({ page }) => {
    const { booking, customer, listing } = await makeBooking("ACCEPTED");
    await db().paymentAttempt.create({
      data: { bookingId: booking.id, kind: "OFF_SESSION", outcome: "DECLINED", amount: 8800, currency: "EUR", errorCode: "card_declined", declineCode: "insufficient_funds", idempotencyKey: `booking/${booking.id}/payment-intent` },
    });
    // A scheduled pass's counts read as what it did, not as the JSON they are stored as.
    const passJob = `charge-due-${booking.id}`;
    await db().cronRun.create({
      data: { job: passJob, status: "SUCCEEDED", finishedAt: new Date(), counts: { charged: { paid: 0, failed: 1, attempted: 1 }, completed: 0, durationMs: 80, remindersSent: 2 } },
    });
    await page.goto("/admin/payments?outcome=DECLINED");
    const attempts = page.getByRole("table", { name: /Payment attempts, newest first/ });
    await expect(attempts.getByRole("row", { name: new RegExp(listing.title) })).toContainText("Failed: DECLINED");
    const runs = page.getByRole("table", { name: /cron runs/ });
    await expect(runs).toBeVisible();
    await expect(runs.getByRole("row").filter({ hasText: passJob })).toContainText("charged: 1 failed, 1 attempted; reminders sent: 2");
    await expect(page.getByRole("table", { name: /Stripe webhook events/ })).toBeVisible();

    await openBooking(page, customer.email, listing.title);
    const cancel = action(page, "Cancel the booking");
    await cancel.getByRole("button", { name: "Cancel the booking…" }).click();
    await cancel.getByLabel(/Reason/).fill("Host double-booked the sauna");
    await cancel.getByRole("button", { name: "Confirm cancellation" }).click();
    await expect(cancel.getByRole("status")).toHaveText("The booking is cancelled. Customer and host were emailed.");
    await expect(page.getByRole("table", { name: "Booking events, oldest first" })).toContainText("Accepted → Cancelled");
    await expect(page.getByRole("table", { name: "Emails about this booking, newest first" })).toContainText(`Cancelled by Löyly: ${listing.title}`);
    expect((await db().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("CANCELLED");
  });
});

for (const role of ["customer", "provider"] as const) {
  test.describe(`a ${role}`, () => {
    test.use({ storageState: storageStateOf(role) });

    test("is refused the admin bookings, payments and emails pages", async ({ page }) => {
      for (const path of ["/admin/bookings", "/admin/payments", "/admin/emails"]) {
        await page.goto(path);
        await expect(page).toHaveURL(/\/forbidden/);
      }
    });
  });
}
