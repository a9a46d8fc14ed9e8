/**
 * Cancelling a paid booking and its receipts, on a desktop and a 390×844 phone: the customer
 * cancels inside each band of the cancellation policy and sees the refund before and after;
 * the host cancels a paid booking (a full refund, the operator told); the receipt page and
 * the PDF of the payment and of the refund, refused to someone else. The bookings are made
 * straight in the e2e database with a PaymentIntent really paid in the e2e emulator, so the
 * refunds are the real thing.
 */
import { expect, test, type Page } from "./support/test";
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { db, insertBooking, makeAccount, makeListing, signInAs } from "./support/booking-factories";

const HOUR = 3_600_000;

function stripe(): Stripe {
  const url = new URL(process.env.STRIPE_EMULATOR_URL ?? "http://localhost:12112");
  return new Stripe("sk_test_emulator_loyly", { host: url.hostname, port: url.port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
}

/** A booking paid in the emulator (8,000 rental + 800 fee), starting `startsInHours` from now. */
async function paidBooking(startsInHours: number, policy: "FLEXIBLE" | "MODERATE" | "STRICT" | null = null) {
  const provider = await makeAccount("PROVIDER", "Helmi Host");
  const customer = await makeAccount("CUSTOMER", "Aino Asiakas");
  const listing = await makeListing(provider.id, `Policy sauna ${randomUUID().slice(0, 6)}`);
  if (policy) await db().listing.update({ where: { id: listing.id }, data: { cancellationPolicy: policy } });
  const s = stripe();
  const stripeCustomer = await s.customers.create({ email: customer.email });
  const si = await s.setupIntents.create({ customer: stripeCustomer.id, payment_method: "pm_card_visa", usage: "off_session", confirm: true, return_url: "http://localhost/return" });
  const pm = typeof si.payment_method === "string" ? si.payment_method : si.payment_method!.id;
  await db().user.update({ where: { id: customer.id }, data: { stripeCustomerId: stripeCustomer.id } });
  const consent = await db().consentRecord.create({
    data: { userId: customer.id, paymentMethodId: pm, textVersion: "e2e-1", textHash: "e2ehash0123", text: "I authorise Löyly to charge this card.", ip: "127.0.0.1", userAgent: "E2E browser" },
  });
  await db().savedCard.create({ data: { userId: customer.id, paymentMethodId: pm, brand: "visa", last4: "4242", expMonth: 12, expYear: 2040, consentId: consent.id } });
  const startsAt = new Date(Math.ceil((Date.now() + startsInHours * HOUR) / (15 * 60_000)) * 15 * 60_000);
  const booking = await insertBooking({
    listingId: listing.id,
    customerId: customer.id,
    status: "ACCEPTED",
    startsAt,
    stripeCustomerId: stripeCustomer.id,
    paymentMethodId: pm,
    consentId: consent.id,
    cancellationPolicy: policy,
    acceptedAt: new Date(Date.now() - HOUR),
  });
  const pi = await s.paymentIntents.create({
    amount: 8800,
    currency: "eur",
    customer: stripeCustomer.id,
    payment_method: pm,
    off_session: true,
    confirm: true,
    metadata: { booking_id: booking.id },
  });
  expect(pi.status).toBe("succeeded");
  await db().booking.update({ where: { id: booking.id }, data: { status: "PAID", stripePaymentIntentId: pi.id, paidAt: new Date(), chargeAt: new Date() } });
  return { booking, customer, provider, listing, paymentIntentId: pi.id };
}

async function stripeRefunds(paymentIntentId: string) {
  return (await stripe().refunds.list({ payment_intent: paymentIntentId, limit: 10 })).data.map((r) => r.amount);
}

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

for (const { name: device, viewport } of VIEWPORTS) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport, storageState: { cookies: [], origins: [] } });

    for (const band of [
      { label: "more than 7 days before: the rental back", hours: 24 * 9, refund: "€80.00", minor: 8000, button: "Cancel and refund €80.00" },
      { label: "between 7 days and 48 hours: half the rental", hours: 24 * 4, refund: "€40.00", minor: 4000, button: "Cancel and refund €40.00" },
      { label: "under 48 hours: nothing back", hours: 30, refund: "€0.00", minor: 0, button: "Cancel without refund" },
    ]) {
      test(`the customer cancels a paid booking ${band.label}`, async ({ page }) => {
        const { booking, customer, listing, paymentIntentId } = await paidBooking(band.hours);
        await signInAs(page, customer);

        // The listing states the policy (the marketplace default: moderate).
        await page.goto(`/saunas/${listing.slug}`);
        await expect(page.getByRole("heading", { name: "Cancellation policy: Moderate" })).toBeVisible();

        await page.goto(`/account/bookings/${booking.id}`);
        await expect(page.getByRole("heading", { name: "Cancellation policy: Moderate" })).toBeVisible();
        await page.getByText("Cancel this booking", { exact: true }).click();
        await expect(page.getByTestId("cancel-refund")).toHaveText(`If you cancel now, you get back ${band.refund}.`);
        if (band.hours === 24 * 4) await shot(page, `cancel-confirm-${device}`);
        await page.getByLabel("Reason for the host (optional)").fill("Plans changed");
        await page.getByRole("button", { name: band.button }).click();

        await expect(page).toHaveURL(new RegExp(`/account/bookings/${booking.id}\\?cancelled=${band.minor > 0 ? "refunded" : "none"}$`));
        await expect(page.getByRole("status").first()).toContainText("Your booking is cancelled.");
        await expect(page.getByRole("heading", { name: /Booking/ }).getByText("Cancelled")).toBeVisible();
        await expect(page.getByText("Cancel this booking")).toHaveCount(0);
        const receipts = page.getByRole("region", { name: "Payments and refunds" });
        await expect(receipts.getByTestId("receipt-payment")).toContainText("€88.00");
        if (band.minor > 0) await expect(receipts.getByTestId("receipt-refund")).toContainText(band.refund);
        else await expect(receipts.getByTestId("receipt-refund")).toHaveCount(0);
        if (band.hours === 24 * 4) await shot(page, `cancelled-booking-${device}`);

        const saved = await db().booking.findUniqueOrThrow({ where: { id: booking.id } });
        expect(saved.status).toBe("CANCELLED_PAID");
        expect(saved.refundedAmount).toBe(band.minor);
        expect(await stripeRefunds(paymentIntentId)).toEqual(band.minor > 0 ? [band.minor] : []);
        const emails = await db().outboxEmail.findMany({ where: { bookingId: booking.id, template: "booking.cancelled_paid" } });
        expect(emails).toHaveLength(2);
      });
    }

    test("the host chooses the listing's cancellation policy; the listing states it", async ({ page }) => {
      const provider = await makeAccount("PROVIDER", "Helmi Host");
      const listing = await makeListing(provider.id, `Policy sauna ${randomUUID().slice(0, 6)}`);
      await signInAs(page, provider);
      await page.goto(`/provider/listings/${listing.id}`);
      const policy = page.getByLabel("Cancellation policy");
      await expect(policy).toHaveValue("");
      await expect(policy.locator("option:checked")).toHaveText("Marketplace default (Moderate)");
      await policy.selectOption("FLEXIBLE");
      await shot(page, `listing-policy-${device}`);
      await page.getByRole("button", { name: "Save details" }).click();
      await expect(page.getByText("Listing details saved.")).toBeVisible();
      expect((await db().listing.findUniqueOrThrow({ where: { id: listing.id } })).cancellationPolicy).toBe("FLEXIBLE");

      await page.goto(`/saunas/${listing.slug}`);
      const section = page.getByTestId("cancellation-policy");
      await expect(section.getByRole("heading", { name: "Cancellation policy: Flexible" })).toBeVisible();
      await expect(section).toContainText("Full refund of the rental if you cancel at least 24 hours before the start");
      await expect(section).toContainText("The service fee is refunded at the same rate");
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`listing-page-policy-${device}.png`) });
    });

    test("the host cancels a paid booking: a full refund, and the operator is told", async ({ page }) => {
      const { booking, customer, provider, paymentIntentId } = await paidBooking(24 * 3);
      await signInAs(page, provider);
      await page.goto("/provider/bookings?show=all");
      // A table row on a desktop, a card in the list on a phone.
      const booked = () => page.getByRole("row").or(page.getByRole("listitem")).filter({ hasText: customer.name });
      const row = booked();
      await row.getByText("Cancel…").click();
      await expect(row).toContainText("gets a full refund of €88.00");
      // A reason is required: the customer is told why.
      await row.getByRole("button", { name: "Cancel and refund in full" }).click();
      await expect(row.getByLabel("Reason for the customer")).toBeFocused();
      await row.getByLabel("Reason for the customer").fill("The stove broke");
      await shot(page, `host-cancel-${device}`);
      await row.getByRole("button", { name: "Cancel and refund in full" }).click();
      await expect(page).toHaveURL(/\/provider\/bookings\?show=all&cancelled=refunded$/);
      await expect(page.getByRole("status").first()).toHaveText("Booking cancelled. The customer gets a full refund, and Löyly support has been told.");
      await expect(booked()).toContainText("Refunded");

      const saved = await db().booking.findUniqueOrThrow({ where: { id: booking.id } });
      expect(saved.status).toBe("REFUNDED");
      expect(saved.refundedAmount).toBe(8800);
      expect(await stripeRefunds(paymentIntentId)).toEqual([8800]);
      const templates = (await db().outboxEmail.findMany({ where: { bookingId: booking.id }, select: { template: true } })).map((e) => e.template);
      expect(templates.filter((t) => t === "booking.cancelled_by_host")).toHaveLength(2);
      expect(templates).toContain("operator.host_cancelled");
    });

    test("receipts of the payment and the refund: a page that prints, a PDF, and no one else's", async ({ page, browser }) => {
      const { booking, customer } = await paidBooking(24 * 4);
      await signInAs(page, customer);
      await page.goto(`/account/bookings/${booking.id}`);
      await page.getByText("Cancel this booking", { exact: true }).click();
      await page.getByRole("button", { name: "Cancel and refund €40.00" }).click();
      await expect(page).toHaveURL(/cancelled=refunded$/);

      const receipts = page.getByRole("region", { name: "Payments and refunds" });
      await receipts.getByRole("link", { name: /^Payment receipt LY-.*-P$/ }).click();
      await expect(page.getByRole("heading", { name: "Receipt", exact: true })).toBeVisible();
      const ref = booking.id.slice(-8).toUpperCase();
      await expect(page.getByText(`LY-${ref}-P`)).toBeVisible();
      await expect(page.getByText(ref, { exact: true })).toBeVisible();
      await expect(page.getByText("Visa •••• 4242")).toBeVisible();
      await expect(page.getByText("Helmi Host")).toBeVisible();
      await expect(page.getByTestId("receipt-total")).toHaveText("€88.00");
      await expect(page.getByTestId("receipt-vat")).toHaveText("€17.88");
      await expect(page.getByTestId("receipt-net")).toHaveText("€70.12");
      await expect(page.getByText("VAT 25.5 % (included)")).toBeVisible();
      await shot(page, `receipt-payment-${device}`);
      // On paper: the site's header and the page's links are gone, the receipt stays.
      await page.emulateMedia({ media: "print" });
      await expect(page.getByRole("link", { name: "Download PDF" })).toBeHidden();
      await expect(page.locator("body > header")).toBeHidden();
      await expect(page.getByTestId("receipt-total")).toBeVisible();
      await shot(page, `receipt-print-${device}`);
      await page.emulateMedia({ media: "screen" });

      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download PDF" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`loyly-ly-${ref.toLowerCase()}-p.pdf`);
      const pdf = await page.request.get(`/receipts/${booking.id}/payment/pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

      await page.goto(`/account/bookings/${booking.id}`);
      await receipts.getByRole("link", { name: /^Refund.* receipt LY-.*-R1$/ }).click();
      await expect(page.getByRole("heading", { name: "Refund receipt" })).toBeVisible();
      await expect(page.getByTestId("receipt-total")).toHaveText("-€40.00");
      await shot(page, `receipt-refund-${device}`);
      const refundId = page.url().split("/").pop()!;
      const refundPdf = await page.request.get(`/receipts/${booking.id}/${refundId}/pdf`);
      expect(refundPdf.status()).toBe(200);
      expect((await refundPdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

      // Another customer: neither the page nor the PDF.
      const other = await makeAccount("CUSTOMER", "Other Customer");
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      const otherPage = await context.newPage();
      await signInAs(otherPage, other);
      const response = await otherPage.goto(`/receipts/${booking.id}/payment`);
      expect(response?.status()).toBe(404);
      expect((await otherPage.request.get(`/receipts/${booking.id}/payment/pdf`)).status()).toBe(404);
      await context.close();
    });
  });
}
