/**
 * Booking requests in the browser: the listing widget, the payment step with the emulator's
 * Stripe.js (typing into the card iframe, the 3DS challenge), the provider's answer.
 */
import { expect, test, type Browser } from "./support/test";
import { formatMoney } from "../lib/money";
import {
  answerChallenge,
  bookingIdFrom,
  cardFrame,
  chooseTime,
  consentBox,
  daysAhead,
  db,
  insertBooking,
  makeAccount,
  makeListing,
  signInAs,
  typeCard,
} from "./support/booking-factories";

async function providerPage(browser: Browser, provider: { email: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, provider);
  return { page, close: () => context.close() };
}

test("a customer books with 4242…; the amount consented is the amount booked; the provider accepts", async ({ page, browser }) => {
  const provider = await makeAccount("PROVIDER", "Paula Provider");
  const customer = await makeAccount("CUSTOMER", "Kalle Customer");
  const listing = await makeListing(provider.id);
  await signInAs(page, customer);

  await chooseTime(page, listing.slug, { date: daysAhead(30), from: "17:00", until: "19:00", guests: 2 });
  const summary = page.getByRole("complementary", { name: "Your booking" });
  await expect(summary.getByRole("region", { name: "Price breakdown" })).toContainText("€88.00");
  await expect(consentBox(page)).not.toBeChecked();
  await expect(consentBox(page)).toHaveAccessibleName(/€88\.00, charged on or after/);

  await typeCard(page, "4242424242424242");
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();

  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Your request has been sent" })).toBeVisible();
  await expect(page.getByText("Requested", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" }).getByText("Booking requested")).toBeVisible();

  const booking = await db().booking.findUniqueOrThrow({ where: { id: bookingIdFrom(page) }, include: { consent: true } });
  expect(booking).toMatchObject({ status: "REQUESTED", totalAmount: 8800, customerId: customer.id });
  expect(booking.consent?.text).toContain(formatMoney(booking.totalAmount, booking.currency));
  const card = await db().savedCard.findUniqueOrThrow({ where: { paymentMethodId: booking.paymentMethodId! } });
  expect(card.last4).toBe("4242");

  const host = await providerPage(browser, provider);
  await host.page.goto("/provider/requests");
  const request = host.page.getByRole("listitem", { name: `${customer.name}'s request for ${listing.title}` });
  await expect(request).toContainText("€88.00");
  await expect(request).toContainText(/Time left to answer\s*\d+ days?/);
  await request.getByLabel("Message to the customer (optional)").fill("Welcome! Towels are provided.");
  await request.getByRole("button", { name: /^Accept/ }).click();
  await expect(host.page.getByRole("status").filter({ hasText: "Request accepted" })).toBeVisible();
  await expect(request).toHaveCount(0);
  await host.close();

  await expect.poll(async () => (await db().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("ACCEPTED");
  await page.reload();
  await expect(page.getByText("Welcome! Towels are provided.").first()).toBeVisible();
});

test("a customer books with 4000002500003155 through the 3DS challenge; the provider declines", async ({ page, browser }) => {
  const provider = await makeAccount("PROVIDER", "Pekka Provider");
  const customer = await makeAccount("CUSTOMER", "Sini Customer");
  const listing = await makeListing(provider.id);
  await signInAs(page, customer);

  await chooseTime(page, listing.slug, { date: daysAhead(31), from: "10:00", until: "13:00", guests: 4 });
  await typeCard(page, "4000002500003155");
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();
  await answerChallenge(page, "Complete");
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
  const bookingId = bookingIdFrom(page);
  const booking = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(booking).toMatchObject({ status: "REQUESTED", totalAmount: 13200 });

  const host = await providerPage(browser, provider);
  await host.page.goto("/provider/requests");
  const request = host.page.getByRole("listitem", { name: `${customer.name}'s request for ${listing.title}` });
  await request.getByLabel("Message to the customer (optional)").fill("Sorry, the stove is being repaired.");
  await request.getByRole("button", { name: /^Decline/ }).click();
  await expect(host.page.getByRole("status").filter({ hasText: "Request declined" })).toBeVisible();
  await expect(request).toHaveCount(0);
  await host.close();

  await page.reload();
  await expect(page.getByText("Declined", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Sorry, the stove is being repaired.").first()).toBeVisible();
  const emails = await db().outboxEmail.findMany({ where: { bookingId, template: "booking.declined" } });
  expect(emails.map((e) => e.to).sort()).toEqual([customer.email, provider.email].sort());
});

test("a failed 3DS challenge says so in plain words and keeps the form; no request is sent", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Piia Provider");
  const customer = await makeAccount("CUSTOMER", "Ville Customer");
  const listing = await makeListing(provider.id);
  await signInAs(page, customer);

  await chooseTime(page, listing.slug, { date: daysAhead(32), from: "18:00", until: "20:00", guests: 2 });
  await typeCard(page, "4000002500003155");
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();
  await answerChallenge(page, "Fail");

  const alert = page.locator("#card-error");
  await expect(alert).toHaveRole("alert");
  await expect(alert).toHaveText("The confirmation with your bank did not succeed. You can try again, or use another card.");
  await expect(page.getByText(/payment_method_data|PaymentMethod/)).toHaveCount(0);
  await expect(page).toHaveURL(/\/book\//);
  await expect(consentBox(page)).toBeChecked();
  await expect(cardFrame(page).getByLabel("Card number")).toBeVisible();
  expect(await db().booking.count({ where: { customerId: customer.id } })).toBe(0);

  // The same form, now with a card that works.
  await typeCard(page, "4242424242424242");
  await page.getByRole("button", { name: /Send request/ }).click();
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
});

test("the request cannot be sent without ticking the consent box", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Pirkko Provider");
  const customer = await makeAccount("CUSTOMER", "Otto Customer");
  const listing = await makeListing(provider.id);
  await signInAs(page, customer);

  await chooseTime(page, listing.slug, { date: daysAhead(33), from: "12:00", until: "14:00", guests: 2 });
  await typeCard(page, "4242424242424242");
  await page.getByRole("button", { name: /Send request/ }).click();

  await expect(consentBox(page)).toHaveAttribute("aria-invalid", "true");
  await expect(consentBox(page)).toHaveAccessibleDescription("Please tick the box to agree to the payment terms.");
  await expect(consentBox(page)).toBeFocused();
  await expect(page).toHaveURL(/\/book\//);
  expect(await db().booking.count({ where: { customerId: customer.id } })).toBe(0);
  const user = await db().user.findUniqueOrThrow({ where: { id: customer.id } });
  expect(user.stripeCustomerId).toBeNull(); // no SetupIntent was even created
});

test("a visitor signs in on the way and keeps the chosen time; taken times are shown as taken", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Paavo Provider");
  const customer = await makeAccount("CUSTOMER", "Aada Customer");
  const listing = await makeListing(provider.id);
  const date = daysAhead(34);
  // Someone else holds 17–19 that day.
  const other = await makeAccount("CUSTOMER", "Other Customer");
  await insertBooking({
    listingId: listing.id,
    customerId: other.id,
    startsAt: new Date(`${date}T14:00:00Z`), // 17:00 Helsinki (summer) or 16:00 (winter)
    endsAt: new Date(`${date}T16:00:00Z`),
  });

  await page.goto(`/saunas/${listing.slug}`);
  await page.getByLabel("Date").fill(date);
  await expect(page.getByText(/Taken on this date: \d\d:00–\d\d:00/)).toBeVisible();
  await expect(page.getByLabel("From").locator("option", { hasText: "taken" }).first()).toBeDisabled();

  await page.getByLabel("From").selectOption("10:00");
  await page.getByLabel("Until").selectOption("12:00");
  await page.getByRole("button", { name: "Calculate price" }).click();
  await page.getByRole("link", { name: "Request to book" }).click();
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await expect(page.getByText("Sign in or create an account to send your booking request: the time you chose is kept.")).toBeVisible();
  await page.getByLabel("E-mail").fill(customer.email);
  await page.getByLabel("Password").fill("e2e-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(new RegExp(`/book/${listing.slug}\\?date=${date}&start=10%3A00&end=12%3A00&guests=2`));
  await expect(page.getByRole("complementary", { name: "Your booking" })).toContainText("10:00–12:00");
});

test("two customers send overlapping requests at the same moment: one wins, the other is told the slot was just taken", async ({ browser }) => {
  const provider = await makeAccount("PROVIDER", "Rauha Provider");
  const listing = await makeListing(provider.id);
  const date = daysAhead(35);
  const people = await Promise.all([makeAccount("CUSTOMER", "Ansa Customer"), makeAccount("CUSTOMER", "Bertta Customer")]);
  const pages = await Promise.all(
    people.map(async (person, i) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAs(page, person);
      await chooseTime(page, listing.slug, { date, from: i === 0 ? "17:00" : "18:00", until: i === 0 ? "19:00" : "20:00", guests: 2 });
      await typeCard(page, "4242424242424242");
      await consentBox(page).check();
      return { page, close: () => context.close() };
    }),
  );

  await Promise.all(pages.map(({ page }) => page.getByRole("button", { name: /Send request/ }).click()));
  const outcomes = await Promise.all(
    pages.map(async ({ page }) => {
      const sent = page.waitForURL(/\/account\/bookings\/[^/?]+\?sent=1$/).then(() => "sent" as const);
      const taken = page.getByRole("alert").filter({ hasText: "this time was just taken" }).waitFor().then(() => "taken" as const);
      return Promise.race([sent, taken]);
    }),
  );
  expect([...outcomes].sort()).toEqual(["sent", "taken"]);
  const loser = pages[outcomes.indexOf("taken")]!.page;
  await expect(loser.getByRole("alert").filter({ hasText: "just taken" })).toBeVisible();
  await Promise.all(pages.map((p) => p.close()));
  expect(await db().booking.count({ where: { listingId: listing.id } })).toBe(1);
});
