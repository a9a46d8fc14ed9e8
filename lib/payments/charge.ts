/**
 * The off-session charge of one booking.
 *
 * One PaymentIntent per booking. The first attempt creates and confirms it through the
 * gateway (its idempotency key derives from the booking); later attempts confirm that same
 * PaymentIntent with a key per attempt. A PaymentIntent succeeds at most once, so a booking
 * is charged at most once. The SDK throws on a decline: the gateway classifies it, it is
 * recorded as a payment attempt and the booking moves by the failure rules (outcomes.ts).
 * Transient errors are re-sent by the gateway with the same key and are not attempts; when
 * they do not clear, the outcome is unknown and the booking stays CHARGING with its lease
 * ended, for reconcile.ts to ask Stripe.
 *
 * `chargeBookingIfDue(ctx, bookingId)` claims the booking if it is due and charges it: what
 * the accept use case calls right after the acceptance committed, and the operator's retry.
 */
import type Stripe from "stripe";
import { SYSTEM } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { StripeCallFailed, type StripeFailureInfo } from "@/lib/stripe/errors";
import { idempotencyKeys } from "@/lib/stripe/keys";
import { destinationSplit } from "@/lib/connect/split";
import { claimDueBookings, type Claim } from "./claims";
import { markChargeFailed, markPaid, paymentIntentOutcome, recordAttempt, type AttemptRecord, type ClaimedPayment } from "./outcomes";

export type ChargeResult =
  | { bookingId: string; result: "paid" }
  | { bookingId: string; result: "failed"; kind: StripeFailureInfo["kind"]; retryAt: Date | null }
  /** Stripe could not be reached reliably: left CHARGING for reconciliation. */
  | { bookingId: string; result: "unknown"; message: string }
  /** Stripe says the payment is still processing (left CHARGING; a webhook or reconcile finishes it). */
  | { bookingId: string; result: "processing" }
  /** Not ours to charge (no longer claimed by this worker, or not due). */
  | { bookingId: string; result: "skipped"; reason: string };

interface OffSessionAttempt extends AttemptRecord {
  kind: "OFF_SESSION";
  amount: number;
  currency: string;
}

async function readOwnClaim(ctx: Ctx, bookingId: string) {
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: CHARGE_FIELDS });
  if (!booking || booking.status !== "CHARGING" || booking.claimedBy !== ctx.workerId) return null;
  const { listing, ...rest } = booking;
  return { ...rest, destinationAccountId: listing.provider.connectedAccount?.stripeAccountId ?? null };
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
  subtotalAmount: true,
  feeAmount: true,
  listing: { select: { provider: { select: { connectedAccount: { select: { stripeAccountId: true } } } } } },
} as const;

/**
 * Charges the booking if it is due now (chargeAt has come, or a retry is due) and nobody
 * else is charging it. Safe to call any number of times, from anywhere.
 */
export async function chargeBookingIfDue(ctx: Ctx, bookingId: string): Promise<ChargeResult> {
  const [claim] = await claimDueBookings(ctx, { limit: 1, bookingId });
  if (!claim) return { bookingId, result: "skipped", reason: "not due, or already being charged" };
  return chargeClaimedBooking(ctx, claim);
}

/**
 * Charges a booking this worker has claimed (status CHARGING, claimedBy = ctx.workerId).
 * Given a full Claim fresh from claimDueBookings it trusts it; given only an id it reads
 * the booking and checks the claim is still ours.
 */
export async function chargeClaimedBooking(ctx: Ctx, claim: Claim | Pick<Claim, "id">): Promise<ChargeResult> {
  const step = await chargeStep(ctx, claim);
  if (step.result !== "succeeded") return step;
  await markPaid(ctx, { ...step.payment, actor: SYSTEM, reason: "Off-session charge succeeded", expectedFrom: "CHARGING" });
  return { bookingId: step.bookingId, result: "paid" };
}

/** A charge Stripe accepted whose PAID write is left to the caller (the batch: `markClaimedBatchPaid`). */
export interface ChargeSucceeded {
  bookingId: string;
  result: "succeeded";
  payment: ClaimedPayment;
}

/**
 * Charges a claimed booking like `chargeClaimedBooking`, except that a success is returned
 * unwritten, so the charging step writes a batch's successes together
 * (`markClaimedBatchPaid`). Failures and other outcomes are written here as before.
 */
export async function chargeClaimedBookingDeferred(ctx: Ctx, claim: Claim): Promise<ChargeResult | ChargeSucceeded> {
  return chargeStep(ctx, claim);
}

async function chargeStep(ctx: Ctx, claim: Claim | Pick<Claim, "id">): Promise<ChargeResult | ChargeSucceeded> {
  const bookingId = claim.id;
  const booking = "from" in claim ? claim : await readOwnClaim(ctx, bookingId);
  if (!booking) return { bookingId, result: "skipped", reason: "no longer claimed by this worker" };

  const attemptNo = booking.autoAttempts + 1;
  const existing = booking.stripePaymentIntentId;
  const attempt: OffSessionAttempt = {
    kind: "OFF_SESSION",
    idempotencyKey: existing ? idempotencyKeys.attempt(bookingId, attemptNo) : idempotencyKeys.paymentIntent(bookingId),
    paymentMethodId: booking.paymentMethodId,
    countsTowardRetries: true,
    amount: booking.totalAmount,
    currency: booking.currency,
  };

  if (!booking.destinationAccountId) {
    // The claim requires the host's account; it was removed since. Not an attempt: let go.
    await ctx.db.booking.updateMany({ where: { id: bookingId, status: "CHARGING", claimedBy: ctx.workerId }, data: { claimExpiresAt: ctx.clock.now() } });
    return { bookingId, result: "skipped", reason: "the host has no connected account to be paid through" };
  }

  if (!booking.paymentMethodId || !booking.stripeCustomerId || !booking.consentId) {
    const failed = await markChargeFailed(ctx, {
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

  let pi: Stripe.PaymentIntent;
  try {
    pi = existing
      ? await ctx.stripe.retryOffSession({ bookingId, paymentIntentId: existing, paymentMethodId: booking.paymentMethodId, attempt: attemptNo })
      : await ctx.stripe.chargeOffSession({
          bookingId,
          amount: booking.totalAmount,
          currency: booking.currency,
          customerId: booking.stripeCustomerId,
          paymentMethodId: booking.paymentMethodId,
          destination: { accountId: booking.destinationAccountId, applicationFeeAmount: destinationSplit(booking).applicationFeeAmount },
        });
  } catch (error) {
    if (!(error instanceof StripeCallFailed)) throw error;
    return handleFailure(ctx, bookingId, error.failure, attempt);
  }

  const outcome = paymentIntentOutcome(pi, "off_session");
  switch (outcome.kind) {
    case "paid": {
      const mail = "mail" in booking ? booking.mail : undefined;
      return { bookingId, result: "succeeded", payment: { bookingId, paymentIntent: pi, attempt, mail } };
    }
    case "processing":
      await ctx.db.booking.updateMany({
        where: { id: bookingId, status: "CHARGING", claimedBy: ctx.workerId },
        data: { stripePaymentIntentId: pi.id },
      });
      return { bookingId, result: "processing" };
    default:
      // requires_action (authentication) or requires_payment_method without a thrown error.
      return handleFailure(ctx, bookingId, outcome.failure, attempt);
  }
}

async function handleFailure(ctx: Ctx, bookingId: string, failure: StripeFailureInfo, attempt: OffSessionAttempt): Promise<ChargeResult> {
  if (failure.kind === "transient") {
    // We do not know whether Stripe executed the request: end our lease so the next pass
    // reconciles (asks Stripe) before anyone charges again.
    const at = ctx.clock.now();
    await ctx.db.booking.updateMany({
      where: { id: bookingId, status: "CHARGING", claimedBy: ctx.workerId },
      data: { claimExpiresAt: at },
    });
    await recordAttempt(ctx.db, {
      bookingId,
      attempt: { ...attempt, countsTowardRetries: false },
      at,
      amount: attempt.amount,
      currency: attempt.currency,
      failure,
    });
    return { bookingId, result: "unknown", message: failure.message };
  }

  if (failure.code === "payment_intent_unexpected_state" && failure.paymentIntent?.status === "succeeded") {
    // Paid meanwhile (on session) or otherwise moved on: go by the intent itself.
    await markPaid(ctx, { bookingId, paymentIntent: failure.paymentIntent, actor: SYSTEM, attempt: { ...attempt, countsTowardRetries: false }, reason: "Already paid" });
    return { bookingId, result: "paid" };
  }

  const failed = await markChargeFailed(ctx, { bookingId, failure, attempt, actor: SYSTEM, onlyFrom: ["CHARGING"] });
  return { bookingId, result: "failed", kind: failure.kind, retryAt: failed?.retryAt ?? null };
}
