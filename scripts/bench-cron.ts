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
 * Then the payout pass (`--payout-n 1000 --hosts 50`): N bookings charged as destination
 * charges to onboarded connected accounts, ended three days ago, funds available; ONE payout
 * step (lib/payouts/release.ts) timed: bookings released, payouts/s, and zero double payouts
 * (checked at the emulator: per account, payouts = Σ the host's share of its bookings, each
 * booking in exactly one payout; a second pass makes none).
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
import { PrismaClient, type Prisma } from "../lib/generated/prisma/client";
import { runScheduledPass } from "../lib/jobs/pass";
import { releaseDuePayouts } from "../lib/payouts/release";
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

  const payoutN = Number(args["payout-n"]);
  const po = await payoutPass(database.url, stripe, control, cards, payoutN, Number(args.hosts));
  const payoutLine = `| ${fmt(po.n)} bookings | ${po.hosts} hosts | ${fmt(po.seconds, 1)} s | ${po.released}/${po.n} released | ${po.payouts} payouts | ${fmt(po.payoutsPerSecond, 1)} payouts/s | ${fmt(po.bookingsPerSecond)} bookings/s | second pass: ${po.secondPassPayouts} | ${po.doublePayouts} |`;

  console.log("\n| N | limit | pass | charges | raw PI | ratio | DB q/booking | Stripe req/s | paid | double charges |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const line of lines) console.log(line);
  console.log("\n| payout pass | hosts | step | released | payouts | payouts/s | bookings/s | second pass | double payouts |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  console.log(payoutLine);
  if (po.doublePayouts !== 0 || po.secondPassPayouts !== 0 || po.released !== po.n) {
    console.error("DOUBLE OR MISSING PAYOUTS DETECTED");
    process.exitCode = 1;
  }
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
