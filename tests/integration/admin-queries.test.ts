/** The operator's lists: booking filters (status, listing, customer e-mail, local date range), pages, attempts and the outbox. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAdminBookingOrThrow, listBookings } from "@/lib/admin/bookings";
import { getEmailOrThrow, listEmails } from "@/lib/admin/emails";
import { listPaymentAttempts } from "@/lib/admin/payments";
import { PAGE_SIZE } from "@/lib/admin/schemas";
import { createPrismaClient } from "@/lib/db/client";
import { NotFound } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase } from "@/tests/support/databases";

let db: PrismaClient;
let drop: () => Promise<void>;
const ids = { early: "", mid: "", late: "", lake: "" };

beforeAll(async () => {
  const database = await createMigratedDatabase(process.env.DATABASE_URL!);
  drop = database.drop;
  db = createPrismaClient(database.url, { max: 3 });
  const provider = await db.user.create({ data: { email: "host@q.test", name: "Host", role: "PROVIDER", passwordHash: "x" } });
  const anna = await db.user.create({ data: { email: "Anna@Q.test", name: "Anna", passwordHash: "x" } });
  const bert = await db.user.create({ data: { email: "bert@q.test", name: "Bert", passwordHash: "x" } });
  const listing = (slug: string) =>
    db.listing.create({ data: { providerId: provider.id, slug, title: slug, description: "d", city: "c", address: "a", hourlyPrice: 1000, capacity: 4 } });
  const a = await listing("lake");
  const b = await listing("forest");
  const make = (listingId: string, customerId: string, startsAt: string, status: "PAID" | "ACCEPTED" | "CANCELLED") =>
    db.booking.create({
      data: {
        listingId, customerId, status, startsAt: new Date(startsAt), endsAt: new Date(new Date(startsAt).getTime() + 3_600_000), guests: 2,
        hourlyPrice: 1000, hours: 1, subtotalAmount: 1000, feeAmount: 100, totalAmount: 1100, currency: "EUR",
      },
    });
  // 2025-06-01 00:30 in Helsinki is 2025-05-31 21:30 UTC: it belongs to 1 June locally.
  ids.early = (await make(a.id, anna.id, "2025-05-31T21:30:00Z", "PAID")).id;
  ids.mid = (await make(a.id, bert.id, "2025-06-10T15:00:00Z", "ACCEPTED")).id;
  ids.late = (await make(b.id, anna.id, "2025-06-30T21:30:00Z", "CANCELLED")).id; // 1 July 00:30 locally
  ids.lake = a.id;
  await db.paymentAttempt.createMany({
    data: [
      { bookingId: ids.early, kind: "OFF_SESSION", outcome: "DECLINED", amount: 1100, currency: "EUR", declineCode: "insufficient_funds", startedAt: new Date("2025-05-01T10:00:00Z") },
      { bookingId: ids.early, kind: "OFF_SESSION", outcome: "SUCCEEDED", amount: 1100, currency: "EUR", startedAt: new Date("2025-05-02T10:00:00Z") },
    ],
  });
  for (let i = 0; i < PAGE_SIZE + 2; i++) {
    await db.outboxEmail.create({ data: { to: i % 2 ? "anna@q.test" : "bert@q.test", subject: `Mail ${i}`, text: `Body ${i}`, template: i % 2 ? "t.odd" : "t.even", createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)) } });
  }
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("listBookings", () => {
  it("filters by status, listing and customer e-mail (case-insensitive, part of it)", async () => {
    expect(idsOf((await listBookings(db, { page: 1, status: "PAID" })).rows)).toEqual([ids.early]);
    expect(idsOf((await listBookings(db, { page: 1, listingId: ids.lake })).rows)).toEqual([ids.mid, ids.early]);
    expect(idsOf((await listBookings(db, { page: 1, customerEmail: "anna@q" })).rows)).toEqual([ids.late, ids.early]);
  });

  it("the date range is of local (Helsinki) start dates, both ends inclusive", async () => {
    expect(idsOf((await listBookings(db, { page: 1, from: "2025-06-01", to: "2025-06-30" })).rows)).toEqual([ids.mid, ids.early]);
    expect(idsOf((await listBookings(db, { page: 1, from: "2025-07-01" })).rows)).toEqual([ids.late]);
    expect(idsOf((await listBookings(db, { page: 1, to: "2025-05-31" })).rows)).toEqual([]);
  });

  it("one booking's story includes attempts (newest first) and a money summary", async () => {
    const b = await getAdminBookingOrThrow(db, ids.early);
    expect(b.paymentAttempts.map((a) => a.outcome)).toEqual(["SUCCEEDED", "DECLINED"]);
    expect(b.money).toEqual({ paid: 1100, refunded: 0, remaining: 1100, currency: "EUR" });
    expect((await getAdminBookingOrThrow(db, ids.mid)).money.paid).toBe(0);
    await expect(getAdminBookingOrThrow(db, "nope")).rejects.toBeInstanceOf(NotFound);
  });
});

describe("payment attempts and the outbox", () => {
  it("attempts newest first, filtered by outcome", async () => {
    expect((await listPaymentAttempts(db, { page: 1 })).rows.map((a) => a.outcome)).toEqual(["SUCCEEDED", "DECLINED"]);
    const declined = await listPaymentAttempts(db, { page: 1, outcome: "DECLINED" });
    expect(declined.total).toBe(1);
    expect(declined.rows[0]?.declineCode).toBe("insufficient_funds");
  });

  it("emails newest first, paginated and filtered", async () => {
    const first = await listEmails(db, { page: 1 });
    expect(first.total).toBe(PAGE_SIZE + 2);
    expect(first.pageCount).toBe(2);
    expect(first.rows[0]?.subject).toBe(`Mail ${PAGE_SIZE + 1}`);
    expect((await listEmails(db, { page: 2 })).rows.map((r) => r.subject)).toEqual(["Mail 1", "Mail 0"]);
    const odd = await listEmails(db, { page: 1, template: "t.odd", to: "ANNA" });
    expect(odd.rows.every((r) => r.template === "t.odd" && r.to === "anna@q.test")).toBe(true);
    expect(odd.total).toBe(Math.floor((PAGE_SIZE + 2) / 2));
    const one = await getEmailOrThrow(db, first.rows[0]!.id);
    expect(one.text).toBe(`Body ${PAGE_SIZE + 1}`);
  });
});
