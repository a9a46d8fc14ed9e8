/**
 * Cancelling a paid booking, by its customer or its host.
 *
 * - The customer gets back what the booking's cancellation policy says at this moment
 *   (`cancellationRefund`): the page shows that amount first, and the cancel goes through
 *   only if the amount is still the one they confirmed (a band may end between the page and
 *   the click).
 * - The host cancelling refunds everything that is left, and the operator is told.
 *
 * Both move the booking PAID → CANCELLED_PAID first (compare-and-set: a second click, or the
 * other side cancelling at the same moment, finds it cancelled and refunds nothing more),
 * then refund through `refundBooking` — the operator's refund path — which reserves the
 * amount under the booking row lock, never above what is left, with one idempotency key per
 * refund. When nothing is left afterwards the refund moves the booking on to REFUNDED.
 * A refund Stripe refuses or does not answer leaves the booking cancelled and the refund
 * failed or pending: the operator is alerted and the refund pass settles a pending one.
 */
import type { Actor } from "@/lib/auth/actor";
import {
  cancellationRefund,
  describePolicy,
  effectivePolicy,
  type CancellationPolicy,
  type CancellationRefund,
} from "@/lib/bookings/cancellation-policy";
import { explainMovedOn, isTransitionConflict } from "@/lib/bookings/conflicts";
import { canCancelWithRefund, describeStatus, isChargeInProgress } from "@/lib/bookings/lifecycle";
import { applyTransition, byUser, type EventActor } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import type { BookingStatus, RefundStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { alertOperator, notify } from "@/lib/notifications";
import { refundBooking, RefundFailed, RefundOutcomeUnknown, refundSummary } from "@/lib/payments/refunds";

type CancelCtx = Ctx;

export interface CancellationQuote {
  bookingId: string;
  policy: CancellationPolicy;
  policyText: string;
  /** Whether the booking can be cancelled with a refund now (paid, not started). */
  cancellable: boolean;
  /** Why not, in words, when it cannot. */
  why?: string;
  paid: number;
  refundedAlready: number;
  refund: CancellationRefund;
  currency: string;
}

async function loadForCancel(ctx: CancelCtx, bookingId: string) {
  const booking = await ctx.db.booking.findUnique({
    where: { id: bookingId },
    select: {
      id: true,
      status: true,
      customerId: true,
      startsAt: true,
      subtotalAmount: true,
      feeAmount: true,
      totalAmount: true,
      currency: true,
      cancellationPolicy: true,
      listing: { select: { providerId: true, cancellationPolicy: true } },
    },
  });
  if (!booking) throw new NotFound("Booking");
  return booking;
}

type Loaded = Awaited<ReturnType<typeof loadForCancel>>;

async function quoteFor(ctx: CancelCtx, booking: Loaded): Promise<CancellationQuote> {
  const now = ctx.clock.now();
  const policy = effectivePolicy(booking.cancellationPolicy, booking.listing.cancellationPolicy, ctx.defaultCancellationPolicy);
  const summary = await refundSummary(ctx.db, booking);
  const refund = cancellationRefund(
    policy,
    { subtotalAmount: booking.subtotalAmount, feeAmount: booking.feeAmount, totalAmount: summary.paid, refundedAmount: summary.refunded },
    booking.startsAt,
    now,
  );
  let why: string | undefined;
  if (isChargeInProgress(booking.status)) why = "A payment for this booking is in progress. Please try again in a minute.";
  else if (!canCancelWithRefund(booking.status)) why = `A booking that is ${describeStatus(booking.status).toLowerCase()} cannot be cancelled here.`;
  else if (booking.startsAt.getTime() <= now.getTime()) why = "This booking has already started, so it can no longer be cancelled.";
  return {
    bookingId: booking.id,
    policy,
    policyText: describePolicy(policy),
    cancellable: why === undefined,
    why,
    paid: summary.paid,
    refundedAlready: summary.refunded,
    refund,
    currency: booking.currency,
  };
}

/** What the customer would get back if they cancelled now (for the confirmation step). */
export async function customerCancellationQuote(ctx: CancelCtx, actor: Actor, bookingId: string): Promise<CancellationQuote> {
  const booking = await loadForCancel(ctx, bookingId);
  if (actor.role !== "CUSTOMER" || booking.customerId !== actor.id) throw new NotAllowed("Only the customer who made this booking can cancel it.");
  return quoteFor(ctx, booking);
}

export interface PaidCancellation {
  refundAmount: number;
  currency: string;
  /** Null when nothing was to be refunded. */
  refundStatus: RefundStatus | "UNKNOWN" | null;
  bookingStatus: BookingStatus;
}

async function cancelThenRefund(
  ctx: CancelCtx,
  input: {
    bookingId: string;
    actor: EventActor;
    amount: number | "remaining";
    /** What "remaining" was when the page was read (reported if the refund does not go through). */
    expected: number;
    reason: string;
    perspective: "customer" | "operator";
  },
): Promise<PaidCancellation & { refundFailure?: string }> {
  const now = ctx.clock.now();
  try {
    await applyTransition(ctx.db, {
      bookingId: input.bookingId,
      event: "cancel_paid",
      actor: input.actor,
      reason: input.reason,
      at: now,
      patch: { cancelledAt: now, cancelReason: input.reason },
    });
  } catch (error) {
    if (isTransitionConflict(error)) throw await explainMovedOn(ctx.db, input.bookingId, input.perspective);
    throw error;
  }
  const booking = await ctx.db.booking.findUniqueOrThrow({ where: { id: input.bookingId }, select: { status: true, currency: true } });
  if (input.amount !== "remaining" && input.amount <= 0) {
    return { refundAmount: 0, currency: booking.currency, refundStatus: null, bookingStatus: booking.status };
  }
  try {
    const refund = await refundBooking(ctx, { bookingId: input.bookingId, amount: input.amount, reason: input.reason, actor: input.actor });
    return { refundAmount: refund.amount, currency: refund.currency, refundStatus: refund.status, bookingStatus: refund.bookingStatus };
  } catch (error) {
    if (error instanceof ValidationError && input.amount === "remaining") {
      // Nothing was left to refund (an operator refunded it all before): the cancel stands.
      return { refundAmount: 0, currency: booking.currency, refundStatus: null, bookingStatus: booking.status };
    }
    if (!(error instanceof RefundFailed || error instanceof RefundOutcomeUnknown)) throw error;
    return {
      refundAmount: input.expected,
      currency: booking.currency,
      refundStatus: error instanceof RefundFailed ? "FAILED" : "UNKNOWN",
      bookingStatus: booking.status,
      refundFailure: error.message,
    };
  }
}

/**
 * The customer cancels their paid booking. `expectedRefund` is the amount the page showed
 * them: if the policy now gives a different amount, nothing happens and they are asked to
 * confirm the new one.
 */
export async function cancelPaidBookingAsCustomer(
  ctx: CancelCtx,
  actor: Actor,
  input: { bookingId: string; expectedRefund: number; reason?: string },
): Promise<PaidCancellation> {
  const booking = await loadForCancel(ctx, input.bookingId);
  if (actor.role !== "CUSTOMER" || booking.customerId !== actor.id) throw new NotAllowed("Only the customer who made this booking can cancel it.");
  const quote = await quoteFor(ctx, booking);
  if (!quote.cancellable) {
    if (!canCancelWithRefund(booking.status) && !isChargeInProgress(booking.status)) throw await explainMovedOn(ctx.db, booking.id, "customer");
    throw new ValidationError(quote.why ?? "This booking cannot be cancelled now.");
  }
  if (quote.refund.amount !== input.expectedRefund) {
    const now = formatMoney(quote.refund.amount, quote.currency);
    throw new ValidationError(`The refund for cancelling now is ${now}, not the amount shown before. Check it and confirm again.`);
  }
  const note = input.reason?.trim().slice(0, 500);
  const reason = `Cancelled by the customer: ${quote.refund.percent} % refund under the ${quote.policy.toLowerCase()} policy${note ? ` (${note})` : ""}`;
  const result = await cancelThenRefund(ctx, {
    bookingId: booking.id,
    actor: byUser(actor),
    amount: quote.refund.amount,
    expected: quote.refund.amount,
    reason,
    perspective: "customer",
  });
  if (result.refundFailure) {
    await alertOperator(ctx, {
      bookingId: booking.id,
      subject: "A cancellation refund did not go through",
      details: [`The customer cancelled; the refund of ${formatMoney(quote.refund.amount, quote.currency)} is not confirmed.`, result.refundFailure],
    });
  }
  await notify(ctx, "cancelled_paid_by_customer", booking.id, {
    refund: result.refundAmount,
    currency: result.currency,
    percent: quote.refund.percent,
    pending: result.refundStatus === "PENDING" || result.refundStatus === "UNKNOWN",
    failed: result.refundStatus === "FAILED",
  });
  return strip(result);
}

/** The host cancels a paid booking of their listing: a full refund, and the operator is told. */
export async function cancelPaidBookingAsHost(ctx: CancelCtx, actor: Actor, input: { bookingId: string; reason: string }): Promise<PaidCancellation> {
  const booking = await loadForCancel(ctx, input.bookingId);
  if (actor.role !== "PROVIDER" || booking.listing.providerId !== actor.id) throw new NotAllowed("Only the host of this sauna can cancel this booking.");
  const quote = await quoteFor(ctx, booking);
  if (!quote.cancellable) {
    if (!canCancelWithRefund(booking.status) && !isChargeInProgress(booking.status)) throw await explainMovedOn(ctx.db, booking.id, "operator");
    throw new ValidationError(quote.why ?? "This booking cannot be cancelled now.");
  }
  const note = input.reason.trim().slice(0, 500);
  if (!note) throw new ValidationError("Tell the customer why you cancel.", { reason: ["Tell the customer why you cancel."] });
  const result = await cancelThenRefund(ctx, {
    bookingId: booking.id,
    actor: byUser(actor),
    amount: "remaining",
    expected: Math.max(0, quote.paid - quote.refundedAlready),
    reason: `Cancelled by the host: ${note}`,
    perspective: "operator",
  });
  await notify(ctx, "cancelled_paid_by_host", booking.id, {
    refund: result.refundAmount,
    currency: result.currency,
    pending: result.refundStatus === "PENDING" || result.refundStatus === "UNKNOWN",
    failed: result.refundStatus === "FAILED",
    reason: note,
    refundFailure: result.refundFailure ?? null,
  });
  return strip(result);
}

function strip(result: PaidCancellation & { refundFailure?: string }): PaidCancellation {
  return { refundAmount: result.refundAmount, currency: result.currency, refundStatus: result.refundStatus, bookingStatus: result.bookingStatus };
}
