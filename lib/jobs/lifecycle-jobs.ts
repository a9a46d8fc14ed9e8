/**
 * The time-driven steps of the scheduled pass other than charging: requests nobody answered
 * expire, unpaid bookings expire at payBy, customers are reminded a day before payBy, and
 * paid bookings whose end has passed complete. Each booking moves through applyTransition
 * (so a booking changed meanwhile is simply skipped) and emails go out after the commit.
 */
import { InvalidTransition, sourcesOf } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, recordBookingEvent, SYSTEM, type TransitionArgs } from "@/lib/bookings/transitions";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentDeps } from "@/lib/payments/deps";
import { releaseBookingPaymentIntent } from "@/lib/payments/release";
import {
  loadBookingForMail,
  type BookingForMail,
  sendCancelledForNonPayment,
  sendPaymentReminder,
  sendRequestExpired,
} from "@/lib/payments/notifications";

const HOUR = 3_600_000;
export const REMINDER_BEFORE_PAY_BY_HOURS = 24;
const BATCH = 500;

/**
 * The shape of every time-driven transition: find the due bookings, move each through
 * applyTransition, then run `after` (emails) once it committed. Bookings that changed
 * meanwhile are skipped; returns how many moved.
 */
async function moveDueBookings(
  deps: PaymentDeps,
  where: Prisma.BookingWhereInput,
  transition: Omit<TransitionArgs, "bookingId">,
  after?: (bookingId: string) => Promise<void>,
): Promise<number> {
  const due = await deps.db.booking.findMany({ where, select: { id: true }, take: BATCH });
  let moved = 0;
  for (const { id } of due) {
    try {
      await applyTransition(deps.db, { ...transition, bookingId: id });
    } catch (error) {
      if (error instanceof InvalidTransition || error instanceof ConcurrentChange) continue;
      throw error;
    }
    moved++;
    await after?.(id);
  }
  return moved;
}

async function mailBooking(deps: PaymentDeps, bookingId: string, send: (deps: PaymentDeps, mail: BookingForMail) => Promise<void>) {
  const mail = await loadBookingForMail(deps.db, bookingId);
  if (mail) await send(deps, mail);
}

export async function expireUnansweredRequests(deps: PaymentDeps): Promise<number> {
  const at = deps.now();
  return moveDueBookings(
    deps,
    { status: { in: [...sourcesOf("expire_request")] }, requestExpiresAt: { lte: at } },
    { event: "expire_request", actor: SYSTEM, at, reason: "The host did not answer in time" },
    (id) => mailBooking(deps, id, sendRequestExpired),
  );
}

export async function expireUnpaidBookings(deps: PaymentDeps): Promise<number> {
  const at = deps.now();
  return moveDueBookings(
    deps,
    { status: { in: [...sourcesOf("expire_payment")] }, payBy: { lte: at } },
    {
      event: "expire_payment",
      actor: SYSTEM,
      at,
      reason: "Not paid by the deadline",
      patch: { nextAttemptAt: null, cancelledAt: at, cancelReason: "Not paid by the deadline" },
    },
    async (id) => {
      // A pay-now page left open must not charge a slot that was just given away.
      await releaseBookingPaymentIntent(deps, id, "abandoned").catch((error: unknown) =>
        console.error(`[cron] cancelling the PaymentIntent of expired booking ${id} failed:`, error),
      );
      await mailBooking(deps, id, sendCancelledForNonPayment);
    },
  );
}

/** One reminder per booking, 24 h before payBy, while it is still unpaid after a failure. */
export async function sendPayByReminders(deps: PaymentDeps): Promise<number> {
  const at = deps.now();
  const due = await deps.db.booking.findMany({
    where: {
      status: "PAYMENT_FAILED",
      reminderSentAt: null,
      payBy: { gt: at, lte: new Date(at.getTime() + REMINDER_BEFORE_PAY_BY_HOURS * HOUR) },
    },
    select: { id: true },
    take: BATCH,
  });
  let sent = 0;
  for (const { id } of due) {
    // Claim the reminder first so overlapping passes send it once.
    const { count } = await deps.db.booking.updateMany({
      where: { id, status: "PAYMENT_FAILED", reminderSentAt: null },
      data: { reminderSentAt: at },
    });
    if (count !== 1) continue;
    const mail = await loadBookingForMail(deps.db, id);
    if (!mail) continue;
    await sendPaymentReminder(deps, mail);
    await recordBookingEvent(deps.db, { bookingId: id, type: "payment_reminder_sent", actor: SYSTEM, at });
    sent++;
  }
  return sent;
}

export async function completeEndedBookings(deps: PaymentDeps): Promise<number> {
  const at = deps.now();
  return moveDueBookings(
    deps,
    { status: { in: [...sourcesOf("complete")] }, endsAt: { lte: at } },
    { event: "complete", actor: SYSTEM, at, reason: "The booking has ended", patch: { completedAt: at } },
  );
}
