/** Demo data: seeded into an empty database only, once, even when two seeders race. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import bcrypt from "bcryptjs";
import { DEMO_HOSTS_NOT_ONBOARDED } from "../../prisma/seed/data";
import { DEMO_PASSWORD, DEMO_USERS, seedDatabase, seedDatabaseAt } from "../../prisma/seed/index";
import { DEMO_LISTINGS } from "../../prisma/seed/data";
import { createMigratedDatabase } from "../support/databases";
import { startStripe, type TestStripe } from "../support/booking-fixtures";
import { createContext } from "@/lib/context";
import { ManualClock } from "@/lib/clock";
import { runScheduledPass } from "@/lib/jobs/pass";
import { BookingStatus } from "@/lib/generated/prisma/enums";
import { StripeGate } from "@/lib/stripe/rate-limit";

let fresh: { url: string; drop(): Promise<void> };
let db: PrismaClient;
let t: TestStripe;
/** "Now" of the seed, and how long it took (users, saunas and every booking). */
const seededAt = new Date();
let seedMs = 0;
let stripeRequests = 0;

beforeAll(async () => {
  fresh = await createMigratedDatabase(inject("databaseUrl"));
  db = createPrismaClient(fresh.url, { max: 4 });
  t = await startStripe();
});
afterAll(async () => {
  await db.$disconnect();
  await fresh.drop();
  await t.stop();
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
  it("fills an empty database with every role, ≥12 saunas in several cities, photos and hours", { timeout: 180_000 }, async () => {
    // Two seeders at once (two instances starting): exactly one seeds.
    const demo = { stripe: t.stripe, control: t.emulator.control };
    const requestsBefore = (await t.emulator.control.counters()).requests;
    const started = performance.now();
    const results = await Promise.all([
      seedDatabaseAt(fresh.url, { stripe: demo, today: seededAt }),
      seedDatabaseAt(fresh.url, { stripe: demo, today: seededAt }),
    ]);
    seedMs = performance.now() - started;
    stripeRequests = (await t.emulator.control.counters()).requests - requestsBefore;
    expect(results.filter((r) => r.seeded)).toHaveLength(1);

    const roles = await db.user.groupBy({ by: ["role"], _count: true });
    const byRole = Object.fromEntries(roles.map((r) => [r.role, r._count]));
    expect(byRole).toEqual({ OPERATOR: 1, PROVIDER: 4, CUSTOMER: 3 });
    // Every demo host can be paid but the one left to show onboarding.
    const accounts = await db.connectedAccount.findMany({ include: { user: { select: { email: true } } } });
    const onboardedHosts = DEMO_USERS.filter((u) => u.role === "PROVIDER" && !DEMO_HOSTS_NOT_ONBOARDED.includes(u.key));
    expect(accounts.map((a) => a.user.email).sort()).toEqual(onboardedHosts.map((u) => u.email).sort());
    for (const a of accounts) expect(a, a.user.email).toMatchObject({ chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true });

    const listings = await db.listing.findMany({ include: { photos: true, openingHours: true } });
    expect(listings.length).toBeGreaterThanOrEqual(12);
    expect(new Set(listings.map((l) => l.city)).size).toBeGreaterThanOrEqual(6);
    for (const listing of listings) {
      expect(listing.photos.length, listing.slug).toBeGreaterThan(0);
      expect(listing.openingHours.length, listing.slug).toBeGreaterThan(0);
      expect(Number.isInteger(listing.hourlyPrice) && listing.hourlyPrice > 0).toBe(true);
      expect(listing.currency).toBe("EUR");
      for (const photo of listing.photos) {
        expect(photo.url).toMatch(/^\/saunas\/[a-z-]+\.webp$/);
        expect(fs.existsSync(path.join("public", photo.url)), photo.url).toBe(true);
      }
    }
    expect(await db.availabilityException.count()).toBeGreaterThan(0);
  });

  it("makes bookings in every status but the transient CHARGING, for every customer and provider, with a bounded number of Stripe calls", { timeout: 120_000 }, async () => {
    // The wall time depends on the machine (printed); the work it does is bounded here.
    console.log(`seed with bookings: ${Math.round(seedMs)} ms, ${stripeRequests} Stripe requests`);
    // Paying the demo hosts out adds about a dozen (a balance read and a payout per host, the settled payouts read back).
    expect(stripeRequests).toBeLessThan(160);
    const byStatus = await db.booking.groupBy({ by: ["status"], _count: true });
    const present = new Set(byStatus.map((g) => g.status));
    for (const status of Object.values(BookingStatus)) {
      if (status === "CHARGING") expect(present.has(status)).toBe(false);
      else expect(present.has(status), status).toBe(true);
    }
    const bookings = await db.booking.findMany({ include: { listing: { select: { providerId: true } }, refunds: true, paymentAttempts: true, events: { orderBy: { at: "asc" } }, emails: true } });
    expect(new Set(bookings.map((b) => b.customerId)).size).toBe(DEMO_USERS.filter((u) => u.role === "CUSTOMER").length);
    // Every host who can be paid has bookings (the host without payouts takes no requests).
    expect(new Set(bookings.map((b) => b.listing.providerId)).size).toBe(DEMO_USERS.filter((u) => u.role === "PROVIDER" && !DEMO_HOSTS_NOT_ONBOARDED.includes(u.key)).length);

    // Spread over the past 90 days and the next 60; dated as they happened.
    const DAY = 86_400_000;
    for (const b of bookings) {
      expect(b.startsAt.getTime()).toBeGreaterThan(seededAt.getTime() - 90 * DAY);
      expect(b.startsAt.getTime()).toBeLessThan(seededAt.getTime() + 60 * DAY);
      expect(b.createdAt.getTime()).toBeLessThanOrEqual(seededAt.getTime());
      expect(b.events[0]?.type).toBe("request");
      for (const e of b.emails) expect(e.createdAt.getTime()).toBeGreaterThanOrEqual(b.createdAt.getTime());
    }
    const past = bookings.filter((b) => b.endsAt < seededAt);
    expect(past.some((b) => b.createdAt.getTime() < seededAt.getTime() - 60 * DAY)).toBe(true);
    for (const b of past) {
      // What happened before the start is dated before it (the seed's clock, not the wall clock).
      expect(b.emails.length, b.id).toBeGreaterThan(0);
      expect(b.emails.filter((e) => e.template === "booking.request_sent").every((e) => e.createdAt < b.startsAt)).toBe(true);
      expect(b.events.every((e) => e.at <= seededAt)).toBe(true);
    }

    // The states the story promises.
    const requested = bookings.filter((b) => b.status === "REQUESTED");
    expect(requested.some((b) => b.requestExpiresAt!.getTime() - seededAt.getTime() < 6 * 3_600_000)).toBe(true);
    expect(bookings.some((b) => b.status === "ACCEPTED" && b.chargeAt! > seededAt)).toBe(true);
    const failed = bookings.filter((b) => b.status === "PAYMENT_FAILED");
    expect(failed.map((b) => b.lastFailureCode ?? b.lastDeclineCode).sort()).toEqual(
      expect.arrayContaining(["authentication_required", "card_declined"]),
    );
    for (const b of failed) expect(b.payBy! > seededAt).toBe(true);
    expect(bookings.some((b) => (b.status === "PAID" || b.status === "COMPLETED") && b.refundedAmount > 0 && b.refundedAmount < b.totalAmount)).toBe(true);
    expect(bookings.some((b) => b.status === "REFUNDED" && b.refundedAmount === b.totalAmount)).toBe(true);
    expect(bookings.some((b) => b.status === "COMPLETED" && b.paymentAttempts.some((a) => a.kind === "ON_SESSION" && a.outcome === "SUCCEEDED"))).toBe(true);

    // Reviews (some replied to) of completed stays, kept on their listings; conversations with e-mails.
    const reviews = await db.review.findMany({ include: { booking: { select: { status: true } }, listing: { select: { reviewCount: true } } } });
    expect(reviews.length).toBeGreaterThanOrEqual(3);
    expect(reviews.every((r) => r.booking.status === "COMPLETED" || r.booking.status === "REFUNDED")).toBe(true);
    expect(reviews.some((r) => r.reply !== null)).toBe(true);
    expect(await db.listing.aggregate({ _sum: { reviewCount: true } })).toEqual({ _sum: { reviewCount: reviews.length } });
    const conversations = await db.message.groupBy({ by: ["bookingId"], _count: true });
    expect(conversations.some((c) => c._count >= 3)).toBe(true);
    expect(await db.outboxEmail.count({ where: { template: "conversation.new_message" } })).toBeGreaterThanOrEqual(2);

    // Every Stripe id is real in the emulator, and agrees with the booking.
    for (const b of bookings) {
      expect(b.stripeCustomerId).toMatch(/^cus_/);
      expect((await t.stripe.customers.retrieve(b.stripeCustomerId!)).id).toBe(b.stripeCustomerId);
      expect((await t.stripe.paymentMethods.retrieve(b.paymentMethodId!)).customer).toBe(b.stripeCustomerId);
      if (b.stripePaymentIntentId) {
        const pi = await t.stripe.paymentIntents.retrieve(b.stripePaymentIntentId);
        expect(pi.metadata.booking_id).toBe(b.id);
        expect(pi.amount).toBe(b.totalAmount);
        if (b.paidAt) expect(pi.status).toBe("succeeded");
      }
      if (b.paidAt) expect(b.stripePaymentIntentId).toMatch(/^pi_/);
      for (const r of b.refunds) {
        const refund = await t.stripe.refunds.retrieve(r.stripeRefundId!);
        expect(refund).toMatchObject({ amount: r.amount, payment_intent: b.stripePaymentIntentId });
      }
    }

    // Nothing is left due: a pass at the seed's "now" changes nothing.
    const before = await db.booking.findMany({ select: { id: true, status: true, updatedAt: true }, orderBy: { id: "asc" } });
    const ctx = createContext({ db, stripe: t.stripe, clock: new ManualClock(seededAt), gate: new StripeGate({ perSecond: null, concurrency: 4 }) });
    const pass = await runScheduledPass(ctx);
    expect(pass).toMatchObject({ requestsExpired: 0, paymentsExpired: 0, completed: 0, charged: { attempted: 0 } });
    expect(await db.booking.findMany({ select: { id: true, status: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(before);
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
