/**
 * The booking lifecycle of DESIGN.md as data: which event moves a booking from which
 * status to which. Every transition in the app goes through `transition()` so the rules
 * live in exactly one place; the persistence side (lib/bookings/transitions.ts) writes the
 * status change and its timeline event in one transaction.
 */
import { BookingStatus } from "@/lib/generated/prisma/enums";

export { BookingStatus };

export type BookingEventName =
  | "accept"
  | "decline"
  | "expire_request"
  | "cancel"
  | "claim_charge"
  | "release_claim"
  | "charge_succeeded"
  | "charge_failed"
  | "expire_payment"
  | "complete"
  | "refund_full";

const S = BookingStatus;

/** from-statuses allowed for each event, and the status it leads to. */
const TRANSITIONS: Record<BookingEventName, { from: readonly BookingStatus[]; to: BookingStatus }> = {
  accept: { from: [S.REQUESTED], to: S.ACCEPTED },
  decline: { from: [S.REQUESTED], to: S.DECLINED },
  expire_request: { from: [S.REQUESTED], to: S.EXPIRED },
  cancel: { from: [S.REQUESTED, S.ACCEPTED, S.PAYMENT_FAILED], to: S.CANCELLED },
  claim_charge: { from: [S.ACCEPTED, S.PAYMENT_FAILED], to: S.CHARGING },
  release_claim: { from: [S.CHARGING], to: S.ACCEPTED },
  // An on-session payment (pay-now) or a webhook may find the booking in any unpaid state.
  charge_succeeded: { from: [S.ACCEPTED, S.CHARGING, S.PAYMENT_FAILED], to: S.PAID },
  charge_failed: { from: [S.CHARGING, S.ACCEPTED], to: S.PAYMENT_FAILED },
  expire_payment: { from: [S.ACCEPTED, S.PAYMENT_FAILED], to: S.PAYMENT_EXPIRED },
  complete: { from: [S.PAID], to: S.COMPLETED },
  refund_full: { from: [S.PAID, S.COMPLETED], to: S.REFUNDED },
};

/** Statuses in which a booking holds its time slot (mirrors the exclusion constraint). */
export const SLOT_HOLDING_STATUSES: readonly BookingStatus[] = [
  S.REQUESTED,
  S.ACCEPTED,
  S.CHARGING,
  S.PAID,
  S.PAYMENT_FAILED,
  S.COMPLETED,
];

/** Statuses from which no event leads anywhere. */
export const FINAL_STATUSES: readonly BookingStatus[] = [
  S.DECLINED,
  S.EXPIRED,
  S.CANCELLED,
  S.PAYMENT_EXPIRED,
  S.REFUNDED,
];

/** Accepted bookings whose money has not moved yet. */
export const UNPAID_ACCEPTED_STATUSES: readonly BookingStatus[] = [S.ACCEPTED, S.CHARGING, S.PAYMENT_FAILED];

export class InvalidTransition extends Error {
  readonly name = "InvalidTransition";
  constructor(
    readonly event: BookingEventName,
    readonly from: BookingStatus,
  ) {
    super(`A booking that is ${describeStatus(from).toLowerCase()} cannot be ${EVENT_PAST_TENSE[event]}.`);
  }
}

/** The status `event` leads to from `from`, or throws InvalidTransition. */
export function transition(from: BookingStatus, event: BookingEventName): BookingStatus {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(from)) throw new InvalidTransition(event, from);
  return rule.to;
}

export function canTransition(from: BookingStatus, event: BookingEventName): boolean {
  return TRANSITIONS[event].from.includes(from);
}

/** The statuses an event may start from (for guarded `updateMany ... where status in`). */
export function sourcesOf(event: BookingEventName): readonly BookingStatus[] {
  return TRANSITIONS[event].from;
}

const EVENT_PAST_TENSE: Record<BookingEventName, string> = {
  accept: "accepted",
  decline: "declined",
  expire_request: "expired",
  cancel: "cancelled",
  claim_charge: "charged",
  release_claim: "released",
  charge_succeeded: "marked as paid",
  charge_failed: "marked as failed",
  expire_payment: "expired for non-payment",
  complete: "completed",
  refund_full: "refunded",
};

const STATUS_LABELS: Record<BookingStatus, string> = {
  REQUESTED: "Requested",
  ACCEPTED: "Accepted",
  CHARGING: "Payment in progress",
  PAID: "Paid",
  PAYMENT_FAILED: "Payment failed",
  PAYMENT_EXPIRED: "Cancelled for non-payment",
  COMPLETED: "Completed",
  DECLINED: "Declined",
  EXPIRED: "Expired",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
};

export function describeStatus(status: BookingStatus): string {
  return STATUS_LABELS[status];
}

const HOUR_MS = 3_600_000;

export interface LifecyclePolicy {
  /** Charge this long before the start (DESIGN.md: CHARGE_LEAD, default 7 days). */
  chargeLeadHours: number;
  /** Unpaid this long before the start → payment_expired (PAYMENT_GRACE, default 48 h). */
  paymentGraceHours: number;
  /** A request nobody answers expires this long after it was made (default 6 days)… */
  requestExpiryHours: number;
  /** …or this long before the start, whichever comes first (default 1 day). */
  requestExpiryBeforeStartHours: number;
  /** The least time a customer gets to pay on session after a late acceptance. */
  minimumPayWindowHours: number;
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  chargeLeadHours: 168,
  paymentGraceHours: 48,
  requestExpiryHours: 144,
  requestExpiryBeforeStartHours: 24,
  minimumPayWindowHours: 2,
};

const addHours = (d: Date, h: number) => new Date(d.getTime() + h * HOUR_MS);
const maxDate = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
const minDate = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** `chargeAt = max(acceptedAt, start - CHARGE_LEAD)`. */
export function chargeAtFor(acceptedAt: Date, startsAt: Date, policy: LifecyclePolicy): Date {
  return maxDate(acceptedAt, addHours(startsAt, -policy.chargeLeadHours));
}

/**
 * `payBy = start - PAYMENT_GRACE`; a booking accepted later than that still gets a short
 * window to pay on session (never beyond its start).
 */
export function payByFor(acceptedAt: Date, startsAt: Date, policy: LifecyclePolicy): Date {
  const byGrace = addHours(startsAt, -policy.paymentGraceHours);
  const lateWindow = minDate(addHours(acceptedAt, policy.minimumPayWindowHours), startsAt);
  return maxDate(byGrace, lateWindow);
}

/** `min(created + REQUEST_EXPIRY, start - REQUEST_EXPIRY_BEFORE_START)`, never before creation. */
export function requestExpiresAtFor(createdAt: Date, startsAt: Date, policy: LifecyclePolicy): Date {
  const latest = minDate(
    addHours(createdAt, policy.requestExpiryHours),
    addHours(startsAt, -policy.requestExpiryBeforeStartHours),
  );
  return maxDate(latest, createdAt);
}
