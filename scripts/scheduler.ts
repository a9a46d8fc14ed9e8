/**
 * The in-process scheduler of `npm run dev` / `npm start`: every minute it POSTs
 * APP_URL/api/cron/charge-due with `Authorization: Bearer CRON_SECRET`, as Vercel Cron or a
 * system cron line would in production. Overlapping ticks are skipped; problems are
 * logged once per kind, not every minute.
 */
import { requestStatus } from "./lib/http";

export interface SchedulerOptions {
  appUrl: string;
  cronSecret: string;
  intervalMs?: number;
  log?: (line: string) => void;
}

export interface Scheduler {
  /** Runs one tick now (also used by tests). Resolves to the HTTP status, or 0 on network error. */
  tick(): Promise<number>;
  stop(): void;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const log = options.log ?? ((line: string) => console.log(line));
  const url = new URL("/api/cron/charge-due", options.appUrl + "/").toString();
  const reported = new Set<string>();
  const once = (key: string, line: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    log(line);
  };
  let running: Promise<number> | null = null;

  async function runTick(): Promise<number> {
    try {
      const status = await requestStatus(url, {
        method: "POST",
        headers: { authorization: `Bearer ${options.cronSecret}` },
        timeoutMs: 55_000,
      });
      if (status === 404) {
        once("404", `[scheduler] ${url} answers 404: no cron route yet; will keep trying quietly`);
      } else if (status < 200 || status >= 300) {
        once(`status-${status}`, `[scheduler] ${url} answered ${status}`);
      } else if (reported.size > 0) {
        reported.clear();
        log(`[scheduler] ${url} answers ${status} again`);
      }
      return status;
    } catch (error) {
      once("network", `[scheduler] ${url} unreachable: ${error instanceof Error ? error.message : error}`);
      return 0;
    }
  }

  function tick(): Promise<number> {
    running ??= runTick().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => void tick(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    tick,
    stop: () => clearInterval(timer),
  };
}
