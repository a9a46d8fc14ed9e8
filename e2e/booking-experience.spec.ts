/**
 * The booking experience as a customer and a host meet it, at desktop and phone width: the
 * listing's widget keeps the chosen time and says why a time cannot be booked, the phone's
 * menu and booking bar, the booking page after a failed charge, after refunds and once paid,
 * the payment step, the 3D Secure modal by keyboard, focus after navigations, and a booking
 * made with the keyboard alone. Every page visited is checked with axe (WCAG 2.1 A/AA).
 */
import { expect, expectAccessible, test, type Page } from "./support/test";
import { storageStateOf } from "./support/accounts";
import { cardFrame, chooseTime, consentBox, daysAhead, db, insertBooking, makeAccount, makeListing, PASSWORD, typeCard } from "./support/booking-factories";
import { signIn } from "./support/accounts";
import { zonedTimeToUtc } from "../lib/time";

const HOUR = 3_600_000;
const TZ = "Europe/Helsinki";
const at = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return zonedTimeToUtc(date, (h ?? 0) * 60 + (m ?? 0), TZ);
};

// axe over a whole page takes seconds on a busy machine.
test.beforeEach(() => test.slow());

/** Signs in; at phone width "Sign out" is behind the menu, so this waits for it to exist. */
async function signInAs(page: Page, account: { email: string }) {
  await signIn(page, account.email, PASSWORD);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out", includeHidden: true })).toBeAttached();
}

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

async function customerWithBooking(
  status: "REQUESTED" | "PAYMENT_FAILED" | "PAID" | "REFUNDED",
  extra: Record<string, unknown> = {},
  startsInDays = 20,
) {
  const provider = await makeAccount("PROVIDER", "Helmi Host");
  const customer = await makeAccount("CUSTOMER", "Aino Asiakas");
  const listing = await makeListing(provider.id, `UX sauna ${Date.now() % 100000}`);
  const startsAt = new Date(Math.ceil((Date.now() + startsInDays * 24 * HOUR) / HOUR) * HOUR);
  const booking = await insertBooking({
    listingId: listing.id,
    customerId: customer.id,
    status,
    startsAt,
    ...extra,
  });
  return { provider, customer, listing, booking, startsAt };
}

for (const { name, viewport } of VIEWPORTS) {
  test.describe(`at ${name} width`, () => {
    test.use({ viewport });

    test("the listing keeps the chosen time, never preselects a taken one and says why a time cannot be booked", async ({ page }) => {
      const provider = await makeAccount("PROVIDER", "Widget Host");
      const listing = await makeListing(provider.id);
      await db().listing.update({ where: { id: listing.id }, data: { minHours: 2 } });
      const date = daysAhead(1); // the widget's default date: the next open day
      const customer = await makeAccount("CUSTOMER", "Taken Already");
      await insertBooking({ listingId: listing.id, customerId: customer.id, status: "ACCEPTED", startsAt: at(date, "08:00"), endsAt: at(date, "10:00") });
      await insertBooking({ listingId: listing.id, customerId: customer.id, status: "PAID", startsAt: at(date, "12:00"), endsAt: at(date, "14:00") });

      await page.goto(`/saunas/${listing.slug}`);
      const from = page.getByLabel("From");
      const until = page.getByLabel("Until");
      // The opening time is taken: the first free two hours are chosen instead.
      await expect(page.getByLabel("Date")).toHaveValue(date);
      await expect(from).toHaveValue("10:00");
      await expect(until).toHaveValue("12:00");
      await expect(from.locator("option", { hasText: "08:00" })).toBeDisabled();
      await expectAccessible(page, "listing page");

      // Too short, said before and after pricing.
      await until.selectOption("11:00");
      await expect(page.getByText("Too short: the minimum booking is 2 h.")).toBeVisible();
      await page.getByRole("button", { name: "Calculate price" }).click();
      await expect(page.getByText(/This time cannot be booked\. The minimum booking is 2 hours\./)).toBeVisible();

      // Overlapping the taken time: said, and refused by the server too.
      await from.selectOption("11:00");
      await until.selectOption("15:00");
      await expect(page.getByText(/Taken: 12:00–14:00 is already booked/)).toBeVisible();
      await page.getByRole("button", { name: "Calculate price" }).click();
      await expect(page.getByText(/This time cannot be booked\. Taken:/)).toBeVisible();
      await expect(page.getByRole("region", { name: "Price breakdown" })).toHaveCount(0);

      // A good time: the selects keep it after the price comes back.
      await from.selectOption("18:00");
      await until.selectOption("20:00");
      await page.getByRole("button", { name: "Calculate price" }).click();
      const breakdown = page.getByRole("region", { name: "Price breakdown" });
      await expect(breakdown).toBeVisible();
      await expect(from).toHaveValue("18:00");
      await expect(until).toHaveValue("20:00");
      await expect(breakdown).toContainText("18:00–20:00");
      await expect(breakdown.getByText("Service fee", { exact: true })).toBeVisible();
      const requestLink = page.getByRole("link", { name: "Request to book" }).first();
      await expect(requestLink).toHaveAttribute("href", /start=18%3A00&end=20%3A00/);
      // Changing the time again takes the old price away: no price for a time not chosen.
      await until.selectOption("21:00");
      await expect(breakdown).toHaveCount(0);
      await expectAccessible(page, "listing page with a price");
    });

    test("the booking page after a failed charge: one banner with the amount, the deadline and a real button; plain words", async ({ page }) => {
      const raw = "Your card was declined. This transaction requires authentication.";
      const { customer, booking, startsAt } = await customerWithBooking("PAYMENT_FAILED", {
        acceptedAt: new Date(Date.now() - 2 * HOUR),
        chargeAt: new Date(Date.now() - HOUR),
        payBy: new Date(Date.now() + 5 * 24 * HOUR),
        lastFailureCode: "authentication_required",
        lastFailureMessage: raw,
        stripePaymentIntentId: `pi_ux_${Date.now()}`,
      });
      await db().bookingEvent.createMany({
        data: [
          { bookingId: booking.id, actorType: "CUSTOMER", type: "request", toStatus: "REQUESTED", at: new Date(Date.now() - 3 * HOUR) },
          { bookingId: booking.id, actorType: "PROVIDER", type: "accept", fromStatus: "REQUESTED", toStatus: "ACCEPTED", at: new Date(Date.now() - 2 * HOUR) },
          {
            bookingId: booking.id,
            actorType: "SYSTEM",
            type: "charge_failed",
            fromStatus: "CHARGING",
            toStatus: "PAYMENT_FAILED",
            reason: raw,
            data: { kind: "authentication_required", code: "authentication_required", declineCode: null },
            at: new Date(Date.now() - HOUR),
          },
          { bookingId: booking.id, actorType: "STRIPE", type: "stripe.payment_intent.payment_failed", reason: raw, at: new Date(Date.now() - HOUR + 1000) },
        ],
      });
      expect(startsAt.getTime()).toBeGreaterThan(Date.now());
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);

      const banner = page.getByRole("region", { name: "Your bank asked for authentication" });
      await expect(banner).toBeVisible();
      await expect(banner).toContainText("€88.00");
      await expect(banner).toContainText(/by .*\d{2}:\d{2}/);
      const button = banner.getByRole("link", { name: "Confirm with your bank (€88.00)" });
      await expect(button).toBeVisible();
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(36); // a button, not a small inline link
      // Said once; the payment provider's words nowhere.
      await expect(page.getByText("Your bank asked for authentication")).toHaveCount(2); // the banner and one timeline entry
      await expect(page.getByText(/Stripe payment intent/i)).toHaveCount(0);
      await expect(page.getByText(/requires authentication|declined/i)).toHaveCount(0);
      await expectAccessible(page, "booking page, payment failed");
      await button.click();
      await expect(page).toHaveURL(new RegExp(`/account/bookings/${booking.id}/pay$`));
    });

    test("refunds are shown to the customer: each with amount and status, and what was finally paid", async ({ page }) => {
      const { customer, booking } = await customerWithBooking("PAID", {
        acceptedAt: new Date(Date.now() - 5 * HOUR),
        paidAt: new Date(Date.now() - 4 * HOUR),
        payBy: new Date(Date.now() + 5 * 24 * HOUR),
        refundedAmount: 2050,
      });
      await db().refund.createMany({
        data: [
          { bookingId: booking.id, amount: 2050, currency: "EUR", status: "SUCCEEDED", createdAt: new Date(Date.now() - 3 * HOUR) },
          { bookingId: booking.id, amount: 1000, currency: "EUR", status: "PENDING", createdAt: new Date(Date.now() - 2 * HOUR) },
        ],
      });
      await db().bookingEvent.create({
        data: { bookingId: booking.id, actorType: "OPERATOR", type: "refund", data: { amount: 2050, currency: "EUR", status: "SUCCEEDED" }, at: new Date(Date.now() - 3 * HOUR) },
      });
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      const refunds = page.getByRole("region", { name: "Refunds", exact: true });
      await expect(refunds).toContainText("Refunded");
      await expect(refunds).toContainText("€20.50");
      await expect(refunds).toContainText("Pending");
      await expect(refunds).toContainText("€10.00");
      await expect(refunds.getByRole("definition").last()).toHaveText("€67.50"); // finally paid: 88.00 − 20.50
      await expect(page.getByText("Refund of €20.50 (refunded)")).toBeVisible();
      await expect(page.getByText("Pay by")).toHaveCount(0);
      await expectAccessible(page, "booking page with refunds");
    });

    test("a paid booking shows the address, entrance and parking, and the host; no pay-by deadline", async ({ page }) => {
      const { customer, provider, listing, booking } = await customerWithBooking("PAID", {
        acceptedAt: new Date(Date.now() - 5 * HOUR),
        paidAt: new Date(Date.now() - 4 * HOUR),
        payBy: new Date(Date.now() + 5 * 24 * HOUR),
      });
      await db().listing.update({ where: { id: listing.id }, data: { arrivalNotes: "Blue gate, code 1234. Park by the barn." } });
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      const arrival = page.getByRole("region", { name: "Getting there" });
      await expect(arrival).toContainText("Testitie 2");
      await expect(arrival).toContainText("Blue gate, code 1234. Park by the barn.");
      await expect(arrival.getByRole("link", { name: provider.email })).toHaveAttribute("href", `mailto:${provider.email}`);
      await expect(page.getByText("Pay by")).toHaveCount(0);
      await expectAccessible(page, "paid booking page");
    });

    test("a request inside the charge window names no past date: the charge comes when the host accepts", async ({ page }) => {
      const { customer, booking } = await customerWithBooking("REQUESTED", { requestExpiresAt: new Date(Date.now() + 12 * HOUR) }, 3);
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      await expect(page.getByRole("definition").filter({ hasText: "When the host accepts" })).toBeVisible();
      await expect(page.getByText(/On or after/)).toHaveCount(0);
    });

    test("the payment step starts in Finland without a postal code, names no past deadline and says a missing consent once", async ({ page }) => {
      const provider = await makeAccount("PROVIDER", "Step Host");
      const customer = await makeAccount("CUSTOMER", "Step Customer");
      const listing = await makeListing(provider.id);
      await signInAs(page, customer);
      await chooseTime(page, listing.slug, { date: daysAhead(1), from: "18:00", until: "20:00", guests: 2 });
      await expect(cardFrame(page).getByLabel("Country")).toHaveValue("FI");
      await expect(cardFrame(page).getByLabel(/ZIP|Postal/)).toHaveCount(0);
      // Starting tomorrow: the pay-by deadline of the consent would be in the past.
      await expect(consentBox(page)).toHaveAccessibleName(/2 hours after the host accepts/);
      await typeCard(page, "4242424242424242");
      await page.getByRole("button", { name: /Send request/ }).click();
      await expect(page.getByText("Please tick the box to agree to the payment terms.")).toHaveCount(1);
      await expect(consentBox(page)).toBeFocused();
      await expect(consentBox(page)).toHaveAttribute("aria-invalid", "true");
      await expectAccessible(page, "payment step");
    });
  });
}

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the header's links are behind a Menu button, and the listing has a booking bar", async ({ page }) => {
    await page.goto("/search");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    const find = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find a sauna" });
    await expect(find).toBeHidden();
    const header = await page.locator("header").boundingBox();
    expect(header?.height ?? 999).toBeLessThan(80); // one line, not four
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(find).toBeVisible();
    await expectAccessible(page, "menu open");
    await page.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    await page.getByRole("article").first().getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
    const bar = page.getByRole("region", { name: "Book" });
    const check = bar.getByRole("link", { name: "Check availability" });
    await expect(check).toBeInViewport();
    await check.click();
    await expect(page.getByRole("heading", { name: "Book this sauna" })).toBeInViewport();
    await page.getByRole("button", { name: "Calculate price" }).click();
    await expect(bar.getByRole("link", { name: "Request to book" })).toBeInViewport();
    await expectAccessible(page, "listing at phone width");
  });
});

test.describe("at desktop width", () => {
  test("the header shows its links with no menu button", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find a sauna" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Book" })).toHaveCount(0);
  });
});

test("focus moves to the new page's heading after a search and a listing link", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page, "home");
  const search = page.getByRole("search", { name: "Find a sauna" });
  await search.getByLabel("City").selectOption("Helsinki");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page, "search results");
  await page.getByRole("article").first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
});

test("sign-up's Sign in link, a wrong password and the opening-hours editor pass axe", async ({ page }) => {
  await page.goto("/sign-up");
  await expectAccessible(page, "sign up");
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill("nobody@e2e.test");
  await page.getByLabel("Password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "sign in, refused");

  const provider = await makeAccount("PROVIDER", "Caption Host");
  const listing = await makeListing(provider.id);
  await signInAs(page, provider);
  await page.goto(`/provider/listings/${listing.id}`);
  await expect(page.getByRole("group", { name: /Weekly opening hours/ }).getByRole("textbox", { name: "Sunday second period closes" })).toBeVisible();
  await expect(page.getByLabel("Entrance and parking (optional)")).toBeVisible();
  await page.getByLabel("Entrance and parking (optional)").fill("Side door; park on the left.");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect.poll(async () => (await db().listing.findUniqueOrThrow({ where: { id: listing.id } })).arrivalNotes).toBe("Side door; park on the left.");
  await expectAccessible(page, "listing editor");
});

test("the host's accept is confirmed with focus on the confirmation", async ({ page }) => {
  const { provider, booking } = await customerWithBooking("REQUESTED", { requestExpiresAt: new Date(Date.now() + 48 * HOUR) });
  await signInAs(page, provider);
  await page.goto("/provider/requests");
  await expectAccessible(page, "requests");
  const item = page.getByRole("listitem", { name: /Aino Asiakas's request/ });
  await item.getByRole("button", { name: /^Accept/ }).click();
  const notice = page.getByRole("status").filter({ hasText: "Request accepted. The customer has been told." });
  await expect(notice).toBeFocused();
  expect((await db().booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("ACCEPTED");
});

test.describe("operator", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("the payment-attempts table scrolls in a box keyboard users can focus", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const { booking } = await customerWithBooking("PAYMENT_FAILED", { payBy: new Date(Date.now() + 5 * 24 * HOUR), lastFailureCode: "card_declined" });
    await db().paymentAttempt.create({
      data: {
        bookingId: booking.id,
        kind: "OFF_SESSION",
        outcome: "DECLINED",
        amount: 8800,
        currency: "EUR",
        idempotencyKey: `booking/${booking.id}/payment-intent`,
        errorType: "card_error",
        errorCode: "card_declined",
        declineCode: "generic_decline",
        message: "Your card was declined.",
      },
    });
    await page.goto(`/admin/bookings/${booking.id}`);
    const box = page.getByRole("region", { name: "Payment attempts, newest first" });
    await expect(box).toHaveAttribute("tabindex", "0");
    const wide = await box.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(wide).toBe(true);
    await box.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await expectAccessible(page, "admin booking page at phone width");
  });
});

/** Presses Tab until `target` has focus (a keyboard user's way there); fails after `max` presses. */
async function tabTo(page: Page, isThere: () => Promise<boolean>, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await isThere()) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("never reached by Tab");
}
const focused = (page: Page, name: RegExp | string, role: "button" | "link" | "combobox" | "checkbox" | "textbox" | "spinbutton") => async () =>
  page.getByRole(role, { name }).evaluate((el) => el === document.activeElement).catch(() => false);

test("a booking made with the keyboard alone, 3D Secure modal included (inert page, Tab stays in, Escape closes)", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Keyboard Host");
  const customer = await makeAccount("CUSTOMER", "Keyboard Customer");
  const listing = await makeListing(provider.id);
  await signInAs(page, customer);
  await page.goto(`/saunas/${listing.slug}?date=${daysAhead(9)}&start=17:00&end=19:00&guests=2`);

  await tabTo(page, focused(page, "From", "combobox"));
  await page.keyboard.press("ArrowDown"); // 17:30
  await page.keyboard.press("ArrowDown"); // 18:00
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown"); // 19:30
  await page.keyboard.press("ArrowDown"); // 20:00
  await tabTo(page, focused(page, "Calculate price", "button"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Price breakdown" })).toContainText("18:00–20:00");
  await expect(page.getByLabel("From")).toHaveValue("18:00");
  await tabTo(page, focused(page, "Request to book", "link"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Request to book" })).toBeFocused();

  // Card fields in Stripe.js's frame, by Tab and typing.
  const frame = cardFrame(page);
  const inFrame = (label: string) => () => frame.getByLabel(label).evaluate((el) => el === document.activeElement && document.hasFocus()).catch(() => false);
  await tabTo(page, inFrame("Card number"));
  await page.keyboard.type("4000002500003155"); // asks for 3D Secure once
  await tabTo(page, inFrame("Expiration date")); // a complete number may move on by itself
  await page.keyboard.type(`12${String((new Date().getFullYear() + 4) % 100).padStart(2, "0")}`);
  await tabTo(page, inFrame("Security code"));
  await page.keyboard.type("123");
  await tabTo(page, () => consentBox(page).evaluate((el) => el === document.activeElement).catch(() => false));
  await page.keyboard.press("Space");
  await expect(consentBox(page)).toBeChecked();
  await tabTo(page, focused(page, /Send request/, "button"));
  await page.keyboard.press("Enter");

  // The 3D Secure modal: the page behind is inert, Tab goes round inside, Escape closes it.
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await expect(dialog).toBeVisible();
  await expect(page.locator("header")).toHaveJSProperty("inert", true);
  const challenge = dialog.frameLocator("iframe");
  await expect(challenge.getByRole("button", { name: "Complete" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(challenge.getByRole("button", { name: "Fail" })).toBeFocused();
  await expectAccessible(page, "3D Secure modal");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("header")).toHaveJSProperty("inert", false);
  await expect(page.locator("#card-error")).toContainText("The confirmation with your bank did not succeed.");
  await expect(page.getByText(/payment_method_data|PaymentMethod/)).toHaveCount(0);

  // Again, completing the challenge by keyboard this time.
  await tabTo(page, focused(page, /Send request/, "button"));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await expect(challenge.getByRole("button", { name: "Complete" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page, "request sent");
});
