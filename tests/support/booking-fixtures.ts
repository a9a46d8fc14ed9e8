/**
 * Factories for booking tests: users, an open listing, a Stripe emulator on a free port and
 * cards set up through real SetupIntents on it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createContext, type ContextOptions, type Ctx } from "@/lib/context";
import { createPrismaClient } from "@/lib/db/client";
import type { BookingStatus, PrismaClient } from "@/lib/generated/prisma/client";
import { createSetupIntent } from "@/lib/payments/setup";
import { bookingTerms, createBookingRequest, type BookingSelection } from "@/lib/use-cases/request-booking";
import { createStripe } from "@/lib/stripe/client";
import { StripeGate } from "@/lib/stripe/rate-limit";
import { addDays, todayIn } from "@/lib/time";
import { startEmulator, type RunningEmulator } from "@/emulator/server/index";

export type RoleName = "CUSTOMER" | "PROVIDER" | "OPERATOR";

export async function makeUser(db: PrismaClient, role: RoleName, name = role.toLowerCase()): Promise<Actor & { email: string }> {
  const created = await db.user.create({
    data: { email: `${role.toLowerCase()}-${randomUUID()}@it.test`, name: `${name} ${randomUUID().slice(0, 4)}`, role, passwordHash: "x" },
  });
  if (role === "PROVIDER") await giveHostAccount(db, created.id);
  return { id: created.id, role: created.role, email: created.email };
}

/**
 * A host's connected account that can be paid (charges and payouts enabled), as our mirror
 * has it. Without an emulator account id, a made-up one: enough for everything but a charge.
 */
export async function giveHostAccount(db: PrismaClient, userId: string, stripeAccountId = `acct_${randomUUID().replace(/-/g, "").slice(0, 16)}`) {
  return db.connectedAccount.create({
    data: { userId, stripeAccountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, requirementsDue: [], pendingVerification: [] },
  });
}

export interface ListingOptions {
  hourlyPrice?: number;
  capacity?: number;
  minHours?: number;
  active?: boolean;
  opensAt?: number;
  closesAt?: number;
  blocked?: string[];
}

/** A listing in Helsinki open every day (08–22 unless told), 40 €/h, 6 guests, min 1 h. */
export async function makeListing(db: PrismaClient, providerId: string, options: ListingOptions = {}) {
  const slug = `it-sauna-${randomUUID().slice(0, 8)}`;
  return db.listing.create({
    data: {
      providerId,
      slug,
      title: `Test sauna ${slug.slice(-4)}`,
      description: "A sauna for integration tests.",
      city: "Testila",
      address: "Testitie 1",
      timeZone: "Europe/Helsinki",
      hourlyPrice: options.hourlyPrice ?? 4000,
      currency: "EUR",
      capacity: options.capacity ?? 6,
      minHours: options.minHours ?? 1,
      active: options.active ?? true,
      openingHours: {
        create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: options.opensAt ?? 8 * 60, closesAt: options.closesAt ?? 22 * 60 })),
      },
      blockedDates: { create: (options.blocked ?? []).map((d) => ({ date: new Date(`${d}T00:00:00Z`) })) },
    },
  });
}

/**
 * A booking row written straight to the table, past the booking rules: two hours at 50 €/h
 * plus a 10 € fee, for tests of the database itself (constraints, raw writes).
 */
export function insertBooking(
  db: PrismaClient,
  row: { listingId: string; customerId: string; status: BookingStatus; startsAt: string; endsAt: string; guests?: number },
) {
  return db.booking.create({
    data: {
      listingId: row.listingId,
      customerId: row.customerId,
      status: row.status,
      startsAt: new Date(row.startsAt),
      endsAt: new Date(row.endsAt),
      guests: row.guests ?? 2,
      hourlyPrice: 5000,
      hours: 2,
      subtotalAmount: 10000,
      feeAmount: 1000,
      totalAmount: 11000,
      currency: "EUR",
    },
  });
}

/** A local date `days` from today in Helsinki. */
export function daysAhead(days: number, now = new Date()): string {
  return addDays(todayIn("Europe/Helsinki", now), days);
}

export interface TestStripe {
  emulator: RunningEmulator;
  stripe: Stripe;
  stop(): Promise<void>;
}

export async function startStripe(): Promise<TestStripe> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loyly-it-stripe-"));
  const emulator = await startEmulator({ port: 0, dataDir, quiet: true });
  const stripe = createStripe(
    { STRIPE_SECRET_KEY: "sk_test_emulator_it", STRIPE_MODE: "emulator", STRIPE_EMULATOR_URL: emulator.url },
    { maxNetworkRetries: 0 },
  );
  return {
    emulator,
    stripe,
    async stop() {
      await emulator.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What the browser does with the Payment Element: a SetupIntent for the user, confirmed
 * with a test card. Cards that need 3DS are left in requires_action unless `complete3DS`.
 */
export async function setUpCard(
  t: TestStripe,
  db: PrismaClient,
  userId: string,
  paymentMethod = "pm_card_visa",
  options: { complete3DS?: boolean } = {},
): Promise<{ setupIntentId: string; status: string }> {
  const created = await createSetupIntent(createContext({ db, stripe: t.stripe }), userId);
  let intent = await t.stripe.setupIntents.confirm(created.id, { payment_method: paymentMethod });
  if (intent.status === "requires_action" && options.complete3DS) {
    await t.emulator.control.complete3DS(created.id, created.clientSecret);
    intent = await t.stripe.setupIntents.retrieve(created.id);
  }
  return { setupIntentId: created.id, status: intent.status };
}

export interface BookingTestContext {
  databaseUrl: string;
  db: PrismaClient;
  /** The emulator of this file (started in beforeAll). */
  readonly t: TestStripe;
  /** A context on this file's database and emulator, fee 10 %. */
  ctx(overrides?: Partial<ContextOptions>): Ctx;
}

/**
 * The shared setup of the booking test files: a Prisma client on the harness database and a
 * Stripe emulator of the file's own, both closed after the file.
 */
export function bookingTestContext(options: { connections?: number } = {}): BookingTestContext {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required for integration tests");
  const db = createPrismaClient(url, { max: options.connections ?? 4 });
  let t: TestStripe | undefined;
  beforeAll(async () => {
    t = await startStripe();
  });
  afterAll(async () => {
    await t?.stop();
    await db.$disconnect();
  });
  const started = (): TestStripe => {
    if (!t) throw new Error("the emulator starts in beforeAll");
    return t;
  };
  return {
    databaseUrl: url,
    db,
    get t() {
      return started();
    },
    ctx: (overrides = {}) =>
      createContext({ db, stripe: started().stripe, gate: new StripeGate({ perSecond: null, concurrency: 100 }), feeBps: 1000, ...overrides }),
  };
}

/**
 * A booking request as the customer sends it from the booking step: the terms shown, a new
 * card set up with a real SetupIntent (3D Secure completed when asked), consent given.
 */
export async function requestBooking(
  ctx: Ctx,
  t: TestStripe,
  customer: Actor,
  listingId: string,
  selection: BookingSelection,
): Promise<{ bookingId: string; terms: Awaited<ReturnType<typeof bookingTerms>> }> {
  const terms = await bookingTerms(ctx, listingId, selection);
  const { setupIntentId } = await setUpCard(t, ctx.db as PrismaClient, customer.id, "pm_card_visa", { complete3DS: true });
  const { bookingId } = await createBookingRequest(ctx, customer, {
    listingId,
    ...selection,
    payment: { kind: "new", setupIntentId },
    consent: { accepted: true, textHash: terms.consent.textHash, ip: "127.0.0.1", userAgent: "vitest" },
  });
  return { bookingId, terms };
}
