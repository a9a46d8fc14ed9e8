/**
 * The operators' insight pages: find a booking by the customer's e-mail and open it, the
 * dashboard's figures (in a currency no other spec uses, so the figures are this spec's
 * alone), and the CSV export of a filtered list holding exactly the filtered bookings.
 */
import { expect, test } from "./support/test";
import fs from "node:fs/promises";
import { randomUUID } from "node:crypto";
import type { BookingStatus } from "../lib/generated/prisma/enums";
import { formatMoney } from "../lib/money";
import { storageStateOf } from "./support/accounts";
import { db, makeAccount, makeListing } from "./support/booking-factories";

const HOUR = 3_600_000;
let slot = 0;

async function booking(listingId: string, customerId: string, status: BookingStatus, extra: { total?: number; currency?: string; paidAt?: Date; payBy?: Date } = {}) {
  const startsAt = new Date(Math.ceil((Date.now() + (30 + slot++) * 24 * HOUR) / HOUR) * HOUR);
  const total = extra.total ?? 8800;
  return db().booking.create({
    data: {
      listingId, customerId, status, startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), guests: 2,
      hourlyPrice: 4000, hours: 2, subtotalAmount: total - 800, feeAmount: 800, totalAmount: total, currency: extra.currency ?? "EUR",
      paidAt: extra.paidAt, payBy: extra.payBy, lastDeclineCode: status === "PAYMENT_FAILED" ? "insufficient_funds" : null,
    },
  });
}

test.describe("operator insight", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("an operator searches a booking by the customer's e-mail and opens it", async ({ page }) => {
    const provider = await makeAccount("PROVIDER", "Hilma Host");
    const customer = await makeAccount("CUSTOMER", "Sulo Search");
    const listing = await makeListing(provider.id, `Search sauna ${randomUUID().slice(0, 6)}`);
    await booking(listing.id, customer.id, "PAYMENT_FAILED", { payBy: new Date(Date.now() + 48 * HOUR) });

    await page.goto("/admin/bookings");
    await expect(page.getByRole("heading", { name: "Bookings", level: 1 })).toBeVisible();
    await page.getByLabel("Search", { exact: true }).fill(customer.email.toUpperCase());
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/q=/);
    const table = page.getByRole("table", { name: /Bookings, newest start first/ });
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText("Payment failed");
    await table.getByRole("link", { name: `Open booking at ${listing.title} for ${customer.email}` }).click();
    await expect(page.getByRole("heading", { name: `Booking at ${listing.title}` })).toBeVisible();
  });

  test("the dashboard shows the period's money, what is at risk, and the charts with their data", async ({ page }) => {
    const provider = await makeAccount("PROVIDER", "Dana Dashboard");
    const customer = await makeAccount("CUSTOMER", "Kalle Krona");
    const listing = await makeListing(provider.id, `Krone sauna ${randomUUID().slice(0, 6)}`);
    // NOK: no other spec charges in it, so these are the only NOK figures.
    await booking(listing.id, customer.id, "PAID", { total: 12345, currency: "NOK", paidAt: new Date(Date.now() - HOUR) });
    await booking(listing.id, customer.id, "PAYMENT_FAILED", { total: 5000, currency: "NOK", payBy: new Date(Date.now() + 24 * HOUR) });

    await page.goto("/admin?days=7");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
    const money = page.getByRole("region", { name: "Money" });
    await expect(money.getByRole("definition").filter({ hasText: formatMoney(12345, "NOK") }).first()).toBeVisible();
    await expect(money.getByText(formatMoney(5000, "NOK"))).toBeVisible(); // at risk
    const chart = page.getByRole("figure", { name: "Charges and refunds per day (NOK)" });
    await expect(chart.getByRole("img")).toHaveAttribute("aria-label", new RegExp(`${formatMoney(12345, "NOK").replace(/[.$]/g, "\\$&")} charged`));
    await chart.getByText("Show the data").click();
    await expect(chart.getByRole("table")).toContainText(formatMoney(12345, "NOK"));
    const atRisk = page.getByRole("table", { name: "Failed payments awaiting the customer" });
    await expect(atRisk.getByRole("row").filter({ hasText: customer.email })).toContainText(formatMoney(5000, "NOK"));
    await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();

    // A custom period before any of this: no NOK.
    const custom = page.getByRole("form", { name: "Custom period" });
    await custom.getByLabel("From", { exact: true }).fill("2020-01-01");
    await custom.getByLabel("To", { exact: true }).fill("2020-01-31");
    await custom.getByRole("button", { name: "Show period" }).click();
    await expect(page).toHaveURL(/from=2020-01-01&to=2020-01-31/);
    await expect(page.getByRole("figure", { name: "Charges and refunds per day (NOK)" })).toHaveCount(0);
  });

  test("the CSV export of a filtered list holds exactly the filtered bookings", async ({ page }) => {
    const provider = await makeAccount("PROVIDER", "Eeva Export");
    const customer = await makeAccount("CUSTOMER", "Cecilia, \"CSV\" Asiakas");
    const listing = await makeListing(provider.id, `Export sauna ${randomUUID().slice(0, 6)}`);
    const other = await makeListing(provider.id, `Other sauna ${randomUUID().slice(0, 6)}`);
    const paid = [
      await booking(listing.id, customer.id, "PAID", { paidAt: new Date(Date.now() - HOUR) }),
      await booking(listing.id, customer.id, "PAID", { total: 4400, paidAt: new Date(Date.now() - 2 * HOUR) }),
    ];
    await booking(listing.id, customer.id, "CANCELLED");
    await booking(other.id, customer.id, "PAID", { paidAt: new Date(Date.now() - HOUR) });

    await page.goto("/admin/bookings");
    await page.getByLabel("Listing").selectOption({ label: listing.title });
    await page.getByLabel("Status").selectOption({ label: "Paid" });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("table", { name: /Bookings/ }).getByRole("row")).toHaveCount(3);

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export these as CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^bookings-.*\.csv$/);
    const text = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^booking_id,status,/);
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(paid.map((b) => b.id).sort());
    expect(text).toContain('"Cecilia, ""CSV"" Asiakas"');
    expect(text).toContain(formatMoney(4400, "EUR"));
  });
});

test.describe("the export refuses others", () => {
  test.use({ storageState: storageStateOf("customer") });

  test("a customer gets no CSV", async ({ page }) => {
    const response = await page.request.get("/admin/bookings/export", { maxRedirects: 0 });
    expect(response.headers()["content-type"] ?? "").not.toContain("text/csv");
    expect([303, 307, 401, 403]).toContain(response.status());
  });
});
