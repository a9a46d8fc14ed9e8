/**
 * Pay now: an off-session charge that needs the customer — 3D Secure on the
 * same PaymentIntent with the saved card — recovered on the pay-now page through the
 * emulator's Stripe.js and its challenge, shown at once, charged once.
 */
import { expect, expectAccessible, test } from "./support/test";
import { answerChallenge, daysAhead, db, makeAccount, makeListing, signInAs } from "./support/booking-factories";
import {
  acceptDirectly,
  bookingStatus,
  outbox,
  paidNotice,
  payNowButton,
  payNowLinkIn,
  requestBooking,
  runCronPass,
  succeededCharges,
} from "./support/payment-factories";

test("4000002760003184 fails off session; the customer confirms with the bank on pay-now and the booking is paid once", async ({
  page,
  request,
}) => {
  const provider = await makeAccount("PROVIDER", "Saara Provider");
  const customer = await makeAccount("CUSTOMER", "Mikko Customer");
  const listing = await makeListing(provider.id, `Rantasauna ${Date.now() % 100000}`);
  await signInAs(page, customer);

  // Saved with 3DS at request time; the bank will still ask again for every charge.
  const bookingId = await requestBooking(page, listing.slug, {
    date: daysAhead(5),
    from: "17:00",
    until: "19:00",
    card: "4000002760003184",
    threeDS: "Complete",
  });
  await acceptDirectly(bookingId); // inside the charge lead: due at once

  await runCronPass(request);
  expect(await bookingStatus(bookingId)).toBe("PAYMENT_FAILED");
  const failed = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(failed.lastFailureCode).toBe("authentication_required");

  const [email] = await outbox(bookingId, "payment.action_required");
  expect(email?.to).toBe(customer.email);
  expect(email?.text).toContain("€88.00");

  // My bookings puts it first, with the deadline and the way to pay.
  await page.goto("/account/bookings");
  const waiting = page.getByRole("region", { name: "Waiting for your payment" });
  await expect(waiting.getByRole("listitem")).toHaveCount(1);
  await expect(waiting).toContainText(listing.title);
  await expect(waiting).toContainText(/Pay €88\.00 by .+; after that it is cancelled\./);
  await expect(waiting.getByRole("link", { name: new RegExp(`^Pay now \\(€88\\.00\\) for ${listing.title}`) })).toHaveAttribute("href", `/account/bookings/${bookingId}/pay`);
  await expect(page.getByRole("region", { name: "Upcoming" })).not.toContainText(listing.title);
  await expectAccessible(page, "my bookings, a payment waiting");
  await page.goto(payNowLinkIn(email!.text));

  await expect(page.getByRole("heading", { name: "Pay €88.00" })).toBeVisible();
  const details = page.getByRole("definition");
  await expect(details.filter({ hasText: listing.title })).toBeVisible();
  await expect(details.filter({ hasText: /17:00.*19:00.*Europe\/Helsinki/ })).toBeVisible();
  await expect(page.getByText("Pay by")).toBeVisible();
  await expect(page.getByText(/Your bank wants you to confirm this payment yourself/)).toBeVisible();

  // A failed challenge is shown at once, and the booking can still be paid.
  const confirm = page.getByRole("button", { name: "Confirm with your bank (€88.00)" });
  await confirm.click();
  await answerChallenge(page, "Fail");
  await expect(page.locator("#pay-error")).toHaveRole("alert");
  // Plain words only: Stripe's developer text ("…payment_method_data…") is never shown.
  await expect(page.locator("#pay-error")).toContainText("The confirmation with your bank did not succeed.");
  await expect(page.getByText(/payment_method_data|PaymentMethod/)).toHaveCount(0);
  expect(await bookingStatus(bookingId)).toBe("PAYMENT_FAILED");
  await expect(page.getByText("The confirmation with your bank did not succeed. You can try again, or pay with another card.")).toBeVisible();

  await confirm.dblclick();
  await answerChallenge(page, "Complete");
  await expect(paidNotice(page)).toBeVisible();
  expect(await bookingStatus(bookingId)).toBe("PAID");

  await page.reload();
  await expect(paidNotice(page)).toBeVisible();
  await expect(payNowButton(page)).toHaveCount(0);
  await page.goto(`/account/bookings/${bookingId}`);
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();
  await page.goto("/account/bookings");
  await expect(page.getByRole("region", { name: "Waiting for your payment" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Upcoming" }).getByRole("listitem").filter({ hasText: listing.title })).toContainText("Paid");

  expect(await succeededCharges(bookingId)).toBe(1);
  expect(await db().bookingEvent.count({ where: { bookingId, toStatus: "PAID" } })).toBe(1);
  await expect.poll(async () => (await outbox(bookingId, "payment.receipt")).length).toBe(1);
});
