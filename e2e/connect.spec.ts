/**
 * Stripe Connect, the whole way through the UI: a new host lists a sauna (not bookable yet:
 * the listing says why), onboards through Stripe's hosted page (the emulator's, with its
 * "Use test data"), accepts a request inside the charge window so the customer is charged at
 * once as a destination charge, and a partial refund takes back the host's share in the
 * charge's proportion, shown on the operator's booking page.
 */
import { expect, test, type Page } from "./support/test";
import { randomUUID } from "node:crypto";
import { storageStateOf } from "./support/accounts";
import { daysAhead, db, makeAccount, signInAs } from "./support/booking-factories";
import { acceptOnRequestsPage, requestBookingAs } from "./support/payment-factories";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

async function createListing(page: Page, title: string) {
  await page.goto("/provider/listings/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("A lakeside sauna listed by a host who is new to Löyly, tested end to end.");
  await page.getByLabel("City", { exact: true }).fill("Jyväskylä");
  await page.getByLabel("Street address").fill("Rantatie 3");
  await page.getByLabel("Price per hour").fill("40");
  await page.getByLabel("Capacity (guests)").fill("6");
  for (const day of DAYS) {
    await page.getByLabel(`${day} opens`, { exact: true }).fill("08:00");
    await page.getByLabel(`${day} closes`, { exact: true }).fill("22:00");
  }
  await page.getByRole("button", { name: "Create listing" }).click();
  await expect(page).toHaveURL(/\/provider\/listings\/\w+\?created=1$/);
  return db().listing.findFirstOrThrow({ where: { title } });
}

test("a new host onboards on Stripe's hosted page, lists a sauna and accepts a request; the customer is charged and a partial refund takes back the host's share in proportion", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const host = await makeAccount("PROVIDER", "Ville Uusi", { onboarded: false });
  const customer = await makeAccount("CUSTOMER", "Sari Asiakas");
  await signInAs(page, host);

  // Listed, but not bookable until the host can be paid: the host is told why.
  const listing = await createListing(page, `Järvisauna ${randomUUID().slice(0, 6)}`);
  await expect(page.getByRole("status").filter({ hasText: "Not taking requests yet: set up how you get paid" })).toBeVisible();
  await page.goto(`/saunas/${listing.slug}`);
  await expect(page.getByText("its host is still setting up how they get paid")).toBeVisible();

  // Get paid → Stripe's hosted onboarding → back, ready to be paid.
  await page.getByRole("navigation").getByRole("link", { name: "Get paid" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Get paid" })).toBeVisible();
  await expect(page.getByText("Not set up", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Set up payouts with Stripe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set up payouts" })).toBeVisible();
  await page.getByRole("button", { name: "Use test data" }).click();
  await expect(page.getByLabel("Account number")).toHaveValue("FI2112345600000785");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/provider\/get-paid\?from=stripe$/);
  await expect(page.getByText("Ready to be paid", { exact: true })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: listing.title })).toContainText("Taking requests");
  const account = await db().connectedAccount.findUniqueOrThrow({ where: { userId: host.id } });
  expect(account).toMatchObject({ chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true });

  // The customer requests three days ahead (inside the charge window: charged on acceptance).
  const bookingId = await requestBookingAs(browser, customer, listing.slug, { date: daysAhead(3), from: "16:00", until: "18:00", card: "4242424242424242" });
  await acceptOnRequestsPage(page, customer.name, listing.title);

  const paid = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(paid.status).toBe("PAID");
  // amount charged = host's share + platform fee
  expect(paid).toMatchObject({ destinationAccountId: account.stripeAccountId, transferAmount: 8000, applicationFeeAmount: 800, totalAmount: 8800 });
  expect(paid.stripeTransferId).toMatch(/^tr_/);

  // The operator refunds a quarter: the host gives back a quarter of their share, the platform a quarter of its fee.
  const operatorContext = await browser.newContext({ storageState: storageStateOf("operator") });
  const admin = await operatorContext.newPage();
  await admin.goto(`/admin/bookings/${bookingId}`);
  const refund = admin.getByRole("region", { name: "Refund", exact: true });
  await refund.getByRole("button", { name: "Refund…" }).click();
  await refund.getByLabel(/Amount \(EUR\)/).fill("22.00");
  await refund.getByLabel(/Reason/).fill("The stove was slow to heat");
  await refund.getByRole("button", { name: "Confirm refund" }).click();
  await expect(refund.getByRole("status")).toHaveText("Refunded €22.00; €66.00 can still be refunded.");

  const split = admin.getByRole("region", { name: "Host's share and platform fee" });
  await admin.reload();
  await expect(split).toContainText(`Reversed from host€20.00`);
  await expect(split).toContainText(`Fee refunded€2.00`);
  await expect(split).toContainText(`Host keeps€60.00`);
  await operatorContext.close();

  const refunded = await db().booking.findUniqueOrThrow({ where: { id: bookingId } });
  expect(refunded).toMatchObject({ refundedAmount: 2200, transferReversedAmount: 2000, applicationFeeRefundedAmount: 200 });
});
