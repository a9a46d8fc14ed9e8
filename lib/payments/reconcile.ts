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
 */
import type Stripe from "stripe";
import { applyTransition, SYSTEM } from "@/lib/bookings/transitions";
import { findExpiredClaims, takeOverExpiredClaim } from "./claims";
import type { PaymentDeps } from "./deps";
import { alertOperator } from "./notifications";
import { markChargeFailed, markPaid } from "./outcomes";
import { callStripe, failureFromPaymentIntent } from "./stripe-errors";

export type ReconcileOutcome = "paid" | "failed" | "released" | "processing" | "skipped";

export interface ReconcileCounts {
  checked: number;
  paid: number;
  failed: number;
  released: number;
  processing: number;
}

export async function reconcileExpiredClaims(deps: PaymentDeps, limit = 200): Promise<ReconcileCounts> {
  const counts: ReconcileCounts = { checked: 0, paid: 0, failed: 0, released: 0, processing: 0 };
  const stuck = await findExpiredClaims(deps, limit);
  for (const { id } of stuck) {
    if (!(await takeOverExpiredClaim(deps, id))) continue; // another reconciler has it
    counts.checked++;
    const outcome = await reconcileBooking(deps, id);
    if (outcome !== "skipped") counts[outcome]++;
  }
  return counts;
}

/** Settles one CHARGING booking that this worker holds, by what Stripe says. */
export async function reconcileBooking(deps: PaymentDeps, bookingId: string): Promise<ReconcileOutcome> {
  const booking = await deps.db.booking.findUnique({
    where: { id: bookingId },
    select: { status: true, claimedBy: true, stripePaymentIntentId: true, paymentMethodId: true },
  });
  if (!booking || booking.status !== "CHARGING" || booking.claimedBy !== deps.workerId) return "skipped";

  const pi = await findPaymentIntent(deps, bookingId, booking.stripePaymentIntentId);
  const attempt = { kind: "RECONCILE" as const, paymentMethodId: booking.paymentMethodId, countsTowardRetries: true };

  if (!pi) {
    await applyTransition(deps.db, {
      bookingId,
      event: "release_claim",
      actor: SYSTEM,
      at: deps.now(),
      onlyFrom: ["CHARGING"],
      reason: "Reconciled: Stripe has no PaymentIntent for this booking; it will be charged again",
      patch: { claimedBy: null, claimExpiresAt: null },
    });
    return "released";
  }

  switch (pi.status) {
    case "succeeded":
      await markPaid(deps, { bookingId, paymentIntent: pi, actor: SYSTEM, attempt, reason: "Reconciled: Stripe reports the charge succeeded" });
      return "paid";
    case "processing":
      await deps.db.booking.updateMany({
        where: { id: bookingId, status: "CHARGING", claimedBy: deps.workerId },
        data: { stripePaymentIntentId: pi.id, claimExpiresAt: new Date(deps.now().getTime() + deps.leaseMs) },
      });
      return "processing";
    case "canceled":
      await alertOperator(deps, {
        bookingId,
        subject: "PaymentIntent canceled under a booking being charged",
        details: [`PaymentIntent ${pi.id} of booking ${bookingId} is canceled. Look at the booking; it was marked failed.`],
      });
      break;
    case "requires_payment_method":
      if (!pi.last_payment_error) {
        // Created but never confirmed: nothing was tried, try again from ACCEPTED.
        await applyTransition(deps.db, {
          bookingId,
          event: "release_claim",
          actor: SYSTEM,
          at: deps.now(),
          onlyFrom: ["CHARGING"],
          reason: "Reconciled: the PaymentIntent was never confirmed",
          patch: { claimedBy: null, claimExpiresAt: null, stripePaymentIntentId: pi.id },
        });
        return "released";
      }
      break;
    default:
      break;
  }
  await markChargeFailed(deps, { bookingId, failure: failureFromPaymentIntent(pi), attempt, actor: SYSTEM, onlyFrom: ["CHARGING"] });
  return "failed";
}

/** The booking's PaymentIntent: by stored id, else by metadata search (several → operator). */
async function findPaymentIntent(deps: PaymentDeps, bookingId: string, storedId: string | null): Promise<Stripe.PaymentIntent | null> {
  if (storedId) return callStripe(deps, () => deps.stripe.paymentIntents.retrieve(storedId));
  const found = await callStripe(deps, () =>
    deps.stripe.paymentIntents.search({ query: `metadata['booking_id']:'${bookingId}'`, limit: 10 }),
  );
  if (found.data.length > 1) {
    await alertOperator(deps, {
      bookingId,
      subject: "Several PaymentIntents for one booking",
      details: [`Booking ${bookingId} has ${found.data.length} PaymentIntents: ${found.data.map((p) => `${p.id} (${p.status})`).join(", ")}.`],
    });
  }
  return found.data.find((p) => p.status === "succeeded") ?? found.data[0] ?? null;
}
