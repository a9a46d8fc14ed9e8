/**
 * The destination charge of a booking as Stripe has it, copied onto the booking for the
 * host's and the operators' pages. Stripe transfers the whole charge to the host's account
 * and collects the application fee back from it, so the booking records the host's share
 * (`transferAmount` = transfer − fee) and what of it refunds gave back
 * (`transferReversedAmount` = transfer reversed − fee refunded), and the fee and its refunds. Read from the
 * Charge (transfer and application fee expanded) after a payment and after every refund.
 */
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

/**
 * The booking's fields that describe its destination charge, read from a PaymentIntent (and
 * its charge, when `latest_charge` is expanded: the transfer and application fee ids).
 */
export function destinationFieldsOf(pi: Stripe.PaymentIntent) {
  const destination = idOf(pi.transfer_data?.destination ?? null);
  if (!destination) return {};
  const fee = pi.application_fee_amount ?? 0;
  const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  return {
    destinationAccountId: destination,
    applicationFeeAmount: fee,
    transferAmount: pi.transfer_data?.amount ?? pi.amount - fee,
    ...(charge?.transfer ? { stripeTransferId: idOf(charge.transfer) } : {}),
    ...(charge?.application_fee ? { stripeApplicationFeeId: idOf(charge.application_fee) } : {}),
  };
}

/** Whether a paid PaymentIntent still leaves the transfer to be read (its charge was not expanded). */
export function transferUnknown(pi: Stripe.PaymentIntent): boolean {
  return Boolean(pi.transfer_data) && !(typeof pi.latest_charge === "object" && pi.latest_charge?.transfer);
}

/**
 * Re-reads the booking's charge and copies its transfer and application fee (with reversals
 * and fee refunds) onto the booking. Returns false when there is nothing to read yet.
 */
export async function syncMoneySplit(ctx: Pick<Ctx, "db" | "stripe">, bookingId: string): Promise<boolean> {
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { stripePaymentIntentId: true, destinationAccountId: true } });
  if (!booking?.stripePaymentIntentId) return false;
  const pi = await ctx.stripe.retrievePaymentIntent(booking.stripePaymentIntentId);
  const chargeId = idOf(pi.latest_charge);
  if (!chargeId || !pi.transfer_data) return false;
  const charge = await ctx.stripe.retrieveCharge(chargeId);
  const transfer = typeof charge.transfer === "object" ? charge.transfer : null;
  const fee = typeof charge.application_fee === "object" ? charge.application_fee : null;
  await ctx.db.booking.update({
    where: { id: bookingId },
    data: {
      ...destinationFieldsOf(pi),
      stripeTransferId: idOf(charge.transfer),
      stripeApplicationFeeId: idOf(charge.application_fee),
      // Stripe transfers the whole charge and takes the fee back from the host's account; a
      // refund reverses the transfer by the refunded amount and gives the fee back in
      // proportion. What the host gives back is the difference.
      ...(transfer && fee ? { transferReversedAmount: transfer.amount_reversed - fee.amount_refunded, applicationFeeRefundedAmount: fee.amount_refunded } : {}),
    },
  });
  return true;
}

/** syncMoneySplit for callers whose own work is done: a failure is logged, not thrown (the next sync catches up). */
export async function trySyncMoneySplit(ctx: Pick<Ctx, "db" | "stripe">, bookingId: string): Promise<void> {
  try {
    await syncMoneySplit(ctx, bookingId);
  } catch (error) {
    console.warn(`[connect] could not read the transfer of booking ${bookingId}:`, error instanceof Error ? error.message : error);
  }
}
