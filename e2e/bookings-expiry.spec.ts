/**
 * An unanswered request expires at requestExpiresAt, by the scheduled pass (the cron
 * route), with the test clock moved past it: the slot is freed and both sides are told.
 */
import { expect, test } from "./support/test";
import { resetTestClock, setTestClockTo } from "../lib/clock";
import { chooseTime, consentBox, daysAhead, db, makeAccount, makeListing, signInAs, typeCard } from "./support/booking-factories";

test("an unanswered request expires and frees the slot", async ({ page, request }) => {
  const provider = await makeAccount("PROVIDER", "Tuuli Provider");
  const customer = await makeAccount("CUSTOMER", "Jussi Customer");
  const listing = await makeListing(provider.id);
  await signInAs(page, customer);

  // Three days ahead: the request expires a day before the start.
  await chooseTime(page, listing.slug, { date: daysAhead(3), from: "18:00", until: "20:00", guests: 2 });
  await typeCard(page, "4242424242424242");
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
  const bookingId = new URL(page.url()).pathname.split("/").pop()!;
  const booking = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(booking.requestExpiresAt!.getTime()).toBe(booking.startsAt.getTime() - 24 * 3_600_000);

  try {
    setTestClockTo(new Date(booking.requestExpiresAt!.getTime() + 60_000));
    const response = await request.get("/api/cron/charge-due", {
      headers: { Authorization: `Bearer ${process.env.E2E_CRON_SECRET}` },
    });
    expect(response.status()).toBe(200);
    await expect.poll(async () => (await db().booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe("EXPIRED");
  } finally {
    resetTestClock();
  }

  await page.reload();
  await expect(page.getByText("Expired", { exact: true }).first()).toBeVisible();
  const emails = await db().outboxEmail.findMany({ where: { bookingId, template: { startsWith: "booking.expired" } } });
  expect(emails.map((e) => e.to).sort()).toEqual([customer.email, provider.email].sort());
  // The provider no longer sees it in the inbox, and the time can be requested again.
  const overlapping = await db().booking.count({ where: { listingId: listing.id, status: { in: ["REQUESTED", "ACCEPTED"] } } });
  expect(overlapping).toBe(0);
});
