/**
 * Cancellation policies: what a customer gets back when they cancel a paid booking.
 *
 * A host picks one of a few named policies for each listing (null: the marketplace default,
 * DEFAULT_CANCELLATION_POLICY); a booking keeps the policy the customer agreed to when they
 * requested it. Each policy is a list of bands — "until N hours before the start, P % back" —
 * and whether the service fee is refunded along with the rental.
 *
 * `cancellationRefund` is pure: the page shows its answer before the customer confirms, and
 * the use case computes it again under the same clock to refund exactly that. It never gives
 * back more than is left to refund, never a negative amount, and never more for a later
 * cancellation than for an earlier one.
 */
import type { CancellationPolicy } from "@/lib/generated/prisma/enums";

export type { CancellationPolicy };

export const CANCELLATION_POLICIES = ["FLEXIBLE", "MODERATE", "STRICT"] as const satisfies readonly CancellationPolicy[];

export interface RefundBand {
  /** The band applies while the start is at least this many hours away. */
  minHoursBefore: number;
  /** Share of the rental refunded, in percent (0–100). */
  percent: number;
}

export interface PolicyTerms {
  name: CancellationPolicy;
  label: string;
  /** Bands from the earliest (most hours before the start) to the latest. */
  bands: readonly RefundBand[];
  /** The service fee is refunded at the same percentage as the rental. */
  serviceFeeRefundable: boolean;
}

export const POLICY_TERMS: Record<CancellationPolicy, PolicyTerms> = {
  FLEXIBLE: {
    name: "FLEXIBLE",
    label: "Flexible",
    bands: [{ minHoursBefore: 24, percent: 100 }],
    serviceFeeRefundable: true,
  },
  MODERATE: {
    name: "MODERATE",
    label: "Moderate",
    bands: [
      { minHoursBefore: 168, percent: 100 },
      { minHoursBefore: 48, percent: 50 },
    ],
    serviceFeeRefundable: false,
  },
  STRICT: {
    name: "STRICT",
    label: "Strict",
    bands: [{ minHoursBefore: 336, percent: 50 }],
    serviceFeeRefundable: false,
  },
};



export function isCancellationPolicy(value: unknown): value is CancellationPolicy {
  return typeof value === "string" && (CANCELLATION_POLICIES as readonly string[]).includes(value);
}

/** The policy in force: the booking's own, else the listing's, else the marketplace default. */
export function effectivePolicy(
  bookingPolicy: CancellationPolicy | null | undefined,
  listingPolicy: CancellationPolicy | null | undefined,
  marketplaceDefault: CancellationPolicy,
): CancellationPolicy {
  return bookingPolicy ?? listingPolicy ?? marketplaceDefault;
}

const HOUR_MS = 3_600_000;

/** "48 hours", "7 days": whole days from three days up. */
export function hoursPhrase(hours: number): string {
  return hours >= 72 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

/** The policy in one or two sentences, for the listing, the consent text and the booking page. */
export function describePolicy(name: CancellationPolicy): string {
  const terms = POLICY_TERMS[name];
  const parts = terms.bands.map((band, i) => {
    const share = band.percent === 100 ? "a full refund" : `a ${band.percent} % refund`;
    return i === 0
      ? `${share} if cancelled at least ${hoursPhrase(band.minHoursBefore)} before the start`
      : `${share} if at least ${hoursPhrase(band.minHoursBefore)} before`;
  });
  const fee = terms.serviceFeeRefundable ? "the service fee is refunded too" : "the service fee is not refunded";
  const last = terms.bands[terms.bands.length - 1];
  const after = last ? `no refund later than ${hoursPhrase(last.minHoursBefore)} before the start` : "no refund";
  return `${terms.label} cancellation: ${parts.join("; ")}; ${after}; ${fee}.`;
}

/** The points in time where a booking's refund changes, for "until …" lines on the page. */
export function bandDeadlines(name: CancellationPolicy, startsAt: Date): { until: Date; percent: number }[] {
  return POLICY_TERMS[name].bands.map((band) => ({
    until: new Date(startsAt.getTime() - band.minHoursBefore * HOUR_MS),
    percent: band.percent,
  }));
}

export interface PaidAmounts {
  /** The rental (price × hours), minor units. */
  subtotalAmount: number;
  /** The service (platform) fee, minor units. */
  feeAmount: number;
  /** What was charged: subtotal + fee, minor units. */
  totalAmount: number;
  /** Refunded already (pending included), minor units. */
  refundedAmount: number;
}

export interface CancellationRefund {
  /** The band's percentage (0 when no band applies any more). */
  percent: number;
  /** The rental's share of the refund. */
  rentalRefund: number;
  /** The service fee's share of the refund. */
  feeRefund: number;
  /** What the customer gets back now: rentalRefund + feeRefund, at most what is left. */
  amount: number;
  /** The band ends at this time (null: no refund any more). */
  bandEndsAt: Date | null;
}

/** The band that applies `now` for a booking starting at `startsAt` (null: none). */
export function bandAt(name: CancellationPolicy, startsAt: Date, now: Date): RefundBand | null {
  const hoursBefore = (startsAt.getTime() - now.getTime()) / HOUR_MS;
  // Bands run from the earliest to the latest; the first one still open is the best one.
  return POLICY_TERMS[name].bands.find((band) => hoursBefore >= band.minHoursBefore) ?? null;
}

const share = (amount: number, percent: number) => Math.floor((Math.max(0, amount) * percent) / 100);

/** What a customer cancelling at `now` gets back under `name`. Pure. */
export function cancellationRefund(name: CancellationPolicy, paid: PaidAmounts, startsAt: Date, now: Date): CancellationRefund {
  const band = bandAt(name, startsAt, now);
  const percent = band?.percent ?? 0;
  const left = Math.max(0, paid.totalAmount - Math.max(0, paid.refundedAmount));
  const rentalRefund = share(paid.subtotalAmount, percent);
  const feeRefund = POLICY_TERMS[name].serviceFeeRefundable ? share(paid.feeAmount, percent) : 0;
  const amount = Math.min(left, rentalRefund + feeRefund);
  return {
    percent,
    rentalRefund: Math.min(rentalRefund, amount),
    feeRefund: Math.max(0, amount - Math.min(rentalRefund, amount)),
    amount,
    bandEndsAt: band ? new Date(startsAt.getTime() - band.minHoursBefore * HOUR_MS) : null,
  };
}
