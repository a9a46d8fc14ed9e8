/**
 * `npm run bench:cron [-- --n 1000] [--concurrency 16] [--limited-n 2000] [--no-emails] [--json file]`
 *
 * Seeds N due bookings (default: a run with 1,000 and one with 10,000) and times ONE
 * scheduled pass (lib/jobs/pass.ts) against the Stripe emulator running in its own process:
 *   - charges per second, SQL statements per charged booking (Prisma query events),
 *   - the pass's memory apart from the seeding: heap and RSS after a forced GC before the
 *     pass, their peak while it runs (sampled every 50 ms) and the heap kept after it,
 *   - the emulator's raw PaymentIntent create+confirm throughput measured in the same run
 *     (same request shape, same concurrency, SDK straight to the emulator) and our ratio to it,
 *   - a rate-limited pass: STRIPE_RATE_LIMIT_PER_SECOND=100 in our gate AND a 100/s limit in
 *     the emulator (429 beyond it): the rate achieved over the charging step (the time the
 *     limit governs) and over the whole pass (its other steps included),
 *   - two instances (two processes, scripts/bench/cron-instance.ts) charging the same due
 *     bookings at once under a 100/s limit, with the limit shared through PostgreSQL (the
 *     default) and, as the baseline, a bucket per instance: the rate from the first instance's
 *     charging step starting to the last one's ending, the busiest second at the emulator, and
 *     the 429 answers,
 *   - zero double charges, checked on the emulator's counters (≤ 1 succeeded charge per
 *     PaymentIntent, one PaymentIntent per booking, charges = paid bookings).
 * Then the payout pass (`--payout-n 1000 --hosts 50`): N bookings charged as destination
 * charges to onboarded connected accounts, ended three days ago, funds available; ONE payout
 * step (lib/payouts/release.ts) timed: bookings released, payouts/s, and zero double payouts
 * (checked at the emulator: per account, payouts = Σ the host's share of its bookings, each
 * booking in exactly one payout; a second pass makes none).
 * Uses DATABASE_URL when set (a throwaway database is created in it), else an ephemeral
 * embedded PostgreSQL on BENCH_CRON_POSTGRES_PORT (default: a free port); the emulator
 * listens on BENCH_CRON_EMULATOR_PORT (default: a free port), so it runs beside a dev stack.
 * `--json file` writes the figures and goals for `npm run bench` (scripts/bench/README.md).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { PrismaPg } from "@prisma/adapter-pg";
import Stripe from "stripe";
import { EmulatorControl } from "../emulator/client";
import { freePort } from "./lib/db/embedded";
import { startThrowawayDatabase } from "./lib/db/throwaway";
import { PrismaClient, type Prisma } from "../lib/generated/prisma/client";
import { runScheduledPass } from "../lib/jobs/pass";
import { releaseDuePayouts } from "../lib/payouts/release";
import { createContext } from "../lib/context";
import { StripeGate } from "../lib/stripe/rate-limit";
import { SharedRateLimit } from "../lib/stripe/shared-rate-limit";
import { writeReport, type BenchReport, type Figure, type Goal } from "./bench/report";

const { values: args } = parseArgs({
  options: {
    n: { type: "string", multiple: true },
    concurrency: { type: "string", default: "16" },
    "limited-n": { type: "string", default: "2000" },
    "rate-limit": { type: "string", default: "100" },
    "raw-seconds": { type: "string", default: "4" },
    "no-emails": { type: "boolean", default: false },
    pool: { type: "string", default: "10" },
    json: { type: "string" },
    "no-instances": { type: "boolean", default: false },
    "payout-n": { type: "string", default: "1000" },
    hosts: { type: "string", default: "50" },
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

function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number (1-65535), got ${raw}`);
  return port;
}
for (const [name, value] of [["--n", SIZES], ["--concurrency", [CONCURRENCY]], ["--limited-n", [LIMITED_N]], ["--rate-limit", [RATE_LIMIT]], ["--raw-seconds", [RAW_SECONDS]]] as const) {
  if (value.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${name} must be a positive whole number`);
}

/** A forced garbage collection, so heap figures are what is live, not what is not yet collected. */
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const MB = 1024 * 1024;

// ---------------------------------------------------------------- infrastructure

/**
 * The emulator in a process of its own, state in memory only: its state file (rewritten as
 * state grows) would otherwise take CPU from the pass on a small machine and skew the figures.
 */
async function startEmulatorProcess(): Promise<{ port: number; child: ChildProcess }> {
  const port = portFromEnv("BENCH_CRON_EMULATOR_PORT") ?? (await freePort());
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
  for (let i = 0; i < rows.length; i += 1000) {
    await db.booking.createMany({ data: rows.slice(i, i + 1000) });
    if (rows.length > 2000) process.stdout.write(`\r  seeding ${fmt(Math.min(i + 1000, rows.length))}/${fmt(rows.length)}`);
  }
  if (rows.length > 2000) process.stdout.write("\n");
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
  /** The charging step alone: its time, and charges per second over it. */
  chargeSeconds: number;
  chargeStepPerSecond: number;
  /** SQL statements of the pass per charged (paid) booking. */
  statementsPerCharge: number;
  /** Heap live before the pass, its peak live growth during the pass (GC'd samples), what the pass left live; RSS peak growth. */
  memory: { heapBeforeMb: number; heapPeakGrowthMb: number; heapKeptMb: number; rssPeakGrowthMb: number };
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
  const limiter = perSecond ? new SharedRateLimit(db, { perSecond }) : null;
  const ctx = createContext({
    db,
    stripe,
    // Rate-limited: the app's default, the limit shared through PostgreSQL (its statements count).
    gate: new StripeGate({ limiter, concurrency: CONCURRENCY }),
    mail: { enabled: EMAILS, link: (p) => `http://localhost:3000${p}` },
  });
  const before = await control.counters();
  // Live memory: a forced GC before the pass and once a second during it (what is still
  // reachable then), so garbage V8 has not collected yet does not count as growth.
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = heap0;
  let rssPeak = rss0;
  const sampler = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 1000);
  const q0 = queries();
  const t0 = performance.now();
  const progress = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    console.log(`  pass ${fmt(n)}: ${fmt(ctx.stripe.calls)} Stripe calls in ${fmt(s, 0)} s, heap +${fmt((heapPeak - heap0) / MB)} MB`);
  }, 5000);
  const summary = await runScheduledPass(ctx, { trigger: "bench", timeBudgetMs: Number.POSITIVE_INFINITY, batchSize: CONCURRENCY * 4 });
  const seconds = (performance.now() - t0) / 1000;
  const q = queries() - q0;
  clearInterval(progress);
  clearInterval(sampler);
  gc();
  const memory = {
    heapBeforeMb: heap0 / MB,
    heapPeakGrowthMb: (heapPeak - heap0) / MB,
    heapKeptMb: (process.memoryUsage().heapUsed - heap0) / MB,
    rssPeakGrowthMb: (rssPeak - rss0) / MB,
  };
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
  const chargeStep = summary.steps.charge_due ?? { startMs: 0, ms: seconds * 1000 };
  if (limiter) console.log(`  charging step ${fmt(chargeStep.ms / 1000, 2)} s of ${fmt(seconds, 2)} s; ${limiter.taken} turns, ${limiter.immediate} free at once (the schedule had fallen behind), ${limiter.late} taken > 20 ms late (latest ${Math.round(limiter.maxLateMs)} ms), first to last turn ${fmt(((limiter.lastTurnMs ?? 0) - (limiter.firstTurnMs ?? 0)) / 1000, 2)} s`);
  return {
    n,
    seconds,
    chargesPerSecond: summary.charged.paid / seconds,
    chargeSeconds: chargeStep.ms / 1000,
    chargeStepPerSecond: summary.charged.paid / (chargeStep.ms / 1000),
    statementsPerCharge: q / Math.max(1, summary.charged.paid),
    memory,
    paid,
    stripeRequestsPerSecond: (after.requests - before.requests) / seconds,
    doubleCharges,
    missing: n - paid,
  };
}

// ---------------------------------------------------------------- two instances

interface InstanceFigures {
  paid: number;
  attempted: number;
  seconds: number;
  calls: number;
  rateLimited: number;
  errors: number;
  /** The instance's charging step, ms since the epoch. */
  chargeStart: number;
  chargeEnd: number;
  immediateTurns: number | null;
  /** Turns whose caller woke more than 20 ms late, and the latest wake (ms). */
  lateTurns: number | null;
  maxLateMs: number | null;
}

interface TwoInstanceFigures {
  scope: "shared" | "instance";
  seconds: number;
  paid: number;
  chargesPerSecond: number;
  chargeSeconds: number;
  chargeStepPerSecond: number;
  /** Requests that reached the emulator per second (429s included), and the busiest second. */
  requestsPerSecond: number;
  busiestSecond: number;
  rateLimited: number;
  doubleCharges: number;
}

const INSTANCE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "bench", "cron-instance.ts");

function startInstance(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; result: Promise<InstanceFigures> } {
  const child = spawn(process.execPath, ["--import", "tsx", INSTANCE_SCRIPT], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ...env } });
  let out = "";
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("ready")) signalReady();
  });
  const result = new Promise<InstanceFigures>((resolve, reject) => {
    child.once("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) reject(new Error(`instance exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as InstanceFigures);
    });
  });
  return { child, ready, result };
}

/** Two processes charge the same due bookings at once, under RATE_LIMIT at the emulator. */
async function twoInstances(url: string, emulatorPort: number, stripe: Stripe, control: EmulatorControl, cards: Card[], n: number, scope: "shared" | "instance"): Promise<TwoInstanceFigures> {
  const seedClient = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
  const ids = await seed(seedClient, stripe, control, cards, n, new Date());
  const env = {
    DATABASE_URL: url,
    BENCH_EMULATOR_URL: `http://127.0.0.1:${emulatorPort}`,
    BENCH_STRIPE_KEY: KEY,
    BENCH_RATE_LIMIT: String(RATE_LIMIT),
    BENCH_RATE_SCOPE: scope,
    BENCH_CONCURRENCY: String(CONCURRENCY),
  };
  const instances = [startInstance(env), startInstance(env)];
  await Promise.all(instances.map((i) => i.ready));
  await control.setRateLimit(RATE_LIMIT);
  const before = await control.counters();
  let last = before.requests;
  let busiest = 0;
  const sampler = setInterval(() => {
    void control.counters().then((c) => {
      busiest = Math.max(busiest, c.requests - last);
      last = c.requests;
    });
  }, 1000);
  const t0 = performance.now();
  for (const i of instances) i.child.stdin?.end("go\n");
  const progress = setInterval(() => console.log(`  two instances (${scope}): ${fmt(last - before.requests)} requests in ${fmt((performance.now() - t0) / 1000)} s`), 5000);
  let results: InstanceFigures[];
  try {
    results = await Promise.all(instances.map((i) => i.result));
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
  }
  // The instances' own pass time (the slower one), not their processes' start; and the time
  // from the first charging step starting to the last one ending.
  const seconds = Math.max(...results.map((r) => r.seconds));
  const chargeSeconds = (Math.max(...results.map((r) => r.chargeEnd)) - Math.min(...results.map((r) => r.chargeStart))) / 1000;
  for (const r of results) console.log(`  instance: ${r.paid} paid, pass ${fmt(r.seconds, 2)} s, charging step ${fmt((r.chargeEnd - r.chargeStart) / 1000, 2)} s${r.immediateTurns === null ? "" : `, ${r.immediateTurns} turns free at once, ${r.lateTurns} taken > 20 ms late (latest ${r.maxLateMs} ms)`}`);
  const after = await control.counters();
  await control.setRateLimit(null);

  const rows = await seedClient.booking.findMany({ where: { id: { in: ids } }, select: { status: true, stripePaymentIntentId: true } });
  await seedClient.$disconnect();
  const paid = rows.filter((r) => r.status === "PAID").length;
  let doubleCharges = 0;
  for (const r of rows) {
    const c = r.stripePaymentIntentId ? (after.paymentIntents[r.stripePaymentIntentId]?.succeededCharges ?? 0) : 0;
    if (c > 1) doubleCharges += c - 1;
  }
  doubleCharges += Math.max(0, after.chargesSucceeded - before.chargesSucceeded - paid);
  return {
    scope,
    seconds,
    paid,
    chargesPerSecond: paid / seconds,
    chargeSeconds,
    chargeStepPerSecond: paid / chargeSeconds,
    requestsPerSecond: (after.requests - before.requests) / chargeSeconds,
    busiestSecond: busiest,
    rateLimited: results.reduce((sum, r) => sum + r.rateLimited, 0),
    doubleCharges: doubleCharges + (n - paid),
  };
}

// ---------------------------------------------------------------- payouts

interface PayoutFigures {
  n: number;
  hosts: number;
  seconds: number;
  released: number;
  payouts: number;
  payoutsPerSecond: number;
  bookingsPerSecond: number;
  doublePayouts: number;
  secondPassPayouts: number;
}

async function payoutPass(url: string, stripe: Stripe, control: EmulatorControl, cards: Card[], n: number, hostCount: number): Promise<PayoutFigures> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: Number(args.pool) }) });
  const tag = randomUUID().slice(0, 6);
  const now = new Date();
  const hosts: { userId: string; account: string; listingId: string }[] = [];
  for (let i = 0; i < hostCount; i++) {
    const user = await db.user.create({ data: { email: `bench-host-${tag}-${i}@loyly.test`, name: `Bench Host ${i}`, role: "PROVIDER", passwordHash: "x" } });
    const account = await stripe.accounts.create({ country: "FI", email: user.email, controller: { stripe_dashboard: { type: "express" }, fees: { payer: "application" }, losses: { payments: "application" }, requirement_collection: "stripe" }, capabilities: { card_payments: { requested: true }, transfers: { requested: true } }, settings: { payouts: { schedule: { interval: "manual" } } } });
    await stripe.accounts.update(account.id, { external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: "FI2112345600000785" } } as Stripe.AccountUpdateParams);
    await control.completeOnboarding(account.id);
    await db.connectedAccount.create({ data: { userId: user.id, stripeAccountId: account.id, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true } });
    const listing = await db.listing.create({ data: { providerId: user.id, slug: `bench-h-${tag}-${i}`, title: `Bench host sauna ${i}`, description: "-", city: "Bench", address: "-", hourlyPrice: 4000, capacity: 8 } });
    hosts.push({ userId: user.id, account: account.id, listingId: listing.id });
  }
  const customer = await db.user.create({ data: { email: `bench-payout-c-${tag}@loyly.test`, name: "Bench Customer", passwordHash: "x" } });
  // The destination charges, as the charge engine makes them (concurrently, like the pass).
  const rows: Prisma.BookingCreateManyInput[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const host = hosts[i % hosts.length]!;
        const card = cards[i % cards.length]!;
        const pi = await stripe.paymentIntents.create({
          amount: 8800,
          currency: "eur",
          customer: card.customer,
          payment_method: card.pm,
          off_session: true,
          confirm: true,
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          transfer_data: { destination: host.account },
          application_fee_amount: 800,
          on_behalf_of: host.account,
          metadata: { booking_id: `payout_${tag}_${i}` },
        });
        if (pi.status !== "succeeded") throw new Error(pi.status);
        const endsAt = new Date(now.getTime() - 72 * HOUR - Math.floor(i / hosts.length) * 3 * HOUR);
        rows.push({
          id: `payout_${tag}_${i}`,
          listingId: host.listingId,
          customerId: customer.id,
          status: "COMPLETED" as const,
          startsAt: new Date(endsAt.getTime() - 2 * HOUR),
          endsAt,
          guests: 2,
          hourlyPrice: 4000,
          hours: 2,
          subtotalAmount: 8000,
          feeAmount: 800,
          totalAmount: 8800,
          currency: "EUR",
          stripePaymentIntentId: pi.id,
          paidAt: new Date(endsAt.getTime() - 7 * 24 * HOUR),
          completedAt: endsAt,
          destinationAccountId: host.account,
          applicationFeeAmount: 800,
          transferAmount: 8000,
        });
      }
    }),
  );
  for (let i = 0; i < rows.length; i += 1000) await db.booking.createMany({ data: rows.slice(i, i + 1000) });
  await control.makeFundsAvailable();

  const ctx = createContext({ db, stripe, gate: new StripeGate({ perSecond: null, concurrency: CONCURRENCY }), mail: { enabled: false } });
  const t0 = performance.now();
  const counts = await releaseDuePayouts(ctx, { report: (id, e) => console.error("payout error", id, e) });
  const seconds = (performance.now() - t0) / 1000;
  const again = await releaseDuePayouts(ctx);

  // Double payouts, at the emulator: per account, Σ payouts = Σ the host's share released, and
  // each booking in exactly one payout row.
  let doublePayouts = 0;
  for (const host of hosts) {
    const atStripe = await stripe.payouts.list({ limit: 100 }, { stripeAccount: host.account });
    const paid = atStripe.data.filter((p) => p.status !== "failed" && p.status !== "canceled").reduce((sum, p) => sum + p.amount, 0);
    const share = await db.bookingPayout.aggregate({ where: { stripeAccountId: host.account, status: { in: ["RELEASED", "PAID"] } }, _sum: { amount: true } });
    if (paid > (share._sum.amount ?? 0)) doublePayouts += Math.max(1, atStripe.data.length - 1);
  }
  const [doubledRow] = await db.$queryRaw<{ doubled: bigint }[]>`
    SELECT count(*) AS doubled FROM (SELECT booking_id FROM booking_events WHERE type = 'payout_released' GROUP BY booking_id HAVING count(*) > 1) d`;
  doublePayouts += Number(doubledRow?.doubled ?? 0);
  await db.$disconnect();
  return {
    n,
    hosts: hostCount,
    seconds,
    released: counts.released,
    payouts: counts.payouts,
    payoutsPerSecond: counts.payouts / seconds,
    bookingsPerSecond: counts.released / seconds,
    doublePayouts,
    secondPassPayouts: again.payouts,
  };
}

// ---------------------------------------------------------------- main

function fmt(x: number, d = 0): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
}

const emulator = await startEmulatorProcess();
const database = await startThrowawayDatabase("bench", { port: portFromEnv("BENCH_CRON_POSTGRES_PORT") });
try {
  const stripe = new Stripe(KEY, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 3, telemetry: false });
  const control = new EmulatorControl(`http://127.0.0.1:${emulator.port}`, KEY);
  const setup = `concurrency ${CONCURRENCY}, pool ${args.pool}, emails ${EMAILS ? "on" : "off"}, ${os.cpus().length} CPUs, emulator :${emulator.port}`;
  console.log(`bench:cron — ${setup}`);
  const cards = await saveCards(stripe, CUSTOMERS);
  const figures: Figure[] = [];
  const goals: Goal[] = [];

  const lines: string[] = [];
  const memoryLines: string[] = [];
  const passes: PassFigures[] = [];
  for (const n of SIZES) {
    console.log(`unlimited pass over ${fmt(n)} due bookings: raw emulator throughput first`);
    await rawThroughput(stripe, cards, 1, CONCURRENCY); // warm-up
    const raw = await rawThroughput(stripe, cards, RAW_SECONDS, CONCURRENCY);
    const pass = await timedPass(database.url, stripe, control, cards, n, null);
    passes.push(pass);
    lines.push(
      `| ${fmt(n)} | unlimited | ${fmt(pass.seconds, 1)} s | ${fmt(pass.chargesPerSecond)} /s | ${fmt(raw)} /s | ${fmt((pass.chargesPerSecond / raw) * 100)} % | ${fmt(pass.statementsPerCharge, 2)} | ${fmt(pass.stripeRequestsPerSecond)} | ${pass.paid}/${n} | ${pass.doubleCharges} |`,
    );
    const m = pass.memory;
    memoryLines.push(`| ${fmt(n)} | ${fmt(m.heapBeforeMb)} MB | +${fmt(m.heapPeakGrowthMb)} MB | +${fmt(m.heapKeptMb, 1)} MB | +${fmt(m.rssPeakGrowthMb)} MB |`);
    console.log(lines.at(-1));
    console.log(memoryLines.at(-1));
    figures.push(
      { name: `charges per second, ${fmt(n)} bookings`, value: round(pass.chargesPerSecond), unit: "/s", baseline: { name: "emulator's raw PaymentIntent create+confirm", value: round(raw), unit: "/s" } },
      { name: `SQL statements per charged booking, ${fmt(n)} bookings`, value: round(pass.statementsPerCharge, 2), unit: "" },
      { name: `pass live heap peak growth, ${fmt(n)} bookings`, value: round(m.heapPeakGrowthMb), unit: "MB" },
      { name: `pass RSS peak growth, ${fmt(n)} bookings`, value: round(m.rssPeakGrowthMb), unit: "MB" },
    );
  }
  const worstStatements = Math.max(...passes.map((p) => p.statementsPerCharge));
  goals.push({ name: "SQL statements per charged booking ≤ 3", value: fmt(worstStatements, 2), met: worstStatements <= 3 });
  if (passes.length >= 2) {
    const [small, large] = [passes[0], passes.at(-1)];
    if (small && large) {
      const growth = large.memory.heapPeakGrowthMb / Math.max(1, small.memory.heapPeakGrowthMb);
      goals.push({
        name: `pass memory flat as N grows (live heap peak growth at ${fmt(large.n)} ≤ 2 × at ${fmt(small.n)}, or ≤ 32 MB)`,
        value: `${fmt(small.memory.heapPeakGrowthMb)} MB → ${fmt(large.memory.heapPeakGrowthMb)} MB (× ${fmt(growth, 1)})`,
        met: growth <= 2 || large.memory.heapPeakGrowthMb <= 32,
      });
    }
  }
  if (passes.every((p) => p.doubleCharges === 0)) goals.push({ name: "no double or missing charges", value: "0", met: true });
  else goals.push({ name: "no double or missing charges", value: String(passes.reduce((s, p) => s + p.doubleCharges, 0)), met: false });

  console.log(`rate-limited pass: ${fmt(LIMITED_N)} bookings, ${RATE_LIMIT}/s in our gate and at the emulator`);
  await control.setRateLimit(RATE_LIMIT);
  const limited = await timedPass(database.url, stripe, control, cards, LIMITED_N, RATE_LIMIT);
  await control.setRateLimit(null);
  lines.push(
    `| ${fmt(LIMITED_N)} | ${RATE_LIMIT}/s both | ${fmt(limited.seconds, 1)} s | ${fmt(limited.chargesPerSecond)} /s | — | charging step ${fmt(limited.chargeSeconds, 1)} s: ${fmt(limited.chargeStepPerSecond)} /s, ${fmt((limited.chargeStepPerSecond / RATE_LIMIT) * 100)} % of the limit | ${fmt(limited.statementsPerCharge, 2)} | ${fmt(limited.stripeRequestsPerSecond)} | ${limited.paid}/${LIMITED_N} | ${limited.doubleCharges} |`,
  );
  console.log(lines.at(-1));
  figures.push(
    { name: "rate-limited pass, charges per second over the charging step", value: round(limited.chargeStepPerSecond), unit: "/s", baseline: { name: "configured limit", value: RATE_LIMIT, unit: "/s" } },
    { name: "rate-limited pass, charges per second over the whole pass", value: round(limited.chargesPerSecond), unit: "/s", baseline: { name: "configured limit", value: RATE_LIMIT, unit: "/s" } },
  );
  goals.push({
    name: `rate-limited pass keeps ≥ 95 % of ${RATE_LIMIT}/s while it charges`,
    value: `${fmt(limited.chargeStepPerSecond, 1)}/s (${fmt((limited.chargeStepPerSecond / RATE_LIMIT) * 100, 1)} %); whole pass ${fmt(limited.chargesPerSecond, 1)}/s`,
    met: limited.chargeStepPerSecond >= 0.95 * RATE_LIMIT,
  });

  const instanceLines: string[] = [];
  if (!args["no-instances"]) {
    for (const scope of ["shared", "instance"] as const) {
      console.log(`two instances, ${fmt(LIMITED_N)} bookings, ${RATE_LIMIT}/s at the emulator, rate limit ${scope === "shared" ? "shared through PostgreSQL" : "a bucket per instance (baseline)"}`);
      const two = await twoInstances(database.url, emulator.port, stripe, control, cards, LIMITED_N, scope);
      instanceLines.push(
        `| ${scope === "shared" ? "shared (PostgreSQL)" : "per instance (baseline)"} | ${fmt(two.seconds, 1)} s | ${fmt(two.chargeSeconds, 1)} s | ${fmt(two.chargeStepPerSecond)} /s | ${fmt((two.chargeStepPerSecond / RATE_LIMIT) * 100)} % | ${fmt(two.chargesPerSecond)} /s | ${fmt(two.requestsPerSecond)} /s | ${two.busiestSecond} | ${two.rateLimited} | ${two.paid}/${LIMITED_N} | ${two.doubleCharges} |`,
      );
      console.log(instanceLines.at(-1));
      figures.push({ name: `two instances, rate limit ${scope}: charges per second while charging`, value: round(two.chargeStepPerSecond), unit: "/s", baseline: { name: "configured limit", value: RATE_LIMIT, unit: "/s" } });
      figures.push({ name: `two instances, rate limit ${scope}: 429 answers`, value: two.rateLimited, unit: "" });
      if (scope === "shared") {
        goals.push({
          name: `two instances together within ${RATE_LIMIT}/s (no 429) and ≥ 95 % of it`,
          value: `${fmt(two.chargeStepPerSecond, 1)}/s (${fmt((two.chargeStepPerSecond / RATE_LIMIT) * 100, 1)} %) while charging, ${fmt(two.chargesPerSecond, 1)}/s over the passes; busiest second ${two.busiestSecond} requests, ${two.rateLimited} × 429`,
          met: two.rateLimited === 0 && two.chargeStepPerSecond >= 0.95 * RATE_LIMIT,
        });
      }
    }
  }

  const payoutN = Number(args["payout-n"]);
  console.log(`payout pass: ${fmt(payoutN)} bookings ended three days ago, ${args.hosts} hosts`);
  const po = await payoutPass(database.url, stripe, control, cards, payoutN, Number(args.hosts));
  const payoutLine = `| ${fmt(po.n)} | ${po.hosts} | ${fmt(po.seconds, 1)} s | ${po.released}/${po.n} | ${po.payouts} | ${fmt(po.payoutsPerSecond, 1)} /s | ${fmt(po.bookingsPerSecond)} /s | ${po.secondPassPayouts} | ${po.doublePayouts} |`;
  console.log(payoutLine);
  figures.push(
    { name: `payout pass, ${fmt(po.n)} bookings: payouts per second`, value: round(po.payoutsPerSecond, 1), unit: "/s" },
    { name: `payout pass, ${fmt(po.n)} bookings: bookings released per second`, value: round(po.bookingsPerSecond), unit: "/s" },
  );
  const payoutsExact = po.doublePayouts === 0 && po.secondPassPayouts === 0 && po.released === po.n;
  goals.push({ name: "no double or missing payouts (a second pass makes none)", value: `${po.released}/${po.n} released, ${po.doublePayouts} double, ${po.secondPassPayouts} in the second pass`, met: payoutsExact });
  const payoutTable = ["| payout pass | hosts | step | released | payouts | payouts/s | bookings/s | second pass payouts | double payouts |", "|---|---|---|---|---|---|---|---|---|", payoutLine].join("\n");

  const table = [
    "| N | limit | pass | charges | raw PI | ratio | SQL statements / charged booking | Stripe req/s | paid | double charges |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...lines,
  ].join("\n");
  const memoryTable = ["| N | live heap before the pass | live heap peak during the pass (GC each second) | live heap after it | RSS peak during the pass |", "|---|---|---|---|---|", ...memoryLines].join("\n");
  const instanceTable = instanceLines.length
    ? [
        "| rate limit | passes | charging steps (first start to last end) | charges while charging | of the limit | charges over the passes | requests at the emulator while charging | busiest second | 429 answers | paid | double charges |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        ...instanceLines,
      ].join("\n")
    : "";
  console.log(`\n${table}\n\n${memoryTable}\n${instanceTable ? `\n${instanceTable}\n` : ""}\n${payoutTable}\n`);
  for (const g of goals) console.log(`${g.met ? "met    " : "NOT MET"}  ${g.name}: ${g.value}`);
  if (args.json) {
    const report: BenchReport = { title: "bench:cron", setup, figures, goals, details: [table, memoryTable, instanceTable, payoutTable].filter(Boolean).join("\n\n") };
    writeReport(args.json, report);
  }
  const doubles = passes.some((p) => p.doubleCharges > 0) || limited.doubleCharges > 0 || instanceLines.some((l) => !l.trim().endsWith("| 0 |"));
  if (!payoutsExact) {
    console.error("DOUBLE OR MISSING PAYOUTS DETECTED");
    process.exitCode = 1;
  }
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

function round(x: number, d = 0): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
