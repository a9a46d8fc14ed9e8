/**
 * Off-session charging with the test clock: the cron route charges a booking far
 * ahead when its charge date comes; a soft decline is retried by a later pass and then
 * paid on pay-now with a new card; a booking unpaid at payBy is cancelled and its time freed.
 *
 * The test clock is the server's and shared by every spec, and a cron pass touches every
 * due booking: these tests take Playwright's `-exclusive-` lock, so nothing else runs while
 * they move time.
 */
import { expect, test } from "./support/test";
import { cardFrame, consentBox, daysAhead, db, makeAccount, makeListing, signInAs, typeCard } from "./support/booking-factories";
import {
  acceptDirectly,
  acceptOnRequestsPage,
  bookingStatus,
  emulator,
  outbox,
  paidNotice,
  payNowButton,
  requestBooking,
  retrievePaymentIntent,
  runCronPass,
  runCronPassAt,
  succeededCharges,
} from "./support/payment-factories";

const MINUTE = 60_000;

test.describe("charging with the test clock", { lock: "-exclusive-" }, () => {
  test("a booking far ahead saved with 4000002500003155 is paid by the cron on its charge date, without the customer", async ({
    page,
    browser,
    request,
  }) => {
    const provider = await makeAccount("PROVIDER", "Kaisa Provider");
    const customer = await makeAccount("CUSTOMER", "Lauri Customer");
    const listing = await makeListing(provider.id);
    await signInAs(page, customer);
    const bookingId = await requestBooking(page, listing.slug, {
      date: daysAhead(10),
      from: "16:00",
      until: "18:00",
      card: "4000002500003155",
      threeDS: "Complete",
    });

    // The provider accepts on their page: far ahead, so nothing is charged yet.
    const host = await browser.newContext();
    const hostPage = await host.newPage();
    await signInAs(hostPage, provider);
    await acceptOnRequestsPage(hostPage, customer.name, listing.title);
    await host.close();

    const accepted = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(accepted.status).toBe("ACCEPTED");
    expect(accepted.chargeAt!.getTime()).toBe(accepted.startsAt.getTime() - 7 * 24 * 60 * MINUTE);
    await runCronPass(request);
    expect(await bookingStatus(bookingId)).toBe("ACCEPTED"); // not due yet: it waits

    await runCronPassAt(request, new Date(accepted.chargeAt!.getTime() + MINUTE));
    expect(await bookingStatus(bookingId)).toBe("PAID");

    await page.goto(`/account/bookings/${bookingId}`);
    await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();
    const receipts = await outbox(bookingId, "payment.receipt");
    expect(receipts.map((e) => e.to)).toEqual([customer.email]);
    expect(receipts[0]!.text).toContain("€88.00");
    expect((await outbox(bookingId, "payment.provider_paid")).map((e) => e.to)).toEqual([provider.email]);
    expect(await succeededCharges(bookingId)).toBe(1);
    const attempts = await db().paymentAttempt.findMany({ where: { bookingId } });
    expect(attempts.map((a) => [a.kind, a.outcome])).toEqual([["OFF_SESSION", "SUCCEEDED"]]);
  });

  test("a soft decline is retried by a later pass, still fails, and the customer pays on pay-now with a new card saved with consent", async ({
    page,
    request,
  }) => {
    const provider = await makeAccount("PROVIDER", "Riikka Provider");
    const customer = await makeAccount("CUSTOMER", "Teemu Customer");
    const listing = await makeListing(provider.id);
    await signInAs(page, customer);
    const bookingId = await requestBooking(page, listing.slug, { date: daysAhead(6), from: "12:00", until: "14:00", card: "4242424242424242" });
    const { paymentMethodId } = await acceptDirectly(bookingId);
    // The card saved months ago now lacks funds (until cleared).
    await emulator().declinePaymentMethod(paymentMethodId!, { code: "card_declined", decline_code: "insufficient_funds" });

    await runCronPass(request);
    const failed = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(failed).toMatchObject({ status: "PAYMENT_FAILED", lastDeclineCode: "insufficient_funds", autoAttempts: 1 });
    expect(failed.nextAttemptAt).not.toBeNull();
    expect((await outbox(bookingId, "payment.action_required")).map((e) => e.to)).toEqual([customer.email]);

    // A day later the retry runs on the same PaymentIntent, and still fails.
    await runCronPassAt(request, new Date(failed.nextAttemptAt!.getTime() + MINUTE));
    const retried = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(retried).toMatchObject({ status: "PAYMENT_FAILED", autoAttempts: 2, stripePaymentIntentId: failed.stripePaymentIntentId });
    const declines = await db().paymentAttempt.findMany({ where: { bookingId, outcome: "DECLINED" } });
    expect(declines).toHaveLength(2);

    // From the booking page to pay-now.
    await page.goto(`/account/bookings/${bookingId}`);
    await page.getByRole("link", { name: "Pay now" }).click();
    await expect(page).toHaveURL(new RegExp(`/account/bookings/${bookingId}/pay$`));
    await expect(page.getByText(/declined for insufficient funds\. You can try again now, or pay with another card/)).toBeVisible();

    await page.getByRole("radio", { name: "A new card" }).check();
    await typeCard(page, "4242424242424242");
    await page.getByRole("checkbox", { name: "Save this card for later bookings" }).check();
    await payNowButton(page).click();
    await expect(consentBox(page)).toHaveAttribute("aria-invalid", "true"); // consent first
    expect(await bookingStatus(bookingId)).toBe("PAYMENT_FAILED");

    await consentBox(page).check();
    await payNowButton(page).click();
    await expect(paidNotice(page)).toBeVisible();
    expect(await bookingStatus(bookingId)).toBe("PAID");
    expect(await succeededCharges(bookingId)).toBe(1);

    // The new card is saved with its own consent record; the declining one is still there.
    const cards = await db().savedCard.findMany({ where: { userId: customer.id, removedAt: null }, include: { consent: true } });
    expect(cards).toHaveLength(2);
    const newCard = cards.find((c) => c.paymentMethodId !== paymentMethodId)!;
    expect(newCard.consent?.userId).toBe(customer.id);
    const intent = await retrievePaymentIntent(retried.stripePaymentIntentId!);
    expect(intent).toMatchObject({ status: "succeeded", payment_method: newCard.paymentMethodId });
    await expect(cardFrame(page).getByLabel("Card number")).toHaveCount(0);
  });

  test("a booking unpaid at its pay-by deadline is cancelled for non-payment and the time is free again", async ({ page, browser, request }) => {
    const provider = await makeAccount("PROVIDER", "Venla Provider");
    const customer = await makeAccount("CUSTOMER", "Oskari Customer");
    const listing = await makeListing(provider.id);
    await signInAs(page, customer);
    const slot = { date: daysAhead(3), from: "18:00", until: "20:00" };
    const bookingId = await requestBooking(page, listing.slug, { ...slot, card: "4242424242424242" });
    const { paymentMethodId } = await acceptDirectly(bookingId);
    await emulator().declinePaymentMethod(paymentMethodId!, { code: "card_declined", decline_code: "generic_decline" });

    await runCronPass(request);
    const failed = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(failed.status).toBe("PAYMENT_FAILED");

    const summary = await runCronPassAt(request, new Date(failed.payBy!.getTime() + MINUTE));
    expect(summary.paymentsExpired).toBeGreaterThanOrEqual(1);
    expect(await bookingStatus(bookingId)).toBe("PAYMENT_EXPIRED");

    await page.goto(`/account/bookings/${bookingId}`);
    await expect(page.getByText("Cancelled for non-payment", { exact: true }).first()).toBeVisible();
    await page.goto(`/account/bookings/${bookingId}/pay`);
    await expect(page.getByText("There is nothing to pay for this booking any more.")).toBeVisible();
    await expect(payNowButton(page)).toHaveCount(0);
    expect((await outbox(bookingId, "payment.expired_customer")).map((e) => e.to)).toEqual([customer.email]);
    expect((await outbox(bookingId, "payment.expired_provider")).map((e) => e.to)).toEqual([provider.email]);
    expect(await succeededCharges(bookingId)).toBe(0);

    // Another customer can now request the very same time.
    const other = await makeAccount("CUSTOMER", "Iida Customer");
    const context = await browser.newContext();
    const otherPage = await context.newPage();
    await signInAs(otherPage, other);
    const secondId = await requestBooking(otherPage, listing.slug, { ...slot, card: "4242424242424242" });
    await context.close();
    const second = await db().booking.findUniqueOrThrow({ where: { id: secondId } });
    expect(second).toMatchObject({ status: "REQUESTED", startsAt: failed.startsAt, endsAt: failed.endsAt });
  });
});
