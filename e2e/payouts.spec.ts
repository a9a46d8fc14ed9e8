/**
 * Host payouts, the whole way through the UI: a paid booking's money is held on the host's
 * connected account until the booking ends plus the payout delay, then the scheduled pass
 * pays it out (the host's payouts page follows it to the bank, the operator's payouts view
 * shows it released); a partial refund shrinks what the host receives in proportion (also at
 * phone width); a host whose bank account is one of Stripe's failing test accounts sees the
 * failed payout and what to do about it.
 *
 * Time: the app's test clock is moved only for the cron pass itself (runCronPassAt); the
 * emulator's own clock is left alone (its funds are made available and its payouts settled
 * through the control API instead), so other specs are not moved in time.
 */
import { expect, expectAccessible, test, type Browser, type Page } from "./support/test";
import { storageStateOf } from "./support/accounts";
import { daysAhead, db, makeAccount, makeListing, signInAs } from "./support/booking-factories";
import { acceptOnRequestsPage, emulator, requestBookingAs, runCronPassAt } from "./support/payment-factories";

const DAY_MS = 24 * 60 * 60_000;
/** The payout delay the app runs with (days after a booking ends), as its page states. */
const PAYOUT_DELAY_DAYS = 2;
const TZ = "Europe/Helsinki";

/** A day as the pages show it: "Thursday 3 December 2026", in the listing's time zone. */
const shownDay = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: TZ, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(d);

/** A customer requests two hours three days ahead (inside the charge window); the host accepts on their page, so the customer is charged at once. */
async function paidBooking(page: Page, browser: Browser, listing: { slug: string; title: string }) {
  const customer = await makeAccount("CUSTOMER", "Pia Maksaja");
  const bookingId = await requestBookingAs(browser, customer, listing.slug, { date: daysAhead(3), from: "16:00", until: "18:00", card: "4242424242424242" });
  await acceptOnRequestsPage(page, customer.name, listing.title);
  const booking = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(booking).toMatchObject({ status: "PAID", transferAmount: 8000, applicationFeeAmount: 800, totalAmount: 8800 });
  return booking;
}

/** The booking's row in the desktop table of "Your bookings’ money". */
const moneyRow = (page: Page, title: string) =>
  page.getByRole("region", { name: "Your bookings’ money" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(title) }) });

/** The newest payout of the host (the one the pass just made). */
async function payoutOf(hostId: string) {
  return db().payout.findFirstOrThrow({ where: { hostId }, orderBy: { createdAt: "desc" } });
}

/** Makes the host's funds available and runs the pass after the booking's release time. */
async function releaseAfter(request: Parameters<typeof runCronPassAt>[0], stripeAccountId: string, endsAt: Date) {
  await emulator().makeFundsAvailable(stripeAccountId);
  const summary = await runCronPassAt(request, new Date(endsAt.getTime() + PAYOUT_DELAY_DAYS * DAY_MS + 60_000));
  expect(summary.errors).toEqual([]);
}

test("a paid booking's money is held until two days after it ends, then paid out and shown arrived to the host and released to the operator", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const host = await makeAccount("PROVIDER", "Hanna Maksettava");
  const listing = await makeListing(host.id);
  const account = await db().connectedAccount.findUniqueOrThrow({ where: { userId: host.id } });
  await signInAs(page, host);
  const booking = await paidBooking(page, browser, listing);
  const releaseAt = new Date(booking.endsAt.getTime() + PAYOUT_DELAY_DAYS * DAY_MS);

  // Charged: held until the end plus two days, in the upcoming payouts on that day.
  await page.goto("/provider/payouts");
  await expect(page.getByRole("heading", { level: 1, name: "Payouts" })).toBeVisible();
  await expect(page.getByText("we pay a booking's money 2 days after it ends")).toBeVisible();
  const row = moneyRow(page, listing.title);
  await expect(row.getByRole("cell")).toHaveText(["€88.00", "−€8.00", "€80.00", `Charged · held until ${shownDay(releaseAt)}`]);
  const upcoming = page.getByRole("region", { name: "Upcoming payouts" });
  await expect(upcoming.getByRole("listitem")).toHaveText([`To be paid out ${shownDay(releaseAt)} · 1 booking€80.00`]);
  await expect(page.getByRole("region", { name: "Payout history" })).toContainText("No payouts yet.");
  await expectAccessible(page, "host payouts (held)");

  // An hour before that, even with the funds available, the pass only records it as held.
  await emulator().makeFundsAvailable(account.stripeAccountId);
  const early = await runCronPassAt(request, new Date(releaseAt.getTime() - 60 * 60_000));
  expect(early.errors).toEqual([]);
  expect(await db().payout.count({ where: { hostId: host.id } })).toBe(0);
  expect(await db().bookingPayout.findUniqueOrThrow({ where: { bookingId: booking.id } })).toMatchObject({ status: "HELD", releaseAt });
  await page.reload();
  await expect(row.getByRole("cell").nth(3)).toHaveText(`Held until ${shownDay(releaseAt)}`);

  // Two days after the end, with the funds available on the account: the pass pays it out.
  await releaseAfter(request, account.stripeAccountId, booking.endsAt);
  const payout = await payoutOf(host.id);
  expect(payout).toMatchObject({ amount: 8000, recoveredAmount: 0, currency: "EUR", stripeAccountId: account.stripeAccountId });
  expect(payout.stripePayoutId).toMatch(/^po_/);
  expect(payout.arrivalDate).not.toBeNull();
  const arrival = payout.arrivalDate!;
  expect((await db().bookingPayout.findUniqueOrThrow({ where: { bookingId: booking.id } })).status).toBe("RELEASED");

  await page.reload();
  await expect(row.getByRole("cell").nth(3)).toHaveText(`Paid out · arrives ${shownDay(arrival)}`);
  const history = page.getByRole("table", { name: "Payouts, newest first" });
  const historyRow = history.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(shownDay(payout.createdAt)) }) });
  await expect(historyRow).toHaveCount(1);
  await expect(historyRow.getByRole("cell")).toHaveText(["€80.00", /^(Pending|On its way)$/, shownDay(arrival)]);
  await expect(historyRow.getByRole("rowheader")).toContainText("1 booking");

  // The operator's view: released to the host, nothing held.
  const operatorContext = await browser.newContext({ storageState: storageStateOf("operator") });
  const admin = await operatorContext.newPage();
  await admin.goto("/admin/payouts");
  const hostRow = admin
    .getByRole("region", { name: "Money per host" })
    .getByRole("row")
    .filter({ has: admin.getByRole("rowheader", { name: new RegExp(host.email) }) });
  // Held, Due for release, On hold, Released, Failed
  await expect(hostRow.getByRole("cell")).toHaveText(["€0.00", "€0.00", "€0.00", "€80.00", "€0.00"]);
  await expect(admin.getByRole("region", { name: "Bookings waiting to be paid out" })).not.toContainText(listing.title);
  await expectAccessible(admin, "operator payouts");
  await operatorContext.close();

  // The bank has it ahead of the expected day: paid, arrived today (never "arrived" on a day to come).
  await emulator().settlePayouts();
  await expect.poll(async () => (await db().payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe("PAID");
  const arrived = (await db().payout.findUniqueOrThrow({ where: { id: payout.id } })).arrivalDate!;
  expect(arrived.getTime()).toBeLessThan(arrival.getTime());
  expect(arrived.getTime()).toBeLessThanOrEqual(Date.now());
  await page.reload();
  await expect(row.getByRole("cell").nth(3)).toHaveText(`Paid out · arrived ${shownDay(arrived)}`);
  await expect(historyRow.getByRole("cell")).toHaveText(["€80.00", "Arrived", shownDay(arrived)]);
  await expect(upcoming).toContainText("Nothing is waiting to be paid out.");
  await expectAccessible(page, "host payouts (paid)");

  // The history table sits in a box of its own, named by the table's caption, that the
  // keyboard can reach (it scrolls sideways when the table is wider than the window).
  const historyBox = page.getByRole("region", { name: "Payouts, newest first" });
  await historyBox.focus();
  await expect(historyBox).toBeFocused();

  // Phone: a card per payout instead of the table, and no sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(history).toBeHidden();
  const historyCard = page.getByRole("list", { name: "Payouts, newest first" }).getByRole("listitem").filter({ hasText: shownDay(payout.createdAt) });
  await expect(historyCard).toHaveCount(1);
  await expect(historyCard).toContainText("€80.00");
  await expect(historyCard).toContainText("1 booking");
  await expect(historyCard).toContainText(`ArrivedBank arrival ${shownDay(arrived)}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling at 390 px").toBeLessThanOrEqual(390);
  await expectAccessible(page, "host payouts (paid) at phone width");
});

test("a partial refund takes back the host's share in proportion: the host's payouts page shows what they still receive, at desktop and phone width", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const host = await makeAccount("PROVIDER", "Olli Osittain");
  const listing = await makeListing(host.id);
  await signInAs(page, host);
  const booking = await paidBooking(page, browser, listing);
  const releaseAt = new Date(booking.endsAt.getTime() + PAYOUT_DELAY_DAYS * DAY_MS);

  // The operator refunds a quarter of the €88.00: a quarter of the host's €80.00 goes back.
  const operatorContext = await browser.newContext({ storageState: storageStateOf("operator") });
  const admin = await operatorContext.newPage();
  await admin.goto(`/admin/bookings/${booking.id}`);
  const refund = admin.getByRole("region", { name: "Refund", exact: true });
  await refund.getByRole("button", { name: "Refund…" }).click();
  await refund.getByLabel(/Amount \(EUR\)/).fill("22.00");
  await refund.getByLabel(/Reason/).fill("The changing room was cold");
  await refund.getByRole("button", { name: "Confirm refund" }).click();
  await expect(refund.getByRole("status")).toHaveText("Refunded €22.00; €66.00 can still be refunded.");
  await operatorContext.close();

  await page.goto("/provider/payouts");
  const row = moneyRow(page, listing.title);
  await expect(row.getByRole("cell")).toHaveText(["€88.00", "−€8.00", "€60.00€20.00 refunded", `Charged · held until ${shownDay(releaseAt)}`]);
  await expect(page.getByRole("region", { name: "Upcoming payouts" }).getByRole("listitem")).toHaveText([`To be paid out ${shownDay(releaseAt)} · 1 booking€60.00`]);
  await expectAccessible(page, "host payouts after a partial refund");

  // Phone: the table becomes one card per booking.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const cards = page.getByRole("list", { name: "Your bookings’ money" });
  await expect(cards).toBeVisible();
  await expect(page.getByRole("region", { name: "Your bookings’ money" }).getByRole("table")).toBeHidden();
  const card = cards.getByRole("listitem").filter({ hasText: listing.title });
  await expect(card.getByRole("definition")).toHaveText(["€88.00", "−€8.00", "€60.00"]);
  await expect(card).toContainText("€20.00 refunded");
  await expect(card).toContainText(`Charged · held until ${shownDay(releaseAt)}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "no sideways scrolling at 390 px").toBeLessThanOrEqual(390);
  await expectAccessible(page, "host payouts at phone width");
});

test("a host whose bank account cannot receive money sees the failed payout and what to do next", async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const host = await makeAccount("PROVIDER", "Kalle Konkurssi", { onboarded: false });
  await signInAs(page, host);

  // Onboards on Stripe's hosted page with a bank account Stripe's test mode fails payouts to (no_account).
  await page.goto("/provider/get-paid");
  await page.getByRole("button", { name: "Set up payouts with Stripe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set up payouts" })).toBeVisible();
  await page.getByRole("button", { name: "Use test data" }).click();
  await page.getByLabel("Account number").fill("FI2112345000111111116");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/provider\/get-paid\?from=stripe$/);
  await expect(page.getByText("Ready to be paid", { exact: true })).toBeVisible();
  const account = await db().connectedAccount.findUniqueOrThrow({ where: { userId: host.id } });

  const listing = await makeListing(host.id);
  const booking = await paidBooking(page, browser, listing);
  await releaseAfter(request, account.stripeAccountId, booking.endsAt);
  const made = await payoutOf(host.id);
  expect(made).toMatchObject({ amount: 8000 });
  expect(made.stripePayoutId).toMatch(/^po_/);

  // The bank returns it: the payout fails and the money goes again a day later.
  await emulator().settlePayouts();
  await expect.poll(async () => (await db().payout.findUniqueOrThrow({ where: { id: made.id } })).status).toBe("FAILED");
  const failed = await db().payout.findUniqueOrThrow({ where: { id: made.id } });
  expect(failed.failureCode).toBe("no_account");
  const bookingPayout = await db().bookingPayout.findUniqueOrThrow({ where: { bookingId: booking.id } });
  expect(bookingPayout.status).toBe("FAILED");

  await page.goto("/provider/payouts");
  const alert = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Payouts that failed" }) });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole("listitem")).toHaveCount(1);
  await expect(alert).toContainText(`€80.00 on ${shownDay(failed.createdAt)}: ${failed.failureMessage ?? "the bank refused it"}`);
  await expect(alert).toContainText(
    "What to do: Your bank could not find the account. Check the account number in your Stripe settings.",
  );
  await expect(moneyRow(page, listing.title).getByRole("cell").nth(3)).toHaveText(`Payout failed · tried again ${shownDay(bookingPayout.releaseAt)}`);
  const history = page.getByRole("table", { name: "Payouts, newest first" });
  await expect(history.getByRole("row").filter({ hasText: "€80.00" }).getByRole("cell")).toHaveText(["€80.00", "Failed", /.*/]);
  // The money is back on the host's account, waiting for the retry.
  await expect(page.getByRole("region", { name: "Balance" })).toContainText("Available on your Stripe account€80.00");
  await expect(page.getByRole("region", { name: "Upcoming payouts" })).toContainText("€80.00");
  await expectAccessible(page, "host payouts with a failed payout");
});
