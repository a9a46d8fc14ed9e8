/**
 * How many Stripe calls may run, and how fast: a token bucket for the
 * rate (STRIPE_RATE_LIMIT_PER_SECOND; Stripe allows ~100/s live, 25/s in test mode) and a
 * semaphore for the number of calls in flight. `StripeGate.run(fn)` waits for both.
 *
 * The rate is a `RateLimiter`: the in-process `TokenBucket` below (one process: tests, the
 * benchmark's single-instance runs), or `SharedRateLimit` (shared-rate-limit.ts), one
 * schedule in PostgreSQL that every instance takes its turns from, so N instances together
 * stay within the account's limit. Stripe's 429 answers are still handled by the caller's
 * transient retry.
 */

/** Something that hands out turns at a rate: `take()` resolves when the caller may go. */
export interface RateLimiter {
  readonly perSecond: number;
  take(): Promise<void>;
}

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). */
  perSecond: number;
  /**
   * Most tokens held at once (the burst). Defaults to a tenth of a second's worth (at least
   * 1), so no one-second window ever sees much more than `perSecond` calls.
   */
  burst?: number;
  /** Clock and sleep, injectable for tests. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenBucket implements RateLimiter {
  readonly perSecond: number;
  readonly burst: number;
  private tokens: number;
  private last: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Waiters are served in order so nobody starves under load. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.perSecond > 0)) throw new RangeError("perSecond must be positive");
    this.perSecond = options.perSecond;
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.perSecond / 10));
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = this.burst;
    this.last = this.clock();
  }

  private refill(): void {
    const t = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }

  /** Resolves when a token has been taken. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }
}

/** At most `limit` holders at once. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError("limit must be at least 1");
  }

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.active--;
    };
  }

  get inFlight(): number {
    return this.active;
  }
}

export interface StripeGateOptions {
  /** Calls per second (an in-process bucket); null/undefined = unlimited. */
  perSecond?: number | null;
  /** The rate as a limiter of its own (e.g. the shared one); wins over perSecond. */
  limiter?: RateLimiter | null;
  /** Calls in flight at once. */
  concurrency?: number;
  burst?: number;
}

/** Bounded concurrency + rate for every Stripe call of the charge engine. */
export class StripeGate {
  private readonly bucket: RateLimiter | null;
  private readonly slots: Semaphore;
  calls = 0;

  constructor(options: StripeGateOptions = {}) {
    this.bucket = options.limiter ?? (options.perSecond ? new TokenBucket({ perSecond: options.perSecond, burst: options.burst }) : null);
    this.slots = new Semaphore(options.concurrency ?? 8);
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const release = await this.slots.acquire();
    try {
      if (this.bucket) await this.bucket.take();
      this.calls++;
      return await call();
    } finally {
      release();
    }
  }

  get concurrency(): number {
    return this.slots.limit;
  }

  /** The configured rate, or null when unlimited. */
  get perSecond(): number | null {
    return this.bucket?.perSecond ?? null;
  }
}
