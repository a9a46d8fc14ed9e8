/**
 * Reconciliation of bookings left in CHARGING after their lease ran out: a worker crashed
 * between Stripe's answer and our write, or Stripe could not be reached reliably. Before
 * anyone charges such a booking again we ask Stripe what happened to its PaymentIntent —
 * by the id we stored, else by searching the booking id in the PaymentIntents' metadata:
 *
 *   succeeded                    → PAID (the charge happened; we just did not record it)
 *   requires_payment_method/…    → PAYMENT_FAILED by its last_payment_error, as a failed attempt
 *   requires_action              → PAYMENT_FAILED, authentication required
 *   processing                   → still CHARGING, lease renewed (a webhook or the next pass ends it)
 *   no PaymentIntent at all      → released to ACCEPTED: the create never reached Stripe;
 *                                  the next charge re-sends it with the same idempotency key
 *   anything odd (several PIs, canceled) → the operator is told
 *
 * Each booking is taken over only when a worker is about to ask Stripe about it, and one
 * booking's failure (Stripe still failing after the gateway's re-sends, a database error)
 * is reported and ends the lease just taken, so the next pass tries it again at once; the
 * other bookings go on.
 */
import type Stripe from "stripe";
import { applyTransition, SYSTEM } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import { alertOperator } from "@/lib/notifications";
import { forEachConcurrently } from "@/lib/concurrency";
import { endClaim, findExpiredClaims, takeOverExpiredClaim } from "./claims";
import { markChargeFailed, markPaid, paymentIntentOutcome } from "./outcomes";

export type ReconcileOutcome = "paid" | "failed" | "released" | "processing" | "skipped";

export interface ReconcileCounts {
  checked: number;
  paid: number;
  failed: number;
  released: number;
  processing: number;
  /** Bookings whose reconciliation failed this time (reported; their lease ended). */
  errors: number;
}

export interface ReconcileOptions {
  /** Most expired claims looked at in one call. */
  limit?: number;
  /** Bookings reconciled at once; default the gateway's concurrency. */
  concurrency?: number;
  /** Date.now() after which no further booking is taken over (the pass's time budget). */
  stopAt?: number;
  /** Told of each booking whose reconciliation failed. */
  report?: (bookingId: string, error: unknown) => void;
}

export function emptyReconcileCounts(): ReconcileCounts {
  return { checked: 0, paid: 0, failed: 0, released: 0, processing: 0, errors: 0 };
}

export async function reconcileExpiredClaims(ctx: Ctx, options: ReconcileOptions = {}): Promise<ReconcileCounts> {
  const counts = emptyReconcileCounts();
  const stuck = await findExpiredClaims(ctx, options.limit ?? 200);
  const stopAt = options.stopAt ?? Number.POSITIVE_INFINITY;
  await forEachConcurrently(stuck, options.concurrency ?? ctx.stripe.gate.concurrency, async ({ id }) => {
    if (Date.now() >= stopAt) return;
    try {
      if (!(await takeOverExpiredClaim(ctx, id))) return; // another reconciler has it
      counts.checked++;
      const outcome = await reconcileBooking(ctx, id);
      if (outcome !== "skipped") counts[outcome]++;
    } catch (error) {
      counts.errors++;
      options.report?.(id, error);
      await endClaim(ctx, id).catch((endError: unknown) => console.error(`[reconcile] ending the lease of ${id} failed:`, endError));
    }
  });
  return counts;
}

/** Settles one CHARGING booking that this worker holds, by what Stripe says. */
export async function reconcileBooking(ctx: Ctx, bookingId: string): Promise<ReconcileOutcome> {
  const booking = await ctx.db.booking.findUnique({
    where: { id: bookingId },
    select: { status: true, claimedBy: true, stripePaymentIntentId: true, paymentMethodId: true },
  });
  if (!booking || booking.status !== "CHARGING" || booking.claimedBy !== ctx.workerId) return "skipped";

  const pi = await findPaymentIntent(ctx, bookingId, booking.stripePaymentIntentId);
  const attempt = { kind: "RECONCILE" as const, paymentMethodId: booking.paymentMethodId, countsTowardRetries: true };
  const release = (reason: string, patch: { stripePaymentIntentId?: string } = {}) =>
    applyTransition(ctx.db, {
      bookingId,
      event: "release_claim",
      actor: SYSTEM,
      at: ctx.clock.now(),
      onlyFrom: ["CHARGING"],
      reason,
      patch: { claimedBy: null, claimExpiresAt: null, ...patch },
    });

  if (!pi) {
    await release("Reconciled: Stripe has no PaymentIntent for this booking; it will be charged again");
    return "released";
  }

  const outcome = paymentIntentOutcome(pi, "off_session");
  switch (outcome.kind) {
    case "paid":
      await markPaid(ctx, { bookingId, paymentIntent: pi, actor: SYSTEM, attempt, reason: "Reconciled: Stripe reports the charge succeeded" });
      return "paid";
    case "processing":
      await ctx.db.booking.updateMany({
        where: { id: bookingId, status: "CHARGING", claimedBy: ctx.workerId },
        data: { stripePaymentIntentId: pi.id, claimExpiresAt: new Date(ctx.clock.now().getTime() + ctx.leaseMs) },
      });
      return "processing";
    case "not_confirmed":
      // Created but never confirmed: nothing was tried, try again from ACCEPTED.
      await release("Reconciled: the PaymentIntent was never confirmed", { stripePaymentIntentId: pi.id });
      return "released";
    case "canceled":
      await alertOperator(ctx, {
        bookingId,
        subject: "PaymentIntent canceled under a booking being charged",
        details: [`PaymentIntent ${pi.id} of booking ${bookingId} is canceled. Look at the booking; it was marked failed.`],
      });
      break;
    default:
      break;
  }
  await markChargeFailed(ctx, { bookingId, failure: outcome.failure, attempt, actor: SYSTEM, onlyFrom: ["CHARGING"] });
  return "failed";
}

/** The booking's PaymentIntent: by stored id, else by metadata search (several → operator). */
async function findPaymentIntent(ctx: Ctx, bookingId: string, storedId: string | null): Promise<Stripe.PaymentIntent | null> {
  if (storedId) return ctx.stripe.retrievePaymentIntent(storedId);
  const found = await ctx.stripe.findPaymentIntentsOfBooking(bookingId);
  if (found.length > 1) {
    await alertOperator(ctx, {
      bookingId,
      subject: "Several PaymentIntents for one booking",
      details: [`Booking ${bookingId} has ${found.length} PaymentIntents: ${found.map((p) => `${p.id} (${p.status})`).join(", ")}.`],
    });
  }
  return found.find((p) => p.status === "succeeded") ?? found[0] ?? null;
}
