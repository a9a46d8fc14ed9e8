/**
 * The off-session charge of one booking (issue 5, "Off-session charge").
 *
 * One PaymentIntent per booking. The first attempt creates it with the idempotency key
 * `booking/<id>/payment-intent` (customer, saved payment method, off_session + confirm,
 * amount and currency from the booking, metadata booking_id); later attempts confirm that
 * same PaymentIntent with `booking/<id>/attempt/<n>`. A PaymentIntent succeeds at most once,
 * so a booking is charged at most once. The SDK throws on a decline: the error is
 * classified (retry-policy.ts), recorded as a payment attempt and the booking moves by the
 * failure rules (outcomes.ts). Transient errors are re-sent with the same key and are not
 * attempts; when they do not clear, the outcome is unknown and the booking stays CHARGING
 * with its lease ended, for reconcile.ts to ask Stripe.
 *
 * `chargeBookingIfDue(bookingId)` is what the provider's accept action calls after its
 * transition commits: it claims the booking if its chargeAt has come and charges it.
 */
import type Stripe from "stripe";
import { SYSTEM } from "@/lib/bookings/transitions";
import { claimDueBookings, type Claim, type ClaimMail } from "./claims";
import { paymentDeps, type PaymentDeps } from "./deps";
import { markChargeFailed, markPaid } from "./outcomes";
import { callStripe, failureFromPaymentIntent, StripeCallFailed, type StripeFailureInfo } from "./stripe-errors";

export type ChargeResult =
  | { bookingId: string; result: "paid" }
  | { bookingId: string; result: "failed"; kind: StripeFailureInfo["kind"]; retryAt: Date | null }
  /** Stripe could not be reached reliably: left CHARGING for reconciliation. */
  | { bookingId: string; result: "unknown"; message: string }
  /** Stripe says the payment is still processing (left CHARGING; a webhook or reconcile finishes it). */
  | { bookingId: string; result: "processing" }
  /** Not ours to charge (no longer claimed by this worker, or not due). */
  | { bookingId: string; result: "skipped"; reason: string };

interface OffSessionAttempt {
  kind: "OFF_SESSION";
  paymentMethodId: string | null;
  countsTowardRetries: boolean;
  idempotencyKey: string;
  amount: number;
  currency: string;
}

export const paymentIntentKey = (bookingId: string) => `booking/${bookingId}/payment-intent`;
export const attemptKey = (bookingId: string, attempt: number) => `booking/${bookingId}/attempt/${attempt}`;

async function readOwnClaim(deps: PaymentDeps, bookingId: string) {
  const booking = await deps.db.booking.findUnique({ where: { id: bookingId }, select: CHARGE_FIELDS });
  return booking && booking.status === "CHARGING" && booking.claimedBy === deps.workerId ? booking : null;
}

const CHARGE_FIELDS = {
  id: true,
  status: true,
  claimedBy: true,
  totalAmount: true,
  currency: true,
  stripeCustomerId: true,
  paymentMethodId: true,
  stripePaymentIntentId: true,
  autoAttempts: true,
  consentId: true,
} as const;

/**
 * Charges the booking if it is due now (chargeAt has come, or a retry is due) and nobody
 * else is charging it. Safe to call any number of times, from anywhere.
 */
export async function chargeBookingIfDue(bookingId: string, deps: PaymentDeps = paymentDeps()): Promise<ChargeResult> {
  const [claim] = await claimDueBookings(deps, { limit: 1, bookingId });
  if (!claim) return { bookingId, result: "skipped", reason: "not due, or already being charged" };
  return chargeClaimedBooking(deps, claim);
}

/**
 * Charges a booking this worker has claimed (status CHARGING, claimedBy = deps.workerId).
 * Given a full Claim fresh from claimDueBookings it trusts it; given only an id it reads
 * the booking and checks the claim is still ours.
 */
export async function chargeClaimedBooking(deps: PaymentDeps, claim: Claim | Pick<Claim, "id">): Promise<ChargeResult> {
  const bookingId = claim.id;
  const booking = "from" in claim ? claim : await readOwnClaim(deps, bookingId);
  if (!booking) return { bookingId, result: "skipped", reason: "no longer claimed by this worker" };

  const attemptNo = booking.autoAttempts + 1;
  const attempt = {
    kind: "OFF_SESSION" as const,
    paymentMethodId: booking.paymentMethodId,
    countsTowardRetries: true,
    amount: booking.totalAmount,
    currency: booking.currency,
  };

  if (!booking.paymentMethodId || !booking.stripeCustomerId || !booking.consentId) {
    const failed = await markChargeFailed(deps, {
      bookingId,
      actor: SYSTEM,
      onlyFrom: ["CHARGING"],
      attempt: { ...attempt, idempotencyKey: null },
      failure: {
        kind: "invalid_request",
        type: "missing_payment_setup",
        code: "no_saved_card",
        declineCode: null,
        message: "No saved card with off-session consent for this booking.",
        paymentIntent: null,
      },
    });
    return { bookingId, result: "failed", kind: "invalid_request", retryAt: failed?.retryAt ?? null };
  }

  const idempotencyKey = booking.stripePaymentIntentId ? attemptKey(bookingId, attemptNo) : paymentIntentKey(bookingId);
  let pi: Stripe.PaymentIntent;
  try {
    pi = await callStripe(deps, () =>
      booking.stripePaymentIntentId
        ? deps.stripe.paymentIntents.confirm(
            booking.stripePaymentIntentId,
            { payment_method: booking.paymentMethodId ?? undefined, off_session: true },
            { idempotencyKey },
          )
        : deps.stripe.paymentIntents.create(
            {
              amount: booking.totalAmount,
              currency: booking.currency.toLowerCase(),
              customer: booking.stripeCustomerId ?? undefined,
              payment_method: booking.paymentMethodId ?? undefined,
              automatic_payment_methods: { enabled: true, allow_redirects: "never" },
              off_session: true,
              confirm: true,
              description: `Löyly booking ${bookingId}`,
              metadata: { booking_id: bookingId },
            },
            { idempotencyKey },
          ),
    );
  } catch (error) {
    if (!(error instanceof StripeCallFailed)) throw error;
    return handleFailure(deps, bookingId, error.failure, { ...attempt, idempotencyKey });
  }
  const mail = "mail" in booking ? booking.mail : undefined;
  return handleIntent(deps, bookingId, pi, { ...attempt, idempotencyKey }, mail);
}

async function handleIntent(
  deps: PaymentDeps,
  bookingId: string,
  pi: Stripe.PaymentIntent,
  attempt: OffSessionAttempt,
  /** The claim's email fields, when charging straight from a claim. */
  mail?: ClaimMail,
): Promise<ChargeResult> {
  switch (pi.status) {
    case "succeeded": {
      await markPaid(deps, {
        bookingId,
        paymentIntent: pi,
        actor: SYSTEM,
        attempt,
        reason: "Off-session charge succeeded",
        expectedFrom: "CHARGING",
        mail,
      });
      return { bookingId, result: "paid" };
    }
    case "processing": {
      await deps.db.booking.updateMany({
        where: { id: bookingId, status: "CHARGING", claimedBy: deps.workerId },
        data: { stripePaymentIntentId: pi.id },
      });
      return { bookingId, result: "processing" };
    }
    default: {
      // requires_action (authentication) or requires_payment_method without a thrown error.
      const failure = failureFromPaymentIntent(pi);
      return handleFailure(deps, bookingId, failure, attempt);
    }
  }
}

async function handleFailure(
  deps: PaymentDeps,
  bookingId: string,
  failure: StripeFailureInfo,
  attempt: OffSessionAttempt,
): Promise<ChargeResult> {
  if (failure.kind === "transient") {
    // We do not know whether Stripe executed the request: end our lease so the next pass
    // reconciles (asks Stripe) before anyone charges again.
    await deps.db.booking.updateMany({
      where: { id: bookingId, status: "CHARGING", claimedBy: deps.workerId },
      data: { claimExpiresAt: deps.now() },
    });
    await deps.db.paymentAttempt.create({
      data: {
        bookingId,
        kind: attempt.kind,
        outcome: "API_ERROR",
        paymentMethodId: attempt.paymentMethodId,
        amount: attempt.amount,
        currency: attempt.currency,
        idempotencyKey: attempt.idempotencyKey,
        errorType: failure.type,
        errorCode: failure.code,
        message: failure.message.slice(0, 1000),
        countsTowardRetries: false,
        startedAt: deps.now(),
        finishedAt: deps.now(),
      },
    });
    return { bookingId, result: "unknown", message: failure.message };
  }

  if (failure.code === "payment_intent_unexpected_state" && failure.paymentIntent) {
    // Paid meanwhile (on session) or otherwise moved on: go by the intent itself.
    const pi = failure.paymentIntent;
    if (pi.status === "succeeded") {
      await markPaid(deps, { bookingId, paymentIntent: pi, actor: SYSTEM, attempt: { ...attempt, countsTowardRetries: false }, reason: "Already paid" });
      return { bookingId, result: "paid" };
    }
  }

  const failed = await markChargeFailed(deps, {
    bookingId,
    failure,
    attempt,
    actor: SYSTEM,
    onlyFrom: ["CHARGING"],
  });
  return { bookingId, result: "failed", kind: failure.kind, retryAt: failed?.retryAt ?? null };
}
