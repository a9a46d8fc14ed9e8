/**
 * Pay now (back on session): the domain behind /account/bookings/[id]/pay.
 *
 * `preparePayNow` gives the page what it shows (amount, listing, time in the listing's
 * zone, the deadline, what went wrong in plain words) and the client secret of the
 * booking's one PaymentIntent, so the browser confirms THAT intent — with 3D Secure on the
 * saved card, another saved card or a new one. `finalizePayNow` runs right after the
 * browser's confirm returns: it re-reads the intent from Stripe and records the outcome at
 * once (the webhook may come later and then finds it done). Both may be called any number
 * of times (reload, double click): a PaymentIntent succeeds once, and the booking's
 * transition to PAID is a compare-and-set.
 *
 * Only the booking's customer may use them; anyone else gets NotFound (no hint the booking
 * exists) and nothing changes.
 */
import type Stripe from "stripe";
import { payNowState, statusesWhere, awaitsPayment, isChargeInProgress, type PayNowState } from "@/lib/bookings/lifecycle";
import type { Ctx } from "@/lib/context";
import { canBeCharged } from "@/lib/connect/account-state";
import { destinationSplit } from "@/lib/connect/split";
import { NotFound, ValidationError } from "@/lib/errors";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { explainFailure, type FailureExplanation } from "@/lib/notifications/failure-messages";
import { markPaid, paymentIntentOutcome, recordAttempt } from "@/lib/payments/outcomes";
import type { StripeFailureInfo } from "@/lib/stripe/errors";
import { idempotencyKeys } from "@/lib/stripe/keys";
import { formatInstant } from "@/lib/time";

export type { PayNowState };

/** Unpaid statuses a pay-now PaymentIntent may be attached to or a failure recorded on (no charge running). */
const PAYABLE_STATUSES = statusesWhere((s) => awaitsPayment(s) && !isChargeInProgress(s));

export interface SavedCardOption {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface PayNowView {
  bookingId: string;
  status: BookingStatus;
  state: PayNowState;
  listingTitle: string;
  timeZone: string;
  startsAtText: string;
  endsAtText: string;
  amount: number;
  currency: string;
  amountText: string;
  payBy: Date | null;
  payByText: string | null;
  /** What went wrong, in plain words (null before any failure). */
  problem: FailureExplanation | null;
  /** For the browser: confirm this PaymentIntent (only when payable). */
  clientSecret: string | null;
  paymentIntentId: string | null;
  /** The card the off-session charge used ("Confirm with your bank" uses it again). */
  bookingPaymentMethodId: string | null;
  savedCards: SavedCardOption[];
}

const VIEW_FIELDS = {
  id: true,
  customerId: true,
  status: true,
  startsAt: true,
  endsAt: true,
  totalAmount: true,
  currency: true,
  payBy: true,
  stripeCustomerId: true,
  paymentMethodId: true,
  stripePaymentIntentId: true,
  lastFailureCode: true,
  lastDeclineCode: true,
  subtotalAmount: true,
  feeAmount: true,
  listing: {
    select: {
      title: true,
      timeZone: true,
      provider: { select: { connectedAccount: { select: { stripeAccountId: true, chargesEnabled: true } } } },
    },
  },
} as const;

async function loadOwnBooking(ctx: Ctx, bookingId: string, userId: string) {
  const booking = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: VIEW_FIELDS });
  if (!booking || booking.customerId !== userId) throw new NotFound("Booking");
  return booking;
}
type OwnBooking = Awaited<ReturnType<typeof loadOwnBooking>>;

function stateOf(booking: OwnBooking, at: Date): PayNowState {
  return payNowState(booking.status, booking.payBy, at);
}

export async function preparePayNow(ctx: Ctx, bookingId: string, userId: string): Promise<PayNowView> {
  let booking = await loadOwnBooking(ctx, bookingId, userId);
  let state = stateOf(booking, ctx.clock.now());
  let pi: Stripe.PaymentIntent | null = null;

  if (state === "payable") {
    pi = await ensurePaymentIntent(ctx, booking);
    if (pi && paymentIntentOutcome(pi, "on_session").kind === "paid") {
      await markPaid(ctx, { bookingId, paymentIntent: pi, actor: { type: "CUSTOMER", id: userId }, attempt: null, reason: "Found paid when opening pay-now" });
      booking = await loadOwnBooking(ctx, bookingId, userId);
      state = stateOf(booking, ctx.clock.now());
    } else if (!pi) {
      state = "in_progress";
    }
  }

  const cards = booking.stripeCustomerId
    ? await ctx.db.savedCard.findMany({
        where: { userId, removedAt: null },
        select: { paymentMethodId: true, brand: true, last4: true, expMonth: true, expYear: true },
        orderBy: [{ isDefault: "desc" }, { createdAt: "desc" }],
      })
    : [];
  const tz = booking.listing.timeZone;
  const failed = booking.lastFailureCode || booking.lastDeclineCode;
  return {
    bookingId,
    status: booking.status,
    state,
    listingTitle: booking.listing.title,
    timeZone: tz,
    startsAtText: formatInstant(booking.startsAt, tz),
    endsAtText: formatInstant(booking.endsAt, tz),
    amount: booking.totalAmount,
    currency: booking.currency,
    amountText: formatMoney(booking.totalAmount, booking.currency),
    payBy: booking.payBy,
    payByText: booking.payBy ? formatInstant(booking.payBy, tz) : null,
    problem: failed ? explainForPayNow({ code: booking.lastFailureCode, declineCode: booking.lastDeclineCode }) : null,
    clientSecret: state === "payable" ? (pi?.client_secret ?? null) : null,
    paymentIntentId: pi?.id ?? booking.stripePaymentIntentId,
    bookingPaymentMethodId: booking.paymentMethodId,
    savedCards: cards,
  };
}

/**
 * What went wrong, as the pay-now page says it. A 3D Secure challenge the customer failed
 * (or closed) here can simply be tried again with the same card, so the page keeps offering
 * "Confirm with your bank" instead of asking for another card.
 */
export function explainForPayNow(failure: { code: string | null; declineCode: string | null }): FailureExplanation {
  const explanation = explainFailure(failure);
  if (failure.code !== "payment_intent_authentication_failure") return explanation;
  return {
    ...explanation,
    customer: "The confirmation with your bank did not succeed. You can try again, or pay with another card.",
    nextStep: "confirm_with_bank",
  };
}

/**
 * The booking's PaymentIntent, created for an on-session payment if the off-session charge
 * never created one (e.g. the customer pays before the charge date). Null when a charge
 * worker claimed the booking meanwhile.
 */
async function ensurePaymentIntent(ctx: Ctx, booking: OwnBooking): Promise<Stripe.PaymentIntent | null> {
  const existing = booking.stripePaymentIntentId;
  if (existing) return ctx.stripe.retrievePaymentIntent(existing);

  const hostAccount = booking.listing.provider.connectedAccount;
  if (!hostAccount || !canBeCharged(hostAccount)) {
    throw new ValidationError("This booking cannot be paid just now: the host is updating how they get paid. Nothing has been charged; please try again later.");
  }
  const created = await ctx.stripe.createOnSessionPaymentIntent({
    bookingId: booking.id,
    amount: booking.totalAmount,
    currency: booking.currency,
    customerId: booking.stripeCustomerId,
    paymentMethodId: null,
    destination: { accountId: hostAccount.stripeAccountId, applicationFeeAmount: destinationSplit(booking).applicationFeeAmount },
  });
  // Attach it only if the booking still has none and nobody is charging it.
  const { count } = await ctx.db.booking.updateMany({
    where: { id: booking.id, stripePaymentIntentId: null, status: { in: PAYABLE_STATUSES } },
    data: { stripePaymentIntentId: created.id },
  });
  if (count === 1) return created;
  const now = await ctx.db.booking.findUnique({ where: { id: booking.id }, select: { stripePaymentIntentId: true } });
  if (now?.stripePaymentIntentId === created.id) return created;
  await ctx.stripe.cancelPaymentIntent(created.id, "abandoned").catch(() => undefined);
  return null;
}

export type FinalizeResult =
  | { status: "paid" }
  | { status: "requires_action" }
  | { status: "processing" }
  | { status: "failed"; message: string }
  | { status: "closed"; message: string };

/** Syncs the booking with its PaymentIntent right after the browser's confirm returned. */
export async function finalizePayNow(ctx: Ctx, bookingId: string, userId: string): Promise<FinalizeResult> {
  const booking = await loadOwnBooking(ctx, bookingId, userId);
  const state = stateOf(booking, ctx.clock.now());
  if (state === "paid" && !booking.stripePaymentIntentId) return { status: "paid" };
  const piId = booking.stripePaymentIntentId;
  if (!piId) return { status: "closed", message: "There is no payment to finish for this booking." };

  const pi = await ctx.stripe.retrievePaymentIntent(piId);
  const outcome = paymentIntentOutcome(pi, "on_session");
  if (state === "paid" && outcome.kind !== "paid") return { status: "paid" };
  switch (outcome.kind) {
    case "paid": {
      // Even a booking that is "closed" here is tried: markPaid alerts the operator if money
      // arrived for a booking that can no longer be paid. One the webhook marked paid first
      // still gets this payment's attempt row (the operators' figures count it).
      const result = await markPaid(ctx, {
        bookingId,
        paymentIntent: pi,
        actor: { type: "CUSTOMER", id: userId },
        attempt: { kind: "ON_SESSION", countsTowardRetries: false, idempotencyKey: idempotencyKeys.payNowAttempt(pi.id, chargeIdOf(pi) ?? "succeeded") },
        reason: "Paid on the pay-now page",
      });
      return result === "not_payable" ? { status: "closed", message: "This booking can no longer be paid; we will refund you." } : { status: "paid" };
    }
    case "processing":
      return { status: "processing" };
    case "awaiting_customer":
      return { status: "requires_action" };
    default:
      await recordOnSessionFailure(ctx, booking, pi, outcome.failure);
      return { status: "failed", message: explainFailure(outcome.failure).customer };
  }
}

/** One row per failed on-session charge (a reload does not add another). */
async function recordOnSessionFailure(ctx: Ctx, booking: OwnBooking, pi: Stripe.PaymentIntent, failure: StripeFailureInfo): Promise<void> {
  const key = idempotencyKeys.payNowAttempt(pi.id, chargeIdOf(pi) ?? failure.code ?? "failed");
  const known = await ctx.db.paymentAttempt.findFirst({ where: { bookingId: booking.id, idempotencyKey: key }, select: { id: true } });
  if (known) return;
  const at = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await recordAttempt(tx, {
      bookingId: booking.id,
      attempt: { kind: "ON_SESSION", countsTowardRetries: false, idempotencyKey: key },
      at,
      amount: pi.amount,
      currency: pi.currency,
      paymentIntent: pi,
      failure,
    });
    await tx.booking.updateMany({
      where: { id: booking.id, status: { in: PAYABLE_STATUSES } },
      data: { lastFailureCode: failure.code, lastDeclineCode: failure.declineCode, lastFailureMessage: failure.message },
    });
  });
}

function chargeIdOf(pi: Stripe.PaymentIntent): string | null {
  const charge = pi.latest_charge;
  if (!charge) return null;
  return typeof charge === "string" ? charge : charge.id;
}
