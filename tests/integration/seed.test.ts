/** Demo data: seeded into an empty database only, once, even when two seeders race. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import bcrypt from "bcryptjs";
import { DEMO_PASSWORD, DEMO_USERS, seedDatabase, seedDatabaseAt } from "../../prisma/seed/index";
import { DEMO_LISTINGS } from "../../prisma/seed/data";
import { createMigratedDatabase } from "../support/databases";

let fresh: { url: string; drop(): Promise<void> };
let db: PrismaClient;

beforeAll(async () => {
  fresh = await createMigratedDatabase(inject("databaseUrl"));
  db = createPrismaClient(fresh.url, { max: 4 });
});
afterAll(async () => {
  await db.$disconnect();
  await fresh.drop();
});

async function counts() {
  return {
    users: await db.user.count(),
    listings: await db.listing.count(),
    photos: await db.listingPhoto.count(),
    hours: await db.openingHours.count(),
    blocked: await db.availabilityException.count(),
  };
}

describe("seed", () => {
  it("fills an empty database with every role, ≥12 saunas in several cities, photos and hours", async () => {
    // Two seeders at once (two instances starting): exactly one seeds.
    const results = await Promise.all([seedDatabaseAt(fresh.url), seedDatabaseAt(fresh.url)]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);

    const roles = await db.user.groupBy({ by: ["role"], _count: true });
    const byRole = Object.fromEntries(roles.map((r) => [r.role, r._count]));
    expect(byRole).toEqual({ OPERATOR: 1, PROVIDER: 3, CUSTOMER: 3 });

    const listings = await db.listing.findMany({ include: { photos: true, openingHours: true } });
    expect(listings.length).toBeGreaterThanOrEqual(12);
    expect(new Set(listings.map((l) => l.city)).size).toBeGreaterThanOrEqual(6);
    for (const listing of listings) {
      expect(listing.photos.length, listing.slug).toBeGreaterThan(0);
      expect(listing.openingHours.length, listing.slug).toBeGreaterThan(0);
      expect(Number.isInteger(listing.hourlyPrice) && listing.hourlyPrice > 0).toBe(true);
      expect(listing.currency).toBe("EUR");
      for (const photo of listing.photos) {
        expect(photo.url).toMatch(/^\/saunas\/[a-z-]+\.svg$/);
        expect(fs.existsSync(path.join("public", photo.url)), photo.url).toBe(true);
      }
    }
    expect(await db.availabilityException.count()).toBeGreaterThan(0);
  });

  it("gives every demo account the printed password", async () => {
    for (const demo of DEMO_USERS) {
      const user = await db.user.findUniqueOrThrow({ where: { email: demo.email } });
      expect(user.role).toBe(demo.role);
      await expect(bcrypt.compare(DEMO_PASSWORD, user.passwordHash)).resolves.toBe(true);
    }
  });

  it("changes nothing when run again", async () => {
    const before = await counts();
    await expect(seedDatabase(db)).resolves.toMatchObject({ seeded: false });
    expect(await counts()).toEqual(before);
    expect(before.listings).toBe(DEMO_LISTINGS.length);
  });

  it("leaves a database that already has users alone", async () => {
    const other = await createMigratedDatabase(inject("databaseUrl"));
    const otherDb = createPrismaClient(other.url, { max: 2 });
    try {
      await otherDb.user.create({ data: { email: "someone@it.test", name: "Someone", passwordHash: "x" } });
      await expect(seedDatabase(otherDb)).resolves.toMatchObject({ seeded: false });
      expect(await otherDb.listing.count()).toBe(0);
    } finally {
      await otherDb.$disconnect();
      await other.drop();
    }
  });
});
