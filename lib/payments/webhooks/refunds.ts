/** Mirrors Stripe refunds into our Refund rows and the booking's refunded amount. */
import type Stripe from "stripe";
import type { RefundStatus } from "@/lib/generated/prisma/enums";
import type { Ctx } from "@/lib/context";

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
