/**
 * One pass of the scheduled work: what `GET|POST /api/cron/charge-due`, the
 * in-process scheduler of `npm run dev` / `npm start`, a system cron line and the benchmark
 * all run. In order:
 *
 *   1. reconcile bookings left CHARGING with an expired lease (ask Stripe first),
 *   2. expire requests nobody answered,
 *   3. expire accepted bookings unpaid at payBy (before charging: never charge after payBy),
 *   4. charge due bookings and run due automatic retries,
 *   5. remind customers 24 h before payBy,
 *   6. complete paid bookings whose end has passed.
 *
 * A failing step is recorded and the others still run. Every pass is a CronRun row
 * (started, finished, counts, errors). Passes may overlap on many instances: each step is
 * safe to run concurrently (claims, compare-and-set transitions).
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Ctx } from "@/lib/context";
import { reconcileExpiredClaims, type ReconcileCounts } from "@/lib/payments/reconcile";
import { chargeDueBookings, emptyChargeCounts, type ChargeCounts, type ChargeDueOptions } from "./charge-due";
import { completeEndedBookings, expireUnansweredRequests, expireUnpaidBookings, sendPayByReminders } from "./lifecycle-jobs";

export const PASS_JOB = "charge-due";

export interface PassSummary {
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  reconciled: ReconcileCounts;
  charged: ChargeCounts;
  requestsExpired: number;
  paymentsExpired: number;
  remindersSent: number;
  completed: number;
  errors: { step: string; message: string }[];
}

export interface PassOptions extends ChargeDueOptions {
  /** Who triggered it, for the CronRun row (route, scheduler, bench). */
  trigger?: string;
}

export async function runScheduledPass(ctx: Ctx, options: PassOptions = {}): Promise<PassSummary> {
  const started = Date.now();
  const startedAt = ctx.clock.now();
  const run = await ctx.db.cronRun.create({
    data: { job: PASS_JOB, instance: `${ctx.workerId}${options.trigger ? ` (${options.trigger})` : ""}`, startedAt, status: "RUNNING" },
  });
  const errors: PassSummary["errors"] = [];

  async function step<T>(name: string, fallback: T, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      console.error(`[cron] step ${name} failed:`, error);
      errors.push({ step: name, message: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  }

  const reconciled = await step("reconcile", { checked: 0, paid: 0, failed: 0, released: 0, processing: 0 }, () =>
    reconcileExpiredClaims(ctx),
  );
  const requestsExpired = await step("expire_requests", 0, () => expireUnansweredRequests(ctx));
  const paymentsExpired = await step("expire_unpaid", 0, () => expireUnpaidBookings(ctx));
  const charged = await step("charge_due", emptyChargeCounts(), () => chargeDueBookings(ctx, options));
  const remindersSent = await step("reminders", 0, () => sendPayByReminders(ctx));
  const completed = await step("complete", 0, () => completeEndedBookings(ctx));

  const finishedAt = new Date(startedAt.getTime() + (Date.now() - started));
  const summary: PassSummary = {
    runId: run.id,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Date.now() - started,
    reconciled,
    charged,
    requestsExpired,
    paymentsExpired,
    remindersSent,
    completed,
    errors,
  };
  const counts = { reconciled, charged, requestsExpired, paymentsExpired, remindersSent, completed, durationMs: summary.durationMs };
  await ctx.db.cronRun.update({
    where: { id: run.id },
    data: {
      status: errors.length === 0 ? "SUCCEEDED" : "FAILED",
      finishedAt,
      counts: asJson(counts),
      errors: errors.length ? asJson(errors) : undefined,
    },
  });
  return summary;
}

/** Plain data (numbers, strings, nested objects) as a JSON column value. */
function asJson(value: object): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
