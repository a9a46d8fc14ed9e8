/**
 * Mirrors Stripe refunds into our Refund rows and the booking's refunded amount: what the
 * charge.refunded and charge.refund.updated handlers do, and what the scheduled pass does
 * for a pending refund whose event never came (lib/payments/refunds.ts).
 */
import { trySyncMoneySplit } from "@/lib/connect/transfers";
import type Stripe from "stripe";
import { InvalidTransition } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, type EventActor } from "@/lib/bookings/transitions";
import type { RefundStatus } from "@/lib/generated/prisma/enums";
import type { Ctx } from "@/lib/context";
import { alertOperator } from "@/lib/notifications";
import { bookingIdForPaymentIntent, idOf, NotOurs } from "./handler";

const STATUS: Record<string, RefundStatus> = {
  pending: "PENDING",
  requires_action: "PENDING",
  succeeded: "SUCCEEDED",
  failed: "FAILED",
  canceled: "CANCELED",
};

export function refundStatus(status: string | null | undefined): RefundStatus {
  return STATUS[status ?? ""] ?? "PENDING";
}

/** Inserts or updates our row of a Stripe refund; returns its status. */
export async function upsertRefund(ctx: Ctx, bookingId: string, refund: Stripe.Refund): Promise<RefundStatus> {
  const status = refundStatus(refund.status);
  await ctx.db.refund.upsert({
    where: { stripeRefundId: refund.id },
    create: {
      bookingId,
      stripeRefundId: refund.id,
      amount: refund.amount,
      currency: refund.currency.toUpperCase(),
      status,
      reason: refund.reason ?? null,
      failureReason: refund.failure_reason ?? null,
    },
    update: { status, failureReason: refund.failure_reason ?? null },
  });
  return status;
}

/**
 * A refund changed state (pending → succeeded, or failed later): its row mirrored; a failure
 * needs a person. Returns a short note.
 */
export async function mirrorRefundUpdate(ctx: Ctx, refund: Stripe.Refund): Promise<string> {
  const piId = idOf(refund.payment_intent);
  if (!piId) throw new NotOurs(`refund ${refund.id} has no PaymentIntent`);
  const bookingId = await bookingIdForPaymentIntent(ctx, { id: piId, metadata: refund.metadata });
  if (!bookingId) throw new NotOurs(`no booking for PaymentIntent ${piId} of refund ${refund.id}`);
  await requireBooking(ctx, bookingId, `refund ${refund.id}`);
  const status = await upsertRefund(ctx, bookingId, refund);
  if (status === "FAILED") {
    await alertOperator(ctx, {
      bookingId,
      subject: "A refund failed",
      details: [`Refund ${refund.id} of ${refund.amount} ${refund.currency} failed: ${refund.failure_reason ?? "no reason given"}.`, "Refund the customer another way."],
    });
  }
  return `refund ${refund.id}: ${status}`;
}

/**
 * Re-reads the charge and its refunds, mirrors them, and records the booking's refunded
 * amount as Stripe counts it; a full refund moves the booking to REFUNDED, a partial one
 * stays PAID. Returns a short note.
 */
export async function mirrorChargeRefunds(ctx: Ctx, chargeId: string, actor: EventActor): Promise<string> {
  const { charge, refunds } = await ctx.stripe.retrieveChargeWithRefunds(chargeId);
  const piId = idOf(charge.payment_intent);
  if (!piId) throw new NotOurs(`charge ${charge.id} has no PaymentIntent`);
  const bookingId = await bookingIdForPaymentIntent(ctx, { id: piId, metadata: charge.metadata });
  if (!bookingId) throw new NotOurs(`no booking for PaymentIntent ${piId} of charge ${charge.id}`);
  await requireBooking(ctx, bookingId, `charge ${charge.id}`);

  for (const refund of refunds) await upsertRefund(ctx, bookingId, refund);
  await ctx.db.booking.update({ where: { id: bookingId }, data: { refundedAmount: charge.amount_refunded } });
  // A destination charge: the transfer reversal and the fee refund, onto the booking.
  if (charge.transfer_data) await trySyncMoneySplit(ctx, bookingId);

  if (!charge.refunded) return `booking ${bookingId}: partial refund, ${charge.amount_refunded} refunded`;
  try {
    await applyTransition(ctx.db, {
      bookingId,
      event: "refund_full",
      actor,
      at: ctx.clock.now(),
      reason: "Refunded in full",
      data: { charge: charge.id, amountRefunded: charge.amount_refunded },
    });
    return `booking ${bookingId}: refunded in full`;
  } catch (error) {
    if (error instanceof InvalidTransition || error instanceof ConcurrentChange) return `booking ${bookingId}: already moved on`;
    throw error;
  }
}

/** Metadata can name a booking that is not (or no longer) in this database: not ours then. */
async function requireBooking(ctx: Ctx, bookingId: string, what: string): Promise<void> {
  if (!(await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { id: true } }))) {
    throw new NotOurs(`${what} names booking ${bookingId}, which does not exist`);
  }
}
