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
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { NotFound } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";
import type { PaymentDeps } from "./deps";
import { explainFailure, type FailureExplanation } from "./failure-messages";
import { markPaid } from "./outcomes";
import { callStripe, failureFromPaymentIntent } from "./stripe-errors";

export type PayNowState =
  /** The customer can pay now. */
  | "payable"
  /** Paid already (by the scheduled charge, a webhook, or an earlier click). */
  | "paid"
  /** A charge is running right now: reload in a moment. */
  | "in_progress"
  /** Cancelled, expired, past its deadline: nothing to pay. */
  | "closed";

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
  listing: { select: { title: true, timeZone: true } },
} as const;

async function loadOwnBooking(deps: PaymentDeps, bookingId: string, userId: string) {
  const booking = await deps.db.booking.findUnique({ where: { id: bookingId }, select: VIEW_FIELDS });
  if (!booking || booking.customerId !== userId) throw new NotFound("Booking");
  return booking;
}
type OwnBooking = Awaited<ReturnType<typeof loadOwnBooking>>;

function stateOf(booking: OwnBooking, at: Date): PayNowState {
  switch (booking.status) {
    case "PAID":
    case "COMPLETED":
    case "REFUNDED":
      return "paid";
    case "CHARGING":
      return "in_progress";
    case "ACCEPTED":
    case "PAYMENT_FAILED":
      return booking.payBy && booking.payBy <= at ? "closed" : "payable";
    default:
      return "closed";
  }
}

export async function preparePayNow(bookingId: string, userId: string, deps: PaymentDeps): Promise<PayNowView> {
  let booking = await loadOwnBooking(deps, bookingId, userId);
  let state = stateOf(booking, deps.now());
  let pi: Stripe.PaymentIntent | null = null;

  if (state === "payable") {
    pi = await ensurePaymentIntent(deps, booking);
    if (pi?.status === "succeeded") {
      await markPaid(deps, { bookingId, paymentIntent: pi, actor: { type: "CUSTOMER", id: userId }, attempt: null, reason: "Found paid when opening pay-now" });
      booking = await loadOwnBooking(deps, bookingId, userId);
      state = stateOf(booking, deps.now());
    } else if (!pi) {
      state = "in_progress";
    }
  }

  const cards = booking.stripeCustomerId
    ? await deps.db.savedCard.findMany({
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
function explainForPayNow(failure: { code: string | null; declineCode: string | null }): FailureExplanation {
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
async function ensurePaymentIntent(deps: PaymentDeps, booking: OwnBooking): Promise<Stripe.PaymentIntent | null> {
  const existing = booking.stripePaymentIntentId;
  if (existing) return callStripe(deps, () => deps.stripe.paymentIntents.retrieve(existing));

  const created = await callStripe(deps, () =>
    deps.stripe.paymentIntents.create(
      {
        amount: booking.totalAmount,
        currency: booking.currency.toLowerCase(),
        customer: booking.stripeCustomerId ?? undefined,
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        description: `Löyly booking ${booking.id}`,
        metadata: { booking_id: booking.id },
      },
      { idempotencyKey: `booking/${booking.id}/payment-intent/on-session` },
    ),
  );
  // Attach it only if the booking still has none and nobody is charging it.
  const { count } = await deps.db.booking.updateMany({
    where: { id: booking.id, stripePaymentIntentId: null, status: { in: ["ACCEPTED", "PAYMENT_FAILED"] } },
    data: { stripePaymentIntentId: created.id },
  });
  if (count === 1) return created;
  const now = await deps.db.booking.findUnique({ where: { id: booking.id }, select: { stripePaymentIntentId: true } });
  if (now?.stripePaymentIntentId === created.id) return created;
  await callStripe(deps, () => deps.stripe.paymentIntents.cancel(created.id)).catch(() => undefined);
  return null;
}

export type FinalizeResult =
  | { status: "paid" }
  | { status: "requires_action" }
  | { status: "processing" }
  | { status: "failed"; message: string }
  | { status: "closed"; message: string };

/** Syncs the booking with its PaymentIntent right after the browser's confirm returned. */
export async function finalizePayNow(bookingId: string, userId: string, deps: PaymentDeps): Promise<FinalizeResult> {
  const booking = await loadOwnBooking(deps, bookingId, userId);
  const state = stateOf(booking, deps.now());
  if (state === "paid") return { status: "paid" };
  const piId = booking.stripePaymentIntentId;
  if (!piId) return { status: "closed", message: "There is no payment to finish for this booking." };

  const pi = await callStripe(deps, () => deps.stripe.paymentIntents.retrieve(piId));
  if (pi.status === "succeeded") {
    // Even a booking that is "closed" here is tried: markPaid alerts the operator if money
    // arrived for a booking that can no longer be paid.
    const result = await markPaid(deps, {
      bookingId,
      paymentIntent: pi,
      actor: { type: "CUSTOMER", id: userId },
      attempt: { kind: "ON_SESSION", countsTowardRetries: false, idempotencyKey: `pay-now/${pi.id}/${chargeIdOf(pi) ?? "succeeded"}` },
      reason: "Paid on the pay-now page",
    });
    return result === "not_payable" ? { status: "closed", message: "This booking can no longer be paid; we will refund you." } : { status: "paid" };
  }
  if (pi.status === "processing") return { status: "processing" };
  if (pi.status === "requires_action" && !pi.last_payment_error) return { status: "requires_action" };

  const failure = failureFromPaymentIntent(pi);
  await recordOnSessionFailure(deps, booking, pi, failure);
  return { status: "failed", message: explainFailure(failure).customer };
}

/** One row per failed on-session charge (a reload does not add another). */
async function recordOnSessionFailure(
  deps: PaymentDeps,
  booking: OwnBooking,
  pi: Stripe.PaymentIntent,
  failure: ReturnType<typeof failureFromPaymentIntent>,
): Promise<void> {
  const key = `pay-now/${pi.id}/${chargeIdOf(pi) ?? failure.code ?? "failed"}`;
  const known = await deps.db.paymentAttempt.findFirst({ where: { bookingId: booking.id, idempotencyKey: key }, select: { id: true } });
  if (known) return;
  const at = deps.now();
  await deps.db.$transaction([
    deps.db.paymentAttempt.create({
      data: {
        bookingId: booking.id,
        kind: "ON_SESSION",
        outcome: failure.kind === "authentication_required" ? "REQUIRES_ACTION" : "DECLINED",
        stripePaymentIntentId: pi.id,
        paymentMethodId: typeof pi.last_payment_error?.payment_method?.id === "string" ? pi.last_payment_error.payment_method.id : null,
        amount: pi.amount,
        currency: pi.currency.toUpperCase(),
        idempotencyKey: key,
        paymentIntentStatus: pi.status,
        errorType: failure.type,
        errorCode: failure.code,
        declineCode: failure.declineCode,
        message: failure.message.slice(0, 1000),
        countsTowardRetries: false,
        startedAt: at,
        finishedAt: at,
      },
    }),
    deps.db.booking.updateMany({
      where: { id: booking.id, status: { in: ["ACCEPTED", "PAYMENT_FAILED"] } },
      data: { lastFailureCode: failure.code, lastDeclineCode: failure.declineCode, lastFailureMessage: failure.message },
    }),
  ]);
}

function chargeIdOf(pi: Stripe.PaymentIntent): string | null {
  const charge = pi.latest_charge;
  if (!charge) return null;
  return typeof charge === "string" ? charge : charge.id;
}
