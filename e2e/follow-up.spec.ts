/**
 * Following up a failed payment: an operator finds the booking on /admin/follow-up, resends
 * the pay-now email and extends the pay-by deadline; the customer sees the new deadline
 * (booking page, pay-now page, timeline, email) and pays.
 */
import { expect, test } from "./support/test";
import { formatInstant, formatTimeOfDay, utcToZoned } from "../lib/time";
import { storageStateOf } from "./support/accounts";
import { daysAhead, db, makeAccount, makeListing, signInAs, typeCard } from "./support/booking-factories";
import { acceptDirectly, bookingStatus, emulator, outbox, paidNotice, payNowButton, payNowLinkIn, requestBooking, runCronPass, succeededCharges } from "./support/payment-factories";

const HOUR = 3_600_000;
const ZONE = "Europe/Helsinki";

test("an operator resends the pay-now email and extends pay-by from the follow-up list; the customer sees the new deadline and pays", async ({
  page,
  browser,
  request,
}) => {
  const provider = await makeAccount("PROVIDER", "Pirkko Provider");
  const customer = await makeAccount("CUSTOMER", "Ville Customer");
  const listing = await makeListing(provider.id, `Follow-up sauna ${Date.now() % 100000}`);
  await signInAs(page, customer);
  const bookingId = await requestBooking(page, listing.slug, { date: daysAhead(5), from: "12:00", until: "14:00", card: "4242424242424242" });
  const { paymentMethodId } = await acceptDirectly(bookingId); // inside the charge lead: due now
  await emulator().declinePaymentMethod(paymentMethodId!, { code: "card_declined", decline_code: "insufficient_funds" });
  await runCronPass(request);
  expect(await bookingStatus(bookingId)).toBe("PAYMENT_FAILED");
  const failed = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });

  // The operator finds it on the follow-up list, with the failure email as the last one sent.
  const ops = await browser.newContext({ storageState: storageStateOf("operator") });
  const opsPage = await ops.newPage();
  await opsPage.goto("/admin/follow-up");
  await expect(opsPage.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Follow-up" })).toHaveAttribute("aria-current", "page");
  const row = opsPage.getByRole("row").filter({ hasText: customer.email });
  await expect(row).toContainText("insufficient_funds");
  await expect(row).toContainText("payment.action_required");
  await row.getByRole("link", { name: `Follow up booking at ${listing.title} for ${customer.email}` }).click();
  await expect(opsPage.getByRole("heading", { name: `Booking at ${listing.title}` })).toBeVisible();

  // Resend the pay-now email.
  const resend = opsPage.getByRole("region", { name: "Resend the pay-now email", exact: true });
  await resend.getByRole("button", { name: "Resend the pay-now email…" }).click();
  await resend.getByLabel(/Reason/).fill("The customer called: the first email went to spam");
  await resend.getByRole("button", { name: "Send the email" }).click();
  await expect(resend.getByRole("status")).toContainText("The pay-now link was emailed to the customer again.");

  // Extend pay-by to three hours before the start; a time after the start is refused first.
  const newPayBy = new Date(failed.startsAt.getTime() - 3 * HOUR);
  const local = (d: Date) => {
    const z = utcToZoned(d, ZONE);
    return `${z.date}T${formatTimeOfDay(z.minutes)}`;
  };
  const extend = opsPage.getByRole("region", { name: "Extend the pay-by deadline", exact: true });
  await extend.getByRole("button", { name: "Extend the pay-by deadline…" }).click();
  const deadline = extend.getByLabel(`New deadline (${ZONE})`);
  await deadline.evaluate((input: HTMLInputElement) => input.removeAttribute("max")); // what a hand-made request could send
  await deadline.fill(local(new Date(failed.startsAt.getTime() + HOUR)));
  await extend.getByLabel(/Reason/).fill("New card is on its way; two more days");
  await extend.getByRole("button", { name: "Extend the deadline" }).click();
  await expect(extend.getByText(/at the latest \(1 hour before the start\)/)).toBeVisible();
  expect((await db().booking.findUniqueOrThrow({ where: { id: bookingId } })).payBy).toEqual(failed.payBy);

  await extend.getByLabel(`New deadline (${ZONE})`).fill(local(newPayBy));
  await extend.getByRole("button", { name: "Extend the deadline" }).click();
  await expect(extend.getByRole("status")).toContainText(`now has until ${formatInstant(newPayBy, ZONE)}`);
  const timeline = opsPage.getByRole("table", { name: /Booking events/ });
  await expect(timeline.getByRole("row").filter({ hasText: "pay_by_extended" })).toContainText("New card is on its way; two more days");
  await expect(timeline.getByRole("row").filter({ hasText: "pay_now_link_resent" })).toContainText("first email went to spam");
  await ops.close();

  expect((await db().booking.findUniqueOrThrow({ where: { id: bookingId } })).payBy).toEqual(newPayBy);
  const [resent] = await outbox(bookingId, "payment.pay_now_resent");
  expect(resent?.to).toBe(customer.email);
  const [extended] = await outbox(bookingId, "payment.pay_by_extended");
  expect(extended?.to).toBe(customer.email);
  expect(extended?.text).toContain(formatInstant(newPayBy, ZONE));
  expect((await outbox(bookingId, "payment.pay_by_extended_provider")).map((e) => e.to)).toEqual([provider.email]);

  // The customer sees the new deadline on the booking page and its timeline…
  await page.goto(`/account/bookings/${bookingId}`);
  await expect(page.getByText(`${formatInstant(newPayBy, ZONE)} (extended by Löyly support`)).toBeVisible();
  await expect(page.getByText("More time to pay: deadline extended")).toBeVisible();
  await expect(page.getByText("“New card is on its way; two more days”")).toBeVisible();

  // …and on the pay-now page the email links to, where they pay with another card.
  await page.goto(payNowLinkIn(extended!.text));
  await expect(page.getByRole("definition").filter({ hasText: formatInstant(newPayBy, ZONE) })).toContainText("Extended by Löyly support");
  await page.getByRole("radio", { name: "A new card" }).check();
  await typeCard(page, "4242424242424242");
  await payNowButton(page).click();
  await expect(paidNotice(page)).toBeVisible();
  expect(await bookingStatus(bookingId)).toBe("PAID");
  expect(await succeededCharges(bookingId)).toBe(1);
});
