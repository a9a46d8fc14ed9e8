import { describe, expect, it } from "vitest";
import {
  awaitsPayment,
  BookingStatus,
  canCustomerCancel,
  canTransition,
  endsOnFullRefund,
  holdsCard,
  isChargeInProgress,
  isClaimable,
  isPaid,
  isRefundable,
  operatorCancelKind,
  payNowState,
  SLOT_HOLDING_STATUSES,
  sourcesOf,
  statusesWhere,
} from "./lifecycle";

const ALL = Object.values(BookingStatus);
const sorted = (list: readonly string[]) => [...list].sort();

describe("status rules", () => {
  it("answer every question for every status", () => {
    for (const status of ALL) {
      for (const question of [awaitsPayment, canCustomerCancel, holdsCard, isChargeInProgress, isClaimable, isPaid, isRefundable]) {
        expect(typeof question(status)).toBe("boolean");
      }
    }
    expect(statusesWhere(() => true)).toHaveLength(ALL.length);
  });

  it("agree with the transitions they stand for", () => {
    expect(sorted(statusesWhere(isClaimable))).toEqual(sorted(sourcesOf("claim_charge")));
    expect(sorted(statusesWhere(endsOnFullRefund))).toEqual(sorted(sourcesOf("refund_full")));
    // Whatever a customer or operator may cancel for free, the lifecycle lets them cancel.
    for (const status of ALL) {
      if (canCustomerCancel(status) || operatorCancelKind(status) === "free") expect(canTransition(status, "cancel")).toBe(true);
    }
  });

  it("let customers cancel only what nothing has been paid for and no charge is running", () => {
    expect(sorted(statusesWhere(canCustomerCancel))).toEqual(["ACCEPTED", "PAYMENT_FAILED", "REQUESTED"]);
    for (const status of statusesWhere(canCustomerCancel)) {
      expect(isPaid(status)).toBe(false);
      expect(isChargeInProgress(status)).toBe(false);
    }
  });

  it("cancel a paid booking by refunding it, and never refund what was not paid", () => {
    expect(operatorCancelKind("PAID")).toBe("refund");
    expect(operatorCancelKind("CHARGING")).toBeNull();
    expect(operatorCancelKind("COMPLETED")).toBeNull();
    for (const status of statusesWhere(isRefundable)) expect(isPaid(status)).toBe(true);
  });

  it("keep a card while a request or an unpaid booking needs it", () => {
    expect(sorted(statusesWhere(holdsCard))).toEqual(["ACCEPTED", "CHARGING", "PAYMENT_FAILED", "REQUESTED"]);
    expect(holdsCard("PAID")).toBe(false);
  });

  it("hold the slot as the database's exclusion constraint does", () => {
    expect(sorted(SLOT_HOLDING_STATUSES)).toEqual(["ACCEPTED", "CHARGING", "COMPLETED", "PAID", "PAYMENT_FAILED", "REQUESTED"]);
  });
});

describe("payNowState", () => {
  const now = new Date("2027-03-01T12:00:00Z");
  const later = new Date("2027-03-02T12:00:00Z");
  const earlier = new Date("2027-02-28T12:00:00Z");

  it("offers payment while unpaid and before the deadline", () => {
    expect(payNowState("PAYMENT_FAILED", later, now)).toBe("payable");
    expect(payNowState("ACCEPTED", null, now)).toBe("payable");
    expect(payNowState("PAYMENT_FAILED", earlier, now)).toBe("closed");
  });

  it("says paid, in progress or closed otherwise", () => {
    for (const status of ["PAID", "COMPLETED", "REFUNDED"] as const) expect(payNowState(status, later, now)).toBe("paid");
    expect(payNowState("CHARGING", later, now)).toBe("in_progress");
    for (const status of ["REQUESTED", "CANCELLED", "PAYMENT_EXPIRED", "DECLINED", "EXPIRED"] as const) {
      expect(payNowState(status, later, now)).toBe("closed");
    }
  });
});

describe("reviews and the host's calendar", () => {
  it("only a completed stay may be reviewed", async () => {
    const { isReviewable } = await import("./lifecycle");
    expect(statusesWhere(isReviewable)).toEqual(["COMPLETED"]);
  });

  it("the host's calendar holds what was accepted and is still on, never requests or closed bookings", async () => {
    const { isOnHostCalendar } = await import("./lifecycle");
    expect(sorted(statusesWhere(isOnHostCalendar))).toEqual(sorted(["ACCEPTED", "CHARGING", "PAYMENT_FAILED", "PAID", "COMPLETED"]));
    // Everything on the calendar holds its slot: the feed never shows a freed time.
    for (const status of statusesWhere(isOnHostCalendar)) expect(SLOT_HOLDING_STATUSES).toContain(status);
  });
});
