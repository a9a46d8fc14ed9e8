/**
 * Account → payment methods: add a card with consent, make default, and a card that an
 * accepted, unpaid booking depends on cannot be removed.
 */
import { expect, test } from "./support/test";
import { answerChallenge, chooseTime, consentBox, daysAhead, db, makeAccount, makeListing, signInAs, typeCard } from "./support/booking-factories";

test("add cards with consent, make one default, and a card in use cannot be removed", async ({ page }) => {
  const provider = await makeAccount("PROVIDER", "Helmi Provider");
  const customer = await makeAccount("CUSTOMER", "Eero Customer");
  const listing = await makeListing(provider.id, `Card sauna ${Date.now() % 100000}`);
  await signInAs(page, customer);

  await page.goto("/account/payment-methods");
  await expect(page.getByText("No saved cards")).toBeVisible();
  await typeCard(page, "4242424242424242");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(consentBox(page)).toHaveAttribute("aria-invalid", "true"); // consent first
  await consentBox(page).check();
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Card ending 4242 saved." })).toBeVisible();
  const visa = page.getByRole("listitem", { name: /Visa ending 4242/ });
  await expect(visa).toContainText("Default");
  await expect(visa).toContainText(/Added on \d+ \w+ \d{4}/);

  await typeCard(page, "4000002500003155");
  await consentBox(page).check();
  await page.getByRole("button", { name: "Save card" }).click();
  await answerChallenge(page, "Complete");
  const second = page.getByRole("listitem", { name: /Visa ending 3155/ });
  await expect(second).toBeVisible();
  await second.getByRole("button", { name: /Make .* the default/ }).click();
  await expect(second).toContainText("Default");

  // Book with the default card (3155), and have the request accepted.
  await chooseTime(page, listing.slug, { date: daysAhead(40), from: "17:00", until: "19:00", guests: 2 });
  await expect(page.getByRole("radio", { name: /Visa ending 3155/ })).toBeChecked();
  await consentBox(page).check();
  await page.getByRole("button", { name: /Send request/ }).click();
  await expect(page).toHaveURL(/\/account\/bookings\/[^/?]+\?sent=1$/);
  const bookingId = new URL(page.url()).pathname.split("/").pop()!;
  await db().booking.update({ where: { id: bookingId }, data: { status: "ACCEPTED", acceptedAt: new Date() } });

  await page.goto("/account/payment-methods");
  const inUse = page.getByRole("listitem", { name: /Visa ending 3155/ });
  await inUse.getByRole("button", { name: /Remove/ }).click();
  await expect(inUse.getByRole("alert")).toContainText(`This card pays for your booking of ${listing.title}`);
  await expect(inUse.getByRole("alert")).toContainText("Cancel that booking first");
  await page.reload();
  await expect(page.getByRole("listitem", { name: /Visa ending 3155/ })).toBeVisible();

  // The other card is free to go: detached in Stripe, gone from the list.
  await page.getByRole("listitem", { name: /Visa ending 4242/ }).getByRole("button", { name: /Remove/ }).click();
  await expect(page.getByRole("listitem", { name: /Visa ending 4242/ })).toHaveCount(0);
  const removed = await db().savedCard.findFirstOrThrow({ where: { userId: customer.id, last4: "4242" } });
  expect(removed.removedAt).not.toBeNull();
});
