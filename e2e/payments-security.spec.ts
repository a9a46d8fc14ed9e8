/**
 * Refusals of the payment pages: a customer opening someone else's pay-now page gets "not found"; the
 * cron route without the secret answers 401. Nothing changes in either case.
 */
import { expect, test } from "./support/test";
import { daysAhead, db, makeAccount, makeListing, signInAs, insertBooking } from "./support/booking-factories";

async function failedBooking() {
  const provider = await makeAccount("PROVIDER", "Elina Provider");
  const owner = await makeAccount("CUSTOMER", "Aapo Customer");
  const listing = await makeListing(provider.id);
  const date = daysAhead(12);
  const startsAt = new Date(`${date}T09:00:00Z`);
  const booking = await insertBooking({
    listingId: listing.id,
    customerId: owner.id,
    status: "PAYMENT_FAILED",
    startsAt,
    endsAt: new Date(`${date}T11:00:00Z`),
    acceptedAt: new Date(),
    chargeAt: new Date(),
    payBy: new Date(startsAt.getTime() - 48 * 3_600_000),
    lastFailureCode: "card_declined",
    lastDeclineCode: "insufficient_funds",
  });
  return { booking };
}

test("another customer opening someone's pay-now page gets not found, and nothing changes", async ({ page }) => {
  const { booking } = await failedBooking();
  const stranger = await makeAccount("CUSTOMER", "Vieras Customer");
  await signInAs(page, stranger);

  const response = await page.goto(`/account/bookings/${booking.id}/pay`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("€88.00")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Pay|Confirm with your bank/ })).toHaveCount(0);

  const after = await db().booking.findUniqueOrThrow({ where: { id: booking.id } });
  expect(after).toMatchObject({ status: "PAYMENT_FAILED", stripePaymentIntentId: null, updatedAt: booking.updatedAt });
  expect(await db().paymentAttempt.count({ where: { bookingId: booking.id } })).toBe(0);
});

test.describe("the cron route", { lock: "-exclusive-" }, () => {
  test("without the secret it answers 401 and runs nothing", async ({ request }) => {
    // A booking a pass would act on at once: its payBy has passed.
    const { booking } = await failedBooking();
    await db().booking.update({ where: { id: booking.id }, data: { payBy: new Date(Date.now() - 60_000) } });
    const runsBefore = await db().cronRun.count();

    const calls = [
      request.get("/api/cron/charge-due"),
      request.post("/api/cron/charge-due"),
      request.get("/api/cron/charge-due", { headers: { Authorization: "Bearer wrong-secret" } }),
      request.get("/api/cron/charge-due", { headers: { Authorization: process.env.E2E_CRON_SECRET! } }),
    ];
    for (const response of await Promise.all(calls)) {
      expect(response.status()).toBe(401);
      expect(await response.json()).toEqual({ error: "unauthorized" });
    }

    expect(await db().cronRun.count()).toBe(runsBefore);
    expect((await db().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("PAYMENT_FAILED");
    // Tidy up: later passes of other specs need not expire it.
    await db().booking.update({ where: { id: booking.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
  });
});
