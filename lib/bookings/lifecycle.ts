/**
 * The booking lifecycle as data, and the only place that names sets of statuses:
 *
 * - TRANSITIONS: which event moves a booking from which status to which. Every transition
 *   in the app goes through `transition()`; the persistence side (transitions.ts) writes the
 *   status change and its timeline event in one transaction.
 * - RULES: what each status means for everything else (does it hold its slot, was money
 *   taken, may the customer cancel, …). Other modules ask a question (`canCustomerCancel`,
 *   `isRefundable`, `holdsCard`, …) or take `statusesWhere(question)` for a SQL filter; a new
 *   question is a new predicate here, never a list elsewhere.
 * - the policy numbers (charge lead, payment grace, request expiry) and the dates they give.
 *
 *   requested --accept--> accepted --(charge due)--> charging --> paid --(end)--> completed
 *       |-decline/expire/cancel        |  '-- charge fails --> payment_failed --> paid
 *                                      '-cancel                   '-- pay-by passes --> payment_expired
 *   paid/completed --full refund--> refunded
 *   paid --customer or host cancels--> cancelled_paid --(what is left refunded)--> refunded
 */
import { Conflict } from "@/lib/errors";
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
  | "refund_full"
  | "cancel_paid";

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
  refund_full: { from: [S.PAID, S.COMPLETED, S.CANCELLED_PAID], to: S.REFUNDED },
  // The customer (refund by the cancellation policy) or the host (full refund) cancels a paid booking.
  cancel_paid: { from: [S.PAID], to: S.CANCELLED_PAID },
};

/** What a status means outside the lifecycle; every status answers every question. */
interface StatusRules {
  /** Holds its time slot (mirrors the database's exclusion constraint). */
  holdsSlot: boolean;
  /** Accepted and not paid yet: due to be charged, being charged, or failed and awaiting the customer. */
  awaitsPayment: boolean;
  /**
   * The off-session charge failed: the customer is asked to pay on the pay-now page by payBy
   * (operators follow these up: resend the link, extend the deadline).
   */
  awaitsCustomer: boolean;
  /** Money was taken (some or all of it may have been refunded since). */
  moneyTaken: boolean;
  /** The customer may cancel it themselves, free of charge (nothing was paid). */
  customerCancel: boolean;
  /** An operator may cancel it: `free` (nothing paid) or by refunding what was paid. */
  operatorCancel: "free" | "refund" | null;
  /** What was paid may be refunded (a refund that failed later may leave some on REFUNDED). */
  refundable: boolean;
  /** A charge runs right now: wait for its outcome before changing anything. */
  chargeInProgress: boolean;
  /** The stay took place: the customer may review it. */
  reviewable: boolean;
  /** The host accepted it and it is still on: it belongs on the host's calendar feed. */
  onHostCalendar: boolean;
}

const RULES: Record<BookingStatus, StatusRules> = {
  REQUESTED: rules({ holdsSlot: true, customerCancel: true, operatorCancel: "free" }),
  ACCEPTED: rules({ holdsSlot: true, awaitsPayment: true, customerCancel: true, operatorCancel: "free", onHostCalendar: true }),
  CHARGING: rules({ holdsSlot: true, awaitsPayment: true, chargeInProgress: true, onHostCalendar: true }),
  PAYMENT_FAILED: rules({ holdsSlot: true, awaitsPayment: true, awaitsCustomer: true, customerCancel: true, operatorCancel: "free", onHostCalendar: true }),
  PAID: rules({ holdsSlot: true, moneyTaken: true, operatorCancel: "refund", refundable: true, onHostCalendar: true }),
  COMPLETED: rules({ holdsSlot: true, moneyTaken: true, refundable: true, reviewable: true, onHostCalendar: true }),
  REFUNDED: rules({ moneyTaken: true, refundable: true }),
  CANCELLED_PAID: rules({ moneyTaken: true, refundable: true }),
  DECLINED: rules({}),
  EXPIRED: rules({}),
  CANCELLED: rules({}),
  PAYMENT_EXPIRED: rules({}),
};

function rules(given: Partial<StatusRules>): StatusRules {
  return {
    holdsSlot: false,
    awaitsPayment: false,
    awaitsCustomer: false,
    moneyTaken: false,
    customerCancel: false,
    operatorCancel: null,
    refundable: false,
    chargeInProgress: false,
    reviewable: false,
    onHostCalendar: false,
    ...given,
  };
}

const ALL_STATUSES = Object.keys(RULES) as BookingStatus[];

/** The statuses for which `question` is true, for SQL filters (`status in …`). */
export function statusesWhere(question: (status: BookingStatus) => boolean): BookingStatus[] {
  return ALL_STATUSES.filter(question);
}

export const holdsSlot = (s: BookingStatus) => RULES[s].holdsSlot;
export const awaitsPayment = (s: BookingStatus) => RULES[s].awaitsPayment;
export const awaitsCustomer = (s: BookingStatus) => RULES[s].awaitsCustomer;
export const isPaid = (s: BookingStatus) => RULES[s].moneyTaken;
export const canCustomerCancel = (s: BookingStatus) => RULES[s].customerCancel;
export const operatorCancelKind = (s: BookingStatus) => RULES[s].operatorCancel;
export const isRefundable = (s: BookingStatus) => RULES[s].refundable;
export const isChargeInProgress = (s: BookingStatus) => RULES[s].chargeInProgress;
/** The stay took place (completed): its customer may rate and review it, once. */
export const isReviewable = (s: BookingStatus) => RULES[s].reviewable;
/** Accepted (paid or awaiting payment) or completed: on the host's private calendar feed. */
export const isOnHostCalendar = (s: BookingStatus) => RULES[s].onHostCalendar;
/** A customer's card may not be removed while a booking in this status still needs it. */
export const holdsCard = (s: BookingStatus) => s === S.REQUESTED || RULES[s].awaitsPayment;
/** Due for an (automatic or operator-requested) charge: what the charge engine may claim. */
export const isClaimable = (s: BookingStatus) => canTransition(s, "claim_charge");
/** The customer (by the cancellation policy) or the host (in full) may cancel it with a refund. */
export const canCancelWithRefund = (s: BookingStatus) => canTransition(s, "cancel_paid");
/** A full refund moves it to REFUNDED. */
export const endsOnFullRefund = (s: BookingStatus) => canTransition(s, "refund_full");
/** A request the host has not answered yet (what a restricted payout account leaves waiting). */
export const awaitsHostAnswer = (s: BookingStatus) => canTransition(s, "accept");
/** Accepted and its first charge not tried yet (the charge that waits while the host cannot be paid). */
export const awaitsFirstCharge = (s: BookingStatus) => RULES[s].awaitsPayment && !RULES[s].awaitsCustomer && !RULES[s].chargeInProgress;

/** Statuses in which a booking holds its time slot (mirrors the exclusion constraint). */
export const SLOT_HOLDING_STATUSES: readonly BookingStatus[] = statusesWhere(holdsSlot);

export type PayNowState =
  /** The customer can pay now. */
  | "payable"
  /** Paid already (by the scheduled charge, a webhook, or an earlier click). */
  | "paid"
  /** A charge is running right now: reload in a moment. */
  | "in_progress"
  /** Cancelled, expired, past its deadline: nothing to pay. */
  | "closed";

/** What the pay-now page may offer for a booking in this status, at `at`. */
export function payNowState(status: BookingStatus, payBy: Date | null, at: Date): PayNowState {
  if (isPaid(status)) return "paid";
  if (isChargeInProgress(status)) return "in_progress";
  if (awaitsPayment(status)) return payBy && payBy <= at ? "closed" : "payable";
  return "closed";
}

/** The lifecycle refuses this event from this status. A Conflict: forms show its message. */
export class InvalidTransition extends Conflict {
  override readonly name = "InvalidTransition";
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
  cancel_paid: "cancelled",
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
  CANCELLED_PAID: "Cancelled after payment",
};

export function describeStatus(status: BookingStatus): string {
  return STATUS_LABELS[status];
}

const HOUR_MS = 3_600_000;

export interface LifecyclePolicy {
  /** Charge this long before the start (CHARGE_LEAD_HOURS, default 7 days). */
  chargeLeadHours: number;
  /** Unpaid this long before the start → payment_expired (PAYMENT_GRACE_HOURS, default 48 h). */
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
