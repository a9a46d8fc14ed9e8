/**
 * Which parts of a day are taken at a listing: bookings that hold their slot
 * (lifecycle.ts SLOT_HOLDING_STATUSES, mirrored by the database's exclusion constraint).
 */
import type { Db } from "@/lib/db";
import { addDays, utcToZoned, zonedTimeToUtc, MINUTES_PER_DAY, type LocalDate } from "@/lib/time";
import { SLOT_HOLDING_STATUSES } from "./lifecycle";

export interface TakenRange {
  /** Minutes after local midnight, clipped to the day. */
  startMinutes: number;
  endMinutes: number;
}

/** Taken ranges of one local date at a listing, earliest first (no customer data). */
export async function takenRangesOn(db: Db, listing: { id: string; timeZone: string }, date: LocalDate): Promise<TakenRange[]> {
  const dayStart = zonedTimeToUtc(date, 0, listing.timeZone);
  const dayEnd = zonedTimeToUtc(addDays(date, 1), 0, listing.timeZone);
  const bookings = await db.booking.findMany({
    where: {
      listingId: listing.id,
      status: { in: [...SLOT_HOLDING_STATUSES] },
      startsAt: { lt: dayEnd },
      endsAt: { gt: dayStart },
    },
    orderBy: { startsAt: "asc" },
    select: { startsAt: true, endsAt: true },
  });
  return bookings.map((b) => ({
    startMinutes: b.startsAt <= dayStart ? 0 : utcToZoned(b.startsAt, listing.timeZone).minutes,
    endMinutes: b.endsAt >= dayEnd ? MINUTES_PER_DAY : utcToZoned(b.endsAt, listing.timeZone).minutes,
  }));
}

/** True when [start, end) overlaps a slot-holding booking of the listing. */
export async function isSlotTaken(db: Db, listingId: string, startsAt: Date, endsAt: Date): Promise<boolean> {
  const clash = await db.booking.findFirst({
    where: { listingId, status: { in: [...SLOT_HOLDING_STATUSES] }, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } },
    select: { id: true },
  });
  return clash !== null;
}

export function overlaps(a: TakenRange, b: TakenRange): boolean {
  return a.startMinutes < b.endMinutes && b.startMinutes < a.endMinutes;
}
