/**
 * One "app instance" of `bench:cron`'s two-instance run: its own process, Prisma client,
 * Stripe gateway and worker id, the rate limit as configured (shared through PostgreSQL, or
 * a bucket of its own). It prints "ready", waits for a line on stdin so both instances start
 * together, runs one scheduled pass and prints its figures as one JSON line.
 *
 * Environment: DATABASE_URL, BENCH_EMULATOR_URL, BENCH_STRIPE_KEY, BENCH_RATE_LIMIT,
 * BENCH_RATE_SCOPE (shared|instance), BENCH_CONCURRENCY.
 */
import { once } from "node:events";
import Stripe from "stripe";
import { createContext, configuredRateLimit } from "../../lib/context";
import { createPrismaClient } from "../../lib/db/client";
import { runScheduledPass } from "../../lib/jobs/pass";
import { StripeGate } from "../../lib/stripe/rate-limit";
import { SharedRateLimit } from "../../lib/stripe/shared-rate-limit";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const url = new URL(required("BENCH_EMULATOR_URL"));
const rate = Number(required("BENCH_RATE_LIMIT"));
const scope = required("BENCH_RATE_SCOPE");
if (scope !== "shared" && scope !== "instance") throw new Error("BENCH_RATE_SCOPE: shared or instance");
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? "16");

const db = createPrismaClient(required("DATABASE_URL"), { max: 10 });
const stripe = new Stripe(required("BENCH_STRIPE_KEY"), { host: url.hostname, port: Number(url.port), protocol: "http", maxNetworkRetries: 0, telemetry: false });
const limiter = configuredRateLimit(db, { STRIPE_RATE_LIMIT_PER_SECOND: rate, STRIPE_RATE_LIMIT_SCOPE: scope });
const ctx = createContext({
  db,
  stripe,
  gate: new StripeGate({ limiter, concurrency }),
  mail: { enabled: true, link: (p) => `http://localhost:3000${p}` },
});
await db.$queryRaw`SELECT 1`;
console.log("ready");
await once(process.stdin, "data");
const t0 = performance.now();
const startedAt = Date.now();
const summary = await runScheduledPass(ctx, { trigger: "bench-instance", timeBudgetMs: Number.POSITIVE_INFINITY, batchSize: concurrency * 4 });
const seconds = (performance.now() - t0) / 1000;
const charging = summary.steps.charge_due ?? { startMs: 0, ms: seconds * 1000 };
console.log(
  JSON.stringify({
    paid: summary.charged.paid,
    attempted: summary.charged.attempted,
    seconds,
    calls: ctx.stripe.calls,
    rateLimited: ctx.stripe.rateLimited,
    errors: summary.itemErrorCount,
    chargeStart: startedAt + charging.startMs,
    chargeEnd: startedAt + charging.startMs + charging.ms,
    immediateTurns: limiter instanceof SharedRateLimit ? limiter.immediate : null,
    lateTurns: limiter instanceof SharedRateLimit ? limiter.late : null,
    maxLateMs: limiter instanceof SharedRateLimit ? Math.round(limiter.maxLateMs) : null,
  }),
);
await db.$disconnect();
process.exit(0);
