/**
 * The operators' insight: the dashboard's figures against known data, the bookings search by
 * every kind of key, sorts and filters, and the CSV export (exactly the filtered bookings,
 * escaped, in keyset batches; refused to non-operators).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifySearch, containsPattern, listBookings } from "@/lib/admin/bookings";
import { loadDashboard } from "@/lib/admin/dashboard";
import { bookingsCsvStream, exportBookingsResponse } from "@/lib/admin/export";
import { parseDashboardPeriod, type BookingFilters } from "@/lib/admin/schemas";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { createMigratedDatabase } from "@/tests/support/databases";

let db: PrismaClient;
let drop: () => Promise<void>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2026-03-15 12:00 UTC (14:00 in Helsinki)
const NOW = new Date("2026-03-15T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const ahead = (ms: number) => new Date(NOW.getTime() + ms);
const b: Record<string, string> = {};
let hostB = "";
let lakeId = "";

beforeAll(async () => {
  const database = await createMigratedDatabase(process.env.DATABASE_URL!);
  drop = database.drop;
  db = createPrismaClient(database.url, { max: 4 });
  const hostA = await db.user.create({ data: { email: "helmi@hosts.test", name: "Helmi Host", role: "PROVIDER", passwordHash: "x" } });
  const hb = await db.user.create({ data: { email: "otso@hosts.test", name: "Otso Saunamaa", role: "PROVIDER", passwordHash: "x" } });
  hostB = hb.id;
  const aino = await db.user.create({ data: { email: "aino@example.test", name: "Aino Virtanen", passwordHash: "x", stripeCustomerId: "cus_aino" } });
  const eino = await db.user.create({ data: { email: "eino@example.test", name: 'Eino "Ekku", Jr', passwordHash: "x" } });
  const evil = await db.user.create({ data: { email: "mallory@example.test", name: "=HYPERLINK(\"http://x\")", passwordHash: "x" } });
  const pct = await db.user.create({ data: { email: "percent@example.test", name: "100% Sauna_fan", passwordHash: "x" } });
  const listing = (providerId: string, slug: string, title: string, currency = "EUR", timeZone = "Europe/Helsinki") =>
    db.listing.create({ data: { providerId, slug, title, description: "d", city: "c", address: "a", hourlyPrice: 4000, capacity: 4, currency, timeZone } });
  const lake = await listing(hostA.id, "lake", "Lake sauna");
  lakeId = lake.id;
  const smoke = await listing(hb.id, "smoke", "Smoke sauna, Nuuksio");
  const stockholm = await listing(hb.id, "sthlm", "Harbour bastu", "SEK", "Europe/Stockholm");

  let slot = 0;
  const make = async (
    key: string,
    listingId: string,
    customerId: string,
    status: BookingStatus,
    extra: Partial<{ total: number; fee: number; currency: string; paidAt: Date; createdAt: Date; payBy: Date; chargeAt: Date; nextAttemptAt: Date; pi: string; pm: string; cus: string; refunded: number; decline: string }> = {},
  ) => {
    const startsAt = ahead(10 * DAY + slot++ * 3 * HOUR);
    const total = extra.total ?? 8800;
    const row = await db.booking.create({
      data: {
        listingId, customerId, status, startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), guests: 2,
        hourlyPrice: 4000, hours: 2, subtotalAmount: total - (extra.fee ?? 800), feeAmount: extra.fee ?? 800, totalAmount: total,
        currency: extra.currency ?? "EUR", paidAt: extra.paidAt, payBy: extra.payBy, chargeAt: extra.chargeAt, nextAttemptAt: extra.nextAttemptAt,
        stripePaymentIntentId: extra.pi, paymentMethodId: extra.pm, stripeCustomerId: extra.cus, refundedAmount: extra.refunded ?? 0,
        lastDeclineCode: extra.decline, createdAt: extra.createdAt ?? ago(2 * DAY),
      },
    });
    b[key] = row.id;
  };
  // Paid in the last 7 days: EUR 8800 (fee 800) + 5000 (fee 500); SEK 100000 (fee 10000).
  await make("paid", lake.id, aino.id, "PAID", { paidAt: ago(1 * DAY), pi: "pi_paid1", pm: "pm_aino1", cus: "cus_aino" });
  await make("refunded", smoke.id, eino.id, "REFUNDED", { total: 5000, fee: 500, paidAt: ago(3 * DAY), refunded: 5000, pi: "pi_ref1" });
  await make("sek", stockholm.id, evil.id, "COMPLETED", { total: 100000, fee: 10000, currency: "SEK", paidAt: ago(2 * DAY) });
  // Paid 20 days ago: only in the 30-day period.
  await make("old", lake.id, pct.id, "PAID", { total: 7000, fee: 700, paidAt: ago(20 * DAY), createdAt: ago(25 * DAY) });
  // Failed, awaiting the customer (deadlines 2 and 1 days ahead) — at risk.
  await make("failedA", lake.id, aino.id, "PAYMENT_FAILED", { payBy: ahead(2 * DAY), nextAttemptAt: ahead(5 * HOUR), decline: "insufficient_funds", pi: "pi_fail1", pm: "pm_aino1" });
  await make("failedB", smoke.id, eino.id, "PAYMENT_FAILED", { total: 6000, fee: 600, payBy: ahead(1 * DAY), nextAttemptAt: ahead(3 * DAY), decline: "card_declined" });
  // Recovered on the pay-now page: first failure 2 days ago, paid on session 6 hours later.
  await make("recovered", smoke.id, aino.id, "PAID", { total: 4000, fee: 400, paidAt: ago(2 * DAY - 6 * HOUR), pi: "pi_rec1" });
  // Due: one in 10 hours, one in 3 days.
  await make("due1", lake.id, eino.id, "ACCEPTED", { chargeAt: ahead(10 * HOUR) });
  await make("due2", smoke.id, pct.id, "ACCEPTED", { total: 3000, fee: 300, chargeAt: ahead(3 * DAY) });
  await make("requested", lake.id, evil.id, "REQUESTED");

  await db.paymentAttempt.createMany({
    data: [
      { bookingId: b.paid!, kind: "OFF_SESSION", outcome: "SUCCEEDED", amount: 8800, currency: "EUR", stripePaymentIntentId: "pi_paid1", stripeChargeId: "ch_paid1", paymentMethodId: "pm_aino1", startedAt: ago(1 * DAY) },
      { bookingId: b.refunded!, kind: "OFF_SESSION", outcome: "SUCCEEDED", amount: 5000, currency: "EUR", stripePaymentIntentId: "pi_ref1", startedAt: ago(3 * DAY) },
      { bookingId: b.failedA!, kind: "OFF_SESSION", outcome: "DECLINED", declineCode: "insufficient_funds", amount: 8800, currency: "EUR", stripePaymentIntentId: "pi_fail1", stripeChargeId: "ch_fail1", startedAt: ago(1 * DAY) },
      { bookingId: b.failedB!, kind: "OFF_SESSION", outcome: "DECLINED", declineCode: "card_declined", amount: 6000, currency: "EUR", startedAt: ago(1 * DAY) },
      { bookingId: b.recovered!, kind: "OFF_SESSION", outcome: "DECLINED", declineCode: "insufficient_funds", amount: 4000, currency: "EUR", startedAt: ago(2 * DAY) },
      { bookingId: b.recovered!, kind: "ON_SESSION", outcome: "SUCCEEDED", amount: 4000, currency: "EUR", paymentMethodId: "pm_newcard", startedAt: ago(2 * DAY - 6 * HOUR) },
      // Outside the 7-day period.
      { bookingId: b.old!, kind: "OFF_SESSION", outcome: "REQUIRES_ACTION", errorCode: "authentication_required", amount: 7000, currency: "EUR", startedAt: ago(21 * DAY) },
      { bookingId: b.old!, kind: "OFF_SESSION", outcome: "SUCCEEDED", amount: 7000, currency: "EUR", startedAt: ago(20 * DAY) },
    ],
  });
  await db.refund.create({ data: { bookingId: b.refunded!, stripeRefundId: "re_full1", amount: 5000, currency: "EUR", status: "SUCCEEDED", createdAt: ago(1 * DAY) } });
  await db.refund.create({ data: { bookingId: b.paid!, stripeRefundId: "re_failed1", amount: 100, currency: "EUR", status: "FAILED", createdAt: ago(1 * DAY) } });
  const created = (at: Date) => Math.floor(at.getTime() / 1000);
  await db.webhookEvent.createMany({
    data: [
      { id: "evt_1", type: "payment_intent.succeeded", status: "PROCESSED", payload: { created: created(ago(DAY)) - 2 }, receivedAt: ago(DAY) },
      { id: "evt_2", type: "payment_intent.succeeded", status: "PROCESSED", payload: { created: created(ago(DAY)) - 4 }, receivedAt: ago(DAY) },
      { id: "evt_3", type: "charge.refunded", status: "FAILED", error: "boom", payload: { created: created(ago(DAY)) - 60 }, receivedAt: ago(DAY) },
      { id: "evt_4", type: "charge.refunded", status: "PROCESSING", payload: { created: created(ago(HOUR)) }, receivedAt: ago(HOUR) },
    ],
  });
  await db.cronRun.createMany({
    data: [
      { job: "charge-due", status: "SUCCEEDED", startedAt: ago(2 * HOUR), finishedAt: new Date(ago(2 * HOUR).getTime() + 1500), counts: { charged: 2 }, errors: [] },
      { job: "charge-due", status: "FAILED", startedAt: ago(HOUR), finishedAt: new Date(ago(HOUR).getTime() + 250), counts: {}, errors: ["db down"] },
    ],
  });
  await db.outboxEmail.createMany({
    data: [
      { to: "a@x.test", subject: "s", text: "t", template: "x", status: "FAILED", createdAt: ago(DAY) },
      { to: "a@x.test", subject: "s", text: "t", template: "x", status: "PENDING", createdAt: ago(HOUR) },
      { to: "a@x.test", subject: "s", text: "t", template: "x", status: "PENDING", createdAt: ago(60_000) },
      { to: "a@x.test", subject: "s", text: "t", template: "x", status: "SENT", createdAt: ago(HOUR) },
    ],
  });
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

describe("dashboard", () => {
  it("money per currency, never summed across currencies; at risk nearest deadline first", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    expect(d.charged).toEqual([
      { currency: "EUR", count: 3, amount: 8800 + 5000 + 4000 },
      { currency: "SEK", count: 1, amount: 100000 },
    ]);
    expect(d.fees).toEqual([
      { currency: "EUR", count: 3, amount: 800 + 500 + 400 },
      { currency: "SEK", count: 1, amount: 10000 },
    ]);
    expect(d.refunded).toEqual([{ currency: "EUR", count: 1, amount: 5000 }]); // the failed refund is not money back
    expect(d.atRisk).toEqual([{ currency: "EUR", count: 2, amount: 8800 + 6000 }]);
    expect(d.atRiskNearest.map((r) => r.id)).toEqual([b.failedB, b.failedA]);
    expect(d.atRiskNearest[0]).toMatchObject({ reason: "card_declined", customerEmail: "eino@example.test", amount: 6000 });
  });

  it("the period decides what counts: 30 days takes in the older charge", async () => {
    const d = await loadDashboard(db, { days: 30 }, { now: NOW, smtpConfigured: true });
    expect(d.charged.find((c) => c.currency === "EUR")).toEqual({ currency: "EUR", count: 4, amount: 8800 + 5000 + 4000 + 7000 });
    expect(d.failureReasons).toEqual([
      { code: "insufficient_funds", count: 2 },
      { code: "authentication_required", count: 1 },
      { code: "card_declined", count: 1 },
    ]);
    // Custom local dates: 2026-02-20 … 2026-02-25 holds only the "old" charge (paid 2026-02-23).
    const custom = await loadDashboard(db, { from: "2026-02-20", to: "2026-02-25" }, { now: NOW, smtpConfigured: true });
    expect(custom.charged).toEqual([{ currency: "EUR", count: 1, amount: 7000 }]);
    expect(custom.period.days).toEqual(["2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-02-24", "2026-02-25"]);
  });

  it("statuses, off-session rate, failures by code, pay-now recovery and its median", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    expect(Object.fromEntries(d.byStatus.map((s) => [s.status, s.count]))).toEqual({
      REQUESTED: 1, ACCEPTED: 2, PAID: 2, PAYMENT_FAILED: 2, COMPLETED: 1, REFUNDED: 1,
    });
    expect(d.offSession).toEqual({ attempts: 5, succeeded: 2, failed: 3, other: 0, successRate: 2 / 5 });
    expect(d.failureReasons).toEqual([
      { code: "insufficient_funds", count: 2 },
      { code: "card_declined", count: 1 },
    ]);
    expect(d.recovery).toEqual({ failed: 3, payNow: 1, retry: 0, waiting: 2, medianPayNowSeconds: 6 * 3600 });
  });

  it("charges due in 24 h and 7 days (first charges and automatic retries), per currency", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    // 24 h: due1 (10 h) + failedA's retry (5 h); 7 days: + due2 (3 days) + failedB's retry (3 days).
    expect(d.due).toEqual([{ currency: "EUR", count24h: 2, amount24h: 8800 + 8800, count7d: 4, amount7d: 8800 + 8800 + 3000 + 6000 }]);
  });

  it("charges and refunds per local day, every day of the period present", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    const eur = d.perDay.filter((p) => p.currency === "EUR");
    expect(eur.map((p) => p.day)).toEqual(["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14", "2026-03-15"]);
    expect(eur.find((p) => p.day === "2026-03-14")).toEqual({ day: "2026-03-14", currency: "EUR", charged: 8800, refunded: 5000 });
    expect(eur.reduce((s, p) => s + p.charged, 0)).toBe(8800 + 5000 + 4000);
    expect(d.perDay.filter((p) => p.currency === "SEK").reduce((s, p) => s + p.charged, 0)).toBe(100000);
  });

  it("health: cron passes, webhook failures and lag, emails not sent", async () => {
    const d = await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: true });
    expect(d.cron.runs).toBe(2);
    expect(d.cron.failedRuns).toBe(1);
    expect(d.cron.recent.map((r) => [r.status, r.durationMs])).toEqual([["FAILED", 250], ["SUCCEEDED", 1500]]);
    expect(d.webhooks).toMatchObject({ received: 4, failed: 1, stuck: 1, lagP50Seconds: 3, lagMaxSeconds: 60 });
    expect(d.webhooks.lastFailures.map((w) => w.id)).toEqual(["evt_4", "evt_3"]);
    expect(d.emails).toEqual({ failed: 1, pending: 1, smtpConfigured: true });
    expect((await loadDashboard(db, { days: 7 }, { now: NOW, smtpConfigured: false })).emails.pending).toBe(0);
  });

  it("the period parser takes 7/30/90 or a valid custom range", () => {
    expect(parseDashboardPeriod({ days: "90" }).period).toEqual({ days: 90 });
    expect(parseDashboardPeriod({ days: "12" }).period).toEqual({ days: 30 });
    expect(parseDashboardPeriod({ from: "2026-01-01", to: "2026-01-31" }).period).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(parseDashboardPeriod({ from: "2026-02-01", to: "2026-01-31" }).error).toMatch(/start before/);
    expect(parseDashboardPeriod({ from: "2026-01-01" }).error).toMatch(/both dates/);
    expect(parseDashboardPeriod({ from: "2024-01-01", to: "2026-01-01" }).error).toMatch(/at most a year/);
  });
});

const ids = async (filters: Omit<BookingFilters, "page">) => (await listBookings(db, { page: 1, ...filters })).rows.map((r) => r.id);
const sorted = (list: (string | undefined)[]) => [...list].sort();

describe("bookings search", () => {
  it("classifies Stripe ids (a client secret too) and escapes LIKE wildcards", () => {
    expect(classifySearch(" pi_123_secret_abc ")).toEqual({ kind: "payment_intent", value: "pi_123" });
    expect(classifySearch("cus_9")).toEqual({ kind: "customer", value: "cus_9" });
    expect(classifySearch("re_x").kind).toBe("refund");
    expect(classifySearch("ch_x").kind).toBe("charge");
    expect(classifySearch("pm_x").kind).toBe("payment_method");
    expect(classifySearch("aino@example").kind).toBe("text");
    expect(containsPattern("100%_a\\")).toBe("%100\\%\\_a\\\\%");
  });

  it("finds bookings by customer e-mail or name, host e-mail or name, listing title, booking id", async () => {
    expect(sorted(await ids({ q: "AINO@example" }))).toEqual(sorted([b.paid, b.failedA, b.recovered]));
    expect(sorted(await ids({ q: "virtanen" }))).toEqual(sorted([b.paid, b.failedA, b.recovered]));
    expect(sorted(await ids({ q: "otso@hosts" }))).toEqual(sorted([b.refunded, b.sek, b.failedB, b.recovered, b.due2]));
    expect(sorted(await ids({ q: "Saunamaa" }))).toEqual(sorted([b.refunded, b.sek, b.failedB, b.recovered, b.due2]));
    expect(sorted(await ids({ q: "bastu" }))).toEqual([b.sek]);
    expect(await ids({ q: b.due1! })).toEqual([b.due1]);
    // Wildcards are literal: "100%" finds the customer named so, "%" alone nothing else.
    expect(sorted(await ids({ q: "100%" }))).toEqual(sorted([b.old, b.due2]));
    expect(await ids({ q: "zzz-nobody" })).toEqual([]);
  });

  it("finds bookings by each kind of Stripe id", async () => {
    expect(await ids({ q: "pi_fail1" })).toEqual([b.failedA]);
    expect(sorted(await ids({ q: "cus_aino" }))).toEqual(sorted([b.paid, b.failedA, b.recovered])); // by the booking's or the customer's id
    expect(sorted(await ids({ q: "pm_aino1" }))).toEqual(sorted([b.paid, b.failedA]));
    expect(await ids({ q: "pm_newcard" })).toEqual([b.recovered]); // a card used on the pay-now page
    expect(await ids({ q: "ch_fail1" })).toEqual([b.failedA]);
    expect(await ids({ q: "re_full1" })).toEqual([b.refunded]);
    expect(await ids({ q: "pi_unknown" })).toEqual([]);
  });

  it("filters by host, listing, status and search together; sorts whitelisted columns both ways", async () => {
    expect(sorted(await ids({ providerId: hostB, status: "PAYMENT_FAILED" }))).toEqual([b.failedB]);
    expect(sorted(await ids({ listingId: lakeId, q: "aino" }))).toEqual(sorted([b.paid, b.failedA]));
    const byAmount = (await listBookings(db, { page: 1, sort: "amount", dir: "asc" })).rows.map((r) => r.totalAmount);
    expect(byAmount).toEqual([...byAmount].sort((x, y) => x - y));
    const desc = await ids({ sort: "starts", dir: "desc" });
    expect(await ids({ sort: "starts", dir: "asc" })).toEqual([...desc].reverse());
    const page = await listBookings(db, { page: 1, q: "aino" });
    expect(page.total).toBe(3);
    expect(page.rows[0]?.provider.email).toMatch(/@hosts\.test$/);
  });
});

/** The stream's text, byte-order mark kept (Response.text() would drop it). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

/** A small RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("CSV export", () => {
  it("holds exactly the filtered bookings, in the list's order, across keyset batches", async () => {
    const filters = { q: "otso@hosts", sort: "amount" as const, dir: "asc" as const };
    const text = await readAll(bookingsCsvStream(db, filters, 2)); // batches of 2: three batches
    expect(text.startsWith("\uFEFFbooking_id,status,")).toBe(true);
    const rows = parseCsv(text.slice(1));
    const header = rows[0]!;
    const body = rows.slice(1);
    expect(body.map((r) => r[0])).toEqual(await ids(filters));
    const sek = body.find((r) => r[0] === b.sek)!;
    const col = (name: string) => header.indexOf(name);
    expect(sek[col("currency")]).toBe("SEK");
    expect(sek[col("total_minor")]).toBe("100000");
    expect(sek[col("total")]).toMatch(/1[\s,.\u00a0\u202f]?000(\.00)?/);
    expect(sek[col("listing_time_zone")]).toBe("Europe/Stockholm");
    expect(sek[col("starts_utc")]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Stockholm is UTC+1 in March.
    const utcHour = Number(sek[col("starts_utc")]!.slice(11, 13));
    expect(Number(sek[col("starts_local")]!.slice(11, 13))).toBe((utcHour + 1) % 24);
  });

  it("escapes commas and quotes and defuses formulas", async () => {
    const text = await readAll(bookingsCsvStream(db, { q: "example.test" }));
    expect(text).toContain('"Eino ""Ekku"", Jr"');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const rows = parseCsv(text.slice(1));
    expect(rows.slice(1).every((r) => r.length === rows[0]!.length)).toBe(true);
    expect(rows.find((r) => r[0] === b.sek)?.[6]).toBe(`'=HYPERLINK("http://x")`);
  });

  it("an empty result is just the header; the route refuses visitors and non-operators", async () => {
    expect(parseCsv((await readAll(bookingsCsvStream(db, { q: "nobody-at-all" }))).slice(1))).toHaveLength(1);
    const url = new URL("http://localhost/admin/bookings/export?status=PAID");
    expect(exportBookingsResponse(db, null, url, NOW).status).toBe(401);
    expect(exportBookingsResponse(db, { role: "CUSTOMER" }, url, NOW).status).toBe(403);
    expect(exportBookingsResponse(db, { role: "PROVIDER" }, url, NOW).status).toBe(403);
    const ok = exportBookingsResponse(db, { role: "OPERATOR" }, url, NOW);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(ok.headers.get("content-disposition")).toMatch(/^attachment; filename="bookings-2026-03-15T1200Z\.csv"$/);
    const body = parseCsv((await readAll(ok.body!)).slice(1));
    expect(sorted(body.slice(1).map((r) => r[0]))).toEqual(sorted([b.paid, b.old, b.recovered]));
  });
});
