/**
 * How many requests one customer may have waiting for hosts' answers. A request holds its
 * slot from the moment it is sent until the host answers or it expires, and sending one
 * costs nothing: without a limit one account could hold a sauna's whole day, or a week of
 * many saunas, for free. Accepted bookings do not count: the host has agreed to them.
 */
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { addDays, zonedTimeToUtc, type LocalDate } from "@/lib/time";

/** Waiting requests one customer may have at a time, across every sauna. */
export const MAX_OPEN_REQUESTS = 5;

/**
 * Waiting requests one customer may have for one sauna on one day (in the sauna's time
 * zone): one; a second time that day can be asked for once the host has answered.
 */
export const MAX_OPEN_REQUESTS_PER_SAUNA_DAY = 1;

/** Throws ValidationError when `customerId` may not send another request for this sauna and day. */
export async function requireRoomForRequest(db: Db, customerId: string, listing: { id: string; timeZone: string }, date: LocalDate): Promise<void> {
  const dayStarts = zonedTimeToUtc(date, 0, listing.timeZone);
  const dayEnds = zonedTimeToUtc(addDays(date, 1), 0, listing.timeZone);
  const [open, sameDay] = await Promise.all([
    db.booking.count({ where: { customerId, status: "REQUESTED" } }),
    db.booking.count({ where: { customerId, status: "REQUESTED", listingId: listing.id, startsAt: { gte: dayStarts, lt: dayEnds } } }),
  ]);
  if (sameDay >= MAX_OPEN_REQUESTS_PER_SAUNA_DAY) {
    const message = "You already have a request waiting for this sauna on this day. Wait for the host's answer, or cancel that request in My bookings first.";
    throw new ValidationError(message, { date: [message] });
  }
  if (open >= MAX_OPEN_REQUESTS) {
    throw new ValidationError(
      `You have ${open} requests waiting for hosts' answers, the most you can have at one time. Wait for an answer, or cancel a request in My bookings first.`,
    );
  }
}
