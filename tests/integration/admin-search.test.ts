/**
 * The operators' bookings search by text: what it matches (a booking id, part of the customer's
 * or host's e-mail or name, part of the listing's title), with the other filters, its count,
 * and a search matching more users than it lists (left to the database as a sub-select).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTED_MATCHES, listBookings } from "@/lib/admin/bookings";
import type { BookingFilters } from "@/lib/admin/schemas";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { createMigratedDatabase } from "@/tests/support/databases";

let db: PrismaClient;
let drop: () => Promise<void>;
const b: Record<string, string> = {};
let lakeId = "";
let hostId = "";
const HOUR = 3_600_000;

beforeAll(async () => {
  const database = await createMigratedDatabase(process.env.DATABASE_URL!);
  drop = database.drop;
  db = createPrismaClient(database.url, { max: 4 });
  const host = await db.user.create({ data: { email: "kaisa@hosts.test", name: "Kaisa Rantanen", role: "PROVIDER", passwordHash: "x" } });
  hostId = host.id;
  // Ilmari hosts the forest sauna and books the lake sauna himself.
  const ilmari = await db.user.create({ data: { email: "ilmari@hosts.test", name: "Ilmari Lehto", role: "PROVIDER", passwordHash: "x" } });
  const aino = await db.user.create({ data: { email: "aino.virtanen@example.test", name: "Aino Virtanen", passwordHash: "x" } });
  const otto = await db.user.create({ data: { email: "otto@example.test", name: "Otto Kivi", passwordHash: "x" } });
  const listing = (providerId: string, slug: string, title: string) =>
    db.listing.create({ data: { providerId, slug, title, description: "d", city: "c", address: "a", hourlyPrice: 4000, capacity: 4 } });
  const lake = await listing(host.id, "lake", "Lakeside smoke sauna");
  lakeId = lake.id;
  const forest = await listing(ilmari.id, "forest", "Forest bastu");
  let slot = 0;
  const make = async (key: string, listingId: string, customerId: string, status: BookingStatus, startsAt = new Date(Date.UTC(2026, 5, 1) + slot++ * 3 * HOUR)) => {
    const row = await db.booking.create({
      data: {
        listingId, customerId, status, startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), guests: 2,
        hourlyPrice: 4000, hours: 2, subtotalAmount: 8000, feeAmount: 800, totalAmount: 8800, currency: "EUR",
      },
    });
    b[key] = row.id;
  };
  await make("ainoLake", lake.id, aino.id, "PAID");
  await make("ainoForest", forest.id, aino.id, "COMPLETED", new Date("2026-05-10T12:00:00Z"));
  await make("ottoLake", lake.id, otto.id, "CANCELLED");
  await make("ottoForest", forest.id, otto.id, "PAID");
  await make("ilmariLake", lake.id, ilmari.id, "ACCEPTED");
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const search = (filters: Omit<BookingFilters, "page">) => listBookings(db, { page: 1, ...filters });
const ids = async (filters: Omit<BookingFilters, "page">) => (await search(filters)).rows.map((r) => r.id).sort();
const sorted = (list: (string | undefined)[]) => [...list].sort();

describe("bookings search by text", () => {
  it("finds a booking by its id, and bookings by part of the customer's e-mail or name", async () => {
    expect(await ids({ q: b.ottoLake! })).toEqual([b.ottoLake]);
    expect(await ids({ q: "NO.VIRTA" })).toEqual(sorted([b.ainoLake, b.ainoForest]));
    expect(await ids({ q: "kivi" })).toEqual(sorted([b.ottoLake, b.ottoForest]));
  });

  it("finds bookings at a host's listings by part of the host's e-mail or name, and by part of the title", async () => {
    expect(await ids({ q: "kaisa@hosts" })).toEqual(sorted([b.ainoLake, b.ottoLake, b.ilmariLake]));
    expect(await ids({ q: "Rantanen" })).toEqual(sorted([b.ainoLake, b.ottoLake, b.ilmariLake]));
    expect(await ids({ q: "smoke sau" })).toEqual(sorted([b.ainoLake, b.ottoLake, b.ilmariLake]));
    expect(await ids({ q: "bastu" })).toEqual(sorted([b.ainoForest, b.ottoForest]));
  });

  it("a user who is host and customer: their own bookings and those at their listings", async () => {
    expect(await ids({ q: "ilmari" })).toEqual(sorted([b.ilmariLake, b.ainoForest, b.ottoForest]));
    expect(await ids({ q: "nobody-matches-this" })).toEqual([]);
  });

  it("combined with status, dates, listing and host, and counted", async () => {
    expect(await ids({ q: "ilmari", status: "PAID" })).toEqual([b.ottoForest]);
    expect(await ids({ q: "ilmari", from: "2026-06-01" })).toEqual(sorted([b.ilmariLake, b.ottoForest]));
    expect(await ids({ q: "aino", to: "2026-05-31" })).toEqual([b.ainoForest]);
    expect(await ids({ q: "example.test", listingId: lakeId })).toEqual(sorted([b.ainoLake, b.ottoLake]));
    expect(await ids({ q: "example.test", providerId: hostId, status: "CANCELLED" })).toEqual([b.ottoLake]);
    const page = await search({ q: "example.test", sort: "starts", dir: "asc" });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual([b.ainoForest, b.ainoLake, b.ottoLake, b.ottoForest]);
    expect(page.rows[0]).toMatchObject({ customer: { name: "Aino Virtanen" }, provider: { email: "ilmari@hosts.test" }, listing: { title: "Forest bastu" } });
  });

  it("more users matched than it lists: the same bookings, through a sub-select", async () => {
    await db.user.createMany({
      data: Array.from({ length: LISTED_MATCHES + 1 }, (_, i) => ({ email: `crowd${i}@many.test`, name: `Crowd member ${i}`, passwordHash: "x" })),
    });
    const [first, last] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { email: "crowd0@many.test" } }),
      db.user.findUniqueOrThrow({ where: { email: `crowd${LISTED_MATCHES}@many.test` } }),
    ]);
    const booking = (customerId: string, startsAt: string) =>
      db.booking.create({
        data: {
          listingId: lakeId, customerId, status: "ACCEPTED", startsAt: new Date(startsAt), endsAt: new Date(new Date(startsAt).getTime() + HOUR), guests: 1,
          hourlyPrice: 4000, hours: 1, subtotalAmount: 4000, feeAmount: 400, totalAmount: 4400, currency: "EUR",
        },
      });
    const one = await booking(first.id, "2026-07-01T10:00:00Z");
    const two = await booking(last.id, "2026-07-02T10:00:00Z");
    const page = await search({ q: "crowd member" });
    expect(page.rows.map((r) => r.id).sort()).toEqual(sorted([one.id, two.id]));
    expect(page.total).toBe(2);
    expect(await ids({ q: "@many.test", status: "ACCEPTED", from: "2026-07-02" })).toEqual([two.id]);
  });
});
