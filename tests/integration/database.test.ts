/**
 * The migrations: applied through the wasm engine into `_prisma_migrations`, in agreement
 * with schema.prisma, and the constraints Prisma cannot express (overlap exclusion, checks).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { applyMigrations, diffMigrationsToSchema, readMigrations } from "@/scripts/lib/db/migrate";
import { insertBooking } from "../support/booking-fixtures";
import type { BookingStatus, PrismaClient } from "@/lib/generated/prisma/client";

const url = inject("databaseUrl");
let db: PrismaClient;
let listingId: string;
let customerId: string;

beforeAll(async () => {
  db = createPrismaClient(url, { max: 4 });
  const provider = await db.user.create({
    data: { email: `p-${randomUUID()}@it.test`, name: "P", role: "PROVIDER", passwordHash: "x" },
  });
  const customer = await db.user.create({
    data: { email: `c-${randomUUID()}@it.test`, name: "C", passwordHash: "x" },
  });
  customerId = customer.id;
  const listing = await db.listing.create({
    data: {
      providerId: provider.id,
      slug: `overlap-${randomUUID()}`,
      title: "Overlap test sauna",
      description: "—",
      city: "Testila",
      address: "Testikatu 1",
      hourlyPrice: 5000,
      capacity: 4,
    },
  });
  listingId = listing.id;
});
afterAll(() => db.$disconnect());

function booking(startsAt: string, endsAt: string, status: BookingStatus, overrides: { guests?: number; listing?: string } = {}) {
  return insertBooking(db, { listingId: overrides.listing ?? listingId, customerId, status, startsAt, endsAt, guests: overrides.guests });
}

/** Prisma wraps the PostgreSQL error; the constraint name is what matters. */
async function violation(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String(error instanceof Error ? error.message : error) + JSON.stringify(error);
  }
  throw new Error("expected a constraint violation, but the write succeeded");
}

describe("migrations", () => {
  it("are recorded in _prisma_migrations, finished, one row per migration folder", async () => {
    const { migrationDirectories } = await readMigrations();
    const rows = await db.$queryRaw<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[]>`
      SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(migrationDirectories.map((d) => d.path));
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });

  it("apply again as a no-op", async () => {
    await expect(applyMigrations(url)).resolves.toEqual({ applied: [] });
  });

  it("agree with schema.prisma (no migration missing)", async () => {
    await expect(diffMigrationsToSchema(url)).resolves.toBe("");
  });

  it("point photos seeded with the old SVG drawings at the WebP photos, and nothing else", async () => {
    const { migrationDirectories } = await readMigrations();
    const migration = migrationDirectories.find((d) => d.path.endsWith("_demo_photos_webp"))?.migrationFile.content;
    if (migration?.tag !== "ok") throw new Error("the demo_photos_webp migration is missing");
    const urls = ["/saunas/aurora-cabin.svg", "/saunas/winter-hole.webp", "/uploads/listings/x/a.svg", "/saunas/a/b.svg", "https://cdn.test/saunas/c.svg"];
    const photos = await Promise.all(urls.map((url, position) => db.listingPhoto.create({ data: { listingId, url, alt: "x", position } })));
    await db.$executeRawUnsafe(migration.value);
    const after = await db.listingPhoto.findMany({ where: { id: { in: photos.map((p) => p.id) } }, orderBy: { position: "asc" } });
    expect(after.map((p) => p.url)).toEqual(["/saunas/aurora-cabin.webp", ...urls.slice(1)]);
    await db.listingPhoto.deleteMany({ where: { id: { in: photos.map((p) => p.id) } } });
  });

  it("install btree_gist", async () => {
    const rows = await db.$queryRaw<{ extname: string }[]>`SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`;
    expect(rows).toHaveLength(1);
  });
});

describe("bookings of one listing never overlap", () => {
  it("rejects an active booking overlapping another active one", async () => {
    await booking("2031-01-10T16:00:00Z", "2031-01-10T18:00:00Z", "ACCEPTED");
    const error = await violation(booking("2031-01-10T17:00:00Z", "2031-01-10T19:00:00Z", "REQUESTED"));
    expect(error).toContain("bookings_no_overlap");
  });

  it("treats every slot-holding status as active", async () => {
    const active: BookingStatus[] = ["REQUESTED", "ACCEPTED", "CHARGING", "PAID", "PAYMENT_FAILED", "COMPLETED"];
    for (const [i, status] of active.entries()) {
      const day = String(11 + i).padStart(2, "0");
      await booking(`2031-02-${day}T10:00:00Z`, `2031-02-${day}T12:00:00Z`, status);
      const error = await violation(booking(`2031-02-${day}T11:00:00Z`, `2031-02-${day}T13:00:00Z`, "REQUESTED"));
      expect(error, status).toContain("bookings_no_overlap");
    }
  });

  it("allows overlapping a cancelled, declined, expired or refunded booking", async () => {
    const freed: BookingStatus[] = ["CANCELLED", "DECLINED", "EXPIRED", "PAYMENT_EXPIRED", "REFUNDED"];
    for (const [i, status] of freed.entries()) {
      const day = String(10 + i).padStart(2, "0");
      await booking(`2031-03-${day}T10:00:00Z`, `2031-03-${day}T12:00:00Z`, status);
      await expect(booking(`2031-03-${day}T10:00:00Z`, `2031-03-${day}T12:00:00Z`, "REQUESTED")).resolves.toBeTruthy();
    }
  });

  it("allows back-to-back bookings (half-open ranges)", async () => {
    await booking("2031-04-01T10:00:00Z", "2031-04-01T12:00:00Z", "PAID");
    await expect(booking("2031-04-01T12:00:00Z", "2031-04-01T14:00:00Z", "ACCEPTED")).resolves.toBeTruthy();
  });

  it("blocks re-activating a cancelled booking into a taken slot", async () => {
    const cancelled = await booking("2031-05-01T10:00:00Z", "2031-05-01T12:00:00Z", "CANCELLED");
    await booking("2031-05-01T11:00:00Z", "2031-05-01T13:00:00Z", "ACCEPTED");
    const error = await violation(db.booking.update({ where: { id: cancelled.id }, data: { status: "REQUESTED" } }));
    expect(error).toContain("bookings_no_overlap");
  });

  it("does not constrain different listings", async () => {
    const other = await db.listing.create({
      data: {
        providerId: (await db.listing.findUniqueOrThrow({ where: { id: listingId } })).providerId,
        slug: `other-${randomUUID()}`,
        title: "Other",
        description: "—",
        city: "Testila",
        address: "Testikatu 2",
        hourlyPrice: 5000,
        capacity: 4,
      },
    });
    await booking("2031-06-01T10:00:00Z", "2031-06-01T12:00:00Z", "PAID");
    await expect(
      booking("2031-06-01T10:00:00Z", "2031-06-01T12:00:00Z", "PAID", { listing: other.id }),
    ).resolves.toBeTruthy();
  });
});

describe("check constraints", () => {
  it("reject a booking that ends before it starts", async () => {
    const error = await violation(booking("2031-07-01T12:00:00Z", "2031-07-01T10:00:00Z", "CANCELLED"));
    expect(error).toContain("bookings_ends_after_start");
  });

  it("reject zero guests", async () => {
    const error = await violation(booking("2031-07-02T10:00:00Z", "2031-07-02T12:00:00Z", "CANCELLED", { guests: 0 }));
    expect(error).toContain("bookings_guests_positive");
  });

  it("reject negative amounts", async () => {
    const created = await booking("2031-07-03T10:00:00Z", "2031-07-03T12:00:00Z", "CANCELLED");
    const error = await violation(db.booking.update({ where: { id: created.id }, data: { totalAmount: -1 } }));
    expect(error).toContain("bookings_amounts_non_negative");
  });

  it("reject opening hours outside a day", async () => {
    const error = await violation(
      db.openingHours.create({ data: { listingId, weekday: 8, opensAt: 600, closesAt: 1200 } }),
    );
    expect(error).toContain("opening_hours_weekday_iso");
  });
});
