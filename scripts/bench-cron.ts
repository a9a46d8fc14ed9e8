/**
 * `npm run bench:cron [-- --n 1000] [--concurrency 16] [--limited-n 1000] [--no-emails]`
 *
 * Seeds N due bookings (default: a run with 1,000 and one with 10,000) and times ONE
 * scheduled pass (lib/jobs/pass.ts) against the Stripe emulator running in its own process:
 *   - charges per second, database queries per booking (Prisma query events),
 *   - the emulator's raw PaymentIntent create+confirm throughput measured in the same run
 *     (same request shape, same concurrency, SDK straight to the emulator) and our ratio to it,
 *   - a rate-limited pass: STRIPE_RATE_LIMIT_PER_SECOND=100 in our gate AND a 100/s limit in
 *     the emulator (429 beyond it): the rate achieved,
 *   - zero double charges, checked on the emulator's counters (≤ 1 succeeded charge per
 *     PaymentIntent, one PaymentIntent per booking, charges = paid bookings).
 * Uses DATABASE_URL when set (a throwaway database is created in it), else an ephemeral
 * embedded PostgreSQL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import Stripe from "stripe";
import { EmulatorControl } from "../emulator/client";
import { freePort } from "./lib/db/embedded";
import { startThrowawayDatabase } from "./lib/db/throwaway";
import { PrismaClient } from "../lib/generated/prisma/client";
import { runScheduledPass } from "../lib/jobs/pass";
import { createContext } from "../lib/context";
import { StripeGate } from "../lib/stripe/rate-limit";

const { values: args } = parseArgs({
  options: {
    n: { type: "string", multiple: true },
    concurrency: { type: "string", default: "16" },
    "limited-n": { type: "string", default: "1000" },
    "rate-limit": { type: "string", default: "100" },
    "raw-seconds": { type: "string", default: "4" },
    "no-emails": { type: "boolean", default: false },
    pool: { type: "string", default: "10" },
  },
});
const SIZES = (args.n ?? ["1000", "10000"]).map(Number);
const CONCURRENCY = Number(args.concurrency);
const LIMITED_N = Number(args["limited-n"]);
const RATE_LIMIT = Number(args["rate-limit"]);
const RAW_SECONDS = Number(args["raw-seconds"]);
const EMAILS = !args["no-emails"];
const KEY = "sk_test_emulator_bench_cron";
const HOUR = 3_600_000;
const CUSTOMERS = 20;

// ---------------------------------------------------------------- infrastructure

/**
 * The emulator in a process of its own, state in memory only: its state file (rewritten as
 * state grows) would otherwise take CPU from the pass on a small machine and skew the figures.
 */
async function startEmulatorProcess(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const boot = `import { startEmulator } from "./emulator/server/index.ts";
    await startEmulator({ port: ${port}, dataDir: null, quiet: true, maxEvents: 1000 });
    console.log("listening");`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", boot], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { port, child };
}

/** A Prisma client that counts the SQL statements it sends. */
function countingClient(url: string, max: number): { db: PrismaClient; queries: () => number } {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }), log: [{ emit: "event", level: "query" }] });
  let count = 0;
  db.$on("query", () => {
    count++;
  });
  return { db, queries: () => count };
}

// ---------------------------------------------------------------- seeding

interface Card {
  customer: string;
  pm: string;
}

async function saveCards(stripe: Stripe, n: number): Promise<Card[]> {
  const cards: Card[] = [];
  for (let i = 0; i < n; i++) {
    const customer = await stripe.customers.create({ email: `bench-${i}@loyly.test` });
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", usage: "off_session", confirm: true, return_url: "http://loyly.test/r" });
    const pm = typeof si.payment_method === "string" ? si.payment_method : si.payment_method?.id;
    if (si.status !== "succeeded" || !pm) throw new Error(`set-up failed: ${si.status}`);
    cards.push({ customer: customer.id, pm });
  }
  return cards;
}

async function seed(db: PrismaClient, stripe: Stripe, control: EmulatorControl, cards: Card[], n: number, now: Date): Promise<string[]> {
  const tag = randomUUID().slice(0, 6);
  const provider = await db.user.create({ data: { email: `bench-p-${tag}@loyly.test`, name: "Bench Provider", role: "PROVIDER", passwordHash: "x" } });
  // The host's connected account, onboarded: every charge is a destination charge to it.
  const account = await stripe.accounts.create({
    country: "FI",
    controller: { fees: { payer: "application" }, losses: { payments: "application" }, requirement_collection: "stripe", stripe_dashboard: { type: "express" } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    settings: { payouts: { schedule: { interval: "manual" } } },
  });
  await stripe.accounts.update(account.id, {
    external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: "FI2112345600000785" },
  } as Stripe.AccountUpdateParams);
  await control.completeOnboarding(account.id);
  await db.connectedAccount.create({
    data: { userId: provider.id, stripeAccountId: account.id, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, requirementsDue: [], pendingVerification: [] },
  });
  const users = [];
  for (const [i, card] of cards.entries()) {
    const user = await db.user.create({
      data: { email: `bench-c-${tag}-${i}@loyly.test`, name: `Bench Customer ${i}`, passwordHash: "x", stripeCustomerId: null },
    });
    const consent = await db.consentRecord.create({ data: { userId: user.id, paymentMethodId: card.pm, textVersion: "bench", textHash: "bench", text: "bench" } });
    users.push({ user, consent, card });
  }
  const listings = [];
  for (let l = 0; l < 10; l++) {
    listings.push(
      await db.listing.create({
        data: { providerId: provider.id, slug: `bench-${tag}-${l}`, title: `Bench sauna ${l}`, description: "-", city: "Bench", address: "-", hourlyPrice: 4000, capacity: 8 },
      }),
    );
  }
  const ids: string[] = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const listing = listings[i % listings.length];
    const owner = users[i % users.length];
    if (!listing || !owner) throw new Error("seed");
    // Non-overlapping 2 h slots per listing, starting 4 days ahead.
    const startsAt = new Date(now.getTime() + 96 * HOUR + Math.floor(i / listings.length) * 3 * HOUR);
    const id = `bench_${tag}_${i}`;
    ids.push(id);
    rows.push({
      id,
      listingId: listing.id,
      customerId: owner.user.id,
      status: "ACCEPTED" as const,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      guests: 2,
      hourlyPrice: 4000,
      hours: 2,
      subtotalAmount: 8000,
      feeAmount: 800,
      totalAmount: 8800,
      currency: "EUR",
      stripeCustomerId: owner.card.customer,
      paymentMethodId: owner.card.pm,
      consentId: owner.consent.id,
      acceptedAt: now,
      chargeAt: new Date(now.getTime() - 60_000),
      payBy: new Date(startsAt.getTime() - 48 * HOUR),
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await db.booking.createMany({ data: rows.slice(i, i + 1000) });
  return ids;
}

// ---------------------------------------------------------------- measurements

/** The emulator's raw create+confirm throughput: the SDK straight at it, same shape and concurrency. */
async function rawThroughput(stripe: Stripe, cards: Card[], seconds: number, concurrency: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let i = w;
      while (Date.now() < deadline) {
        const card = cards[i++ % cards.length];
        if (!card) break;
        const pi = await stripe.paymentIntents.create(
          {
            amount: 8800,
            currency: "eur",
            customer: card.customer,
            payment_method: card.pm,
            off_session: true,
            confirm: true,
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            metadata: { booking_id: `raw_${w}_${i}` },
          },
          { idempotencyKey: randomUUID() },
        );
        if (pi.status !== "succeeded") throw new Error(pi.status);
        done++;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

interface PassFigures {
  n: number;
  seconds: number;
  chargesPerSecond: number;
  queriesPerBooking: number;
  paid: number;
  stripeRequestsPerSecond: number;
  doubleCharges: number;
  missing: number;
}

async function timedPass(url: string, stripe: Stripe, control: EmulatorControl, cards: Card[], n: number, perSecond: number | null): Promise<PassFigures> {
  const seedClient = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
  const now = new Date();
  const ids = await seed(seedClient, stripe, control, cards, n, now);
  await seedClient.$disconnect();

  const { db, queries } = countingClient(url, Number(args.pool));
  const ctx = createContext({
    db,
    stripe,
    gate: new StripeGate({ perSecond, concurrency: CONCURRENCY }),
    mail: { enabled: EMAILS, link: (p) => `http://localhost:3000${p}` },
  });
  const before = await control.counters();
  const q0 = queries();
  const t0 = performance.now();
  const summary = await runScheduledPass(ctx, { trigger: "bench", timeBudgetMs: Number.POSITIVE_INFINITY, batchSize: CONCURRENCY * 4 });
  const seconds = (performance.now() - t0) / 1000;
  const q = queries() - q0;
  const after = await control.counters();

  // Double-charge check on the emulator's own counters.
  const rows = await db.booking.findMany({ where: { id: { in: ids } }, select: { status: true, stripePaymentIntentId: true } });
  const paid = rows.filter((r) => r.status === "PAID").length;
  let doubleCharges = 0;
  let charges = 0;
  for (const r of rows) {
    const c = r.stripePaymentIntentId ? (after.paymentIntents[r.stripePaymentIntentId]?.succeededCharges ?? 0) : 0;
    charges += c;
    if (c > 1) doubleCharges += c - 1;
  }
  const newCharges = after.chargesSucceeded - before.chargesSucceeded;
  if (newCharges !== paid || charges !== paid) doubleCharges += Math.max(0, newCharges - paid);
  await db.$disconnect();
  if (summary.errors.length) console.error("pass errors:", summary.errors);
  return {
    n,
    seconds,
    chargesPerSecond: summary.charged.paid / seconds,
    queriesPerBooking: q / n,
    paid,
    stripeRequestsPerSecond: (after.requests - before.requests) / seconds,
    doubleCharges,
    missing: n - paid,
  };
}

// ---------------------------------------------------------------- main

const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

const emulator = await startEmulatorProcess();
const database = await startThrowawayDatabase("bench");
try {
  const stripe = new Stripe(KEY, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 3, telemetry: false });
  const control = new EmulatorControl(`http://127.0.0.1:${emulator.port}`, KEY);
  console.log(`bench:cron — concurrency ${CONCURRENCY}, pool ${args.pool}, emails ${EMAILS ? "on" : "off"}, ${os.cpus().length} CPUs`);
  const cards = await saveCards(stripe, CUSTOMERS);

  const lines: string[] = [];
  for (const n of SIZES) {
    await rawThroughput(stripe, cards, 1, CONCURRENCY); // warm-up
    const raw = await rawThroughput(stripe, cards, RAW_SECONDS, CONCURRENCY);
    const pass = await timedPass(database.url, stripe, control, cards, n, null);
    lines.push(
      `| ${fmt(n).padStart(6)} | unlimited | ${fmt(pass.seconds, 1).padStart(6)} s | ${fmt(pass.chargesPerSecond).padStart(6)} /s | ${fmt(raw).padStart(6)} /s | ${fmt((pass.chargesPerSecond / raw) * 100).padStart(3)} % | ${fmt(pass.queriesPerBooking, 1).padStart(5)} | ${fmt(pass.stripeRequestsPerSecond).padStart(6)} | ${pass.paid}/${n} | ${pass.doubleCharges} |`,
    );
    console.log(lines.at(-1));
  }

  await control.setRateLimit(RATE_LIMIT);
  const limited = await timedPass(database.url, stripe, control, cards, LIMITED_N, RATE_LIMIT);
  await control.setRateLimit(null);
  lines.push(
    `| ${fmt(LIMITED_N).padStart(6)} | ${RATE_LIMIT}/s both | ${fmt(limited.seconds, 1).padStart(6)} s | ${fmt(limited.chargesPerSecond).padStart(6)} /s |      — |    — | ${fmt(limited.queriesPerBooking, 1).padStart(5)} | ${fmt(limited.stripeRequestsPerSecond).padStart(6)} | ${limited.paid}/${LIMITED_N} | ${limited.doubleCharges} |`,
  );

  console.log("\n| N | limit | pass | charges | raw PI | ratio | DB q/booking | Stripe req/s | paid | double charges |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const line of lines) console.log(line);
  const doubles = lines.some((l) => !l.trim().endsWith("| 0 |"));
  if (doubles) {
    console.error("DOUBLE CHARGES OR MISSING CHARGES DETECTED");
    process.exitCode = 1;
  }
} finally {
  const exited = new Promise((resolve) => emulator.child.once("exit", resolve));
  emulator.child.kill("SIGTERM");
  await exited;
  await database.stop();
}
