/**
 * What to do after a failed charge (DESIGN.md, "Failure handling by Stripe's decline code").
 * Pure: takes what Stripe said and the clock, returns a decision.
 */

export type FailureKind =
  /** 3D Secure needed: no automatic retry, the customer must come on session. */
  | "authentication_required"
  /** Might work later: retried on a schedule until payBy, customer told they can pay now. */
  | "soft_decline"
  /** Will not work with this card: no retry, a new card is needed. */
  | "hard_decline"
  /** Stripe or the network failed, not the card: retry at once, not counted as an attempt. */
  | "transient"
  /** Our request was wrong (e.g. a detached payment method): no retry, a person must look. */
  | "invalid_request";

export interface StripeFailure {
  /** Stripe's error type: card_error, api_error, rate_limit_error, invalid_request_error, … */
  type?: string | null;
  code?: string | null;
  declineCode?: string | null;
  /** HTTP status, when there was an answer at all. */
  statusCode?: number | null;
}

const SOFT_DECLINES = new Set([
  "insufficient_funds",
  "try_again_later",
  "processing_error",
  "generic_decline",
  "card_declined",
  "do_not_honor",
  "issuer_not_available",
  "card_velocity_exceeded",
  "withdrawal_count_limit_exceeded",
  "reenter_transaction",
  "approve_with_id",
]);

const TRANSIENT_TYPES = new Set([
  "api_error",
  "api_connection_error",
  "rate_limit_error",
  "StripeAPIError",
  "StripeConnectionError",
  "StripeRateLimitError",
]);

export function classifyFailure(failure: StripeFailure): FailureKind {
  const { type, code, declineCode, statusCode } = failure;
  if (statusCode === 429 || (statusCode != null && statusCode >= 500)) return "transient";
  if (type && TRANSIENT_TYPES.has(type)) return "transient";
  if (code === "authentication_required" || declineCode === "authentication_required") {
    return "authentication_required";
  }
  if (type === "card_error" || declineCode) {
    // The decline code is the most specific word Stripe gives; the error code backs it up.
    return SOFT_DECLINES.has(declineCode ?? code ?? "") ? "soft_decline" : "hard_decline";
  }
  return "invalid_request";
}

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

/** Delay before re-sending a request that failed transiently (same idempotency key). */
export function transientBackoffMs(retry: number, baseMs = 250, capMs = 8_000, random = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(exp / 2 + random() * (exp / 2));
}
