/**
 * Messages, reviews and calendars in the browser, on a desktop and a 390×844 phone:
 * - a customer and a host write in a booking's conversation (plain text, one e-mail for a
 *   burst of messages), an operator reads it on the admin page;
 * - a customer reviews a completed stay, the host replies once, and the listing page and the
 *   search results show the average;
 * - "Add to calendar" downloads the booking as .ics; a host makes a private feed URL that a
 *   calendar app (no session) reads, and a reset retires the old one.
 */
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, request, test, type Browser, type Page } from "./support/test";
import { storageStateOf } from "./support/accounts";
import { db, insertBooking, makeAccount, makeListing, signInAs } from "./support/booking-factories";

const HOUR = 3_600_000;

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

async function signedIn(browser: Browser, account: { email: string }, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signInAs(page, account);
  return page;
}

/** A fresh customer, host and listing, and a booking of it in `status`. */
async function bookingIn(status: "REQUESTED" | "ACCEPTED" | "PAID" | "COMPLETED", startsInHours: number) {
  const tag = randomUUID().slice(0, 4);
  const customer = await makeAccount("CUSTOMER", `Aino ${tag}`);
  const host = await makeAccount("PROVIDER", `Heikki ${tag}`);
  const listing = await makeListing(host.id, `Social sauna ${tag}`);
  const startsAt = new Date(Math.round((Date.now() + startsInHours * HOUR) / HOUR) * HOUR);
  const booking = await insertBooking({ listingId: listing.id, customerId: customer.id, status, startsAt });
  return { customer, host, listing, booking };
}

const messageEmails = (bookingId: string) => db().outboxEmail.findMany({ where: { bookingId, template: "conversation.new_message" }, orderBy: { createdAt: "asc" } });

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport });
    // Whole journeys with several people in their own browsers.
    test.describe.configure({ timeout: 120_000 });

    test("customer and host talk in the booking's conversation; a burst is one e-mail; an operator reads it", async ({ page, browser }) => {
      const { customer, host, booking } = await bookingIn("REQUESTED", 10 * 24);
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      const conversation = page.getByRole("region", { name: "Messages" });
      await expect(conversation.getByText(`No messages yet. Ask ${host.name} anything about the booking.`)).toBeVisible();

      // An empty message is refused with a message that says what to do.
      const box = page.getByLabel(`Message to ${host.name}`);
      await box.fill("   ");
      await page.getByRole("button", { name: "Send message" }).click();
      await expect(page.getByText("Write a message first.").first()).toBeVisible();

      const hostile = `<img src=x onerror="document.title='pwned'"> Is there a cold plunge?\nWe are two.`;
      await box.fill(hostile);
      await page.getByRole("button", { name: "Send message" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Message sent." })).toBeVisible();
      const thread = conversation.getByRole("list", { name: "Conversation" });
      // Shown as the text it is: no element was made from it.
      await expect(thread.getByRole("listitem")).toHaveCount(1);
      await expect(thread.getByRole("listitem").first()).toContainText(`<img src=x onerror="document.title='pwned'"> Is there a cold plunge?`);
      await expect(thread.locator("img")).toHaveCount(0);
      expect(await page.title()).not.toBe("pwned");

      for (const more of ["Also: towels?", "And a parking space?"]) {
        await page.getByLabel(`Message to ${host.name}`).fill(more);
        await page.getByRole("button", { name: "Send message" }).click();
        await expect(thread.getByRole("listitem").filter({ hasText: more })).toBeVisible();
      }
      await expect(thread.getByRole("listitem")).toHaveCount(3);
      await page.screenshot({ path: test.info().outputPath(`conversation-customer-${device}.png`), fullPage: true });

      // Three messages in a row: one e-mail to the host, linking to the host's booking page.
      const toHost = await messageEmails(booking.id);
      expect(toHost.map((e) => e.to)).toEqual([host.email]);
      const link = /https?:\/\/\S+\/provider\/bookings\/\S+/.exec(toHost[0]!.text)?.[0];
      expect(link).toBeDefined();

      // The host follows the e-mail's link and answers.
      const hostPage = await signedIn(browser, host, viewport);
      await hostPage.goto(new URL(link!).pathname);
      const hostThread = hostPage.getByRole("list", { name: "Conversation" });
      await expect(hostThread.getByRole("listitem")).toHaveCount(3);
      await hostPage.getByLabel(`Message to ${customer.name}`).fill("Yes to all three! The plunge is the lake.");
      await hostPage.getByRole("button", { name: "Send message" }).click();
      await expect(hostThread.getByRole("listitem")).toHaveCount(4);
      await hostPage.screenshot({ path: test.info().outputPath(`conversation-host-${device}.png`), fullPage: true });
      await expect.poll(async () => (await messageEmails(booking.id)).map((e) => e.to)).toEqual([host.email, customer.email]);

      await page.reload();
      await expect(thread.getByRole("listitem").last()).toContainText("Yes to all three! The plunge is the lake.");

      // The operator reads it on the admin page, without a form.
      const ops = await browser.newContext({ storageState: storageStateOf("operator"), viewport });
      const opsPage = await ops.newPage();
      await opsPage.goto(`/admin/bookings/${booking.id}`);
      await expect(opsPage.getByRole("list", { name: "Conversation" }).getByRole("listitem")).toHaveCount(4);
      await expect(opsPage.getByRole("button", { name: "Send message" })).toHaveCount(0);
      await opsPage.getByRole("heading", { name: "Messages" }).scrollIntoViewIfNeeded();
      await opsPage.screenshot({ path: test.info().outputPath(`conversation-operator-${device}.png`) });

      // Another host cannot open the conversation.
      const stranger = await makeAccount("PROVIDER", "Stranger");
      const strangerPage = await signedIn(browser, stranger, viewport);
      const response = await strangerPage.goto(`/provider/bookings/${booking.id}`);
      expect(response?.status()).toBe(404);
      await Promise.all([hostPage.context().close(), ops.close(), strangerPage.context().close()]);
    });

    test("a customer reviews a completed stay once, the host replies once, and the listing and search show the rating", async ({ page, browser }) => {
      const { customer, host, listing, booking } = await bookingIn("COMPLETED", -3 * 24);
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      const form = page.getByRole("form", { name: `How was ${listing.title}?` });
      await expect(form).toBeVisible();
      await form.getByRole("radio", { name: /4 ★/ }).check();
      await form.getByLabel("Your review").fill("Soft steam, a cold lake and <b>friendly</b> hosts.");
      await form.getByRole("button", { name: "Publish review" }).click();
      // The published review takes the form's place.
      const review = page.getByRole("article", { name: /Review by/ });
      await expect(review).toBeVisible();
      await page.reload();
      await expect(review).toContainText("Soft steam, a cold lake and <b>friendly</b> hosts.");
      await expect(review.getByRole("img", { name: "4 out of 5 stars" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Publish review" })).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath(`review-customer-${device}.png`), fullPage: true });
      expect(await db().review.count({ where: { bookingId: booking.id } })).toBe(1);

      // The host replies once; the form is gone afterwards.
      const hostPage = await signedIn(browser, host, viewport);
      await hostPage.goto(`/provider/bookings/${booking.id}`);
      await hostPage.getByLabel("Your public reply").fill("Thank you, welcome back!");
      await hostPage.getByRole("button", { name: "Publish reply" }).click();
      await expect(hostPage.getByText(`Reply from ${host.name}`)).toBeVisible();
      await hostPage.reload();
      await expect(hostPage.getByText(`Reply from ${host.name}`)).toBeVisible();
      await expect(hostPage.getByRole("button", { name: "Publish reply" })).toHaveCount(0);
      await hostPage.context().close();

      // Public: the listing page (average, count, reviews newest first) and the search card.
      const visitor = await browser.newContext({ viewport });
      const listingPage = await visitor.newPage();
      await listingPage.goto(`/saunas/${listing.slug}`);
      await expect(listingPage.getByRole("img", { name: "Rated 4.0 out of 5 from 1 review" }).first()).toBeVisible();
      const reviews = listingPage.getByRole("region", { name: /Reviews/ });
      await expect(reviews.getByRole("article")).toHaveCount(1);
      await expect(reviews).toContainText("Thank you, welcome back!");
      await listingPage.getByRole("heading", { name: /Reviews/ }).scrollIntoViewIfNeeded();
      await listingPage.screenshot({ path: test.info().outputPath(`listing-reviews-${device}.png`), fullPage: true });
      await listingPage.goto(`/search?city=Testila`);
      const card = listingPage.getByRole("article").filter({ has: listingPage.getByRole("link", { name: listing.title }) });
      await expect(card.getByRole("img", { name: "Rated 4.0 out of 5 from 1 review" })).toBeVisible();
      await visitor.close();
    });

    test("a booking goes into a calendar as .ics, and a host's private feed works without a session until it is reset", async ({ page, browser }) => {
      const { customer, host, listing, booking } = await bookingIn("PAID", 5 * 24);
      const requested = await insertBooking({ listingId: listing.id, customerId: customer.id, status: "REQUESTED", startsAt: new Date(booking.startsAt.getTime() + 48 * HOUR) });
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Add to calendar/ }).click()]);
      expect(download.suggestedFilename()).toBe(`loyly-booking-${booking.id}.ics`);
      const ics = fs.readFileSync((await download.path())!, "utf8");
      const utc = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
      expect(ics).toContain(`DTSTART:${utc(booking.startsAt)}`);
      expect(ics).toContain(`DTEND:${utc(booking.endsAt)}`);
      expect(ics).toContain("X-WR-TIMEZONE:Europe/Helsinki");
      expect(ics).toContain(`SUMMARY:Sauna: ${listing.title}`);

      const hostPage = await signedIn(browser, host, viewport);
      await hostPage.goto("/provider/bookings");
      const panel = hostPage.getByRole("region", { name: "Calendar feed" });
      await expect(panel).toContainText("You have no feed address yet.");
      await panel.getByRole("checkbox").check();
      await panel.getByRole("button", { name: "Create a feed address" }).click();
      const address = panel.getByLabel("Your private feed address");
      await expect(address).toHaveValue(/\/calendar\/host\/[A-Za-z0-9_-]{43}\.ics$/);
      const first = await address.inputValue();
      await hostPage.screenshot({ path: test.info().outputPath(`calendar-feed-${device}.png`), fullPage: true });

      // A calendar app: no cookies at all.
      const app = await request.newContext();
      const feed = await app.get(first);
      expect(feed.status()).toBe(200);
      expect(feed.headers()["content-type"]).toContain("text/calendar");
      const body = await feed.text();
      expect(body).toContain(`UID:booking-${booking.id}@loyly`);
      expect(body).not.toContain(requested.id);

      // Reset: the old address stops working, the new one works.
      await hostPage.reload();
      await panel.getByRole("checkbox").check();
      await panel.getByRole("button", { name: "Reset the feed address" }).click();
      await expect(address).toHaveValue(/\.ics$/);
      const second = await address.inputValue();
      expect(second).not.toBe(first);
      expect((await app.get(first)).status()).toBe(404);
      expect((await app.get(second)).status()).toBe(200);
      const stored = await db().calendarFeed.findUniqueOrThrow({ where: { userId: host.id } });
      expect(second).not.toContain(stored.tokenHash);
      await app.dispose();
      await hostPage.context().close();
    });
  });
}
