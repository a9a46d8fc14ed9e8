/**
 * The raw batch INSERT (lib/db/insert-rows.ts) writes what Prisma's createMany wrote: every
 * column type of the three tables it serves (enums, JSON, timestamps, booleans, char(3),
 * nulls), the schema's defaults for fields left out, and one statement's worth of rows.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { BOOKING_EVENTS, insertRows, OUTBOX_EMAILS, PAYMENT_ATTEMPTS } from "@/lib/db/insert-rows";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { insertBooking } from "../support/booking-fixtures";

const url = inject("databaseUrl");
let db: PrismaClient;
let bookingId: string;

beforeAll(async () => {
  db = createPrismaClient(url, { max: 2 });
  const provider = await db.user.create({ data: { email: `p-${randomUUID()}@it.test`, name: "P", role: "PROVIDER", passwordHash: "x" } });
  const customer = await db.user.create({ data: { email: `c-${randomUUID()}@it.test`, name: "C", passwordHash: "x" } });
  const listing = await db.listing.create({
    data: { providerId: provider.id, slug: `rows-${randomUUID()}`, title: "Rows sauna", description: "—", city: "Testila", address: "Testikatu 1", hourlyPrice: 5000, capacity: 4 },
  });
  const booking = await insertBooking(db, {
    listingId: listing.id,
    customerId: customer.id,
    status: "ACCEPTED",
    startsAt: "2031-03-01T10:00:00Z",
    endsAt: "2031-03-01T12:00:00Z",
  });
  bookingId = booking.id;
});
afterAll(() => db.$disconnect());

describe("insertRows", () => {
  it("writes booking events with enums, JSON (and no JSON), actors and the given time", async () => {
    const at = new Date("2031-02-01T09:30:00.123Z");
    const count = await insertRows(db, BOOKING_EVENTS, [
      { bookingId, at, actorType: "SYSTEM", type: "charge_claimed", fromStatus: "ACCEPTED", toStatus: "CHARGING", reason: "Charge due", data: { worker: "w1", nested: { n: 1, quote: 'a "b"' } } },
      { bookingId, at, actorType: "SYSTEM", type: "note", reason: null, data: Prisma.DbNull },
    ]);
    expect(count).toBe(2);
    const rows = await db.bookingEvent.findMany({ where: { bookingId, at }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(rows.map((r) => [r.type, r.actorType, r.fromStatus, r.toStatus, r.reason, r.data, r.at.toISOString()])).toEqual([
      ["charge_claimed", "SYSTEM", "ACCEPTED", "CHARGING", "Charge due", { worker: "w1", nested: { n: 1, quote: 'a "b"' } }, at.toISOString()],
      ["note", "SYSTEM", null, null, null, null, at.toISOString()],
    ]);
    for (const r of rows) expect(r.id).toMatch(/^c[0-9a-z]{24}$/);
  });

  it("writes payment attempts with their amounts, char(3) currency, booleans and the defaults left out", async () => {
    const before = new Date(Date.now() - 60_000);
    await insertRows(db, PAYMENT_ATTEMPTS, [
      { bookingId, kind: "OFF_SESSION", outcome: "SUCCEEDED", stripePaymentIntentId: "pi_1", amount: 11000, currency: "EUR", countsTowardRetries: false, finishedAt: new Date("2031-02-01T09:30:01Z") },
      { bookingId, kind: "OFF_SESSION", outcome: "DECLINED", amount: 1, currency: "SEK", errorCode: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
    ]);
    const rows = await db.paymentAttempt.findMany({ where: { bookingId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.outcome, r.amount, r.currency, r.countsTowardRetries, r.stripePaymentIntentId, r.declineCode, r.finishedAt?.toISOString() ?? null])).toEqual([
      ["SUCCEEDED", 11000, "EUR", false, "pi_1", null, "2031-02-01T09:30:01.000Z"],
      ["DECLINED", 1, "SEK", true, null, "insufficient_funds", null],
    ]);
    for (const r of rows) expect(r.startedAt.getTime()).toBeGreaterThan(before.getTime());
  });

  it("writes a batch of outbox e-mails in one statement, PENDING unless told otherwise, with and without a booking", async () => {
    const to = `rows-${randomUUID()}@it.test`;
    const messages = Array.from({ length: 150 }, (_, i) => ({ to, subject: `Receipt ${i}`, text: `Line ${i}\n— Löyly`, html: i % 2 ? null : `<p>${i} &amp; ü</p>`, template: "paid", bookingId: i % 3 ? bookingId : null }));
    expect(await insertRows(db, OUTBOX_EMAILS, messages)).toBe(150);
    const rows = await db.outboxEmail.findMany({ where: { to }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(150);
    expect(rows.map((r) => r.subject)).toEqual(messages.map((m) => m.subject));
    expect(rows[0]).toMatchObject({ status: "PENDING", html: "<p>0 &amp; ü</p>", bookingId: null, text: "Line 0\n— Löyly", sentAt: null });
    expect(rows[1]).toMatchObject({ html: null, bookingId });
  });

  it("writes nothing for no rows, and a bad value fails the whole statement", async () => {
    expect(await insertRows(db, OUTBOX_EMAILS, [])).toBe(0);
    const to = `bad-${randomUUID()}@it.test`;
    await expect(
      insertRows(db, OUTBOX_EMAILS, [
        { to, subject: "ok", text: "ok", template: "paid" },
        { to, subject: "bad", text: "bad", template: "paid", status: "NOT_A_STATUS" as never },
      ]),
    ).rejects.toThrow();
    expect(await db.outboxEmail.count({ where: { to } })).toBe(0);
  });
});
