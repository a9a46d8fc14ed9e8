/**
 * The charging step of the scheduled pass: claim due bookings in batches (claims.ts) and
 * charge each (charge.ts). Stripe calls are bounded by the gateway's gate (concurrency + rate);
 * the batch size (two batches at once) bounds how many claims one worker holds. A batch's successes
 * are written together (outcomes.ts `markClaimedBatchPaid`): a few statements per batch, not
 * a transaction per booking.
 */
import { SYSTEM } from "@/lib/bookings/transitions";
import { chargeClaimedBookingDeferred, type ChargeResult, type ChargeSucceeded } from "@/lib/payments/charge";
import { markClaimedBatchPaid, markPaid, type ClaimedPayment, type PaidResult } from "@/lib/payments/outcomes";
import { claimDueBookings, endClaim, type Claim } from "@/lib/payments/claims";
import type { Ctx } from "@/lib/context";

export interface ChargeDueOptions {
  /** Claims taken per round; default twice the gate's concurrency. */
  batchSize?: number;
  /** Most bookings charged in one pass. */
  maxBookings?: number;
  /** Stop claiming new batches after this many ms (the route's time budget). */
  timeBudgetMs?: number;
}

/** Told of each booking (or card) whose work failed with an error: recorded, and the step goes on. */
export type ReportError = (bookingId: string, error: unknown) => void;

export interface ChargeCounts {
  attempted: number;
  paid: number;
  failed: number;
  processing: number;
  unknown: number;
  skipped: number;
}

export function emptyChargeCounts(): ChargeCounts {
  return { attempted: 0, paid: 0, failed: 0, processing: 0, unknown: 0, skipped: 0 };
}

export async function chargeDueBookings(
  ctx: Ctx,
  options: ChargeDueOptions & { stopAt?: number; report?: ReportError } = {},
): Promise<ChargeCounts> {
  const batchSize = options.batchSize ?? Math.max(10, ctx.stripe.gate.concurrency * 2);
  const maxBookings = options.maxBookings ?? 100_000;
  const stopAt = options.stopAt ?? Date.now() + (options.timeBudgetMs ?? 50_000);
  const counts = emptyChargeCounts();

  const chargeBatch = async (claims: Claim[]) => {
    const results = await Promise.all(claims.map((claim) => chargeOne(ctx, claim, options.report)));
    const succeeded: ClaimedPayment[] = [];
    for (const r of results) {
      if (r.result === "succeeded") succeeded.push(r.payment);
      else counts[r.result]++;
    }
    const paid = await writeSuccesses(ctx, succeeded, options.report);
    for (const result of paid.values()) counts[result]++;
  };

  // Two batches overlap: the next is claimed and queues its Stripe calls while the last calls
  // and the write of the one before finish, so the gate never stands idle between batches
  // (at a rate limit, that idle time would be lost for good). A worker holds at most two
  // batches' claims.
  let previous: Promise<void> = Promise.resolve();
  while (counts.attempted < maxBookings && Date.now() < stopAt) {
    const claims = await claimDueBookings(ctx, { limit: Math.min(batchSize, maxBookings - counts.attempted) });
    if (claims.length === 0) break;
    counts.attempted += claims.length;
    const current = chargeBatch(claims);
    await previous;
    previous = current;
  }
  await previous;
  return counts;
}

/**
 * Writes a batch's successful charges together (outcomes.ts). When the batch's write itself
 * fails, each booking is tried on its own, so one bad row costs only its own booking.
 */
async function writeSuccesses(ctx: Ctx, payments: ClaimedPayment[], report?: ReportError): Promise<Map<string, ChargeResult["result"]>> {
  const results = new Map<string, ChargeResult["result"]>();
  const counted = (r: PaidResult): ChargeResult["result"] => (r === "not_payable" ? "skipped" : "paid");
  try {
    for (const [id, r] of await markClaimedBatchPaid(ctx, payments)) results.set(id, counted(r));
    return results;
  } catch (error) {
    console.error(`[charge] writing ${payments.length} paid bookings at once failed; one by one:`, error);
  }
  for (const payment of payments) {
    try {
      results.set(payment.bookingId, counted(await markPaid(ctx, { ...payment, actor: SYSTEM, reason: "Off-session charge succeeded" })));
    } catch (error) {
      report?.(payment.bookingId, error);
      await endClaim(ctx, payment.bookingId).catch((endError: unknown) => console.error(`[charge] ending the lease of ${payment.bookingId} failed:`, endError));
      results.set(payment.bookingId, "unknown");
    }
  }
  return results;
}

async function chargeOne(ctx: Ctx, claim: Claim, report?: ReportError): Promise<ChargeResult | ChargeSucceeded> {
  const bookingId = claim.id;
  try {
    return await chargeClaimedBookingDeferred(ctx, claim);
  } catch (error) {
    // A database hiccup mid-booking: end the lease so the next pass reconciles it with
    // Stripe at once (not a lease later); the other bookings go on.
    report?.(bookingId, error);
    await endClaim(ctx, bookingId).catch((endError: unknown) => console.error(`[charge] ending the lease of ${bookingId} failed:`, endError));
    return { bookingId, result: "unknown", message: error instanceof Error ? error.message : String(error) };
  }
}
