/**
 * The numbers of the payout policy. A booking's money stays on its host's connected account
 * (manual payouts) until `PAYOUT_DELAY_DAYS` after the booking ends, then the scheduled pass
 * pays it out. Stripe holds a connected account's funds for at most 90 days; money held
 * that long (an operator's hold, a payout failing again and again) is shown to operators
 * from `HOLD_WARNING_DAYS` on, a month before the limit.
 */
import { Prisma } from "@/lib/generated/prisma/client";

export const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;

/** Stripe pays out funds held on a connected account for this long at the latest. */
export const STRIPE_MAX_HOLD_DAYS = 90;
/** Operators are warned about money held this long (a month before Stripe's limit). */
export const HOLD_WARNING_DAYS = 60;
/** After a failed payout, its bookings go again this long later (time to fix the bank account). */
export const FAILED_PAYOUT_RETRY_MS = DAY_MS;
/**
 * After Stripe refuses to create a payout (payouts disabled on the account, no bank account in
 * the currency), the host's bookings go again after this long: an hour after the first
 * refusal in a row, doubling with each further one, a day at most. Nothing is asked of Stripe
 * meanwhile, and the host's page and operators' see the refusal and what to do.
 */
export function refusedPayoutRetryMs(refusalsInARow: number): number {
  const n = Math.max(1, Math.floor(refusalsInARow));
  return Math.min(DAY_MS, HOUR_MS * 2 ** Math.min(n - 1, 10));
}

/** A payout whose Stripe call holds this worker's lease for this long may be settled by another pass. */
export const PAYOUT_LEASE_MS = 5 * 60_000;
/** A payout in transit this long after its arrival date is asked about (its webhook may be lost). */
export const PAYOUT_CHECK_AFTER_ARRIVAL_MS = DAY_MS;

/** When a booking's money may be paid out. */
export function releaseAtFor(endsAt: Date, delayDays: number): Date {
  return new Date(endsAt.getTime() + delayDays * DAY_MS);
}

/** The last day Stripe holds money charged at `chargedAt`, and when operators are warned. */
export function holdLimit(chargedAt: Date): { warnFrom: Date; limit: Date } {
  return {
    warnFrom: new Date(chargedAt.getTime() + HOLD_WARNING_DAYS * DAY_MS),
    limit: new Date(chargedAt.getTime() + STRIPE_MAX_HOLD_DAYS * DAY_MS),
  };
}

/**
 * The booking's money that is still the host's: their share less what refunds took back of
 * it (`transferReversedAmount` is kept net of the application fee Stripe gives back with a
 * reversal, lib/connect/transfers.ts).
 */
export function hostNet(b: { transferAmount: number | null; transferReversedAmount: number }): number {
  return (b.transferAmount ?? 0) - hostReversed(b);
}

/** The platform's fee of a charged booking: as Stripe recorded it, else what the host's share leaves of the price. */
export function platformFee(b: { totalAmount: number; applicationFeeAmount: number | null; transferAmount: number | null }): number {
  return b.applicationFeeAmount ?? b.totalAmount - (b.transferAmount ?? 0);
}

/**
 * How each refund of a destination charge is split, in the order the refunds were made: the
 * platform fee given back (`refund_application_fee`) and the host's share reversed (the rest
 * of the transfer reversal, `reverse_transfer`). Stripe gives back both in proportion to the
 * refund, and whatever is left of the fee once the charge is refunded in full.
 */
export function refundParts(
  b: { totalAmount: number; applicationFeeAmount: number | null; transferAmount: number | null },
  refunds: readonly number[],
): { feeRefunded: number; hostReversed: number }[] {
  const fee = platformFee(b);
  let refunded = 0;
  let feeLeft = fee;
  return refunds.map((amount) => {
    refunded += amount;
    const feeRefunded = refunded >= b.totalAmount ? feeLeft : Math.min(feeLeft, Math.round((amount * fee) / b.totalAmount));
    feeLeft -= feeRefunded;
    return { feeRefunded, hostReversed: amount - feeRefunded };
  });
}

/** What refunds took back of the host's share. */
export function hostReversed(b: { transferReversedAmount: number }): number {
  return b.transferReversedAmount;
}

/** hostNet in SQL, over a `bookings` row aliased `b`. */
export const HOST_NET_SQL = Prisma.raw("(b.transfer_amount - b.transfer_reversed_amount)");
