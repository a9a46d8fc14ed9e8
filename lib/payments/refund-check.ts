/**
 * Refunds left PENDING because their outcome never reached us: the webhook was lost, or
 * Stripe did not answer the create (refunds.ts leaves the row pending, without Stripe's id).
 * The scheduled pass asks Stripe about each one older than a few minutes and settles it the
 * way the webhooks would (webhooks/refunds.ts): the row mirrored, the booking's refunded
 * amount as Stripe counts it, a full refund → REFUNDED, a failed one → the operator told.
 *
 * A row without Stripe's id is looked up among the PaymentIntent's refunds by our row id
 * (metadata.refund_id, set on create). If Stripe still has none long after the create, the
 * request never reached Stripe: the row is marked FAILED (its amount is refundable again)
 * and the operator is told.
 */
import type Stripe from "stripe";
import { recordBookingEvent, SYSTEM } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { alertOperator } from "@/lib/notifications";
import { linkStripeRefund } from "./refunds";
import { idOf } from "./webhooks/handler";
import { mirrorChargeRefunds, mirrorRefundUpdate, refundStatus } from "./webhooks/refunds";

/** A pending refund is checked once it is this old, and again at most this often. */
export const PENDING_REFUND_CHECK_AFTER_MS = 5 * 60_000;
/** A refund Stripe has no record of this long after the create never reached Stripe. */
export const UNSENT_REFUND_GIVE_UP_MS = 30 * 60_000;

export interface RefundCheckCounts {
  checked: number;
  /** Settled (succeeded, failed or canceled at Stripe) and mirrored. */
  settled: number;
  stillPending: number;
  /** Never reached Stripe: marked failed. */
  notAtStripe: number;
  errors: number;
}

export function emptyRefundCheckCounts(): RefundCheckCounts {
  return { checked: 0, settled: 0, stillPending: 0, notAtStripe: 0, errors: 0 };
}

interface PendingRow {
  id: string;
  bookingId: string;
  stripeRefundId: string | null;
  amount: number;
  currency: string;
  createdAt: Date;
  checkedAt: Date | null;
  booking: { stripePaymentIntentId: string | null };
}

export async function checkPendingRefunds(
  ctx: Ctx,
  options: { limit?: number; stopAt?: number; report?: (bookingId: string, error: unknown) => void } = {},
): Promise<RefundCheckCounts> {
  const at = ctx.clock.now();
  const before = new Date(at.getTime() - PENDING_REFUND_CHECK_AFTER_MS);
  const due: PendingRow[] = await ctx.db.refund.findMany({
    where: { status: "PENDING", createdAt: { lte: before }, OR: [{ checkedAt: null }, { checkedAt: { lte: before } }] },
    select: {
      id: true,
      bookingId: true,
      stripeRefundId: true,
      amount: true,
      currency: true,
      createdAt: true,
      checkedAt: true,
      booking: { select: { stripePaymentIntentId: true } },
    },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 100,
  });
  const counts = emptyRefundCheckCounts();
  for (const row of due) {
    if (Date.now() >= (options.stopAt ?? Number.POSITIVE_INFINITY)) break;
    try {
      // Take this check (compare-and-set), so overlapping passes ask Stripe once.
      const { count } = await ctx.db.refund.updateMany({
        where: { id: row.id, status: "PENDING", checkedAt: row.checkedAt },
        data: { checkedAt: at },
      });
      if (count !== 1) continue;
      counts.checked++;
      counts[await checkOne(ctx, row, at)]++;
    } catch (error) {
      counts.errors++;
      options.report?.(row.bookingId, error);
    }
  }
  return counts;
}

async function checkOne(ctx: Ctx, row: PendingRow, at: Date): Promise<"settled" | "stillPending" | "notAtStripe"> {
  const refund = row.stripeRefundId ? await ctx.stripe.retrieveRefund(row.stripeRefundId) : await findOurRefund(ctx, row);
  if (!refund) {
    if (at.getTime() - row.createdAt.getTime() < UNSENT_REFUND_GIVE_UP_MS) return "stillPending";
    await giveUpUnsent(ctx, row, at);
    return "notAtStripe";
  }
  const found = !row.stripeRefundId;
  if (found) await linkStripeRefund(ctx, row.id, refund);
  const settled = refundStatus(refund.status) !== "PENDING";
  if (settled) await mirrorRefundUpdate(ctx, refund);
  // The booking's refunded amount (and a full refund) as Stripe counts it: after a refund
  // settled, or once a refund we had not linked is found (its amount was never recorded).
  const chargeId = idOf(refund.charge);
  if ((settled || found) && chargeId) await mirrorChargeRefunds(ctx, chargeId, SYSTEM);
  return settled ? "settled" : "stillPending";
}

async function findOurRefund(ctx: Ctx, row: PendingRow): Promise<Stripe.Refund | null> {
  const paymentIntentId = row.booking.stripePaymentIntentId;
  if (!paymentIntentId) return null;
  const refunds = await ctx.stripe.listRefundsOfPaymentIntent(paymentIntentId);
  return refunds.find((r) => r.metadata?.refund_id === row.id) ?? null;
}

async function giveUpUnsent(ctx: Ctx, row: PendingRow, at: Date): Promise<void> {
  const reason = "Stripe has no record of this refund: the request never reached Stripe and nothing was refunded.";
  const { count } = await ctx.db.refund.updateMany({
    where: { id: row.id, status: "PENDING", stripeRefundId: null },
    data: { status: "FAILED", failureReason: reason },
  });
  if (count !== 1) return;
  await recordBookingEvent(ctx.db, {
    bookingId: row.bookingId,
    type: "refund_failed",
    actor: SYSTEM,
    at,
    reason,
    data: { refundId: row.id, amount: row.amount, currency: row.currency },
  });
  await alertOperator(ctx, {
    bookingId: row.bookingId,
    subject: "A refund never reached Stripe",
    details: [`Refund ${row.id} of ${row.amount} ${row.currency} was never created in Stripe. Nothing was refunded; refund the booking again if it is still owed.`],
  });
}
