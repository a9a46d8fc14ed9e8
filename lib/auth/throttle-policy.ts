/**
 * The throttle policy, as plain functions of a counter's state and the time: no database,
 * no environment. lib/auth/throttle.ts keeps the state in PostgreSQL and calls these under
 * a row lock.
 *
 * A counter counts attempts in a window. The attempt that reaches the limit is still let
 * through (it is checked like any other), and locks the counter: while locked, every
 * attempt is refused without being checked. Each lock in a row lasts twice as long as the
 * one before (up to `maxLockMs`); a day without a lock forgets the streak.
 *
 * Sign-ins count an attempt before the password is checked (so concurrent guesses cannot
 * slip past the limit) and give it back when the password was right (`refund`).
 */

export interface ThrottleRule {
  /** Attempts in one window; the attempt that reaches it locks the counter. */
  limit: number;
  windowMs: number;
  /** The first lock; doubled for each further lock in a row. */
  lockMs: number;
  maxLockMs: number;
}

export interface ThrottleState {
  count: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  lockCount: number;
}

/** After this long without a lock, the next lock is a first lock again. */
export const LOCK_STREAK_MEMORY_MS = 24 * 60 * 60 * 1000;
export const MAX_LOCK_MS = 24 * 60 * 60 * 1000;

export type AttemptDecision =
  | { allowed: true; next: ThrottleState; lockedNow: boolean; retryAfterMs: number }
  | { allowed: false; next: ThrottleState; lockedNow: false; retryAfterMs: number };

export function freshState(now: Date): ThrottleState {
  return { count: 0, windowStartedAt: now, lockedUntil: null, lockCount: 0 };
}

/** The state as it stands at `now`: an ended lock lifted, an ended window restarted. */
export function settle(state: ThrottleState, now: Date, rule: ThrottleRule): ThrottleState {
  const t = now.getTime();
  let { count, windowStartedAt, lockedUntil, lockCount } = state;
  if (lockedUntil && lockedUntil.getTime() <= t) lockedUntil = null;
  if (!lockedUntil && t - windowStartedAt.getTime() >= LOCK_STREAK_MEMORY_MS) lockCount = 0;
  if (!lockedUntil && t - windowStartedAt.getTime() >= rule.windowMs) {
    count = 0;
    windowStartedAt = now;
  }
  return { count, windowStartedAt, lockedUntil, lockCount };
}

/** How long the lock after `lockCount` earlier locks in a row lasts. */
export function lockDurationMs(lockCount: number, rule: ThrottleRule): number {
  const factor = 2 ** Math.min(lockCount, 20);
  return Math.min(rule.lockMs * factor, rule.maxLockMs);
}

/** Ms until the counter is unlocked; 0 when it is not locked at `now`. */
export function retryAfterMs(state: ThrottleState, now: Date): number {
  return state.lockedUntil ? Math.max(0, state.lockedUntil.getTime() - now.getTime()) : 0;
}

/** Whether the counter refuses attempts at `now`. */
export function isLocked(state: ThrottleState, now: Date): boolean {
  return retryAfterMs(state, now) > 0;
}

/** One attempt: refused while locked, else counted (and the counter locked at the limit). */
export function attempt(state: ThrottleState, now: Date, rule: ThrottleRule): AttemptDecision {
  const settled = settle(state, now, rule);
  if (isLocked(settled, now)) {
    return { allowed: false, next: settled, lockedNow: false, retryAfterMs: retryAfterMs(settled, now) };
  }
  const count = settled.count + 1;
  if (count < rule.limit) {
    return { allowed: true, next: { ...settled, count }, lockedNow: false, retryAfterMs: 0 };
  }
  const duration = lockDurationMs(settled.lockCount, rule);
  const lockedUntil = new Date(now.getTime() + duration);
  return {
    allowed: true,
    lockedNow: true,
    retryAfterMs: duration,
    // The next window starts when the lock ends.
    next: { count: 0, windowStartedAt: lockedUntil, lockedUntil, lockCount: settled.lockCount + 1 },
  };
}

/**
 * Gives back an attempt that turned out not to be a failure. A lock it caused stays: the
 * counter is shared (a client address), and other attempts were already refused by it.
 */
export function refund(state: ThrottleState): ThrottleState {
  if (state.lockedUntil) return state;
  return { ...state, count: Math.max(0, state.count - 1) };
}

/** "Too many attempts — try again in N minutes." (N rounded up, at least 1) */
export function tooManyAttemptsMessage(retryAfter: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfter / 60_000));
  return `Too many attempts — try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** "15 minutes", "2 hours" — a lock's length in words (minutes rounded up). */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120 || minutes % 60 !== 0) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${minutes / 60} hours`;
}
