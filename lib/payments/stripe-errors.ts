/**
 * Stripe calls of the engine: through the gate (concurrency + rate), with transient failures
 * (429, 5xx, network, timeouts) re-sent after a backoff with the SAME idempotency key — so a
 * request that did reach Stripe is answered from Stripe's idempotency cache, never executed
 * twice. Everything else is thrown to the caller as a `StripeCallFailed`.
 */
import Stripe from "stripe";
import type { PaymentDeps } from "./deps";
import { classifyFailure, transientBackoffMs, type FailureKind } from "./retry-policy";

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
    return {
      ...info,
      kind: classifyFailure(info),
      message: error.message,
      paymentIntent: error.payment_intent ?? null,
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
  constructor(readonly failure: StripeFailureInfo) {
    super(failure.message);
  }
}

/** Runs `call` through the gate, re-sending it on transient failures (same idempotency key). */
export async function callStripe<T>(
  deps: Pick<PaymentDeps, "gate" | "transientRetries" | "sleep">,
  call: () => Promise<T>,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await deps.gate.run(call);
    } catch (error) {
      const failure = describeStripeError(error);
      if (failure.kind !== "transient" || retry >= deps.transientRetries) throw new StripeCallFailed(failure);
      await deps.sleep(transientBackoffMs(retry));
    }
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
