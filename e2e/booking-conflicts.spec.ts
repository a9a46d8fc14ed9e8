/**
 * Expected conflicts in the browser: a request answered in another tab, five tabs accepting
 * at once, an answer after the customer cancelled, a cancel from two tabs. Each ends with a
 * clear message and the booking's current state — never the error page.
 */
import { expect, test, type Browser, type Page } from "./support/test";
import { db, makeAccount, makeListing, signInAs, insertBooking } from "./support/booking-factories";

const HOUR = 3_600_000;

/** A request straight in the database (no card needed to answer one due weeks from now). */
async function seededRequest() {
  const provider = await makeAccount("PROVIDER", "Conflict Host");
  const customer = await makeAccount("CUSTOMER", `Customer ${Math.random().toString(36).slice(2, 7)}`);
  const listing = await makeListing(provider.id);
  const startsAt = new Date(Math.ceil((Date.now() + 30 * 24 * HOUR) / HOUR) * HOUR);
  const booking = await insertBooking({
    listingId: listing.id,
    customerId: customer.id,
    startsAt,
    requestExpiresAt: new Date(Date.now() + 48 * HOUR),
  });
  return { provider, customer, listing, booking, label: `${customer.name}'s request for ${listing.title}` };
}

async function signedIn(browser: Browser, account: { email: string }): Promise<Page> {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signInAs(page, account);
  return page;
}

const errorPage = (page: Page) => page.getByRole("heading", { name: "Something went wrong" });
const status = async (id: string) => (await db().booking.findUniqueOrThrow({ where: { id } })).status;

test("accepting in a second tab after the first accepted: told it was already answered, shown as accepted", async ({ browser }) => {
  const { provider, booking, label } = await seededRequest();
  const first = await signedIn(browser, provider);
  const second = await first.context().newPage();
  await first.goto("/provider/requests");
  await second.goto("/provider/requests");

  await first.getByRole("button", { name: `Accept ${label}` }).click();
  await expect(first.getByRole("status").filter({ hasText: "Request accepted" })).toBeVisible();

  await second.getByRole("button", { name: `Accept ${label}` }).click();
  const notice = second.getByRole("alert").filter({ hasText: "This request was already answered: it was accepted." });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("is now");
  await expect(notice).toContainText("Accepted");
  await expect(errorPage(second)).toHaveCount(0);
  await expect(second.getByRole("listitem", { name: label })).toHaveCount(0); // the inbox is current
  expect(await status(booking.id)).toBe("ACCEPTED");
  await first.context().close();
});

test("five tabs accept one request at once: one accepts, four see the message", async ({ browser }) => {
  const { provider, booking, label } = await seededRequest();
  const first = await signedIn(browser, provider);
  const pages = [first, ...(await Promise.all(Array.from({ length: 4 }, () => first.context().newPage())))];
  for (const page of pages) await page.goto("/provider/requests");
  await Promise.all(pages.map((page) => page.getByRole("button", { name: `Accept ${label}` }).click()));

  const outcome = async (page: Page) => {
    const accepted = page.getByRole("status").filter({ hasText: "Request accepted" });
    const told = page.getByRole("alert").filter({ hasText: "This request was already answered: it was accepted." });
    await expect(accepted.or(told)).toBeVisible();
    await expect(errorPage(page)).toHaveCount(0);
    return (await accepted.count()) > 0 ? "accepted" : "told";
  };
  const outcomes = [];
  for (const page of pages) outcomes.push(await outcome(page));
  expect(outcomes.filter((o) => o === "accepted")).toHaveLength(1);
  expect(outcomes.filter((o) => o === "told")).toHaveLength(4);
  expect(await status(booking.id)).toBe("ACCEPTED");
  expect(await db().bookingEvent.count({ where: { bookingId: booking.id, type: "accept" } })).toBe(1);
  await first.context().close();
});

test("accepting a request the customer just cancelled: told the customer cancelled it", async ({ browser }) => {
  const { provider, customer, booking, label } = await seededRequest();
  const host = await signedIn(browser, provider);
  await host.goto("/provider/requests");
  await expect(host.getByRole("listitem", { name: label })).toBeVisible();

  const guest = await signedIn(browser, customer);
  await guest.goto(`/account/bookings/${booking.id}`);
  await guest.getByRole("button", { name: "Cancel request" }).click();
  await expect(guest.getByRole("region", { name: "Booking Cancelled" })).toBeVisible();

  await host.getByRole("button", { name: `Accept ${label}` }).click();
  const notice = host.getByRole("alert").filter({ hasText: "The customer cancelled this request." });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("Cancelled");
  await expect(errorPage(host)).toHaveCount(0);
  expect(await status(booking.id)).toBe("CANCELLED");
  await host.context().close();
  await guest.context().close();
});

test("declining after accepting in another tab, and declining twice", async ({ browser }) => {
  const accepted = await seededRequest();
  const declined = await seededRequest();
  for (const { provider, booking, label } of [accepted, declined]) {
    const first = await signedIn(browser, provider);
    const second = await first.context().newPage();
    await first.goto("/provider/requests");
    await second.goto("/provider/requests");
    const firstAnswer = booking.id === accepted.booking.id ? "Accept" : "Decline";
    await first.getByRole("button", { name: `${firstAnswer} ${label}` }).click();
    await expect(first.getByRole("status").filter({ hasText: firstAnswer === "Accept" ? "Request accepted" : "Request declined" })).toBeVisible();

    await second.getByRole("button", { name: `Decline ${label}` }).click();
    const expected = firstAnswer === "Accept" ? "it was accepted." : "it was declined.";
    await expect(second.getByRole("alert").filter({ hasText: `This request was already answered: ${expected}` })).toBeVisible();
    await expect(errorPage(second)).toHaveCount(0);
    expect(await status(booking.id)).toBe(firstAnswer === "Accept" ? "ACCEPTED" : "DECLINED");
    await first.context().close();
  }
});

test("the customer cancels from two tabs: the second is told it is cancelled already", async ({ browser }) => {
  const { customer, booking } = await seededRequest();
  const first = await signedIn(browser, customer);
  const second = await first.context().newPage();
  await first.goto(`/account/bookings/${booking.id}`);
  await second.goto(`/account/bookings/${booking.id}`);
  await first.getByRole("button", { name: "Cancel request" }).click();
  await expect(first.getByRole("region", { name: "Booking Cancelled" })).toBeVisible();

  await second.getByRole("button", { name: "Cancel request" }).click();
  // The stale tab keeps its form; its message says what the booking is now.
  await expect(second.getByRole("alert").filter({ hasText: "This booking is already cancelled." })).toBeVisible();
  await expect(errorPage(second)).toHaveCount(0);
  expect(await db().bookingEvent.count({ where: { bookingId: booking.id, type: "cancel" } })).toBe(1);
  await first.context().close();
});
