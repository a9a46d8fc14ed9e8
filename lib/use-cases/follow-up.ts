/**
 * Following up a failed payment: on a booking whose off-session charge failed and that now
 * awaits the customer (`awaitsCustomer` in the lifecycle), an operator can send the pay-now
 * link again, or give the customer more time by moving the pay-by deadline. Both are written
 * on the booking's timeline (which the customer sees too) and emailed.
 *
 * Limits of an extension (EXTENSION_LIMITS):
 * - only later than the current deadline, and only while that deadline has not passed (a
 *   booking past it is being cancelled by the scheduled pass);
 * - at least `minimumFromNowMinutes` from now, so the customer has a real chance to pay;
 * - at most until `latestBeforeStartHours` before the start, so the host knows in time.
 * The reminder a day before the deadline is sent again for the new deadline when that is more
 * than a day away (the extension email itself reminds the customer otherwise).
 *
 * A resend is refused within `resendCooldownMinutes` of the previous one (a double click, two
 * operators at once): the check and the timeline entry happen under the booking's row lock.
 */
import type { Actor } from "@/lib/auth/actor";
import { awaitsCustomer, describeStatus } from "@/lib/bookings/lifecycle";
import { byUser, recordBookingEvent, type EventActor } from "@/lib/bookings/transitions";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { Conflict, NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { notify } from "@/lib/notifications";
import { formatInstant } from "@/lib/time";

export const EXTENSION_LIMITS = {
  minimumFromNowMinutes: 60,
  latestBeforeStartHours: 1,
  resendCooldownMinutes: 5,
} as const;

/** The timeline event types written here (also read by the pages). */
export const FOLLOW_UP_EVENTS = {
  resent: "pay_now_link_resent",
  extended: "pay_by_extended",
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const REMINDER_BEFORE_DEADLINE_MS = 24 * HOUR;

type FollowUpCtx = Pick<Ctx, "db" | "clock" | "mail">;

function operatorOf(user: Actor): EventActor {
  if (user.role !== "OPERATOR") throw new NotAllowed("Only operators can do that.");
  return byUser(user);
}

interface FollowUpBooking {
  id: string;
  status: BookingStatus;
  startsAt: Date;
  payBy: Date | null;
}

export interface FollowUpEligibility {
  ok: boolean;
  why?: string;
}

/** Whether a follow-up (resend, extend) applies to this booking now, and why not. */
export function followUpEligibility(booking: Pick<FollowUpBooking, "status" | "payBy">, now: Date): FollowUpEligibility {
  if (!awaitsCustomer(booking.status)) {
    return { ok: false, why: `a booking that is ${describeStatus(booking.status).toLowerCase()} is not waiting for the customer to pay.` };
  }
  if (!booking.payBy) return { ok: false, why: "the booking has no pay-by deadline." };
  if (booking.payBy.getTime() <= now.getTime()) return { ok: false, why: "the pay-by deadline has passed; the booking is being cancelled." };
  return { ok: true };
}

/** The earliest and latest new deadline an extension may set now, or null when none fits. */
export function extensionWindow(booking: Pick<FollowUpBooking, "startsAt" | "payBy">, now: Date): { earliest: Date; latest: Date } | null {
  const latest = new Date(booking.startsAt.getTime() - EXTENSION_LIMITS.latestBeforeStartHours * HOUR);
  const soonest = now.getTime() + EXTENSION_LIMITS.minimumFromNowMinutes * MINUTE;
  // Strictly later than the current deadline: one minute after it at the earliest.
  // Whole minutes (what a date-time field can express), rounded up.
  const earliest = new Date(Math.ceil(Math.max(soonest, (booking.payBy?.getTime() ?? 0) + MINUTE) / MINUTE) * MINUTE);
  return earliest.getTime() <= latest.getTime() ? { earliest, latest } : null;
}

/** Locks the booking's row for the rest of the transaction and reads what a follow-up needs. */
async function lockBooking(tx: Db, bookingId: string): Promise<FollowUpBooking & { timeZone: string }> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM bookings WHERE id = ${bookingId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFound("Booking");
  const booking = await tx.booking.findUniqueOrThrow({
    where: { id: bookingId },
    select: { id: true, status: true, startsAt: true, payBy: true, listing: { select: { timeZone: true } } },
  });
  return { ...booking, timeZone: booking.listing.timeZone };
}

/** Sends the customer the pay-now link again, with the operator's note. */
export async function resendPayNowEmail(ctx: FollowUpCtx, user: Actor, input: { bookingId: string; reason: string }): Promise<{ payBy: Date }> {
  const actor = operatorOf(user);
  const now = ctx.clock.now();
  const payBy = await ctx.db.$transaction(async (tx) => {
    const booking = await lockBooking(tx, input.bookingId);
    const eligible = followUpEligibility(booking, now);
    if (!eligible.ok || !booking.payBy) throw new ValidationError(`The pay-now link cannot be sent: ${eligible.why}`);
    const recent = await tx.bookingEvent.findFirst({
      where: { bookingId: booking.id, type: FOLLOW_UP_EVENTS.resent, at: { gt: new Date(now.getTime() - EXTENSION_LIMITS.resendCooldownMinutes * MINUTE) } },
      select: { at: true },
    });
    if (recent) {
      throw new Conflict(`The pay-now link was sent ${formatInstant(recent.at, booking.timeZone)}; wait a few minutes before sending it again.`);
    }
    await recordBookingEvent(tx, { bookingId: booking.id, type: FOLLOW_UP_EVENTS.resent, actor, at: now, reason: input.reason });
    return booking.payBy;
  });
  await notify(ctx, "pay_now_resent", input.bookingId, { note: input.reason });
  return { payBy };
}

/** Moves the pay-by deadline later, within EXTENSION_LIMITS; customer and host are told. */
export async function extendPayBy(
  ctx: FollowUpCtx,
  user: Actor,
  input: { bookingId: string; payBy: Date; reason: string },
): Promise<{ payBy: Date; previous: Date }> {
  const actor = operatorOf(user);
  const now = ctx.clock.now();
  if (Number.isNaN(input.payBy.getTime())) throw new ValidationError("Please check the new deadline.", { payBy: ["Enter a date and time."] });
  const previous = await ctx.db.$transaction(async (tx) => {
    const booking = await lockBooking(tx, input.bookingId);
    const eligible = followUpEligibility(booking, now);
    if (!eligible.ok || !booking.payBy) throw new ValidationError(`The deadline cannot be extended: ${eligible.why}`);
    const current = booking.payBy;
    const window = extensionWindow(booking, now);
    const fmt = (d: Date) => formatInstant(d, booking.timeZone);
    if (!window) {
      throw new ValidationError("The deadline cannot be extended: the booking starts too soon.", {
        payBy: [`There is no time left between ${EXTENSION_LIMITS.minimumFromNowMinutes} minutes from now and ${EXTENSION_LIMITS.latestBeforeStartHours} hour before the start.`],
      });
    }
    if (input.payBy.getTime() <= current.getTime()) {
      throw new ValidationError("Please check the new deadline.", { payBy: [`Choose a time after the current deadline, ${fmt(current)}.`] });
    }
    if (input.payBy.getTime() < window.earliest.getTime()) {
      throw new ValidationError("Please check the new deadline.", { payBy: [`Choose ${fmt(window.earliest)} or later: the customer needs time to pay.`] });
    }
    if (input.payBy.getTime() > window.latest.getTime()) {
      throw new ValidationError("Please check the new deadline.", {
        payBy: [`Choose ${fmt(window.latest)} at the latest (${EXTENSION_LIMITS.latestBeforeStartHours} hour before the start).`],
      });
    }
    // A reminder goes out a day before the new deadline, unless that is already less than a day away.
    const remindAgain = input.payBy.getTime() - now.getTime() > REMINDER_BEFORE_DEADLINE_MS;
    await tx.booking.update({
      where: { id: booking.id },
      data: { payBy: input.payBy, reminderSentAt: remindAgain ? null : now },
    });
    await recordBookingEvent(tx, {
      bookingId: booking.id,
      type: FOLLOW_UP_EVENTS.extended,
      actor,
      at: now,
      reason: input.reason,
      data: { from: current.toISOString(), to: input.payBy.toISOString() },
    });
    return current;
  });
  await notify(ctx, "pay_by_extended", input.bookingId, { previous, reason: input.reason });
  return { payBy: input.payBy, previous };
}

/** The latest extension of a booking's deadline (for the customer's pages), or null. */
export async function latestExtension(db: Db, bookingId: string): Promise<{ at: Date; reason: string | null } | null> {
  return db.bookingEvent.findFirst({
    where: { bookingId, type: FOLLOW_UP_EVENTS.extended },
    orderBy: { at: "desc" },
    select: { at: true, reason: true },
  });
}
