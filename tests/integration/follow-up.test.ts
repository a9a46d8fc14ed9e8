/**
 * Following up a failed payment: resending the pay-now email and extending the pay-by
 * deadline (limits, reasons, timeline, emails), and the operators' follow-up list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { extendPayBySchema, listFollowUps, parseLocalDateTime, toLocalDateTimeValue } from "@/lib/admin/follow-up";
import { payNowState } from "@/lib/bookings/lifecycle";
import { Conflict, NotAllowed, ValidationError } from "@/lib/errors";
import { runScheduledPass } from "@/lib/jobs/pass";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { EXTENSION_LIMITS, extendPayBy, extensionWindow, resendPayNowEmail } from "@/lib/use-cases/follow-up";
import { createBooking, saveCard, startHarness, type Harness } from "./payments-fixtures";

const HOUR = 3_600_000;
const MINUTE = 60_000;
let h: Harness;
let operator: Actor;

beforeAll(async () => {
  h = await startHarness();
  const user = await h.db.user.create({ data: { email: "ops-follow-up@it.test", name: "Olli", role: "OPERATOR", passwordHash: "x" } });
  operator = { id: user.id, role: "OPERATOR" };
});
afterAll(async () => {
  await h.stop();
});

/** A booking whose off-session charge was really declined (PAYMENT_FAILED), starting in `startsInHours`. */
async function failedBooking(startsInHours = 72) {
  const card = await saveCard(h, "pm_card_chargeCustomerFail");
  const booking = await createBooking(h, h.db, { card, startsInHours });
  const charge = await chargeBookingIfDue(h.ctx(), booking.id);
  expect(charge.result).toBe("failed");
  const row = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { customer: true, listing: { include: { provider: true } } } });
  expect(row.status).toBe("PAYMENT_FAILED");
  return row;
}

const emailsOf = (bookingId: string, template: string) => h.db.outboxEmail.findMany({ where: { bookingId, template }, orderBy: { createdAt: "asc" } });

describe("resending the pay-now email", () => {
  it("emails the customer the link with the note, records it on the timeline, and refuses a second one within minutes", async () => {
    h.clock.set(new Date());
    const b = await failedBooking();
    const ctx = h.ctx();

    await expect(resendPayNowEmail(ctx, { id: b.customerId, role: "CUSTOMER" }, { bookingId: b.id, reason: "Customer asked" })).rejects.toBeInstanceOf(NotAllowed);

    await resendPayNowEmail(ctx, operator, { bookingId: b.id, reason: "The customer called: the first email went to spam" });
    const emails = await emailsOf(b.id, "payment.pay_now_resent");
    expect(emails.map((e) => e.to)).toEqual([b.customer.email]);
    expect(emails[0]!.text).toContain(`http://loyly.test/account/bookings/${b.id}/pay`);
    expect(emails[0]!.text).toContain("Note from Löyly support: The customer called: the first email went to spam");
    expect(emails[0]!.createdAt.getTime()).toBe(h.clock.now().getTime());
    const events = await h.db.bookingEvent.findMany({ where: { bookingId: b.id, type: "pay_now_link_resent" } });
    expect(events).toMatchObject([{ actorType: "OPERATOR", actorId: operator.id, reason: "The customer called: the first email went to spam" }]);

    // A double click (or a second operator) within the cool-down sends nothing more.
    h.clock.advance(EXTENSION_LIMITS.resendCooldownMinutes * MINUTE - MINUTE);
    await expect(resendPayNowEmail(ctx, operator, { bookingId: b.id, reason: "Again" })).rejects.toBeInstanceOf(Conflict);
    expect(await emailsOf(b.id, "payment.pay_now_resent")).toHaveLength(1);
    h.clock.advance(2 * MINUTE);
    await resendPayNowEmail(ctx, operator, { bookingId: b.id, reason: "Again, after a while" });
    expect(await emailsOf(b.id, "payment.pay_now_resent")).toHaveLength(2);
  });

  it("only applies to a booking awaiting the customer, before its deadline", async () => {
    h.clock.set(new Date());
    const card = await saveCard(h, "pm_card_visa");
    const accepted = await createBooking(h, h.db, { card, chargeInHours: 24 });
    await expect(resendPayNowEmail(h.ctx(), operator, { bookingId: accepted.id, reason: "Reminder" })).rejects.toThrow(/not waiting for the customer/);

    const failed = await failedBooking();
    h.clock.set(new Date(failed.payBy!.getTime() + MINUTE));
    await expect(resendPayNowEmail(h.ctx(), operator, { bookingId: failed.id, reason: "Late" })).rejects.toThrow(/deadline has passed/);
    expect(await emailsOf(failed.id, "payment.pay_now_resent")).toHaveLength(0);
  });
});

describe("extending the pay-by deadline", () => {
  it("refuses a deadline not later than the current one, too soon, or too close to the start, with a message on the field", async () => {
    h.clock.set(new Date());
    const b = await failedBooking(72);
    const ctx = h.ctx();
    const tryAt = (payBy: Date) => extendPayBy(ctx, operator, { bookingId: b.id, payBy, reason: "More time" });
    const fieldError = async (payBy: Date) => {
      const error = await tryAt(payBy).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fieldErrors.payBy?.[0];
    };

    expect(await fieldError(b.payBy!)).toMatch(/after the current deadline/);
    expect(await fieldError(new Date(b.payBy!.getTime() - HOUR))).toMatch(/after the current deadline/);
    expect(await fieldError(new Date(b.startsAt.getTime() - 30 * MINUTE))).toMatch(/at the latest \(1 hour before the start\)/);
    expect(await fieldError(new Date(b.startsAt.getTime() + HOUR))).toMatch(/at the latest/);
    await expect(extendPayBy(ctx, { id: b.customerId, role: "CUSTOMER" }, { bookingId: b.id, payBy: new Date(b.payBy!.getTime() + HOUR), reason: "x" })).rejects.toBeInstanceOf(NotAllowed);

    // Nothing changed, nothing was sent.
    const unchanged = await h.db.booking.findUniqueOrThrow({ where: { id: b.id } });
    expect(unchanged.payBy).toEqual(b.payBy);
    expect(await emailsOf(b.id, "payment.pay_by_extended")).toHaveLength(0);

    // A booking whose deadline passed meanwhile cannot be revived.
    h.clock.set(new Date(b.payBy!.getTime() + MINUTE));
    await expect(tryAt(new Date(b.startsAt.getTime() - 2 * HOUR))).rejects.toThrow(/deadline has passed/);
  });

  it("needs the new deadline at least an hour from now, and is unavailable when the start is too near", async () => {
    h.clock.set(new Date());
    const b = await failedBooking(72);
    // Pretend time moved to 30 minutes before the deadline: one hour from now is the earliest.
    h.clock.set(new Date(b.payBy!.getTime() - 30 * MINUTE));
    const error = await extendPayBy(h.ctx(), operator, { bookingId: b.id, payBy: new Date(b.payBy!.getTime() + 10 * MINUTE), reason: "A little more" }).catch((e: unknown) => e);
    expect((error as ValidationError).fieldErrors.payBy?.[0]).toMatch(/or later: the customer needs time to pay/);

    const window = extensionWindow({ startsAt: new Date(h.clock.now().getTime() + 90 * MINUTE), payBy: h.clock.now() }, h.clock.now());
    expect(window).toBeNull();
  });

  it("moves the deadline, writes the timeline, emails customer and host, and the booking stays payable past the old deadline", async () => {
    h.clock.set(new Date());
    const b = await failedBooking(96);
    await h.db.booking.update({ where: { id: b.id }, data: { reminderSentAt: h.clock.now() } });
    const previous = b.payBy!;
    const newPayBy = new Date(b.startsAt.getTime() - 12 * HOUR);

    const result = await extendPayBy(h.ctx(), operator, { bookingId: b.id, payBy: newPayBy, reason: "Bank card replaced; customer needs two more days" });
    expect(result).toEqual({ payBy: newPayBy, previous });

    const after = await h.db.booking.findUniqueOrThrow({ where: { id: b.id } });
    expect(after.payBy).toEqual(newPayBy);
    expect(after.status).toBe("PAYMENT_FAILED");
    expect(after.reminderSentAt).toBeNull(); // a reminder goes out a day before the new deadline
    const events = await h.db.bookingEvent.findMany({ where: { bookingId: b.id, type: "pay_by_extended" } });
    expect(events).toMatchObject([
      { actorType: "OPERATOR", actorId: operator.id, reason: "Bank card replaced; customer needs two more days", data: { from: previous.toISOString(), to: newPayBy.toISOString() } },
    ]);

    const toCustomer = await emailsOf(b.id, "payment.pay_by_extended");
    expect(toCustomer.map((e) => e.to)).toEqual([b.customer.email]);
    expect(toCustomer[0]!.text).toContain("Reason: Bank card replaced; customer needs two more days");
    expect(toCustomer[0]!.text).toContain(`/account/bookings/${b.id}/pay`);
    expect((await emailsOf(b.id, "payment.pay_by_extended_provider")).map((e) => e.to)).toEqual([b.listing.provider.email]);

    // Past the old deadline the pay-now page still takes the payment and the pass does not expire it.
    const later = new Date(previous.getTime() + HOUR);
    expect(payNowState(after.status, after.payBy, later)).toBe("payable");
    h.clock.set(later);
    const pass = await runScheduledPass(h.ctx());
    expect(await h.db.booking.findUniqueOrThrow({ where: { id: b.id }, select: { status: true } })).toEqual({ status: "PAYMENT_FAILED" });
    expect(pass.errors).toEqual([]);
    // …until the new one.
    h.clock.set(new Date(newPayBy.getTime() + MINUTE));
    await runScheduledPass(h.ctx());
    expect(await h.db.booking.findUniqueOrThrow({ where: { id: b.id }, select: { status: true } })).toEqual({ status: "PAYMENT_EXPIRED" });
  });

  it("reads the operator's input: a local date-time in the listing's zone and a reason", () => {
    expect(parseLocalDateTime("2026-12-05T15:30", "Europe/Helsinki").toISOString()).toBe("2026-12-05T13:30:00.000Z");
    expect(toLocalDateTimeValue(new Date("2026-12-05T13:30:00Z"), "Europe/Helsinki")).toBe("2026-12-05T15:30");
    for (const bad of ["", "tomorrow", "2026-13-05T15:30", "2026-12-05T25:00", "2026-12-05"]) {
      expect(() => parseLocalDateTime(bad, "Europe/Helsinki"), bad).toThrow(ValidationError);
    }
    expect(extendPayBySchema.safeParse({ reason: "ok", payBy: "2026-12-05T15:30" }).success).toBe(false);
    expect(extendPayBySchema.safeParse({ reason: "Customer asked for more time", payBy: "" }).success).toBe(false);
    expect(extendPayBySchema.safeParse({ reason: "Customer asked for more time", payBy: "2026-12-05T15:30" }).success).toBe(true);
  });
});

describe("the follow-up list", () => {
  it("lists bookings awaiting the customer, nearest deadline first, with the last email to the customer", async () => {
    h.clock.set(new Date());
    const later = await failedBooking(120);
    const sooner = await failedBooking(60);
    const card = await saveCard(h, "pm_card_visa");
    const accepted = await createBooking(h, h.db, { card, chargeInHours: 24 });
    h.clock.advance(10 * MINUTE);
    await resendPayNowEmail(h.ctx(), operator, { bookingId: later.id, reason: "Following up" });

    const list = await listFollowUps(h.db);
    const ids = list.rows.map((r) => r.id);
    expect(ids).not.toContain(accepted.id);
    expect(ids.indexOf(sooner.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    const payBys = list.rows.map((r) => r.payBy!.getTime());
    expect(payBys).toEqual([...payBys].sort((a, b) => a - b));

    const laterRow = list.rows.find((r) => r.id === later.id)!;
    expect(laterRow.lastEmail).toMatchObject({ template: "payment.pay_now_resent", createdAt: h.clock.now() });
    const soonerRow = list.rows.find((r) => r.id === sooner.id)!;
    expect(soonerRow.lastEmail?.template).toBe("payment.action_required");
    expect(list.total).toBe(list.rows.length);
  });
});
