/**
 * Receipts: one for the payment of a booking and one for each refund of it (pending or
 * succeeded; a failed or cancelled refund moved no money). Read from our own rows: the
 * booking's price snapshot, its paidAt, the refund rows and the saved card the money moved
 * on. Only the booking's customer and operators may read them; anyone else gets NotFound.
 *
 * A receipt's id in its URL is `payment` or the refund row's id.
 */
import type { Actor } from "@/lib/auth/actor";
import { isPaid } from "@/lib/bookings/lifecycle";
import type { Db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import type { RefundStatus } from "@/lib/generated/prisma/enums";
import { COUNTED_REFUND_STATUSES } from "@/lib/payments/refunds";
import { splitVat, type VatSplit } from "./vat";

export const PAYMENT_RECEIPT_ID = "payment";

export interface ReceiptLine {
  label: string;
  /** Minor units; negative on a refund receipt. */
  amount: number;
}

export interface Receipt {
  id: string;
  kind: "payment" | "refund";
  /** Printed on the receipt: LY-<booking reference>-P, or -R<n> for the n-th refund. */
  number: string;
  bookingId: string;
  bookingReference: string;
  /** When the money moved: paidAt, or the refund's creation. */
  issuedAt: Date;
  /** Refund only: pending (the bank is processing it) or succeeded. */
  refundStatus: RefundStatus | null;
  listing: { title: string; address: string; city: string; timeZone: string };
  host: { name: string };
  customer: { name: string; email: string };
  startsAt: Date;
  endsAt: Date;
  guests: number;
  currency: string;
  lines: ReceiptLine[];
  /** The whole receipt's amount with the VAT included in it (negative on a refund). */
  totals: VatSplit;
  card: { brand: string; last4: string } | null;
  reason: string | null;
}

export interface ReceiptSummary {
  id: string;
  kind: "payment" | "refund";
  number: string;
  issuedAt: Date;
  amount: number;
  currency: string;
  refundStatus: RefundStatus | null;
}

/** The short booking reference people read out: the last 8 characters of its id, upper case. */
export function bookingReference(bookingId: string): string {
  return bookingId.slice(-8).toUpperCase();
}

async function loadBooking(db: Db, actor: Actor, bookingId: string) {
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    select: {
      id: true,
      status: true,
      customerId: true,
      startsAt: true,
      endsAt: true,
      guests: true,
      hours: true,
      hourlyPrice: true,
      subtotalAmount: true,
      feeAmount: true,
      totalAmount: true,
      currency: true,
      paidAt: true,
      paymentMethodId: true,
      stripePaymentIntentId: true,
      customer: { select: { name: true, email: true } },
      listing: { select: { title: true, address: true, city: true, timeZone: true, provider: { select: { name: true } } } },
      // All of them, so a refund's number (its place among the booking's refunds) never changes.
      refunds: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, amount: true, currency: true, status: true, reason: true, createdAt: true },
      },
    },
  });
  const allowed = booking && (actor.role === "OPERATOR" || (actor.role === "CUSTOMER" && booking.customerId === actor.id));
  if (!booking || !allowed) throw new NotFound("Receipt");
  // Refunds that moved (or are moving) money back have a receipt; failed and cancelled ones do not.
  const refunds = booking.refunds
    .map((r, i) => ({ ...r, n: i + 1 }))
    .filter((r) => COUNTED_REFUND_STATUSES.includes(r.status));
  return { ...booking, refunds };
}

type Loaded = Awaited<ReturnType<typeof loadBooking>>;

function hasPaymentReceipt(booking: Loaded): booking is Loaded & { paidAt: Date } {
  return isPaid(booking.status) && booking.paidAt !== null;
}

/** The card the payment was made with: the one of its succeeded attempt, else the booking's. */
async function paidCard(db: Db, booking: Loaded): Promise<{ brand: string; last4: string } | null> {
  const attempt = await db.paymentAttempt.findFirst({
    where: { bookingId: booking.id, outcome: "SUCCEEDED", paymentMethodId: { not: null } },
    orderBy: { startedAt: "desc" },
    select: { paymentMethodId: true },
  });
  const paymentMethodId = attempt?.paymentMethodId ?? booking.paymentMethodId;
  if (!paymentMethodId) return null;
  return db.savedCard.findUnique({ where: { paymentMethodId }, select: { brand: true, last4: true } });
}

/** The receipts of a booking, payment first, for its page and emails. */
export async function listReceipts(db: Db, actor: Actor, bookingId: string): Promise<ReceiptSummary[]> {
  const booking = await loadBooking(db, actor, bookingId);
  if (!hasPaymentReceipt(booking)) return [];
  const ref = bookingReference(booking.id);
  return [
    {
      id: PAYMENT_RECEIPT_ID,
      kind: "payment" as const,
      number: `LY-${ref}-P`,
      issuedAt: booking.paidAt,
      amount: booking.totalAmount,
      currency: booking.currency,
      refundStatus: null,
    },
    ...booking.refunds.map((r) => ({
      id: r.id,
      kind: "refund" as const,
      number: `LY-${ref}-R${r.n}`,
      issuedAt: r.createdAt,
      amount: -r.amount,
      currency: r.currency,
      refundStatus: r.status,
    })),
  ];
}

/** One receipt in full. `vatBps` is the marketplace's VAT rate (VAT_RATE_BPS). */
export async function getReceipt(db: Db, actor: Actor, input: { bookingId: string; receiptId: string; vatBps: number }): Promise<Receipt> {
  const booking = await loadBooking(db, actor, input.bookingId);
  if (!hasPaymentReceipt(booking)) throw new NotFound("Receipt");
  const ref = bookingReference(booking.id);
  const card = await paidCard(db, booking);
  const common = {
    bookingId: booking.id,
    bookingReference: ref,
    listing: { title: booking.listing.title, address: booking.listing.address, city: booking.listing.city, timeZone: booking.listing.timeZone },
    host: { name: booking.listing.provider.name },
    customer: booking.customer,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    guests: booking.guests,
    currency: booking.currency,
    card,
  };
  if (input.receiptId === PAYMENT_RECEIPT_ID) {
    return {
      ...common,
      id: PAYMENT_RECEIPT_ID,
      kind: "payment",
      number: `LY-${ref}-P`,
      issuedAt: booking.paidAt,
      refundStatus: null,
      lines: [
        { label: `Sauna, ${booking.hours} h`, amount: booking.subtotalAmount },
        { label: "Service fee", amount: booking.feeAmount },
      ],
      totals: splitVat(booking.totalAmount, input.vatBps),
      reason: null,
    };
  }
  const refund = booking.refunds.find((r) => r.id === input.receiptId);
  if (!refund) throw new NotFound("Receipt");
  return {
    ...common,
    id: refund.id,
    kind: "refund",
    number: `LY-${ref}-R${refund.n}`,
    issuedAt: refund.createdAt,
    refundStatus: refund.status,
    currency: refund.currency,
    lines: [{ label: "Refund to your card", amount: -refund.amount }],
    totals: splitVat(-refund.amount, input.vatBps),
    reason: refund.reason,
  };
}
