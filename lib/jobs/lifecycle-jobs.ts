/**
 * The time-driven steps of the scheduled pass other than charging: requests nobody answered
 * expire, unpaid bookings expire at payBy, customers are reminded a day before payBy, and
 * paid bookings whose end has passed complete. Each booking moves through applyTransition
 * (so a booking changed meanwhile is simply skipped) and emails go out after the commit.
 * One booking's error (a failed write, a failed email) is reported and the others go on.
 */
import { InvalidTransition, sourcesOf } from "@/lib/bookings/lifecycle";
import { applyTransition, ConcurrentChange, recordBookingEvent, SYSTEM, type TransitionArgs } from "@/lib/bookings/transitions";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Ctx } from "@/lib/context";
import { releaseBookingPaymentIntent } from "@/lib/payments/release";
import { notify } from "@/lib/notifications";
import type { ReportError } from "./charge-due";

const HOUR = 3_600_000;
export const REMINDER_BEFORE_PAY_BY_HOURS = 24;
const BATCH = 500;

/**
 * The shape of every time-driven transition: find the due bookings, move each through
 * applyTransition, then run `after` (emails) once it committed. Bookings that changed
 * meanwhile are skipped; returns how many moved.
 */
async function moveDueBookings(
  ctx: Ctx,
  where: Prisma.BookingWhereInput,
  transition: Omit<TransitionArgs, "bookingId">,
  after: ((bookingId: string) => Promise<void>) | undefined,
  report: ReportError | undefined,
): Promise<number> {
  const due = await ctx.db.booking.findMany({ where, select: { id: true }, take: BATCH });
  let moved = 0;
  for (const { id } of due) {
    try {
      await applyTransition(ctx.db, { ...transition, bookingId: id });
    } catch (error) {
      if (!(error instanceof InvalidTransition || error instanceof ConcurrentChange)) report?.(id, error);
      continue;
    }
    moved++;
    try {
      await after?.(id);
    } catch (error) {
      report?.(id, error);
    }
  }
  return moved;
}

export async function expireUnansweredRequests(ctx: Ctx, report?: ReportError): Promise<number> {
  const at = ctx.clock.now();
  return moveDueBookings(
    ctx,
    { status: { in: [...sourcesOf("expire_request")] }, requestExpiresAt: { lte: at } },
    { event: "expire_request", actor: SYSTEM, at, reason: "The host did not answer in time" },
    (id) => notify(ctx, "request_expired", id),
    report,
  );
}

export async function expireUnpaidBookings(ctx: Ctx, report?: ReportError): Promise<number> {
  const at = ctx.clock.now();
  return moveDueBookings(
    ctx,
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
      await releaseBookingPaymentIntent(ctx, id, "abandoned").catch((error: unknown) =>
        console.error(`[cron] cancelling the PaymentIntent of expired booking ${id} failed:`, error),
      );
      await notify(ctx, "expired_unpaid", id);
    },
    report,
  );
}

/** One reminder per booking, 24 h before payBy, while it is still unpaid after a failure. */
export async function sendPayByReminders(ctx: Ctx, report?: ReportError): Promise<number> {
  const at = ctx.clock.now();
  const due = await ctx.db.booking.findMany({
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
    try {
      // Claim the reminder first so overlapping passes send it once.
      const { count } = await ctx.db.booking.updateMany({
        where: { id, status: "PAYMENT_FAILED", reminderSentAt: null },
        data: { reminderSentAt: at },
      });
      if (count !== 1) continue;
      await notify(ctx, "payment_reminder", id);
      await recordBookingEvent(ctx.db, { bookingId: id, type: "payment_reminder_sent", actor: SYSTEM, at });
      sent++;
    } catch (error) {
      report?.(id, error);
    }
  }
  return sent;
}

export async function completeEndedBookings(ctx: Ctx, report?: ReportError): Promise<number> {
  const at = ctx.clock.now();
  return moveDueBookings(
    ctx,
    { status: { in: [...sourcesOf("complete")] }, endsAt: { lte: at } },
    { event: "complete", actor: SYSTEM, at, reason: "The booking has ended", patch: { completedAt: at } },
    undefined,
    report,
  );
}
