import { describe, expect, it } from "vitest";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { groupCustomerBookings } from "./customer";
import { BookingStatus as S } from "./lifecycle";

const at = new Date("2027-03-10T12:00:00Z");
const HOUR = 3_600_000;

function booking(id: string, status: BookingStatus, startsInHours: number, payByInHours: number | null = null) {
  const startsAt = new Date(at.getTime() + startsInHours * HOUR);
  return { id, status, startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), payBy: payByInHours === null ? null : new Date(at.getTime() + payByInHours * HOUR) };
}

const ids = (list: { id: string }[]) => list.map((b) => b.id);

describe("groupCustomerBookings", () => {
  it("puts failed charges the customer can still pay first, soonest deadline first", () => {
    const groups = groupCustomerBookings(
      [booking("later", S.PAYMENT_FAILED, 96, 48), booking("sooner", S.PAYMENT_FAILED, 72, 24), booking("paid", S.PAID, 30)],
      at,
    );
    expect(ids(groups.payNow)).toEqual(["sooner", "later"]);
    expect(ids(groups.upcoming)).toEqual(["paid"]);
    expect(groups.past).toEqual([]);
  });

  it("leaves a failed charge past its deadline out of pay-now: it is still upcoming until it expires", () => {
    const groups = groupCustomerBookings([booking("late", S.PAYMENT_FAILED, 20, -1)], at);
    expect(groups.payNow).toEqual([]);
    expect(ids(groups.upcoming)).toEqual(["late"]);
  });

  it("lists what is still to come soonest first, and what is over or called off latest first", () => {
    const groups = groupCustomerBookings(
      [
        booking("requested", S.REQUESTED, 200),
        booking("accepted", S.ACCEPTED, 50),
        booking("charging", S.CHARGING, 10),
        booking("running-now", S.PAID, -1),
        booking("completed", S.COMPLETED, -100),
        booking("declined-future", S.DECLINED, 300),
        booking("cancelled", S.CANCELLED, 100),
        booking("expired", S.EXPIRED, -50),
        booking("refunded", S.REFUNDED, -10),
      ],
      at,
    );
    expect(ids(groups.upcoming)).toEqual(["running-now", "charging", "accepted", "requested"]);
    expect(ids(groups.past)).toEqual(["declined-future", "cancelled", "refunded", "expired", "completed"]);
    expect(groups.payNow).toEqual([]);
  });

  it("keeps every booking exactly once", () => {
    const all = (Object.values(S) as BookingStatus[]).flatMap((status, i) => [booking(`${status}-a`, status, i * 5 - 20, 12), booking(`${status}-b`, status, -i * 5, -3)]);
    const groups = groupCustomerBookings(all, at);
    expect([...ids(groups.payNow), ...ids(groups.upcoming), ...ids(groups.past)].sort()).toEqual(ids(all).sort());
  });
});
