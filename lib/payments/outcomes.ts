/**
 * What a payment outcome does to a booking, shared by the charge engine, reconciliation,
 * webhooks and pay-now:
 *
 * - `paymentIntentOutcome` is the one reading of a PaymentIntent as the booking's outcome;
 * - `recordAttempt` is the one writer of a payment-attempt row;
 * - `markPaid` / `markChargeFailed` write the attempt and the lifecycle transition (through
 *   applyTransition, the one place a booking changes status) and, after the commit, send
 *   the emails.
 *
 * Each writer may race the others (a worker, a webhook, the customer's browser): the
 * compare-and-set in applyTransition lets exactly one of them win; the losers see
 * "already paid" and send nothing.
 */
import type Stripe from "stripe";
import { awaitsPayment, InvalidTransition, isPaid, transition } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, SYSTEM, type EventActor } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { BOOKING_EVENTS, insertRows, PAYMENT_ATTEMPTS } from "@/lib/db/insert-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { BookingStatus, type PaymentAttemptKind, type PaymentAttemptOutcome } from "@/lib/generated/prisma/enums";
import { destinationFieldsOf, transferUnknown, trySyncMoneySplit } from "@/lib/connect/transfers";
import { alertOperator, loadMailBooking, notify, notifyMany, type MailBooking } from "@/lib/notifications";
import { failureFromPaymentIntent, type StripeFailureInfo } from "@/lib/stripe/errors";
import { nextRetryAt } from "./retry-policy";

export type IntentOutcome =
  | { kind: "paid" }
  | { kind: "processing" }
  /** Created but never confirmed: nothing was tried. */
  | { kind: "not_confirmed"; failure: StripeFailureInfo }
  /** On session: the customer is in the middle of confirming with their bank. */
  | { kind: "awaiting_customer"; failure: StripeFailureInfo }
  | { kind: "canceled"; failure: StripeFailureInfo }
  | { kind: "failed"; failure: StripeFailureInfo };

/**
 * The booking's outcome by its PaymentIntent. Off session, a PaymentIntent that asks for
 * authentication is a failure (the customer must come back); on session (pay-now) it means
 * the customer has not finished the challenge yet.
 */
export function paymentIntentOutcome(pi: Stripe.PaymentIntent, mode: "off_session" | "on_session"): IntentOutcome {
  if (pi.status === "succeeded") return { kind: "paid" };
  if (pi.status === "processing") return { kind: "processing" };
  const failure = failureFromPaymentIntent(pi);
  if (pi.status === "canceled") return { kind: "canceled", failure };
  if (pi.status === "requires_payment_method" && !pi.last_payment_error) return { kind: "not_confirmed", failure };
  if (pi.status === "requires_action" && !pi.last_payment_error && mode === "on_session") return { kind: "awaiting_customer", failure };
  return { kind: "failed", failure };
}


export interface AttemptRecord {
  kind: PaymentAttemptKind;
  idempotencyKey?: string | null;
  paymentMethodId?: string | null;
  /** Automatic attempts count toward the retry limit; on-session and reconcile rows do not. */
  countsTowardRetries: boolean;
}

/** The one writer of a payment-attempt row: what was tried, and what Stripe answered. */
export async function recordAttempt(
  db: Db,
  args: {
    bookingId: string;
    attempt: AttemptRecord;
    at: Date;
    amount: number;
    currency: string;
    paymentIntent?: Stripe.PaymentIntent | null;
    /** Absent: the attempt succeeded. */
    failure?: Omit<StripeFailureInfo, "statusCode" | "paymentIntent"> | null;
    /** The card to name when neither the attempt nor the PaymentIntent does. */
    fallbackPaymentMethodId?: string | null;
  },
): Promise<void> {
  await db.paymentAttempt.create({ data: attemptRow(args) });
}

type AttemptArgs = Parameters<typeof recordAttempt>[1];

/**
 * A successful attempt, unless one is recorded for its PaymentIntent already (a reload of the
 * pay-now page, a webhook and the page at once): under the booking's row lock.
 */
async function recordSuccessOnce(db: Db, args: AttemptArgs & { paymentIntent: Stripe.PaymentIntent }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM bookings WHERE id = ${args.bookingId} FOR UPDATE`;
    const known = await tx.paymentAttempt.findFirst({
      where: { bookingId: args.bookingId, stripePaymentIntentId: args.paymentIntent.id, outcome: "SUCCEEDED" },
      select: { id: true },
    });
    if (!known) await recordAttempt(tx, args);
  });
}

/** The row `recordAttempt` writes (also written many at once by `markClaimedBatchPaid`). */
function attemptRow(args: AttemptArgs): Prisma.PaymentAttemptCreateManyInput {
  const { attempt, failure, paymentIntent: pi } = args;
  return {
    bookingId: args.bookingId,
    kind: attempt.kind,
    outcome: failure ? outcomeOf(failure) : "SUCCEEDED",
    stripePaymentIntentId: pi?.id ?? null,
    stripeChargeId: pi ? chargeIdOf(pi) : null,
    paymentMethodId: attempt.paymentMethodId ?? (pi ? paymentMethodIdOf(pi) : null) ?? args.fallbackPaymentMethodId ?? null,
    amount: args.amount,
    currency: args.currency.toUpperCase(),
    idempotencyKey: attempt.idempotencyKey ?? null,
    paymentIntentStatus: pi?.status ?? null,
    errorType: failure?.type ?? null,
    errorCode: failure?.code ?? null,
    declineCode: failure?.declineCode ?? null,
    message: failure ? failure.message.slice(0, 1000) : null,
    countsTowardRetries: attempt.countsTowardRetries,
    startedAt: args.at,
    finishedAt: args.at,
  };
}

/** The Charge of the PaymentIntent's latest try (declined tries have one too), if any. */
function chargeIdOf(pi: Stripe.PaymentIntent): string | null {
  const charge = pi.latest_charge ?? pi.last_payment_error?.charge ?? null;
  return typeof charge === "string" ? charge : (charge?.id ?? null);
}

export type PaidResult = "paid" | "already_paid" | "not_payable";

/**
 * The PaymentIntent succeeded: the booking becomes PAID (from ACCEPTED, CHARGING or
 * PAYMENT_FAILED). Returns "already_paid" when someone else recorded it first, and
 * "not_payable" when the booking is in a final state (an anomaly the operator is told of).
 */
export async function markPaid(
  ctx: Ctx,
  args: {
    bookingId: string;
    paymentIntent: Stripe.PaymentIntent;
    actor: EventActor;
    attempt: AttemptRecord | null;
    reason: string;
    /** The status the caller knows the booking is in (the claim holder: CHARGING); saves a read. */
    expectedFrom?: BookingStatus;
    /** The emails' booking the caller already holds (the claim); saves a read. */
    mail?: MailBooking;
  },
  retry = 0,
): Promise<PaidResult> {
  const { bookingId, paymentIntent: pi, attempt } = args;
  const at = ctx.clock.now();
  const paidWith = paymentMethodIdOf(pi);
  try {
    await ctx.db.$transaction(async (tx) => {
      await applyTransition(tx, {
        bookingId,
        event: "charge_succeeded",
        actor: args.actor,
        expectedFrom: args.expectedFrom,
        at,
        reason: args.reason,
        data: { paymentIntent: pi.id, amount: pi.amount, currency: pi.currency },
        patch: {
          paidAt: at,
          stripePaymentIntentId: pi.id,
          // The card that paid: another one than the booking's when the customer paid on the
          // pay-now page with a new card.
          ...(paidWith ? { paymentMethodId: paidWith } : {}),
          ...destinationFieldsOf(pi),
          claimedBy: null,
          claimExpiresAt: null,
          nextAttemptAt: null,
          ...(attempt?.countsTowardRetries ? { autoAttempts: { increment: 1 } } : {}),
        },
      });
      // A webhook learning of the success is not an attempt of ours: no row then.
      if (attempt) await recordAttempt(tx, { bookingId, attempt, at, amount: pi.amount, currency: pi.currency, paymentIntent: pi });
    });
  } catch (error) {
    if (!(error instanceof InvalidTransition || error instanceof ConcurrentChange)) throw error;
    const now = await ctx.db.booking.findUnique({ where: { id: bookingId }, select: { status: true } });
    if (now && isPaid(now.status)) {
      // Recorded first by someone else (usually the webhook, which writes no attempt): the
      // attempt that succeeded is still ours to record, once.
      if (attempt) await recordSuccessOnce(ctx.db, { bookingId, attempt, at, amount: pi.amount, currency: pi.currency, paymentIntent: pi });
      return "already_paid";
    }
    if (now && awaitsPayment(now.status) && retry < 3) {
      // Changed under us between read and write (e.g. claimed): try once more, reading first.
      return markPaid(ctx, { ...args, expectedFrom: undefined }, retry + 1);
    }
    await alertOperator(ctx, {
      bookingId,
      subject: `Money taken for a ${now?.status ?? "missing"} booking`,
      details: [
        `PaymentIntent ${pi.id} succeeded (${pi.amount} ${pi.currency}) but booking ${bookingId} is ${now?.status ?? "gone"}.`,
        "Refund the customer or restore the booking.",
      ],
    });
    return "not_payable";
  }

  // What the transition just wrote (paidAt, the PaymentIntent) on top of what the caller knows.
  await notify(ctx, "paid", args.mail ? { ...args.mail, paidAt: at, stripePaymentIntentId: pi.id } : bookingId);
  if (transferUnknown(pi)) await trySyncMoneySplit(ctx, bookingId);
  return "paid";
}

/** A successful off-session charge of a claimed booking, waiting to be written with its batch. */
export interface ClaimedPayment {
  bookingId: string;
  paymentIntent: Stripe.PaymentIntent;
  attempt: AttemptRecord;
  /** The claim's email booking (paidAt and the PaymentIntent are filled in here); absent: read after the write. */
  mail?: MailBooking;
}

const BATCH_FROM = BookingStatus.CHARGING;
const BATCH_TO = transition(BATCH_FROM, "charge_succeeded");

/**
 * The successes of one claimed batch, written together: what `markPaid` does for one booking
 * (the PAID transition, its timeline event, the attempt row, the receipt and the host's
 * notice), as one UPDATE of every booking still CHARGING under this worker's claim, one
 * INSERT of the events, one of the attempts (one transaction) and one of the emails.
 * A booking whose claim moved on meanwhile (a webhook paid it, a reconciler took it over)
 * is not in the UPDATE's answer: it goes through `markPaid` on its own, which knows what to
 * do with every status. Returns each booking's result.
 */
export async function markClaimedBatchPaid(
  ctx: Ctx,
  payments: readonly ClaimedPayment[],
  reason = "Off-session charge succeeded",
): Promise<Map<string, PaidResult>> {
  const results = new Map<string, PaidResult>();
  if (payments.length === 0) return results;
  const at = ctx.clock.now();
  const values = Prisma.join(
    payments.map((p) => {
      // The destination charge's split, as `markPaid` records it (nulls keep what is there).
      const split: { destinationAccountId?: string; applicationFeeAmount?: number; transferAmount?: number; stripeTransferId?: string | null; stripeApplicationFeeId?: string | null } =
        destinationFieldsOf(p.paymentIntent);
      return Prisma.sql`(${p.bookingId}::text, ${p.paymentIntent.id}::text, ${p.attempt.countsTowardRetries ? 1 : 0}::int,
        ${split.destinationAccountId ?? null}::text, ${split.applicationFeeAmount ?? null}::int, ${split.transferAmount ?? null}::int,
        ${split.stripeTransferId ?? null}::text, ${split.stripeApplicationFeeId ?? null}::text)`;
    }),
  );
  const written = await ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE bookings AS b
      SET status = ${BATCH_TO}::"BookingStatus", paid_at = ${at}, stripe_payment_intent_id = v.pi,
          claimed_by = NULL, claim_expires_at = NULL, next_attempt_at = NULL,
          auto_attempts = b.auto_attempts + v.inc, updated_at = ${at},
          destination_account_id = COALESCE(v.dest, b.destination_account_id),
          application_fee_amount = COALESCE(v.fee, b.application_fee_amount),
          transfer_amount = COALESCE(v.transfer_amount, b.transfer_amount),
          stripe_transfer_id = COALESCE(v.tr, b.stripe_transfer_id),
          stripe_application_fee_id = COALESCE(v.fee_id, b.stripe_application_fee_id)
      FROM (VALUES ${values}) AS v(id, pi, inc, dest, fee, transfer_amount, tr, fee_id)
      WHERE b.id = v.id AND b.status = ${BATCH_FROM}::"BookingStatus" AND b.claimed_by = ${ctx.workerId}
      RETURNING b.id`;
    const ids = new Set(rows.map((r) => r.id));
    const mine = payments.filter((p) => ids.has(p.bookingId));
    if (mine.length > 0) {
      await insertRows(
        tx,
        BOOKING_EVENTS,
        mine.map((p) => ({
          bookingId: p.bookingId,
          at,
          actorType: SYSTEM.type,
          type: "charge_succeeded",
          fromStatus: BATCH_FROM,
          toStatus: BATCH_TO,
          reason,
          data: { paymentIntent: p.paymentIntent.id, amount: p.paymentIntent.amount, currency: p.paymentIntent.currency },
        })),
      );
      await insertRows(
        tx,
        PAYMENT_ATTEMPTS,
        mine.map((p) =>
          attemptRow({ bookingId: p.bookingId, attempt: p.attempt, at, amount: p.paymentIntent.amount, currency: p.paymentIntent.currency, paymentIntent: p.paymentIntent }),
        ),
      );
    }
    return mine;
    // Three statements; the default 5 s only runs out on a starved machine, and then the
    // whole batch would fall back to one transaction per booking.
  }, { timeout: 15_000 });

  for (const p of written) results.set(p.bookingId, "paid");
  const mails = written.flatMap((p) => (p.mail ? [{ ...p.mail, paidAt: at, stripePaymentIntentId: p.paymentIntent.id }] : []));
  await notifyMany(ctx, "paid", mails);
  for (const p of written) if (!p.mail) await notify(ctx, "paid", p.bookingId);
  for (const p of written) if (transferUnknown(p.paymentIntent)) await trySyncMoneySplit(ctx, p.bookingId);
  for (const p of payments) {
    if (results.has(p.bookingId)) continue;
    results.set(p.bookingId, await markPaid(ctx, { ...p, actor: SYSTEM, reason }));
  }
  return results;
}

export type FailureRecord = Omit<StripeFailureInfo, "statusCode">;

export interface FailedResult {
  retryAt: Date | null;
  /** Automatic attempts so far, this one included. */
  attemptsMade: number;
}

/**
 * An automatic (off-session or reconciled) attempt failed: the booking moves CHARGING →
 * PAYMENT_FAILED with the next automatic attempt scheduled for soft declines (never after
 * payBy, at most the policy's attempts), none for authentication_required, hard declines and
 * invalid requests. Customer and provider hear of the first failure; the customer again when
 * automatic retries are over; the operator of invalid requests.
 */
export async function markChargeFailed(
  ctx: Ctx,
  args: { bookingId: string; failure: FailureRecord; attempt: AttemptRecord; actor: EventActor; onlyFrom?: readonly BookingStatus[] },
): Promise<FailedResult | null> {
  const { bookingId, failure, attempt } = args;
  const at = ctx.clock.now();
  const booking = await ctx.db.booking.findUnique({
    where: { id: bookingId },
    select: { autoAttempts: true, payBy: true, totalAmount: true, currency: true, paymentMethodId: true },
  });
  if (!booking) return null;

  const attemptsMade = booking.autoAttempts + (attempt.countsTowardRetries ? 1 : 0);
  const retryAt =
    failure.kind === "soft_decline" && booking.payBy
      ? nextRetryAt({ attemptsMade, failedAt: at, payBy: booking.payBy }, ctx.retry)
      : null;
  const pi = failure.paymentIntent;

  try {
    await ctx.db.$transaction(async (tx) => {
      await applyTransition(tx, {
        bookingId,
        event: "charge_failed",
        actor: args.actor,
        at,
        onlyFrom: args.onlyFrom,
        reason: failure.message,
        data: {
          kind: failure.kind,
          code: failure.code,
          declineCode: failure.declineCode,
          attempt: attemptsMade,
          retryAt: retryAt?.toISOString() ?? null,
        },
        patch: {
          ...(pi ? { stripePaymentIntentId: pi.id } : {}),
          autoAttempts: attemptsMade,
          nextAttemptAt: retryAt,
          lastFailureCode: failure.code,
          lastDeclineCode: failure.declineCode,
          lastFailureMessage: failure.message,
          claimedBy: null,
          claimExpiresAt: null,
        },
      });
      await recordAttempt(tx, {
        bookingId,
        attempt,
        at,
        amount: booking.totalAmount,
        currency: booking.currency,
        paymentIntent: pi,
        failure,
        fallbackPaymentMethodId: booking.paymentMethodId,
      });
    });
  } catch (error) {
    if (error instanceof InvalidTransition || error instanceof ConcurrentChange) return null; // someone else decided
    throw error;
  }

  const first = attemptsMade <= 1;
  const mail = ctx.mail.enabled && (first || retryAt === null) ? await loadMailBooking(ctx.db, bookingId) : null;
  if (mail) {
    await notify(ctx, "action_required", mail, { retryAt });
    if (first) await notify(ctx, "provider_payment_problem", mail);
  }
  if (failure.kind === "invalid_request") {
    await alertOperator(ctx, {
      bookingId,
      subject: `Charge refused as invalid: ${failure.code ?? failure.type ?? "unknown"}`,
      details: [
        `Stripe refused the charge of booking ${bookingId}: ${failure.message}`,
        `Error type ${failure.type ?? "-"}, code ${failure.code ?? "-"}. No automatic retry; the customer was asked to pay now.`,
      ],
    });
  }
  return { retryAt, attemptsMade };
}

function outcomeOf(failure: Pick<StripeFailureInfo, "kind">): PaymentAttemptOutcome {
  if (failure.kind === "authentication_required") return "REQUIRES_ACTION";
  if (failure.kind === "transient" || failure.kind === "invalid_request") return "API_ERROR";
  return "DECLINED";
}

export function paymentMethodIdOf(pi: Stripe.PaymentIntent): string | null {
  const pm = pi.payment_method ?? pi.last_payment_error?.payment_method ?? null;
  if (!pm) return null;
  return typeof pm === "string" ? pm : pm.id;
}
