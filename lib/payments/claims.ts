/**
 * Claims: a due booking is charged by exactly one worker, even when cron passes overlap on
 * several app instances.
 *
 * One statement picks due rows with `FOR UPDATE SKIP LOCKED` (a row another transaction is
 * claiming is skipped, not waited for; a row claimed and committed meanwhile no longer
 * matches), flips them to CHARGING with our worker id and a lease, and returns them. The
 * timeline events of the claim are written in the same transaction. Which statuses may be
 * claimed, and what they become, comes from the lifecycle (`claim_charge`), not from here.
 *
 * No ORDER BY: every due booking is charged in this pass anyway, and without it PostgreSQL
 * can stop at the first `limit` rows of the (status, charge_at) / (status, next_attempt_at)
 * indexes instead of sorting all due rows for every batch.
 *
 * A claim whose lease ran out (a crashed worker, a timeout with an unknown outcome) is not
 * claimed again by this query: reconcile.ts first asks Stripe what happened.
 */
import { BOOKING_EVENTS, insertRows } from "@/lib/db/insert-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { BookingStatus } from "@/lib/generated/prisma/enums";
import { isClaimable, statusesWhere, transition } from "@/lib/bookings/lifecycle";
import type { Ctx } from "@/lib/context";
import type { MailBooking } from "@/lib/notifications";

/** A claimed booking with what charging it needs (returned by the claim, saving a read). */
export interface Claim {
  id: string;
  /** The status the booking was claimed from (ACCEPTED: first charge; PAYMENT_FAILED: a retry). */
  from: BookingStatus;
  totalAmount: number;
  currency: string;
  stripeCustomerId: string | null;
  paymentMethodId: string | null;
  stripePaymentIntentId: string | null;
  autoAttempts: number;
  consentId: string | null;
  /** The price split: the platform fee and the host's share (totalAmount = subtotal + fee). */
  subtotalAmount: number;
  feeAmount: number;
  /** The host's connected account (acct_…): the charge's destination. */
  destinationAccountId: string;
  /**
   * What the payment emails need (read in the claim's statement, so a paid booking's
   * emails need no second read). The charge's outcome sets paidAt and the PaymentIntent.
   */
  mail: MailBooking;
}

type ClaimRow = Omit<Claim, "mail"> &
  Omit<MailBooking, "id" | "totalAmount" | "currency" | "paidAt" | "stripePaymentIntentId" | "customer" | "listing"> & {
    customerName: string;
    customerEmail: string;
    listingTitle: string;
    listingTimeZone: string;
    providerName: string;
    providerEmail: string;
  };

const CLAIM_EVENT = "claim_charge" as const;
const CLAIMABLE = statusesWhere(isClaimable);
const CHARGING = transition(BookingStatus.ACCEPTED, CLAIM_EVENT);

// The due rule per claimable status. A status the lifecycle allows but this map does not
// know would never be claimed, so fail loudly at load time instead.
for (const status of CLAIMABLE) {
  if (status !== BookingStatus.ACCEPTED && status !== BookingStatus.PAYMENT_FAILED) {
    throw new Error(`claims.ts has no due rule for ${status}`);
  }
}

export interface ClaimOptions {
  limit: number;
  /** Only this booking (the accept action charging at once). */
  bookingId?: string;
}

/**
 * Claims up to `limit` due bookings for `ctx.workerId`: accepted ones whose chargeAt has
 * come, failed ones whose next automatic attempt has come; never once payBy has passed.
 */
export async function claimDueBookings(
  ctx: Pick<Ctx, "db" | "clock" | "workerId" | "leaseMs">,
  options: ClaimOptions,
): Promise<Claim[]> {
  const at = ctx.clock.now();
  const leaseUntil = new Date(at.getTime() + ctx.leaseMs);
  const onlyThis = options.bookingId ? Prisma.sql`AND id = ${options.bookingId}` : Prisma.empty;

  return ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<ClaimRow[]>`
      WITH due AS (
        SELECT id, status FROM bookings
        WHERE status = ANY(${CLAIMABLE as BookingStatus[]}::"BookingStatus"[])
          AND (pay_by IS NULL OR pay_by > ${at})
          AND (
            (status = 'ACCEPTED' AND charge_at <= ${at})
            OR (status = 'PAYMENT_FAILED' AND next_attempt_at <= ${at})
          )
          -- The host's account must take charges: while it cannot, the charge waits (until payBy).
          AND EXISTS (
            SELECT 1 FROM listings hl JOIN connected_accounts ca ON ca.user_id = hl.provider_id
            WHERE hl.id = bookings.listing_id AND ca.charges_enabled
          )
          ${onlyThis}
        LIMIT ${options.limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE bookings AS b
      SET status = ${CHARGING}::"BookingStatus",
          claimed_by = ${ctx.workerId},
          claim_expires_at = ${leaseUntil},
          updated_at = ${at}
      FROM due, users AS customer, listings AS l, users AS provider, connected_accounts AS ca
      WHERE b.id = due.id AND customer.id = b.customer_id AND l.id = b.listing_id AND provider.id = l.provider_id
        AND ca.user_id = l.provider_id
      RETURNING b.id, due.status AS "from", b.total_amount AS "totalAmount", b.currency,
        b.subtotal_amount AS "subtotalAmount", b.fee_amount AS "feeAmount", ca.stripe_account_id AS "destinationAccountId",
        b.stripe_customer_id AS "stripeCustomerId", b.payment_method_id AS "paymentMethodId",
        b.stripe_payment_intent_id AS "stripePaymentIntentId", b.auto_attempts AS "autoAttempts",
        b.consent_id AS "consentId",
        b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.guests, b.request_expires_at AS "requestExpiresAt",
        b.accepted_at AS "acceptedAt", b.charge_at AS "chargeAt", b.pay_by AS "payBy",
        b.provider_message AS "providerMessage", b.cancel_reason AS "cancelReason",
        b.last_failure_code AS "lastFailureCode", b.last_decline_code AS "lastDeclineCode",
        b.last_failure_message AS "lastFailureMessage",
        customer.name AS "customerName", customer.email AS "customerEmail",
        l.title AS "listingTitle", l.time_zone AS "listingTimeZone",
        provider.name AS "providerName", provider.email AS "providerEmail"`;
    const claimed = rows.map(toClaim);

    if (claimed.length > 0) {
      await insertRows(
        tx,
        BOOKING_EVENTS,
        claimed.map((c) => ({
          bookingId: c.id,
          at,
          actorType: "SYSTEM" as const,
          type: CLAIM_EVENT,
          fromStatus: c.from,
          toStatus: transition(c.from, CLAIM_EVENT),
          reason: c.from === BookingStatus.ACCEPTED ? "Charge due" : "Automatic retry due",
          data: { worker: ctx.workerId, leaseUntil: leaseUntil.toISOString() },
        })),
      );
    }
    return claimed;
  });
}

function toClaim(row: ClaimRow): Claim {
  const { customerName, customerEmail, listingTitle, listingTimeZone, providerName, providerEmail, ...booking } = row;
  const {
    startsAt,
    endsAt,
    guests,
    requestExpiresAt,
    acceptedAt,
    chargeAt,
    payBy,
    providerMessage,
    cancelReason,
    lastFailureCode,
    lastDeclineCode,
    lastFailureMessage,
    ...charge
  } = booking;
  return {
    ...charge,
    mail: {
      id: charge.id,
      startsAt,
      endsAt,
      guests,
      totalAmount: charge.totalAmount,
      currency: charge.currency,
      requestExpiresAt,
      acceptedAt,
      chargeAt,
      payBy,
      paidAt: null,
      stripePaymentIntentId: charge.stripePaymentIntentId,
      providerMessage,
      cancelReason,
      lastFailureCode,
      lastDeclineCode,
      lastFailureMessage,
      customer: { name: customerName, email: customerEmail },
      listing: { title: listingTitle, timeZone: listingTimeZone, provider: { name: providerName, email: providerEmail } },
    },
  };
}

/** Bookings left in CHARGING whose lease has run out: for reconcile.ts. */
export async function findExpiredClaims(
  ctx: Pick<Ctx, "db" | "clock">,
  limit: number,
): Promise<{ id: string; claimedBy: string | null }[]> {
  return ctx.db.booking.findMany({
    where: { status: CHARGING, OR: [{ claimExpiresAt: { lte: ctx.clock.now() } }, { claimExpiresAt: null }] },
    select: { id: true, claimedBy: true },
    orderBy: { claimExpiresAt: "asc" },
    take: limit,
  });
}

/**
 * Takes over an expired claim for reconciliation (compare-and-set on the old holder and its
 * expiry, so two reconcilers never work on the same booking). True when it is now ours.
 */
export async function takeOverExpiredClaim(
  ctx: Pick<Ctx, "db" | "clock" | "workerId" | "leaseMs">,
  bookingId: string,
): Promise<boolean> {
  const at = ctx.clock.now();
  const { count } = await ctx.db.booking.updateMany({
    where: { id: bookingId, status: CHARGING, OR: [{ claimExpiresAt: { lte: at } }, { claimExpiresAt: null }] },
    data: { claimedBy: ctx.workerId, claimExpiresAt: new Date(at.getTime() + ctx.leaseMs) },
  });
  return count === 1;
}

/**
 * Ends this worker's lease on a CHARGING booking now, without releasing it: the outcome at
 * Stripe is unknown (or our write failed), so the next pass reconciles it — at once, not a
 * lease later. A booking this worker no longer holds is left alone.
 */
export async function endClaim(ctx: Pick<Ctx, "db" | "clock" | "workerId">, bookingId: string): Promise<void> {
  await ctx.db.booking.updateMany({
    where: { id: bookingId, status: CHARGING, claimedBy: ctx.workerId },
    data: { claimExpiresAt: ctx.clock.now() },
  });
}
