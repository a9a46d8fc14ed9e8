/**
 * A Stripe Payout read into our rows: the Payout row mirrors Stripe's status, arrival date
 * and failure, and the bookings it pays follow it (PAID when it arrived, FAILED when it
 * failed: the money is back on the host's account and goes again after
 * FAILED_PAYOUT_RETRY_MS). Used by the payout webhooks and by the scheduled pass when a
 * webhook never came. Idempotent: a payout already in the state Stripe reports is left alone.
 */
import type Stripe from "stripe";
import { BOOKING_EVENTS, insertRows } from "@/lib/db/insert-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PayoutStatus } from "@/lib/generated/prisma/enums";
import type { Ctx } from "@/lib/context";
import { FAILED_PAYOUT_RETRY_MS } from "./policy";

const FROM_STRIPE: Record<Stripe.Payout["status"], PayoutStatus> = {
  pending: "PENDING",
  in_transit: "IN_TRANSIT",
  paid: "PAID",
  failed: "FAILED",
  canceled: "CANCELED",
} as Record<string, PayoutStatus>;

/** Our status for Stripe's (an unknown one is kept as in transit: it has not settled). */
export function payoutStatusOf(payout: Pick<Stripe.Payout, "status">): PayoutStatus {
  return FROM_STRIPE[payout.status] ?? "IN_TRANSIT";
}

/** Stripe's `arrival_date` (seconds) as a Date. */
export function arrivalDateOf(payout: Pick<Stripe.Payout, "arrival_date">): Date | null {
  return typeof payout.arrival_date === "number" ? new Date(payout.arrival_date * 1000) : null;
}

/** Where a settled payout may still go (a payout can fail after it was reported paid). */
const SETTLED_NEXT: Partial<Record<PayoutStatus, PayoutStatus[]>> = { PAID: ["FAILED"], FAILED: [], CANCELED: [] };

export type PayoutSync = "unknown" | "unchanged" | "updated";

/**
 * Mirrors a Stripe payout onto the Payout row it belongs to (by Stripe's id, else by our
 * row id in its metadata: a payout whose create answer was lost). "unknown" when it is not
 * one of ours (a payout made in the host's dashboard, another platform).
 */
export async function syncPayout(ctx: Pick<Ctx, "db" | "clock">, payout: Stripe.Payout, accountId: string | null): Promise<PayoutSync> {
  const rowId = payout.metadata?.payout_id;
  const row =
    (await ctx.db.payout.findUnique({ where: { stripePayoutId: payout.id } })) ??
    (rowId ? await ctx.db.payout.findUnique({ where: { id: rowId } }) : null);
  if (!row) return "unknown";
  if (accountId && row.stripeAccountId !== accountId) return "unknown";
  if (row.stripePayoutId && row.stripePayoutId !== payout.id) return "unknown";

  const status = payoutStatusOf(payout);
  const arrivalDate = arrivalDateOf(payout);
  const now = ctx.clock.now();
  const failed = status === "FAILED" || status === "CANCELED";
  const unchanged =
    row.status === status && row.stripePayoutId === payout.id && (row.arrivalDate?.getTime() ?? null) === (arrivalDate?.getTime() ?? null);
  if (unchanged) return "unchanged";
  // A settled payout moves on only as Stripe's do: a paid one may still fail, nothing else.
  const next = SETTLED_NEXT[row.status];
  if (next && row.status !== status && !next.includes(status)) return "unchanged";

  await ctx.db.$transaction(async (tx) => {
    // Compare-and-set on the status read above: a concurrent sync of the same event writes once.
    const { count } = await tx.payout.updateMany({
      where: { id: row.id, status: row.status },
      data: {
        stripePayoutId: payout.id,
        status,
        arrivalDate,
        claimedBy: null,
        claimExpiresAt: null,
        ...(status === "PAID" ? { paidAt: row.paidAt ?? now } : {}),
        ...(failed
          ? { failedAt: row.failedAt ?? now, failureCode: payout.failure_code ?? row.failureCode, failureMessage: payout.failure_message ?? row.failureMessage }
          : {}),
      },
    });
    if (count !== 1) return;
    const bookings = await tx.bookingPayout.findMany({ where: { payoutId: row.id }, select: { bookingId: true } });
    if (status === "PAID" && row.status !== "PAID") {
      await tx.bookingPayout.updateMany({ where: { payoutId: row.id, status: "RELEASED" }, data: { status: "PAID" } });
      await timeline(tx, bookings, "payout_paid", now, `Paid out to the host's bank (${payout.id}).`, payout);
    }
    if (failed && row.status !== status) {
      await tx.bookingPayout.updateMany({
        where: { payoutId: row.id, status: { in: ["RELEASED", "PAID"] } },
        data: { status: "FAILED", releaseAt: new Date(now.getTime() + FAILED_PAYOUT_RETRY_MS) },
      });
      const why = payout.failure_message ?? payout.failure_code ?? "the bank refused it";
      await timeline(tx, bookings, "payout_failed", now, `The payout failed: ${why}`, payout);
    }
  });
  return "updated";
}

async function timeline(
  tx: Prisma.TransactionClient,
  bookings: { bookingId: string }[],
  type: string,
  at: Date,
  reason: string,
  payout: Stripe.Payout,
): Promise<void> {
  if (bookings.length === 0) return;
  await insertRows(
    tx,
    BOOKING_EVENTS,
    bookings.map((b) => ({
      bookingId: b.bookingId,
      at,
      actorType: "STRIPE" as const,
      type,
      reason,
      data: { payout: payout.id, amount: payout.amount, currency: payout.currency, failureCode: payout.failure_code ?? null } as Prisma.InputJsonValue,
    })),
  );
}
