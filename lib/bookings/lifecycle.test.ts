import { describe, expect, it } from "vitest";
import {
  BookingStatus,
  DEFAULT_LIFECYCLE_POLICY as policy,
  InvalidTransition,
  SLOT_HOLDING_STATUSES,
  canTransition,
  chargeAtFor,
  describeStatus,
  payByFor,
  requestExpiresAtFor,
  transition,
} from "./lifecycle";

const at = (iso: string) => new Date(iso);

describe("describeStatus", () => {
  it("names every status differently, so a filter or a count by status tells them apart", () => {
    const labels = Object.values(BookingStatus).map(describeStatus);
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe("transition", () => {
  it("follows the booking lifecycle", () => {
    expect(transition("REQUESTED", "accept")).toBe("ACCEPTED");
    expect(transition("REQUESTED", "decline")).toBe("DECLINED");
    expect(transition("REQUESTED", "expire_request")).toBe("EXPIRED");
    expect(transition("ACCEPTED", "claim_charge")).toBe("CHARGING");
    expect(transition("CHARGING", "charge_succeeded")).toBe("PAID");
    expect(transition("CHARGING", "charge_failed")).toBe("PAYMENT_FAILED");
    expect(transition("PAYMENT_FAILED", "charge_succeeded")).toBe("PAID");
    expect(transition("PAYMENT_FAILED", "expire_payment")).toBe("PAYMENT_EXPIRED");
    expect(transition("PAID", "complete")).toBe("COMPLETED");
    expect(transition("PAID", "refund_full")).toBe("REFUNDED");
  });

  it("refuses what the lifecycle does not allow, with a readable message", () => {
    expect(() => transition("PAID", "cancel")).toThrow(InvalidTransition);
    expect(() => transition("DECLINED", "accept")).toThrow("A booking that is declined cannot be accepted.");
    expect(canTransition("PAID", "charge_failed")).toBe(false);
    expect(canTransition("PAID", "charge_succeeded")).toBe(false);
  });

  it("lets nothing leave a final status", () => {
    const events = ["accept", "decline", "cancel", "claim_charge", "charge_succeeded", "complete"] as const;
    for (const status of ["DECLINED", "EXPIRED", "CANCELLED", "PAYMENT_EXPIRED", "REFUNDED"] as const) {
      for (const event of events) expect(canTransition(status, event)).toBe(false);
    }
  });

  it("frees the slot exactly when a booking leaves the slot-holding statuses", () => {
    expect(SLOT_HOLDING_STATUSES).not.toContain(BookingStatus.CANCELLED);
    expect(SLOT_HOLDING_STATUSES).not.toContain(BookingStatus.PAYMENT_EXPIRED);
    expect(SLOT_HOLDING_STATUSES).toContain(BookingStatus.PAYMENT_FAILED);
  });
});

describe("lifecycle times", () => {
  const start = at("2027-03-20T16:00:00Z");

  it("charges CHARGE_LEAD before the start, or at once when accepted inside the lead window", () => {
    expect(chargeAtFor(at("2027-01-05T09:00:00Z"), start, policy)).toEqual(at("2027-03-13T16:00:00Z"));
    expect(chargeAtFor(at("2027-03-18T09:00:00Z"), start, policy)).toEqual(at("2027-03-18T09:00:00Z"));
  });

  it("expects payment PAYMENT_GRACE before the start, leaving late acceptances a short window", () => {
    expect(payByFor(at("2027-01-05T09:00:00Z"), start, policy)).toEqual(at("2027-03-18T16:00:00Z"));
    expect(payByFor(at("2027-03-20T10:00:00Z"), start, policy)).toEqual(at("2027-03-20T12:00:00Z"));
    expect(payByFor(at("2027-03-20T15:00:00Z"), start, policy)).toEqual(start);
  });

  it("expires unanswered requests after six days or a day before the start", () => {
    expect(requestExpiresAtFor(at("2027-01-05T09:00:00Z"), start, policy)).toEqual(at("2027-01-11T09:00:00Z"));
    expect(requestExpiresAtFor(at("2027-03-17T09:00:00Z"), start, policy)).toEqual(at("2027-03-19T16:00:00Z"));
    expect(requestExpiresAtFor(at("2027-03-20T09:00:00Z"), start, policy)).toEqual(at("2027-03-20T09:00:00Z"));
  });
});
