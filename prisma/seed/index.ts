/**
 * Seeds the demo marketplace (prisma/seed/data.ts) into an empty database. A database
 * that already has users is left alone, so running it again changes nothing.
 */
import bcrypt from "bcryptjs";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { seedDemoBookings, type DemoStripe } from "./bookings";
import { onboardDemoHosts } from "./connect";
import { DEMO_LISTINGS, DEMO_PASSWORD, DEMO_USERS, type DemoListing } from "./data";

export { DEMO_PASSWORD, DEMO_USERS } from "./data";
export type { DemoStripe } from "./bookings";

/** Same cost as lib/auth/password.ts. */
const BCRYPT_COST = 11;
/** Serialises concurrent seeders (two app instances starting at once). */
const SEED_LOCK_KEY = 0x10_77_1e;

export interface SeedResult {
  seeded: boolean;
  summary: string;
}

export interface SeedOptions {
  /** "Now" for the demo data (default: the real time). */
  today?: Date;
  /**
   * The Stripe emulator: with it, demo bookings in every state are made through the use
   * cases (prisma/seed/bookings.ts); without it (real Stripe, or none) only users and saunas.
   */
  stripe?: DemoStripe;
}

export async function seedDatabase(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const today = options.today ?? new Date();
  const base = await seedUsersAndListings(prisma, today);
  if (!base.seeded || !options.stripe) return base;
  const hosts = await onboardDemoHosts(prisma, options.stripe, base.users);
  const { bookings } = await seedDemoBookings(prisma, options.stripe, base.users, base.listings, { now: today });
  return { seeded: true, summary: `${base.summary}, ${hosts} hosts onboarded, ${bookings} bookings` };
}

async function seedUsersAndListings(
  prisma: PrismaClient,
  today: Date,
): Promise<SeedResult & { users: Map<string, Actor>; listings: Map<string, string> }> {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, BCRYPT_COST);
  const users = new Map<string, Actor>();
  const listings = new Map<string, string>();
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      if ((await tx.user.count()) > 0) return { seeded: false, summary: "database not empty", users, listings };

      const userIds = new Map<string, string>();
      for (const user of DEMO_USERS) {
        const created = await tx.user.create({
          data: { email: user.email, name: user.name, role: user.role, passwordHash },
        });
        userIds.set(user.key, created.id);
        users.set(user.key, { id: created.id, role: created.role });
      }

      for (const listing of DEMO_LISTINGS) {
        const providerId = userIds.get(listing.provider);
        if (!providerId) throw new Error(`Seed listing ${listing.slug}: unknown provider ${listing.provider}`);
        const created = await tx.listing.create({ data: listingData(listing, providerId, today) });
        listings.set(listing.slug, created.id);
      }
      const cities = new Set(DEMO_LISTINGS.map((l) => l.city));
      return {
        seeded: true,
        summary: `${DEMO_USERS.length} users, ${DEMO_LISTINGS.length} saunas in ${cities.size} cities`,
        users,
        listings,
      };
    },
    { timeout: 30_000 },
  );
}

/** Seeds the database at `url` with a short-lived client. */
export async function seedDatabaseAt(url: string, options: SeedOptions = {}): Promise<SeedResult> {
  const prisma = createPrismaClient(url, { max: 4 });
  try {
    return await seedDatabase(prisma, options);
  } finally {
    await prisma.$disconnect();
  }
}

function listingData(listing: DemoListing, providerId: string, today: Date) {
  return {
    providerId,
    slug: listing.slug,
    title: listing.title,
    description: listing.description,
    city: listing.city,
    address: listing.address,
    timeZone: "Europe/Helsinki",
    hourlyPrice: listing.hourlyPrice,
    currency: "EUR",
    capacity: listing.capacity,
    minHours: listing.minHours,
    photos: {
      create: listing.photos.map((url, position) => ({
        url,
        position,
        alt: `${listing.title}, ${listing.city}`,
      })),
    },
    openingHours: {
      create: listing.hours.map(([weekday, opens, closes]) => ({
        weekday,
        opensAt: minutes(opens),
        closesAt: minutes(closes),
      })),
    },
    blockedDates: {
      create: (listing.blocked ?? []).map(({ month, day, reason }) => ({
        date: nextOccurrence(month, day, today),
        reason,
      })),
    },
  };
}

/** "HH:MM" → minutes after midnight ("24:00" → 1440). */
export function minutes(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`Bad time ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The next calendar date (UTC midnight, for a DATE column) with this month and day. */
export function nextOccurrence(month: number, day: number, today: Date): Date {
  const year = today.getUTCFullYear();
  const thisYear = new Date(Date.UTC(year, month - 1, day));
  const todayDate = Date.UTC(year, today.getUTCMonth(), today.getUTCDate());
  return thisYear.getTime() >= todayDate ? thisYear : new Date(Date.UTC(year + 1, month - 1, day));
}
