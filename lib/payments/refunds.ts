/**
 * Refunds of a paid booking, made by an operator.
 *
 * A refund never exceeds what was paid, even with two operators clicking at once:
 *
 *   1. reserve — in one transaction holding the booking row (`SELECT … FOR UPDATE`), the
 *      refundable amount is computed from our Refund rows (paid − pending − succeeded) and a
 *      PENDING Refund row for this amount is inserted. A second operator waits for the lock
 *      and then sees the first one's reservation.
 *   2. Stripe — `refunds.create` on the booking's one PaymentIntent with the idempotency key
 *      `booking/<id>/refund/<n>` (n = the booking's refund row count at reservation, unique
 *      under the lock), through the gateway (its gate and transient re-sends).
 *   3. settle — the row gets Stripe's refund id and status (the webhook handlers of
 *      charge.refunded / charge.refund.updated keep it current afterwards), the booking's
 *      refunded amount is recomputed and the timeline gets a `refund` event. When nothing
 *      is left to refund, the booking goes PAID → REFUNDED through applyTransition.
 *
 * Like Stripe's `charge.amount_refunded`, a pending refund counts as refunded; a refund that
 * fails later gives its amount back (the webhook marks the row FAILED).
 */
import type Stripe from "stripe";
import { endsOnFullRefund, InvalidTransition, isPaid, isRefundable } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, recordBookingEvent, type EventActor } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { DomainError, NotFound, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BookingStatus, RefundStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { StripeCallFailed } from "@/lib/stripe/errors";
import { trySyncMoneySplit } from "@/lib/connect/transfers";
import { refundStatus } from "./webhooks/refunds";

/** Refund rows that hold money: pending ones may still succeed. */
export const COUNTED_REFUND_STATUSES: readonly RefundStatus[] = ["PENDING", "SUCCEEDED"];

/** Stripe refused the refund (recorded as a FAILED row). */
export class RefundFailed extends DomainError {
  readonly code = "refund_failed";
  readonly httpStatus = 402;
}

/** Stripe could not be reached: the refund may or may not exist (the row stays PENDING). */
export class RefundOutcomeUnknown extends DomainError {
  readonly code = "refund_unknown";
  readonly httpStatus = 503;
}

export interface RefundRequest {
  bookingId: string;
  /** Minor units of the booking's currency, or everything still refundable. */
  amount: number | "remaining";
  reason: string;
  actor: EventActor;
  /** Set cancelledAt / cancelReason when this refund ends the booking (an operator cancel). */
  cancellation?: boolean;
}

export interface RefundResult {
  refundId: string;
  stripeRefundId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  /** What is left to refund afterwards. */
  remaining: number;
  bookingStatus: BookingStatus;
}

export interface RefundSummary {
  paid: number;
  refunded: number;
  remaining: number;
  currency: string;
}

interface LockedBooking {
  id: string;
  status: BookingStatus;
  total_amount: number;
  currency: string;
  stripe_payment_intent_id: string | null;
  destination_account_id: string | null;
}

async function lockBooking(tx: Prisma.TransactionClient, bookingId: string): Promise<LockedBooking> {
  const rows = await tx.$queryRaw<LockedBooking[]>`
    SELECT id, status, total_amount, currency, stripe_payment_intent_id, destination_account_id
    FROM bookings WHERE id = ${bookingId} FOR UPDATE`;
  const booking = rows[0];
  if (!booking) throw new NotFound("Booking");
  return booking;
}

async function countedRefunds(db: Db, bookingId: string): Promise<number> {
  const sum = await db.refund.aggregate({
    where: { bookingId, status: { in: [...COUNTED_REFUND_STATUSES] } },
    _sum: { amount: true },
  });
  return sum._sum.amount ?? 0;
}

/** What was paid, refunded (pending included) and is left, for the admin page. */
export async function refundSummary(db: Db, booking: { id: string; status: BookingStatus; totalAmount: number; currency: string }): Promise<RefundSummary> {
  const paid = isPaid(booking.status) ? booking.totalAmount : 0;
  const refunded = await countedRefunds(db, booking.id);
  return { paid, refunded, remaining: Math.max(0, paid - refunded), currency: booking.currency };
}

interface Reservation {
  refundId: string;
  /** The booking's n-th refund: its idempotency key derives from n. */
  n: number;
  amount: number;
  currency: string;
  paymentIntentId: string;
  /** A destination charge: the refund reverses the host's transfer and the platform fee in proportion. */
  destinationCharge: boolean;
}

async function reserve(ctx: Ctx, request: RefundRequest): Promise<Reservation> {
  return ctx.db.$transaction(async (tx) => {
    const booking = await lockBooking(tx, request.bookingId);
    if (!isRefundable(booking.status) || !booking.stripe_payment_intent_id) {
      throw new ValidationError("Only a paid booking can be refunded.");
    }
    const remaining = booking.total_amount - (await countedRefunds(tx, booking.id));
    if (remaining <= 0) throw new ValidationError("This booking has already been refunded in full.");
    const amount = request.amount === "remaining" ? remaining : request.amount;
    if (!Number.isSafeInteger(amount) || amount < 1) {
      throw new ValidationError("Please check the amount.", { amount: ["Enter an amount greater than zero."] });
    }
    if (amount > remaining) {
      const most = formatMoney(remaining, booking.currency);
      throw new ValidationError("Please check the amount.", { amount: [`At most ${most} can be refunded.`] });
    }
    const n = (await tx.refund.count({ where: { bookingId: booking.id } })) + 1;
    const row = await tx.refund.create({
      data: {
        bookingId: booking.id,
        amount,
        currency: booking.currency,
        status: "PENDING",
        reason: request.reason,
        createdById: request.actor.id ?? null,
        createdAt: ctx.clock.now(),
      },
    });
    return {
      refundId: row.id,
      n,
      amount,
      currency: booking.currency,
      paymentIntentId: booking.stripe_payment_intent_id,
      destinationCharge: booking.destination_account_id !== null,
    };
  });
}

/**
 * Gives our reserved row Stripe's refund id. The charge.refunded webhook may have mirrored
 * the same refund into a row of its own meanwhile (it matches by Stripe id only): that
 * duplicate is folded into ours.
 */
export async function linkStripeRefund(ctx: Ctx, refundId: string, refund: Stripe.Refund, attempt = 0): Promise<RefundStatus> {
  const status = refundStatus(refund.status);
  try {
    await ctx.db.$transaction(async (tx) => {
      await tx.refund.deleteMany({ where: { stripeRefundId: refund.id, id: { not: refundId } } });
      await tx.refund.update({
        where: { id: refundId },
        data: { stripeRefundId: refund.id, status, failureReason: refund.failure_reason ?? null },
      });
    });
  } catch (error) {
    const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
    if (!duplicate || attempt >= 2) throw error;
    return linkStripeRefund(ctx, refundId, refund, attempt + 1);
  }
  return status;
}

/**
 * After Stripe answered: the booking's refunded amount, the timeline event and, when
 * nothing is left, PAID/COMPLETED → REFUNDED. Under the booking row lock, so two settling
 * refunds see each other.
 */
async function settle(ctx: Ctx, request: RefundRequest, r: Reservation, refund: Stripe.Refund, status: RefundStatus) {
  const at = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const booking = await lockBooking(tx, request.bookingId);
    const refunded = await countedRefunds(tx, booking.id);
    const remaining = Math.max(0, booking.total_amount - refunded);
    await tx.booking.update({ where: { id: booking.id }, data: { refundedAmount: refunded } });
    await recordBookingEvent(tx, {
      bookingId: booking.id,
      type: "refund",
      actor: request.actor,
      at,
      reason: request.reason,
      data: { refundId: r.refundId, stripeRefundId: refund.id, amount: r.amount, currency: r.currency, status, remaining },
    });
    let bookingStatus = booking.status;
    if (remaining === 0 && endsOnFullRefund(booking.status)) {
      const moved = await applyTransition(tx, {
        bookingId: booking.id,
        event: "refund_full",
        actor: request.actor,
        expectedFrom: booking.status,
        at,
        reason: request.reason,
        data: { refunded, currency: r.currency },
        patch: request.cancellation ? { cancelledAt: at, cancelReason: request.reason } : undefined,
      });
      bookingStatus = moved.to;
    }
    return { remaining, bookingStatus };
  });
}

/** Refunds (part of) a paid booking. Throws ValidationError with `amount` field errors. */
export async function refundBooking(ctx: Ctx, request: RefundRequest): Promise<RefundResult> {
  const r = await reserve(ctx, request);

  let refund: Stripe.Refund;
  try {
    refund = await ctx.stripe.createRefund({
      bookingId: request.bookingId,
      n: r.n,
      refundRowId: r.refundId,
      paymentIntentId: r.paymentIntentId,
      amount: r.amount,
      destinationCharge: r.destinationCharge,
    });
  } catch (error) {
    if (!(error instanceof StripeCallFailed)) throw error;
    const { failure } = error;
    if (failure.kind === "transient") {
      await ctx.db.refund.update({
        where: { id: r.refundId },
        data: { failureReason: `Stripe did not answer (${failure.message.slice(0, 300)}); check the payment in Stripe.` },
      });
      throw new RefundOutcomeUnknown("Stripe did not answer, so this refund is left pending. Check it in Stripe before trying again.");
    }
    await ctx.db.refund.update({ where: { id: r.refundId }, data: { status: "FAILED", failureReason: failure.message.slice(0, 1000) } });
    await recordBookingEvent(ctx.db, {
      bookingId: request.bookingId,
      type: "refund_failed",
      actor: request.actor,
      at: ctx.clock.now(),
      reason: failure.message.slice(0, 500),
      data: { refundId: r.refundId, amount: r.amount, currency: r.currency, code: failure.code },
    });
    throw new RefundFailed(`Stripe refused the refund: ${failure.message}`);
  }

  const status = await linkStripeRefund(ctx, r.refundId, refund);
  let settled: { remaining: number; bookingStatus: BookingStatus };
  try {
    settled = await settle(ctx, request, r, refund, status);
  } catch (error) {
    // The charge.refunded webhook moved the booking to REFUNDED first: the money part is done.
    if (!(error instanceof InvalidTransition || error instanceof ConcurrentChange)) throw error;
    const now = await ctx.db.booking.findUniqueOrThrow({ where: { id: request.bookingId }, select: { status: true } });
    settled = { remaining: 0, bookingStatus: now.status };
  }
  // The transfer reversal and the fee refund Stripe made, onto the booking.
  if (r.destinationCharge) await trySyncMoneySplit(ctx, request.bookingId);
  return {
    refundId: r.refundId,
    stripeRefundId: refund.id,
    amount: r.amount,
    currency: r.currency,
    status,
    remaining: settled.remaining,
    bookingStatus: settled.bookingStatus,
  };
}
