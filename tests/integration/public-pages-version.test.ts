/**
 * The public pages' version (`cache_versions` "public-pages"): the database's triggers move
 * it in the transaction of every change a public page shows, and leave it alone for the
 * changes it does not (a booking charged keeps its slot). Every instance empties its cached
 * pages when it sees the version move (lib/http/public-html-cache.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "@/lib/context";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { readPublicPagesVersion } from "@/lib/http/public-pages-version";
import { StripeGate } from "@/lib/stripe/rate-limit";
import { acceptRequest, declineRequest } from "@/lib/use-cases/answer-request";
import type { BookingSelection } from "@/lib/use-cases/request-booking";
import { daysAhead, makeListing, makeUser, requestBooking, startStripe, type TestStripe } from "../support/booking-fixtures";
import { createMigratedDatabase } from "../support/databases";

// A database of this file's own: other files' writes would move the version too.
let database: Awaited<ReturnType<typeof createMigratedDatabase>>;
let db: PrismaClient;
const tc = {} as { t: TestStripe };
beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required for integration tests");
  database = await createMigratedDatabase(url);
  db = createPrismaClient(database.url, { max: 4 });
  tc.t = await startStripe();
});
afterAll(async () => {
  await tc.t?.stop();
  await db?.$disconnect();
  await database?.drop();
});
const ctx = () => createContext({ db, stripe: tc.t.stripe, gate: new StripeGate({ perSecond: null, concurrency: 100 }), feeBps: 1000 });

const version = async () => BigInt(await readPublicPagesVersion(db));

/** How far `work` moved the version. */
async function moves(work: () => Promise<unknown>): Promise<bigint> {
  const before = await version();
  await work();
  return (await version()) - before;
}

describe("the public pages' version", () => {
  it("moves when a listing, its hours or exceptions change, and when a request takes a slot or a decline frees it", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    let listing!: Awaited<ReturnType<typeof makeListing>>;
    expect(await moves(async () => (listing = await makeListing(db, provider.id)))).toBeGreaterThan(0n);
    expect(await moves(() => db.listing.update({ where: { id: listing.id }, data: { title: "Renamed sauna" } }))).toBe(1n);
    expect(await moves(() => db.availabilityException.create({ data: { listingId: listing.id, date: new Date(`${daysAhead(40)}T00:00:00Z`), reason: "Private event" } }))).toBe(1n);

    const selection: BookingSelection = { date: daysAhead(30), startMinutes: 17 * 60, endMinutes: 19 * 60, guests: 2 };
    let bookingId = "";
    const requested = await moves(async () => {
      ({ bookingId } = await requestBooking(ctx(), tc.t, customer, listing.id, selection));
    });
    expect(requested).toBe(1n); // the slot is taken

    expect(await moves(() => declineRequest(ctx(), provider, { bookingId, message: "Closed for maintenance" }))).toBe(1n); // freed
  });

  it("stays when a booking moves on without freeing its slot (accepted, charged)", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const selection: BookingSelection = { date: daysAhead(31), startMinutes: 10 * 60, endMinutes: 12 * 60, guests: 2 };
    const { bookingId } = await requestBooking(ctx(), tc.t, customer, listing.id, selection);
    expect(await moves(() => acceptRequest(ctx(), provider, { bookingId }))).toBe(0n);
    expect(await moves(() => db.booking.update({ where: { id: bookingId }, data: { status: "CHARGING" } }))).toBe(0n);
    expect(await moves(() => db.booking.update({ where: { id: bookingId }, data: { status: "PAID" } }))).toBe(0n);
    expect(await moves(() => db.booking.update({ where: { id: bookingId }, data: { status: "CANCELLED" } }))).toBe(1n);
  });

  it("moves when a user's name changes (a host's shows on their listings, a reviewer's on reviews), not on other account changes", async () => {
    const provider = await makeUser(db, "PROVIDER");
    expect(await moves(() => db.user.update({ where: { id: provider.id }, data: { name: "Renamed Host" } }))).toBe(1n);
    expect(await moves(() => db.user.update({ where: { id: provider.id }, data: { name: "Renamed Host" } }))).toBe(0n);
    expect(await moves(() => db.user.update({ where: { id: provider.id }, data: { passwordHash: "y", stripeCustomerId: "cus_renamed" } }))).toBe(0n);
  });

  it("is seen by a reader only once the writing transaction has committed", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const listing = await makeListing(db, provider.id);
    const before = await version();
    let insideSeen = 0n;
    await db.$transaction(async (tx) => {
      await tx.listing.update({ where: { id: listing.id }, data: { title: "Under way" } });
      insideSeen = await version(); // another connection: the change is not committed yet
    });
    expect(insideSeen).toBe(before);
    expect(await version()).toBe(before + 1n);
  });
});
