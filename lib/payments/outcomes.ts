/**
 * What a payment outcome does to a booking, shared by the charge engine, reconciliation,
 * webhooks and pay-now: the payment attempt row, the lifecycle transition (through
 * applyTransition, the one place a booking changes status) and, after the commit, the
 * emails. Each writer may race the others (a worker, a webhook, the customer's browser):
 * the compare-and-set in applyTransition lets exactly one of them win; the losers see
 * "already paid" and send nothing.
 */
import type Stripe from "stripe";
import { InvalidTransition, UNPAID_ACCEPTED_STATUSES } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, type Actor } from "@/lib/bookings/transitions";
import type { BookingStatus, PaymentAttemptKind, PaymentAttemptOutcome } from "@/lib/generated/prisma/enums";
import type { ClaimMail } from "./claims";
import type { PaymentDeps } from "./deps";
import { nextRetryAt } from "./retry-policy";
import type { StripeFailureInfo } from "./stripe-errors";
import {
  alertOperator,
  loadBookingForMail,
  sendActionRequired,
  sendPaidEmails,
  sendProviderPaymentProblem,
} from "./notifications";

export interface AttemptRecord {
  kind: PaymentAttemptKind;
  idempotencyKey?: string | null;
  paymentMethodId?: string | null;
  /** Automatic attempts count toward the retry limit; on-session and reconcile rows do not. */
  countsTowardRetries: boolean;
}

export type PaidResult = "paid" | "already_paid" | "not_payable";

/**
 * The PaymentIntent succeeded: the booking becomes PAID (from ACCEPTED, CHARGING or
 * PAYMENT_FAILED). Returns "already_paid" when someone else recorded it first, and
 * "not_payable" when the booking is in a final state (an anomaly the operator is told of).
 */
export async function markPaid(
  deps: PaymentDeps,
  args: {
    bookingId: string;
    paymentIntent: Stripe.PaymentIntent;
    actor: Actor;
    attempt: AttemptRecord | null;
    reason: string;
    /** The status the caller knows the booking is in (the claim holder: CHARGING); saves a read. */
    expectedFrom?: BookingStatus;
    /** The emails' booking fields the caller already holds (the claim); saves a read. */
    mail?: ClaimMail;
  },
  retry = 0,
): Promise<PaidResult> {
  const { bookingId, paymentIntent: pi, attempt } = args;
  const at = deps.now();
  try {
    await deps.db.$transaction(async (tx) => {
      await applyTransition(tx, {
        bookingId,
        event: "charge_succeeded",
        actor: args.actor,
        expectedFrom: args.expectedFrom,
        at,
        reason: args.reason,
        data: { paymentIntent: pi.id, amount: pi.amount, currency: pi.currency },
        patch: {
          paidAt: at,
          stripePaymentIntentId: pi.id,
          claimedBy: null,
          claimExpiresAt: null,
          nextAttemptAt: null,
          ...(attempt?.countsTowardRetries ? { autoAttempts: { increment: 1 } } : {}),
        },
      });
      // A webhook learning of the success is not an attempt of ours: no row then.
      if (!attempt) return;
      await tx.paymentAttempt.create({
        data: {
          bookingId,
          kind: attempt.kind,
          outcome: "SUCCEEDED",
          stripePaymentIntentId: pi.id,
          paymentMethodId: attempt.paymentMethodId ?? paymentMethodIdOf(pi),
          amount: pi.amount,
          currency: pi.currency.toUpperCase(),
          idempotencyKey: attempt.idempotencyKey ?? null,
          paymentIntentStatus: pi.status,
          countsTowardRetries: attempt.countsTowardRetries,
          startedAt: at,
          finishedAt: at,
        },
      });
    });
  } catch (error) {
    if (!(error instanceof InvalidTransition || error instanceof ConcurrentChange)) throw error;
    const now = await deps.db.booking.findUnique({ where: { id: bookingId }, select: { status: true } });
    if (now && (now.status === "PAID" || now.status === "COMPLETED" || now.status === "REFUNDED")) return "already_paid";
    if (now && UNPAID_ACCEPTED_STATUSES.includes(now.status) && retry < 3) {
      // Changed under us between read and write (e.g. claimed): try once more, reading first.
      return markPaid(deps, { ...args, expectedFrom: undefined }, retry + 1);
    }
    await alertOperator(deps, {
      bookingId,
      subject: `Money taken for a ${now?.status ?? "missing"} booking`,
      details: [
        `PaymentIntent ${pi.id} succeeded (${pi.amount} ${pi.currency}) but booking ${bookingId} is ${now?.status ?? "gone"}.`,
        "Refund the customer or restore the booking.",
      ],
    });
    return "not_payable";
  }

  if (!deps.emails) return "paid";
  // What the transition just wrote (paidAt, the PaymentIntent) on top of what the caller knows.
  const booking = args.mail ? { ...args.mail, paidAt: at, stripePaymentIntentId: pi.id } : await loadBookingForMail(deps.db, bookingId);
  if (booking) await sendPaidEmails(deps, booking);
  return "paid";
}

export type FailureRecord = Omit<StripeFailureInfo, "statusCode">;

export interface FailedResult {
  retryAt: Date | null;
  /** Automatic attempts so far, this one included. */
  attemptsMade: number;
}

/**
 * An automatic (off-session or reconciled) attempt failed: the booking moves CHARGING →
 * PAYMENT_FAILED with the next automatic attempt scheduled for soft declines (never after
 * payBy, at most the policy's attempts), none for authentication_required, hard declines and
 * invalid requests. Customer and provider hear of the first failure; the customer again when
 * automatic retries are over; the operator of invalid requests.
 */
export async function markChargeFailed(
  deps: PaymentDeps,
  args: { bookingId: string; failure: FailureRecord; attempt: AttemptRecord; actor: Actor; onlyFrom?: readonly BookingStatus[] },
): Promise<FailedResult | null> {
  const { bookingId, failure, attempt } = args;
  const at = deps.now();
  const booking = await deps.db.booking.findUnique({
    where: { id: bookingId },
    select: { autoAttempts: true, payBy: true, totalAmount: true, currency: true, paymentMethodId: true },
  });
  if (!booking) return null;

  const attemptsMade = booking.autoAttempts + (attempt.countsTowardRetries ? 1 : 0);
  const retryAt =
    failure.kind === "soft_decline" && booking.payBy
      ? nextRetryAt({ attemptsMade, failedAt: at, payBy: booking.payBy }, deps.retry)
      : null;
  const pi = failure.paymentIntent;

  try {
    await deps.db.$transaction(async (tx) => {
      await applyTransition(tx, {
        bookingId,
        event: "charge_failed",
        actor: args.actor,
        at,
        onlyFrom: args.onlyFrom,
        reason: failure.message,
        data: {
          kind: failure.kind,
          code: failure.code,
          declineCode: failure.declineCode,
          attempt: attemptsMade,
          retryAt: retryAt?.toISOString() ?? null,
        },
        patch: {
          ...(pi ? { stripePaymentIntentId: pi.id } : {}),
          autoAttempts: attemptsMade,
          nextAttemptAt: retryAt,
          lastFailureCode: failure.code,
          lastDeclineCode: failure.declineCode,
          lastFailureMessage: failure.message,
          claimedBy: null,
          claimExpiresAt: null,
        },
      });
      await tx.paymentAttempt.create({
        data: {
          bookingId,
          kind: attempt.kind,
          outcome: outcomeOf(failure),
          stripePaymentIntentId: pi?.id ?? null,
          paymentMethodId: attempt.paymentMethodId ?? booking.paymentMethodId,
          amount: booking.totalAmount,
          currency: booking.currency,
          idempotencyKey: attempt.idempotencyKey ?? null,
          paymentIntentStatus: pi?.status ?? null,
          errorType: failure.type,
          errorCode: failure.code,
          declineCode: failure.declineCode,
          message: failure.message.slice(0, 1000),
          countsTowardRetries: attempt.countsTowardRetries,
          startedAt: at,
          finishedAt: at,
        },
      });
    });
  } catch (error) {
    if (error instanceof InvalidTransition || error instanceof ConcurrentChange) return null; // someone else decided
    throw error;
  }

  const mail = deps.emails ? await loadBookingForMail(deps.db, bookingId) : null;
  if (mail) {
    const first = attemptsMade <= 1;
    if (first || retryAt === null) await sendActionRequired(deps, mail, retryAt);
    if (first) await sendProviderPaymentProblem(deps, mail);
    if (failure.kind === "invalid_request") {
      await alertOperator(deps, {
        bookingId,
        subject: `Charge refused as invalid: ${failure.code ?? failure.type ?? "unknown"}`,
        details: [
          `Stripe refused the charge of booking ${bookingId}: ${failure.message}`,
          `Error type ${failure.type ?? "-"}, code ${failure.code ?? "-"}. No automatic retry; the customer was asked to pay now.`,
        ],
      });
    }
  }
  return { retryAt, attemptsMade };
}

function outcomeOf(failure: FailureRecord): PaymentAttemptOutcome {
  if (failure.kind === "authentication_required") return "REQUIRES_ACTION";
  if (failure.kind === "transient" || failure.kind === "invalid_request") return "API_ERROR";
  return "DECLINED";
}

export function paymentMethodIdOf(pi: Stripe.PaymentIntent): string | null {
  const pm = pi.payment_method ?? pi.last_payment_error?.payment_method ?? null;
  if (!pm) return null;
  return typeof pm === "string" ? pm : pm.id;
}
