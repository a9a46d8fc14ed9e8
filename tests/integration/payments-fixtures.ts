/**
 * Fixtures of the payment tests: an emulator per test file (port 0, in-memory state), SDK
 * clients pointed at it, cards saved the way the app saves them (a SetupIntent confirmed
 * server-side, 3DS completed when the card asks for it), and bookings created directly in
 * the state the charge engine cares about.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { ManualClock } from "@/lib/clock";
import { createContext, type ContextOptions, type Ctx } from "@/lib/context";
import { StripeGate } from "@/lib/stripe/rate-limit";
import { handleStripeWebhook } from "@/lib/payments/webhooks";
import { giveHostAccount } from "@/tests/support/booking-fixtures";
import { mirrorAccount } from "@/lib/connect/accounts";
import { startEmulator, type RunningEmulator } from "@/emulator/server/index";
import { createMigratedDatabase } from "@/tests/support/databases";

export const SECRET_KEY = "sk_test_emulator_payments_it";
export const WEBHOOK_SECRET = "whsec_payments_integration_tests";
const HOUR = 3_600_000;

export interface Harness {
  emulator: RunningEmulator;
  stripe: Stripe;
  db: PrismaClient;
  /** This file's database. */
  databaseUrl: string;
  /** The clock of the contexts below: move it with `clock.set()`/`clock.advance()`. */
  clock: ManualClock;
  /** A context on this file's database, emulator and clock (no rate limit, no sleeping). */
  ctx(overrides?: Partial<ContextOptions>): Ctx;
  /** A Prisma client of its own (another "app instance"). */
  newDb(max?: number): PrismaClient;
  stop(): Promise<void>;
}

export function stripeClient(port: number, options: Partial<Stripe.StripeConfig> = {}): Stripe {
  return new Stripe(SECRET_KEY, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0, telemetry: false, ...options });
}

/**
 * An emulator and a database of this test file's own: a scheduled pass works on every due
 * booking in its database, so files running in parallel must not share one.
 */
export async function startHarness(options: { webhooks?: { url: string; secret: string }[] } = {}): Promise<Harness> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error("DATABASE_URL is required for integration tests");
  const database = await createMigratedDatabase(baseUrl);
  const url = database.url;
  const emulator = await startEmulator({
    port: 0,
    dataDir: null,
    quiet: true,
    refundTransitionMs: 150,
    webhooks: options.webhooks,
    webhookSettings: { retryBaseMs: 50, timeoutMs: 5000 },
  });
  const stripe = stripeClient(emulator.port);
  const db = createPrismaClient(url, { max: 6 });
  const clock = new ManualClock(new Date());
  const extra: PrismaClient[] = [];
  return {
    emulator,
    stripe,
    db,
    databaseUrl: url,
    clock,
    ctx: (overrides = {}) =>
      createContext({
        db,
        stripe,
        clock,
        gate: new StripeGate({ perSecond: null, concurrency: 8 }),
        sleep: async () => {},
        mail: { link: (p) => new URL(p, "http://loyly.test/").toString(), operatorEmail: "operator@loyly.test" },
        ...overrides,
      }),
    newDb: (max = 4) => {
      const client = createPrismaClient(url, { max });
      extra.push(client);
      return client;
    },
    async stop() {
      await Promise.all([db.$disconnect(), ...extra.map((c) => c.$disconnect()), emulator.close()]);
      await database.drop();
    },
  };
}

export interface SavedCardFixture {
  customerId: string;
  paymentMethodId: string;
}

const nextYear = new Date().getUTCFullYear() + 1;

/**
 * Saves a card for off-session use as the app does: a customer, a SetupIntent with
 * usage=off_session confirmed with the card, the 3DS challenge completed if asked.
 * `card` is a number (4000…) or a pm_card_* id.
 */
export async function saveCard(h: Harness, card: string, customerId?: string): Promise<SavedCardFixture> {
  const customer = customerId ?? (await h.stripe.customers.create({ email: `c-${randomUUID()}@it.test` })).id;
  const pm = card.startsWith("pm_")
    ? card
    : (await h.stripe.paymentMethods.create({ type: "card", card: { number: card, exp_month: 12, exp_year: nextYear, cvc: "123" } })).id;
  const si = await h.stripe.setupIntents.create({
    customer,
    payment_method: pm,
    usage: "off_session",
    confirm: true,
    return_url: "http://loyly.test/return",
  });
  let final: Stripe.SetupIntent = si;
  if (si.status === "requires_action") {
    final = (await h.emulator.control.complete3DS<Stripe.SetupIntent>(si.id, si.client_secret ?? "")).intent;
  }
  if (final.status !== "succeeded") throw new Error(`card ${card} could not be set up: ${final.status}`);
  const pmId = typeof final.payment_method === "string" ? final.payment_method : final.payment_method?.id;
  if (!pmId) throw new Error("SetupIntent without payment method");
  return { customerId: customer, paymentMethodId: pmId };
}

export interface BookingFixture {
  id: string;
  customerId: string;
  providerId: string;
  listingId: string;
}

export interface BookingOptions {
  status?: BookingStatus;
  /** Hours from the clock's now to the start (default 72). */
  startsInHours?: number;
  /** chargeAt relative to now in hours (default -0.1: just due). */
  chargeInHours?: number;
  totalAmount?: number;
  currency?: string;
  card?: SavedCardFixture | null;
  requestExpiresInHours?: number;
  customerUserId?: string;
}

/** A user, a listing and one booking on it (its own listing, so slots never collide). */
export async function createBooking(h: Harness, db: PrismaClient, options: BookingOptions = {}): Promise<BookingFixture> {
  const now = h.clock.now();
  const tag = randomUUID().slice(0, 8);
  const provider = await db.user.create({ data: { email: `p-${tag}@it.test`, name: `Provider ${tag}`, role: "PROVIDER", passwordHash: "x" } });
  await onboardedHost(h, db, provider);
  const customer = options.customerUserId
    ? await db.user.findUniqueOrThrow({ where: { id: options.customerUserId } })
    : await db.user.create({
        data: { email: `c-${tag}@it.test`, name: `Customer ${tag}`, role: "CUSTOMER", passwordHash: "x", stripeCustomerId: options.card?.customerId ?? null },
      });
  const listing = await db.listing.create({
    data: {
      providerId: provider.id,
      slug: `sauna-${tag}`,
      title: `Sauna ${tag}`,
      description: "A test sauna.",
      city: "Testila",
      address: "Testitie 1",
      hourlyPrice: 4000,
      capacity: 6,
    },
  });
  const card = options.card === undefined ? null : options.card;
  const consent = card
    ? await db.consentRecord.create({
        data: { userId: customer.id, paymentMethodId: card.paymentMethodId, textVersion: "test", textHash: "x", text: "I agree" },
      })
    : null;
  const startsAt = new Date(now.getTime() + (options.startsInHours ?? 72) * HOUR);
  const total = options.totalAmount ?? 8800;
  const status = options.status ?? "ACCEPTED";
  const booking = await db.booking.create({
    data: {
      listingId: listing.id,
      customerId: customer.id,
      status,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      guests: 2,
      hourlyPrice: 4000,
      hours: 2,
      subtotalAmount: 8000,
      feeAmount: total - 8000,
      totalAmount: total,
      currency: options.currency ?? "EUR",
      stripeCustomerId: card?.customerId ?? null,
      paymentMethodId: card?.paymentMethodId ?? null,
      consentId: consent?.id ?? null,
      requestExpiresAt: status === "REQUESTED" ? new Date(now.getTime() + (options.requestExpiresInHours ?? 24) * HOUR) : null,
      acceptedAt: status === "REQUESTED" ? null : now,
      chargeAt: status === "REQUESTED" ? null : new Date(now.getTime() + (options.chargeInHours ?? -0.1) * HOUR),
      payBy: status === "REQUESTED" ? null : new Date(startsAt.getTime() - 48 * HOUR),
    },
  });
  return { id: booking.id, customerId: customer.id, providerId: provider.id, listingId: listing.id };
}

/**
 * The host's connected account as Get paid makes it (through the gateway), onboarded with
 * the emulator's control API, and our mirror of it: a host who can be paid.
 */
export async function onboardedHost(h: Harness, db: PrismaClient, host: { id: string; email: string }): Promise<string> {
  const ctx = h.ctx({ db });
  const account = await ctx.stripe.createConnectedAccount({ userId: host.id, email: host.email, country: "FI" });
  await addTestBankAccount(h, account.id);
  await h.emulator.control.completeOnboarding(account.id);
  await giveHostAccount(db, host.id, account.id);
  await mirrorAccount(ctx, await ctx.stripe.retrieveAccount(account.id));
  return account.id;
}

/** Stripe's successful Finnish test IBAN as the account's bank account (payouts need one). */
export async function addTestBankAccount(h: Harness, accountId: string): Promise<void> {
  await h.stripe.accounts.update(accountId, {
    external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: "FI2112345600000785" },
  } as Stripe.AccountUpdateParams);
}

/** Successful charges the emulator made for one PaymentIntent (0 when none). */
export async function succeededCharges(h: Harness, paymentIntentId: string | null | undefined): Promise<number> {
  if (!paymentIntentId) return 0;
  const counters = await h.emulator.control.counters();
  return counters.paymentIntents[paymentIntentId]?.succeededCharges ?? 0;
}

/** Successful charges across all PaymentIntents of these bookings (by metadata). */
export async function chargesForBooking(h: Harness, bookingId: string): Promise<number> {
  const found = await h.stripe.paymentIntents.search({ query: `metadata['booking_id']:'${bookingId}'` });
  let total = 0;
  for (const pi of found.data) total += await succeededCharges(h, pi.id);
  return total;
}

/**
 * An HTTP endpoint handing the emulator's deliveries to the webhook handler, as the app's route
 * does. The emulator needs its URL before the harness (and so the context) exists: it answers
 * 503 until `ctx()` returns one.
 */
export async function startWebhookReceiver(ctx: () => Ctx | null): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const signature = req.headers["stripe-signature"];
      const context = ctx();
      if (!context) return void res.writeHead(503).end();
      void handleStripeWebhook(context, {
        payload: Buffer.concat(chunks).toString("utf8"),
        signature: typeof signature === "string" ? signature : null,
        secret: WEBHOOK_SECRET,
      }).then(
        (r) => res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
