/**
 * What a Stripe failure means, decided in one place: every error the SDK throws and every
 * failure left on a PaymentIntent becomes a `StripeFailureInfo` whose `kind` says what to do
 * (re-send at once, retry on a schedule, ask the customer, give up). The gateway
 * (gateway.ts) throws `StripeCallFailed` with it; the charge engine and the customer-facing
 * messages read only the kind and codes.
 */
import Stripe from "stripe";

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

/** Codes Stripe answers while another request holds the object or the idempotency key. */
const CONFLICT_CODES = new Set(["lock_timeout", "idempotency_key_in_use", "rate_limit"]);

export function classifyFailure(failure: StripeFailure): FailureKind {
  const { type, code, declineCode, statusCode } = failure;
  if (statusCode === 429 || statusCode === 409 || (statusCode != null && statusCode >= 500)) return "transient";
  if (code && CONFLICT_CODES.has(code)) return "transient";
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

/** Delay before re-sending a request that failed transiently (same idempotency key). */
export function transientBackoffMs(retry: number, baseMs = 250, capMs = 8_000, random = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(exp / 2 + random() * (exp / 2));
}

export interface StripeFailureInfo {
  kind: FailureKind;
  /** Stripe's raw error type (card_error, invalid_request_error, …) or the SDK class name. */
  type: string | null;
  code: string | null;
  declineCode: string | null;
  message: string;
  statusCode: number | null;
  /** The PaymentIntent Stripe put inside the error (off-session declines carry it). */
  paymentIntent: Stripe.PaymentIntent | null;
  /**
   * Stripe's own advice in the `Stripe-Should-Retry` header: true (re-send, e.g. a lock
   * timeout), false (a re-send would not help: the request ran, or never will), or null
   * when the answer did not say (then the kind decides).
   */
  shouldRetry?: boolean | null;
  /** `Retry-After` of the answer in ms, when given (429s). */
  retryAfterMs?: number | null;
}

/** Most a `Retry-After` is honoured for (a longer wait is the next pass's business). */
const MAX_RETRY_AFTER_MS = 30_000;

function headerOf(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = (headers as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "string" ? first.trim().toLowerCase() : null;
}

/** The retry advice of an SDK error's response headers (see StripeFailureInfo). */
export function retryAdviceOf(headers: unknown): { shouldRetry: boolean | null; retryAfterMs: number | null } {
  const advice = headerOf(headers, "stripe-should-retry");
  const retryAfter = Number(headerOf(headers, "retry-after") ?? Number.NaN);
  return {
    shouldRetry: advice === "true" ? true : advice === "false" ? false : null,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(MAX_RETRY_AFTER_MS, retryAfter * 1000) : null,
  };
}

/** Is this an error the Stripe SDK raised (structurally: see describeStripeError)? */
export function isStripeSdkError(error: unknown): error is Stripe.errors.StripeError {
  if (error instanceof Stripe.errors.StripeError) return true;
  return error instanceof Error && "rawType" in error && "raw" in error && "statusCode" in error;
}

export function describeStripeError(error: unknown): StripeFailureInfo {
  // Structural, not `instanceof`: a Next server bundle can hold two copies of the SDK's
  // error classes (ESM and CJS builds), and then every card decline looked like a network
  // failure and the booking stayed CHARGING.
  if (isStripeSdkError(error)) {
    const type = error.rawType ?? error.type ?? null;
    const info = {
      type,
      code: error.code ?? null,
      declineCode: error.decline_code ?? null,
      statusCode: error.statusCode ?? null,
    };
    const advice = retryAdviceOf(error.headers);
    return {
      ...info,
      // Stripe asking for a re-send means nothing was decided: not a card's or our fault.
      kind: advice.shouldRetry === true ? "transient" : classifyFailure(info),
      message: error.message,
      paymentIntent: error.payment_intent ?? null,
      ...advice,
    };
  }
  // Not an SDK error: a socket or abort surfaced raw. Treat as the network failing.
  return {
    kind: "transient",
    type: "network",
    code: null,
    declineCode: null,
    statusCode: null,
    message: error instanceof Error ? error.message : String(error),
    paymentIntent: null,
  };
}

/** A Stripe call failed for good (after transient re-sends, if any). */
export class StripeCallFailed extends Error {
  readonly name = "StripeCallFailed";
  constructor(
    readonly failure: StripeFailureInfo,
    /** What the SDK threw, for logs. */
    options?: { cause?: unknown },
  ) {
    super(failure.message, options);
  }
}

/** The failure Stripe left on a PaymentIntent that is not succeeded (no error was thrown). */
export function failureFromPaymentIntent(pi: Stripe.PaymentIntent): StripeFailureInfo {
  const error = pi.last_payment_error;
  if (pi.status === "requires_action" || (pi.status === "requires_confirmation" && !error)) {
    return {
      kind: "authentication_required",
      type: "card_error",
      code: "authentication_required",
      declineCode: null,
      message: "The bank asks the customer to confirm this payment.",
      statusCode: null,
      paymentIntent: pi,
    };
  }
  const info = { type: error?.type ?? null, code: error?.code ?? null, declineCode: error?.decline_code ?? null, statusCode: null };
  return {
    ...info,
    kind: info.type || info.code || info.declineCode ? classifyFailure(info) : "invalid_request",
    message: error?.message ?? `The payment is ${pi.status}.`,
    paymentIntent: pi,
  };
}
