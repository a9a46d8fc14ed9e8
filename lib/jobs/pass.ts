/**
 * One pass of the scheduled work: what `GET|POST /api/cron/charge-due`, the
 * in-process scheduler of `npm run dev` / `npm start`, a system cron line and the benchmark
 * all run. In order:
 *
 *   0. close runs left RUNNING by a process that died mid-pass (cron-runs.ts),
 *   1. reconcile bookings left CHARGING with an expired lease (ask Stripe first),
 *   2. expire requests nobody answered,
 *   3. expire accepted bookings unpaid at payBy (before charging: never charge after payBy),
 *   4. charge due bookings and run due automatic retries,
 *   5. remind customers 24 h before payBy,
 *   6. complete paid bookings whose end has passed,
 *   7. ask Stripe about refunds left pending (their webhook never came),
 *   8. retry card detaches Stripe refused,
 *   9. pay hosts their bookings' money once it is due (lib/payouts/release.ts).
 *
 * Errors are isolated at two levels. One booking's error (Stripe still failing after the
 * gateway's re-sends and backoff, a failed write, a failed email) is recorded in the run's
 * errors with the booking's id and the step goes on with the next booking; a booking taken
 * over for the step has its lease ended, not extended, so the next pass tries it at once.
 * A step that fails as a whole (its query) is recorded and the other steps still run; only
 * that makes the run FAILED. Every pass is a CronRun row (started, heartbeat, finished,
 * counts, errors). Passes may overlap on many instances: each step is safe to run
 * concurrently (claims, compare-and-set transitions and takes).
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Ctx } from "@/lib/context";
import { emptyReconcileCounts, reconcileExpiredClaims, type ReconcileCounts } from "@/lib/payments/reconcile";
import { checkPendingRefunds, emptyRefundCheckCounts, type RefundCheckCounts } from "@/lib/payments/refund-check";
import { retryPendingDetaches, type DetachCounts } from "@/lib/payments/saved-cards";
import { emptyPayoutCounts, releaseDuePayouts, type PayoutCounts } from "@/lib/payouts/release";
import { chargeDueBookings, emptyChargeCounts, type ChargeCounts, type ChargeDueOptions, type ReportError } from "./charge-due";
import { closeAbandonedRuns, startHeartbeat } from "./cron-runs";
import { completeEndedBookings, expireUnansweredRequests, expireUnpaidBookings, sendPayByReminders } from "./lifecycle-jobs";

export const PASS_JOB = "charge-due";

/** Most item errors written to one run's row (the count is always complete). */
const MAX_RECORDED_ERRORS = 100;

export interface PassError {
  step: string;
  /** The booking (or card) the error is about; absent when the step failed as a whole. */
  id?: string;
  message: string;
}

export interface PassSummary {
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** When each step started (ms after the pass started) and how long it took, in the order they ran. */
  steps: Record<string, { startMs: number; ms: number }>;
  abortedRunsClosed: number;
  reconciled: ReconcileCounts;
  charged: ChargeCounts;
  requestsExpired: number;
  paymentsExpired: number;
  remindersSent: number;
  completed: number;
  refundsChecked: RefundCheckCounts;
  cardsDetached: DetachCounts;
  payouts: PayoutCounts;
  /** Steps that failed as a whole (the run is FAILED). */
  errors: PassError[];
  /** Single bookings or cards that failed (recorded; the step went on). */
  itemErrors: PassError[];
  itemErrorCount: number;
}

export interface PassOptions extends ChargeDueOptions {
  /** Who triggered it, for the CronRun row (route, scheduler, bench). */
  trigger?: string;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

export async function runScheduledPass(ctx: Ctx, options: PassOptions = {}): Promise<PassSummary> {
  const started = Date.now();
  const stopAt = started + (options.timeBudgetMs ?? 50_000);
  const startedAt = ctx.clock.now();
  const run = await ctx.db.cronRun.create({
    data: {
      job: PASS_JOB,
      instance: `${ctx.workerId}${options.trigger ? ` (${options.trigger})` : ""}`,
      startedAt,
      heartbeatAt: startedAt,
      status: "RUNNING",
    },
  });
  const heartbeat = startHeartbeat(ctx, run.id);
  const errors: PassError[] = [];
  const itemErrors: PassError[] = [];
  let itemErrorCount = 0;
  const steps: PassSummary["steps"] = {};

  const reportFor =
    (stepName: string): ReportError =>
    (id, error) => {
      itemErrorCount++;
      console.error(`[cron] ${stepName}: ${id}:`, error);
      if (itemErrors.length < MAX_RECORDED_ERRORS) itemErrors.push({ step: stepName, id, message: messageOf(error) });
    };

  async function step<T>(name: string, fallback: T, work: (report: ReportError) => Promise<T>): Promise<T> {
    const stepStarted = Date.now();
    try {
      return await work(reportFor(name));
    } catch (error) {
      console.error(`[cron] step ${name} failed:`, error);
      errors.push({ step: name, message: messageOf(error) });
      return fallback;
    } finally {
      steps[name] = { startMs: stepStarted - started, ms: Date.now() - stepStarted };
      await heartbeat.beat();
    }
  }

  let summary: PassSummary;
  try {
    const abortedRunsClosed = await step("close_aborted_runs", 0, () => closeAbandonedRuns(ctx, PASS_JOB));
    const reconciled = await step("reconcile", emptyReconcileCounts(), (report) => reconcileExpiredClaims(ctx, { stopAt, report }));
    const requestsExpired = await step("expire_requests", 0, (report) => expireUnansweredRequests(ctx, report));
    const paymentsExpired = await step("expire_unpaid", 0, (report) => expireUnpaidBookings(ctx, report));
    const charged = await step("charge_due", emptyChargeCounts(), (report) => chargeDueBookings(ctx, { ...options, stopAt, report }));
    const remindersSent = await step("reminders", 0, (report) => sendPayByReminders(ctx, report));
    const completed = await step("complete", 0, (report) => completeEndedBookings(ctx, report));
    const refundsChecked = await step("pending_refunds", emptyRefundCheckCounts(), (report) => checkPendingRefunds(ctx, { stopAt, report }));
    const cardsDetached = await step("card_detaches", { detached: 0, failed: 0 }, (report) => retryPendingDetaches(ctx, { stopAt, report }));

    const payouts = await step("payouts", emptyPayoutCounts(), (report) => releaseDuePayouts(ctx, { stopAt, report }));

    const durationMs = Date.now() - started;
    const finishedAt = new Date(startedAt.getTime() + durationMs);
    summary = {
      runId: run.id,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs,
      steps,
      abortedRunsClosed,
      reconciled,
      charged,
      requestsExpired,
      paymentsExpired,
      remindersSent,
      completed,
      refundsChecked,
      cardsDetached,
      payouts,
      errors,
      itemErrors,
      itemErrorCount,
    };
  } finally {
    heartbeat.stop();
  }
  const { runId: _runId, startedAt: _s, finishedAt: _f, errors: _e, itemErrors: _i, steps: _t, ...counts } = summary;
  const recorded = [...errors, ...itemErrors];
  await ctx.db.cronRun.update({
    where: { id: run.id },
    data: {
      status: errors.length === 0 ? "SUCCEEDED" : "FAILED",
      finishedAt: new Date(summary.finishedAt),
      heartbeatAt: new Date(summary.finishedAt),
      counts: asJson(counts),
      errors: recorded.length ? asJson(recorded) : undefined,
    },
  });
  return summary;
}

/** Plain data (numbers, strings, nested objects) as a JSON column value. */
function asJson(value: object): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
