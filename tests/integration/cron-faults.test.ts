/**
 * The scheduled pass under Stripe faults and crashes.
 *
 * 1. Reconcile no longer stalls: with every read failing, each stuck booking's error is
 *    recorded, the step goes on, and no lease is extended; once Stripe answers again the next
 *    pass settles them all.
 * 2. A run left RUNNING by a dead process is closed as ABORTED.
 * 3. The proof, with real processes: 150 due bookings, three pass workers in child processes
 *    running passes back to back against the emulator with a low rate limit (10/s, squeezed
 *    to 2/s until the workers met 429s), 30 % 500s on reads, 10 % 500s and 10 %
 *    dropped-after-success answers on PaymentIntent writes; two workers SIGKILLed mid-pass
 *    and replaced. From the emulator's own counters: exactly one
 *    successful charge per paid booking, none for the others; nothing left CHARGING once one
 *    lease has passed (moved through the test clock, not waited for); passes kept making
 *    progress while the faults went on, and no pass failed as a whole.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LEASE_MS } from "@/lib/context";
import { PASS_JOB, runScheduledPass } from "@/lib/jobs/pass";
import { claimDueBookings } from "@/lib/payments/claims";
import { TEST_CLOCK_FILE } from "@/lib/clock";
import { chargesForBooking, createBooking, saveCard, SECRET_KEY, startHarness, type Harness } from "./payments-fixtures";

let h: Harness;
const children = new Set<ChildProcess>();
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await h.stop();
});

const MINUTE = 60_000;

describe("reconcile under Stripe faults", () => {
  it("records each stuck booking's error, goes on, ends (not extends) the leases; the next pass settles them", async () => {
    const bookings = [];
    for (let i = 0; i < 5; i++) bookings.push(await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242") }));
    const dead = h.ctx({ workerId: "dead-worker" });
    const claims = await claimDueBookings(dead, { limit: 10 });
    expect(claims).toHaveLength(5);
    // Two of them reached Stripe before the worker died; the others never did.
    for (const b of bookings.slice(0, 2)) {
      const card = await h.db.booking.findUniqueOrThrow({ where: { id: b.id } });
      await h.stripe.paymentIntents.create(
        {
          amount: 8800,
          currency: "eur",
          customer: card.stripeCustomerId ?? undefined,
          payment_method: card.paymentMethodId ?? undefined,
          off_session: true,
          confirm: true,
          metadata: { booking_id: b.id },
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        },
        { idempotencyKey: `booking/${b.id}/payment-intent` },
      );
    }

    h.clock.advance(10 * MINUTE);
    try {
      await h.emulator.control.addFault({ kind: "error_500", rate: 1, method: "GET" });
      const faulty = await runScheduledPass(h.ctx({ transientRetries: 1 }));
      await h.emulator.control.clearFaults();
      expect(faulty.errors).toEqual([]); // no step failed as a whole
      expect(faulty.reconciled).toMatchObject({ checked: 5, errors: 5 });
      expect(faulty.itemErrors.filter((e) => e.step === "reconcile").map((e) => e.id).sort()).toEqual(bookings.map((b) => b.id).sort());
      const run = await h.db.cronRun.findUniqueOrThrow({ where: { id: faulty.runId } });
      expect(run.status).toBe("SUCCEEDED");
      expect(run.errors).toHaveLength(5);
      for (const b of bookings) {
        const stuck = await h.db.booking.findUniqueOrThrow({ where: { id: b.id } });
        expect(stuck.status).toBe("CHARGING");
        expect(stuck.claimExpiresAt!.getTime()).toBeLessThanOrEqual(h.clock.now().getTime()); // not a fresh lease
      }

      const healed = await runScheduledPass(h.ctx());
      expect(healed.reconciled).toMatchObject({ checked: 5, paid: 2, released: 3, errors: 0 });
      expect(healed.charged.paid).toBe(3);
      // Every step's time is told, in the order the steps ran, within the pass's duration.
      const steps = Object.entries(healed.steps);
      expect(steps.map(([name]) => name)).toEqual(["close_aborted_runs", "reconcile", "expire_requests", "expire_unpaid", "charge_due", "reminders", "complete", "pending_refunds", "card_detaches", "payouts"]);
      for (const [i, [, t]] of steps.entries()) {
        expect(t.ms).toBeGreaterThanOrEqual(0);
        expect(t.startMs + t.ms).toBeLessThanOrEqual(healed.durationMs);
        if (i > 0) expect(t.startMs).toBeGreaterThanOrEqual(steps[i - 1]![1].startMs + steps[i - 1]![1].ms);
      }
      const healedRun = await h.db.cronRun.findUniqueOrThrow({ where: { id: healed.runId } });
      expect(healedRun.counts).not.toHaveProperty("steps"); // timings are the summary's, not the run row's counts
    } finally {
      await h.emulator.control.clearFaults();
      h.clock.advance(-10 * MINUTE);
    }
    for (const b of bookings) {
      expect((await h.db.booking.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("PAID");
      expect(await chargesForBooking(h, b.id)).toBe(1);
    }
  });

  it("closes a run left RUNNING by a dead process as ABORTED once it has been silent for a lease", async () => {
    const at = h.clock.now();
    const dead = await h.db.cronRun.create({
      data: { job: PASS_JOB, instance: "gone/1", status: "RUNNING", startedAt: new Date(at.getTime() - 20 * MINUTE), heartbeatAt: new Date(at.getTime() - 6 * MINUTE) },
    });
    const alive = await h.db.cronRun.create({
      data: { job: PASS_JOB, instance: "busy/2", status: "RUNNING", startedAt: new Date(at.getTime() - 20 * MINUTE), heartbeatAt: new Date(at.getTime() - MINUTE) },
    });
    const summary = await runScheduledPass(h.ctx());
    expect(summary.abortedRunsClosed).toBe(1);
    expect((await h.db.cronRun.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe("ABORTED");
    expect((await h.db.cronRun.findUniqueOrThrow({ where: { id: alive.id } })).status).toBe("RUNNING");
    await h.db.cronRun.delete({ where: { id: alive.id } });
  });
});

interface WorkerLine {
  worker: string;
  runId: string;
  attempted: number;
  paid: number;
  unknown: number;
  reconciled: { checked: number; errors: number };
  itemErrors: number;
  stepErrors: unknown[];
  retries: number;
  rateLimited: number;
}

interface Worker {
  name: string;
  child: ChildProcess;
  lines: WorkerLine[];
  stderr: string[];
  exited: Promise<void>;
}

describe("the proof: concurrent pass processes, Stripe faults, SIGKILL mid-pass", () => {
  it("charges every payable booking exactly once and leaves nothing CHARGING after one lease", { timeout: 300_000 }, async () => {
    const started = Date.now();
    const clockDir = fs.mkdtempSync(path.join(os.tmpdir(), "loyly-cron-faults-"));
    // The workers' test clock (their own data dir), written whole (tmp + rename) as lib/clock.ts does.
    const setOffset = (offsetMs: number) => {
      const file = path.join(clockDir, TEST_CLOCK_FILE);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ offsetMs }));
      fs.renameSync(`${file}.tmp`, file);
    };
    setOffset(0);

    // 120 bookings on cards that pay, 15 on cards declined off session, 15 on cards that
    // always ask for authentication; a card (and its customer) pays for several bookings.
    const kinds = [
      { card: "4242424242424242", pays: true, cards: 10, bookingsPerCard: 12 },
      { card: "4000000000000341", pays: false, cards: 3, bookingsPerCard: 5 },
      { card: "4000002760003184", pays: false, cards: 3, bookingsPerCard: 5 },
    ];
    const bookings: { id: string; pays: boolean }[] = [];
    for (const kind of kinds) {
      await Promise.all(
        Array.from({ length: kind.cards }, async () => {
          const card = await saveCard(h, kind.card);
          // Not due yet: the workers start (and load) meanwhile; all fall due at once below.
          const first = await createBooking(h, h.db, { card, chargeInHours: 1 });
          bookings.push({ id: first.id, pays: kind.pays });
          for (let i = 1; i < kind.bookingsPerCard; i++) {
            const next = await createBooking(h, h.db, { card, chargeInHours: 1, customerUserId: first.customerId });
            bookings.push({ id: next.id, pays: kind.pays });
          }
        }),
      );
    }
    const ids = bookings.map((b) => b.id);
    const seededMs = Date.now() - started;

    const control = h.emulator.control;
    const before = await control.counters();
    await control.setRateLimit(10);
    await control.addFault({ kind: "error_500", rate: 0.3, method: "GET" });
    await control.addFault({ kind: "error_500", rate: 0.1, method: "POST", pathPrefix: "/v1/payment_intents" });
    await control.addFault({ kind: "drop_after_success", rate: 0.1, method: "POST", pathPrefix: "/v1/payment_intents" });

    const statusCounts = async () => {
      const groups = await h.db.booking.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
      return Object.fromEntries(groups.map((g) => [g.status, g._count])) as Partial<Record<string, number>>;
    };
    const until = async (what: string, condition: () => Promise<boolean>, timeoutMs: number) => {
      const end = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await statusCounts())}\n${workers.flatMap((w) => w.stderr.slice(-3)).join("\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };

    const workers: Worker[] = [];
    const startWorker = (name: string): Worker => {
      // A worker is the app: an ordinary `node --import tsx` process on the same modules.
      const child = spawn(process.execPath, ["--import", "tsx", "tests/support/pass-worker.ts"], {
        cwd: process.cwd(),
        env: {
          ...process.env,
          DATABASE_URL: h.databaseUrl,
          WORKER_NAME: name,
          WORKER_STRIPE_PORT: String(h.emulator.port),
          WORKER_STRIPE_KEY: SECRET_KEY,
          LOYLY_DATA_DIR: clockDir,
          TEST_CLOCK_ENABLED: "1",
          SMTP_URL: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.add(child);
      const worker: Worker = {
        name,
        child,
        lines: [],
        stderr: [],
        exited: new Promise((resolve) => child.once("exit", () => resolve())),
      };
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        let nl: number;
        while ((nl = out.indexOf("\n")) >= 0) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          if (line.startsWith("{")) worker.lines.push(JSON.parse(line) as WorkerLine);
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        worker.stderr.push(chunk.toString());
        if (worker.stderr.length > 200) worker.stderr.shift();
      });
      workers.push(worker);
      return worker;
    };
    const runningRunsOf = (worker: Worker) =>
      h.db.cronRun.findMany({ where: { job: PASS_JOB, status: "RUNNING", instance: { startsWith: `${worker.name}/` } }, select: { id: true } });

    /** SIGKILL once the worker is inside a pass (a RUNNING run of its own). */
    const killMidPass = async (worker: Worker): Promise<string[]> => {
      await until(`${worker.name} inside a pass`, async () => (await runningRunsOf(worker)).length > 0, 20_000);
      worker.child.kill("SIGKILL");
      await worker.exited;
      return (await runningRunsOf(worker)).map((r) => r.id);
    };

    const progress: { atMs: number; paid: number }[] = [];
    const paidNow = async () => {
      const paid = (await statusCounts()).PAID ?? 0;
      progress.push({ atMs: Date.now() - started, paid });
      return paid;
    };

    const a = startWorker("A");
    const b = startWorker("B");
    startWorker("C");
    await until("every worker through a first pass", async () => workers.every((w) => w.lines.length > 0), 120_000);
    const faultsFrom = Date.now();
    await h.db.booking.updateMany({ where: { id: { in: ids } }, data: { chargeAt: new Date(Date.now() - 6 * MINUTE) } });
    await until("30 paid", async () => (await paidNow()) >= 30, 120_000);
    const abandoned = await killMidPass(a);
    const killedIds = [`${a.name}/${a.child.pid}`];
    startWorker("A2");
    // A squeeze of the rate limit until the workers have run into 429s (however fast this
    // machine is), then back to the low limit.
    await control.setRateLimit(2);
    await until("a 429 met by a worker", async () => workers.some((w) => (w.lines.at(-1)?.rateLimited ?? 0) > 0), 120_000);
    await control.setRateLimit(10);
    await until("70 paid", async () => (await paidNow()) >= 70, 120_000);
    abandoned.push(...(await killMidPass(b)));
    killedIds.push(`${b.name}/${b.child.pid}`);
    startWorker("B2");
    const paidAtSecondKill = await paidNow();

    // Everything due is done except what the killed workers held: their leases still run.
    await until(
      "all due bookings worked off",
      async () => {
        const due = await h.db.booking.count({ where: { id: { in: ids }, status: { in: ["ACCEPTED"] } } });
        const charging = await h.db.booking.findMany({ where: { id: { in: ids }, status: "CHARGING" }, select: { claimedBy: true, claimExpiresAt: true } });
        await paidNow();
        return due === 0 && charging.every((c) => killedIds.includes(c.claimedBy ?? ""));
      },
      120_000,
    );
    const heldByTheDead = await h.db.booking.count({ where: { id: { in: ids }, status: "CHARGING" } });
    const paidBeforeLease = await paidNow();
    expect(paidBeforeLease).toBeGreaterThan(paidAtSecondKill); // progress while the faults go on

    // One lease passes (test clock), faults still on: the dead workers' claims are reconciled.
    setOffset(DEFAULT_LEASE_MS + 5_000);
    await until(
      "nothing CHARGING, no run of a dead worker RUNNING",
      async () => {
        const counts = await statusCounts();
        const running = await h.db.cronRun.count({ where: { id: { in: abandoned }, status: "RUNNING" } });
        return !counts.CHARGING && !counts.ACCEPTED && running === 0;
      },
      120_000,
    );

    const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    for (const w of live) w.child.kill("SIGTERM");
    await Promise.all(live.map((w) => w.exited));
    await control.clearFaults();
    await control.setRateLimit(null);
    const after = await control.counters();
    const faultyMs = Date.now() - faultsFrom;

    const lines = workers.flatMap((w) => w.lines);
    const retries = workers.reduce((n, w) => n + (w.lines.at(-1)?.retries ?? 0), 0);
    const rateLimited = workers.reduce((n, w) => n + (w.lines.at(-1)?.rateLimited ?? 0), 0);
    const itemErrors = lines.reduce((n, l) => n + l.itemErrors, 0);
    console.log(
      `[cron-faults] ${bookings.length} bookings (120 payable), ${workers.length} worker processes (2 SIGKILLed mid-pass), ` +
        `${lines.length} passes, ${after.requests - before.requests} Stripe requests, ${retries} gateway re-sends after 429/500/dropped answers (${rateLimited} after a 429), ` +
        `${itemErrors} booking errors isolated, ${heldByTheDead} claims of killed workers reconciled after one lease, ` +
        `${abandoned.length} runs closed ABORTED, seed ${seededMs} ms, from due to done under faults ${faultyMs} ms; ` +
        `progress ${JSON.stringify(progress.filter((_, i) => i % 10 === 0))}`,
    );
    // The emulator's records: one successful charge per paid booking, none for the others.
    const final = await h.db.booking.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, stripePaymentIntentId: true } });
    const byId = new Map(final.map((f) => [f.id, f]));
    let doubleCharges = 0;
    for (const booking of bookings) {
      const saved = byId.get(booking.id)!;
      const charges = await chargesForBooking(h, booking.id);
      if (charges > 1) doubleCharges += charges - 1;
      if (booking.pays) {
        expect(saved.status, booking.id).toBe("PAID");
        expect(charges, booking.id).toBe(1);
        expect(after.paymentIntents[saved.stripePaymentIntentId ?? ""]?.succeededCharges).toBe(1);
      } else {
        expect(saved.status, booking.id).toBe("PAYMENT_FAILED");
        expect(charges, booking.id).toBe(0);
      }
    }
    console.log(`[cron-faults] double charges: ${doubleCharges}; charges at the emulator: ${after.chargesSucceeded - before.chargesSucceeded}`);
    expect(doubleCharges).toBe(0);
    expect(after.chargesSucceeded - before.chargesSucceeded).toBe(120);

    // Passes: none failed as a whole, many completed with payments while the faults went on
    // (each pass takes at most 16 bookings); the killed ones were closed as aborted.
    expect(lines.filter((l) => l.stepErrors.length > 0)).toEqual([]);
    expect(rateLimited).toBeGreaterThan(0);
    expect(lines.filter((l) => l.paid > 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(lines.filter((l) => l.paid > 0).map((l) => l.worker)).size).toBeGreaterThanOrEqual(3);
    expect(abandoned.length).toBeGreaterThan(0);
    const runs = await h.db.cronRun.findMany({ where: { job: PASS_JOB, instance: { not: null } }, select: { id: true, status: true } });
    expect(runs.filter((r) => r.status === "FAILED" || r.status === "RUNNING")).toEqual([]);
    for (const id of abandoned) expect(runs.find((r) => r.id === id)?.status).toBe("ABORTED");

    fs.rmSync(clockDir, { recursive: true, force: true });
  });
});
