/**
 * The dashboard's edges: charges and refunds per local day around a daylight-saving change and
 * in a zone a quarter hour off the hour; a "last N days" period that starts mid-day; what
 * became of the bookings whose first failed charge falls in the period.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDashboard, type CurrencyAmount } from "@/lib/admin/dashboard";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { createMigratedDatabase } from "@/tests/support/databases";

let db: PrismaClient;
let drop: () => Promise<void>;
const HOUR = 3_600_000;
// 2026-10-30 14:00 in Helsinki (EET, UTC+2; summer time ended on 25 October at 04:00).
const NOW = new Date("2026-10-30T12:00:00Z");

beforeAll(async () => {
  const database = await createMigratedDatabase(process.env.DATABASE_URL!);
  drop = database.drop;
  db = createPrismaClient(database.url, { max: 4 });
  const host = await db.user.create({ data: { email: "host@days.test", name: "Host", role: "PROVIDER", passwordHash: "x" } });
  const customer = await db.user.create({ data: { email: "customer@days.test", name: "Customer", passwordHash: "x" } });
  const listing = await db.listing.create({
    data: { providerId: host.id, slug: "days", title: "Days sauna", description: "d", city: "c", address: "a", hourlyPrice: 4000, capacity: 4 },
  });
  let slot = 0;
  const booking = async (status: BookingStatus, currency: string, totalAmount: number, paidAt?: string) => {
    const startsAt = new Date(Date.UTC(2026, 11, 1) + slot++ * 3 * HOUR);
    const row = await db.booking.create({
      data: {
        listingId: listing.id, customerId: customer.id, status, startsAt, endsAt: new Date(startsAt.getTime() + HOUR), guests: 1,
        hourlyPrice: totalAmount, hours: 1, subtotalAmount: totalAmount, feeAmount: 0, totalAmount, currency,
        paidAt: paidAt ? new Date(paidAt) : undefined, createdAt: new Date("2026-10-01T00:00:00Z"),
      },
    });
    return row.id;
  };
  // Charges near local midnights (amounts tell them apart).
  await booking("PAID", "EUR", 100, "2026-10-23T20:59:00Z"); // Helsinki 23 Oct 23:59
  await booking("PAID", "EUR", 10, "2026-10-24T18:14:59Z"); // Kathmandu (UTC+5:45) 24 Oct 23:59:59
  await booking("PAID", "EUR", 20, "2026-10-24T18:15:00Z"); // Kathmandu 25 Oct 00:00
  await booking("PAID", "EUR", 1000, "2026-10-24T20:59:59Z"); // Helsinki 24 Oct 23:59:59 (summer time)
  await booking("PAID", "EUR", 2000, "2026-10-24T21:00:00Z"); // Helsinki 25 Oct 00:00 (summer time)
  const refunded = await booking("REFUNDED", "EUR", 3000, "2026-10-25T21:59:00Z"); // Helsinki 25 Oct 23:59 (winter time)
  await booking("PAID", "EUR", 4000, "2026-10-25T22:00:00Z"); // Helsinki 26 Oct 00:00
  await booking("PAID", "EUR", 600, "2026-10-26T22:00:00Z"); // Helsinki 27 Oct 00:00
  await booking("PAID", "SEK", 50000, "2026-10-25T10:00:00Z");
  await db.refund.create({ data: { bookingId: refunded, stripeRefundId: "re_days", amount: 500, currency: "EUR", status: "SUCCEEDED", createdAt: new Date("2026-10-25T21:30:00Z") } });

  // What became of failed charges (in NOK, apart from the charges above). The 7-day period starts 23 Oct 12:00 UTC.
  const attempts: { bookingId: string; kind: "OFF_SESSION" | "ON_SESSION"; outcome: "DECLINED" | "SUCCEEDED"; startedAt: string }[] = [];
  const failed = async (status: BookingStatus, paidAt: string | undefined, tries: [kind: "OFF_SESSION" | "ON_SESSION", outcome: "DECLINED" | "SUCCEEDED", at: string][]) => {
    const id = await booking(status, "NOK", 700, paidAt);
    for (const [kind, outcome, startedAt] of tries) attempts.push({ bookingId: id, kind, outcome, startedAt });
  };
  // Paid on the pay-now page 6 hours after failing.
  await failed("PAID", "2026-10-24T16:00:00Z", [["OFF_SESSION", "DECLINED", "2026-10-24T10:00:00Z"], ["ON_SESSION", "SUCCEEDED", "2026-10-24T16:00:00Z"]]);
  // Paid by the automatic retry.
  await failed("PAID", "2026-10-26T10:00:00Z", [["OFF_SESSION", "DECLINED", "2026-10-25T10:00:00Z"], ["OFF_SESSION", "SUCCEEDED", "2026-10-26T10:00:00Z"]]);
  // Paid on the pay-now page before the period, failing after: paid, not recovered on the page.
  await failed("PAID", "2026-10-22T10:00:00Z", [["ON_SESSION", "SUCCEEDED", "2026-10-22T10:00:00Z"], ["OFF_SESSION", "DECLINED", "2026-10-25T12:00:00Z"]]);
  // Still waiting for the customer; lost.
  await failed("PAYMENT_FAILED", undefined, [["OFF_SESSION", "DECLINED", "2026-10-26T10:00:00Z"]]);
  await failed("PAYMENT_EXPIRED", undefined, [["OFF_SESSION", "DECLINED", "2026-10-27T10:00:00Z"]]);
  // First failed before the period: not one of the period's.
  await failed("PAYMENT_FAILED", undefined, [["OFF_SESSION", "DECLINED", "2026-10-20T10:00:00Z"], ["OFF_SESSION", "DECLINED", "2026-10-26T10:00:00Z"]]);
  await db.paymentAttempt.createMany({
    data: attempts.map((a) => ({ bookingId: a.bookingId, kind: a.kind, outcome: a.outcome, amount: 700, currency: "NOK", startedAt: new Date(a.startedAt) })),
  });
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const without = (currency: string) => (list: CurrencyAmount[]) => list.filter((c) => c.currency !== currency);

describe("dashboard per local day", () => {
  it("a custom period: each charge and refund on its local day across the end of summer time", async () => {
    const d = await loadDashboard(db, { from: "2026-10-24", to: "2026-10-26" }, { now: NOW, smtpConfigured: true });
    expect(without("NOK")(d.charged)).toEqual([
      { currency: "EUR", count: 6, amount: 10 + 20 + 1000 + 2000 + 3000 + 4000 },
      { currency: "SEK", count: 1, amount: 50000 },
    ]);
    expect(d.refunded).toEqual([{ currency: "EUR", count: 1, amount: 500 }]);
    expect(d.perDay.filter((p) => p.currency === "EUR")).toEqual([
      { day: "2026-10-24", currency: "EUR", charged: 10 + 20 + 1000, refunded: 0 },
      { day: "2026-10-25", currency: "EUR", charged: 2000 + 3000, refunded: 500 },
      { day: "2026-10-26", currency: "EUR", charged: 4000, refunded: 0 },
    ]);
  });

  it("in a zone a quarter hour off the hour (Kathmandu, UTC+5:45)", async () => {
    const d = await loadDashboard(db, { from: "2026-10-25", to: "2026-10-25" }, { now: NOW, smtpConfigured: true, timeZone: "Asia/Kathmandu" });
    expect(without("NOK")(d.charged)).toEqual([
      { currency: "EUR", count: 3, amount: 20 + 1000 + 2000 },
      { currency: "SEK", count: 1, amount: 50000 },
    ]);
    expect(d.perDay.filter((p) => p.currency === "EUR")).toEqual([{ day: "2026-10-25", currency: "EUR", charged: 3020, refunded: 0 }]);
  });

  it("the last 7 days start mid-day: that day's charges count in the totals, not among the days", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    expect(d.charged.map((c) => c.currency)).toEqual(["EUR", "NOK", "SEK"]);
    expect(d.charged[0]).toEqual({ currency: "EUR", count: 8, amount: 100 + 10 + 20 + 1000 + 2000 + 3000 + 4000 + 600 });
    const eur = d.perDay.filter((p) => p.currency === "EUR");
    expect(eur.map((p) => p.day)).toEqual(["2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"]);
    expect(eur.reduce((sum, p) => sum + p.charged, 0)).toBe(d.charged[0]!.amount - 100);
  });
});

describe("dashboard recovery", () => {
  it("failed in the period first: recovered on the pay-now page, paid otherwise, waiting, lost", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    expect(d.recovery).toEqual({ failed: 5, payNow: 1, retry: 2, waiting: 1, medianPayNowSeconds: 6 * 3600 });
    expect(d.failureReasons).toEqual([{ code: "declined", count: 6 }]);
    expect(d.offSession).toMatchObject({ attempts: 7, succeeded: 1, failed: 6 });
  });
});
