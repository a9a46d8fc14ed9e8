/**
 * The CronRun rows of the scheduled pass: a RUNNING row beats (heartbeatAt) while its pass
 * works; a process that dies mid-pass (SIGKILL, a crashed instance, a killed function) leaves
 * its row RUNNING with a heartbeat that stops. The next pass closes every RUNNING row silent
 * for longer than a lease as ABORTED — by then the dead pass's claims have expired too and
 * are being reconciled.
 */
import type { Ctx } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client";

/** How often a running pass writes its heartbeat (at most; a short lease beats faster). */
const MAX_HEARTBEAT_MS = 30_000;

export function heartbeatIntervalMs(leaseMs: number): number {
  return Math.max(1_000, Math.min(MAX_HEARTBEAT_MS, Math.floor(leaseMs / 4)));
}

/** Closes RUNNING runs of `job` whose last heartbeat is older than a lease; returns how many. */
export async function closeAbandonedRuns(ctx: Pick<Ctx, "db" | "clock" | "leaseMs">, job: string): Promise<number> {
  const at = ctx.clock.now();
  const silentSince = new Date(at.getTime() - ctx.leaseMs);
  const { count } = await ctx.db.cronRun.updateMany({
    where: {
      job,
      status: "RUNNING",
      OR: [{ heartbeatAt: { lt: silentSince } }, { heartbeatAt: null, startedAt: { lt: silentSince } }],
    },
    data: {
      status: "ABORTED",
      finishedAt: at,
      errors: [
        { step: "pass", message: `Aborted: no sign of life for more than ${Math.round(ctx.leaseMs / 1000)} s (the process running it stopped mid-pass).` },
      ] satisfies Prisma.InputJsonValue,
    },
  });
  return count;
}

/** Beats the run's heartbeat until stopped (a timer that does not keep the process alive). */
export function startHeartbeat(ctx: Pick<Ctx, "db" | "clock" | "leaseMs">, runId: string): { beat(): Promise<void>; stop(): void } {
  const beat = async () => {
    await ctx.db.cronRun
      .updateMany({ where: { id: runId, status: "RUNNING" }, data: { heartbeatAt: ctx.clock.now() } })
      .catch((error: unknown) => console.error(`[cron] heartbeat of run ${runId} failed:`, error));
  };
  const timer = setInterval(() => void beat(), heartbeatIntervalMs(ctx.leaseMs));
  timer.unref();
  return { beat, stop: () => clearInterval(timer) };
}
