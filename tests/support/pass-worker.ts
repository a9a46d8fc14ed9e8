/**
 * A scheduled-pass worker in a process of its own, for tests/integration/cron-faults.test.ts:
 * runs passes back to back until SIGTERM (it finishes the pass in hand, then exits), and
 * prints one JSON line per pass. The test SIGKILLs it mid-pass to play a crashed instance.
 *
 *   node --import tsx tests/support/pass-worker.ts
 *
 * env: DATABASE_URL, WORKER_NAME, WORKER_STRIPE_PORT, WORKER_STRIPE_KEY, and LOYLY_DATA_DIR
 * with TEST_CLOCK_ENABLED=1 (the test moves this process's time through the test clock file).
 */
import Stripe from "stripe";
import { createContext } from "@/lib/context";
import { createPrismaClient } from "@/lib/db/client";
import { runScheduledPass } from "@/lib/jobs/pass";
import { StripeGate } from "@/lib/stripe/rate-limit";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const name = required("WORKER_NAME");
const db = createPrismaClient(required("DATABASE_URL"), { max: 4 });
const stripe = new Stripe(required("WORKER_STRIPE_KEY"), {
  host: "127.0.0.1",
  port: Number(required("WORKER_STRIPE_PORT")),
  protocol: "http",
  maxNetworkRetries: 0,
  timeout: 3_000,
  telemetry: false,
});
const ctx = createContext({
  db,
  stripe,
  gate: new StripeGate({ perSecond: null, concurrency: 4 }),
  transientRetries: 3,
  workerId: `${name}/${process.pid}`,
  mail: { link: (p) => new URL(p, "http://loyly.test/").toString(), operatorEmail: "operator@loyly.test" },
});

let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});

while (!stopping) {
  const s = await runScheduledPass(ctx, { trigger: name, batchSize: 4, maxBookings: 16, timeBudgetMs: 20_000 });
  const line = {
    worker: name,
    runId: s.runId,
    durationMs: s.durationMs,
    attempted: s.charged.attempted,
    paid: s.charged.paid,
    unknown: s.charged.unknown,
    reconciled: s.reconciled,
    abortedRunsClosed: s.abortedRunsClosed,
    itemErrors: s.itemErrorCount,
    stepErrors: s.errors,
    retries: ctx.stripe.retries,
    rateLimited: ctx.stripe.rateLimited,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (s.charged.attempted === 0 && s.reconciled.checked === 0) await new Promise((resolve) => setTimeout(resolve, 100));
}
await db.$disconnect();
