/**
 * When to try a soft-declined booking again. Pure: takes the attempts made, the failure's
 * time and the pay-by deadline, returns the next automatic attempt (or none). What kind of
 * failure it was is decided in one place, lib/stripe/errors.ts.
 */

export interface RetryPolicy {
  /** Most automatic off-session attempts for one booking, the first included. */
  maxAutoAttempts: number;
  /** Gaps after the 1st, 2nd, … failed attempt; after the last gap, one final try `finalRetryBeforePayByHours` before payBy. */
  retryGapsHours: readonly number[];
  finalRetryBeforePayByHours: number;
  /** Never two attempts closer than this. */
  minimumGapHours: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAutoAttempts: 4,
  retryGapsHours: [24, 72],
  finalRetryBeforePayByHours: 24,
  minimumGapHours: 1,
};

const HOUR_MS = 3_600_000;

/**
 * When to try a soft-declined booking again, or null when no automatic attempt is left.
 * `attemptsMade` counts automatic attempts so far, the one that just failed included.
 */
export function nextRetryAt(
  args: { attemptsMade: number; failedAt: Date; payBy: Date },
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Date | null {
  const { attemptsMade, failedAt, payBy } = args;
  if (attemptsMade >= policy.maxAutoAttempts) return null;

  const finalSlot = payBy.getTime() - policy.finalRetryBeforePayByHours * HOUR_MS;
  const gap = policy.retryGapsHours[attemptsMade - 1];
  let at = gap === undefined ? finalSlot : Math.min(failedAt.getTime() + gap * HOUR_MS, finalSlot);
  at = Math.max(at, failedAt.getTime() + policy.minimumGapHours * HOUR_MS);
  if (at >= payBy.getTime()) return null;
  return new Date(at);
}
