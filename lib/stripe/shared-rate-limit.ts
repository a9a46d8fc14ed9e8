/**
 * The Stripe rate limit shared by every instance of the app: one schedule row in PostgreSQL
 * (`stripe_rate_limits`), so N instances together make at most the configured calls per
 * second instead of N times as many.
 *
 * The schedule is a generic cell rate algorithm kept in one number, the theoretical arrival
 * time `tat_ms` of the next free turn (milliseconds, on the database's clock, so instances
 * whose clocks disagree still share one timeline). Taking a turn is one atomic statement:
 *
 *     turn   = max(tat, now − (burst − 1) · interval)
 *     tat    = turn + interval
 *     wait   = turn − now        (≤ 0: go at once)
 *
 * Turns are handed out in the order the statements commit, `interval` = 1000 / (perSecond ·
 * (1 − headroom)) apart; after a quiet spell at most `burst` turns lie in the past, so any
 * window of T ms holds at most T / interval + burst turns, whichever instances take them.
 * The headroom (2 % by default) and a burst of one keep the calls under the limit as Stripe
 * counts it, at its end of the network: a turn is taken before the request leaves, so the
 * requests arrive a little closer together or further apart than their turns. A caller never
 * polls: it sleeps until its own turn. The gate's semaphore bounds how many turns one
 * instance holds ahead of time (its concurrency), so the schedule never runs far ahead.
 *
 * When the database cannot be asked, the call fails like any other failed Stripe call (the
 * charge engine ends its lease and reconciles); no instance falls back to a limit of its own.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RateLimiter } from "./rate-limit";

export interface SharedRateLimitOptions {
  /** Calls per second for all instances together. */
  perSecond: number;
  /** Turns that may be taken at once after a quiet spell (default 1: none saved up). */
  burst?: number;
  /** Share of the limit left unused, for the network's jitter (0–0.5, default 0.02). */
  headroom?: number;
  /** The schedule's row: one per Stripe account (default "stripe"). */
  key?: string;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SharedRateLimit implements RateLimiter {
  readonly perSecond: number;
  readonly burst: number;
  readonly headroom: number;
  readonly key: string;
  private readonly interval: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Turns taken by this instance (benchmarks). */
  taken = 0;
  /** Of them, turns that were free at once: nobody was queued, the schedule had fallen behind the clock. */
  immediate = 0;
  /** Turns this instance's caller woke for more than 20 ms after they began (its event loop was busy), and the latest wake. */
  late = 0;
  maxLateMs = 0;
  /** The first and the last turn this instance took (database clock, ms since the epoch). */
  firstTurnMs: number | null = null;
  lastTurnMs: number | null = null;

  constructor(
    private readonly db: Pick<PrismaClient, "$queryRaw">,
    options: SharedRateLimitOptions,
  ) {
    if (!(Number.isFinite(options.perSecond) && options.perSecond > 0)) throw new RangeError("perSecond must be a positive number");
    this.perSecond = options.perSecond;
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.headroom = options.headroom ?? 0.02;
    if (!(this.headroom >= 0 && this.headroom <= 0.5)) throw new RangeError("headroom must be between 0 and 0.5");
    this.key = options.key ?? "stripe";
    if (!/^[\w.:/-]{1,100}$/.test(this.key)) throw new RangeError("key: 1-100 letters, digits or . : / - _");
    this.interval = 1000 / (options.perSecond * (1 - this.headroom));
    this.sleep = options.sleep ?? realSleep;
  }

  /**
   * Reserves the next turn: when it is (ms since the epoch, database clock) and how long to
   * wait for it (≤ 0: now).
   */
  async reserve(): Promise<{ turnMs: number; waitMs: number }> {
    const slack = (this.burst - 1) * this.interval;
    const rows = await this.db.$queryRaw<{ turn_ms: number; wait_ms: number }[]>`
      WITH c AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS now)
      INSERT INTO stripe_rate_limits AS r (key, tat_ms)
      SELECT ${this.key}, c.now + ${this.interval}::float8 FROM c
      ON CONFLICT (key) DO UPDATE
      SET tat_ms = GREATEST(r.tat_ms, (SELECT now FROM c) - ${slack}::float8) + ${this.interval}::float8
      RETURNING (r.tat_ms - ${this.interval}::float8)::float8 AS turn_ms,
        (r.tat_ms - ${this.interval}::float8 - (SELECT now FROM c))::float8 AS wait_ms`;
    const row = rows[0];
    if (typeof row?.wait_ms !== "number" || typeof row.turn_ms !== "number") throw new Error("stripe_rate_limits: no turn returned");
    this.taken++;
    if (row.wait_ms <= 0) this.immediate++;
    this.firstTurnMs ??= row.turn_ms;
    this.lastTurnMs = row.turn_ms;
    return { turnMs: row.turn_ms, waitMs: row.wait_ms };
  }

  async take(): Promise<void> {
    const { waitMs } = await this.reserve();
    const due = performance.now() + waitMs;
    if (waitMs > 0) await this.sleep(Math.ceil(waitMs));
    const lateMs = performance.now() - due;
    if (lateMs > 20) this.late++;
    if (lateMs > this.maxLateMs) this.maxLateMs = lateMs;
  }
}
