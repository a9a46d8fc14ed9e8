/**
 * iCalendar (.ics) files, written by `ical-generator`: one booking ("Add to calendar") and a
 * host's feed. Every time is written in UTC (`…Z`), so no calendar has to know our zones;
 * the listing's time zone is named (`X-WR-TIMEZONE` for one booking, and in each event's
 * description with the local time) so the reader sees the time as the listing states it.
 */
import ical, { ICalCalendarMethod } from "ical-generator";
import { formatTimeRange } from "@/lib/time";

export interface CalendarBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
  guests: number;
  listing: { title: string; address: string; city: string; timeZone: string };
  /** Who the event is with: the host for the customer, the customer for the host. */
  with: string;
  /** The booking's page for the reader. */
  url: string;
  /** Statuses in words, e.g. "Paid". */
  statusLabel: string;
  /** Last change of the booking, so calendars see updates. */
  updatedAt: Date;
}

const PRODUCT = { company: "Löyly", product: "Löyly bookings", language: "EN" } as const;

function addEvent(calendar: ReturnType<typeof ical>, b: CalendarBooking) {
  const local = `${formatTimeRange(b.startsAt, b.endsAt, b.listing.timeZone)} (${b.listing.timeZone})`;
  calendar.createEvent({
    id: `booking-${b.id}@loyly`,
    start: b.startsAt,
    end: b.endsAt,
    stamp: b.updatedAt,
    lastModified: b.updatedAt,
    summary: `Sauna: ${b.listing.title}`,
    location: `${b.listing.address}, ${b.listing.city}`,
    description: [`${b.listing.title}, ${local}`, `With ${b.with}, ${b.guests} guest${b.guests === 1 ? "" : "s"}`, `Status: ${b.statusLabel}`, b.url].join("\n"),
    url: b.url,
  });
}

/** The .ics of one booking. */
export function bookingIcs(b: CalendarBooking): string {
  const calendar = ical({ prodId: PRODUCT, name: `Sauna: ${b.listing.title}`, method: ICalCalendarMethod.PUBLISH });
  calendar.x([{ key: "X-WR-TIMEZONE", value: b.listing.timeZone }]);
  addEvent(calendar, b);
  return calendar.toString();
}

/** A host's feed: their accepted, paid and completed bookings. */
export function feedIcs(name: string, bookings: readonly CalendarBooking[]): string {
  const calendar = ical({ prodId: PRODUCT, name, method: ICalCalendarMethod.PUBLISH, ttl: 60 * 60 });
  for (const b of bookings) addEvent(calendar, b);
  return calendar.toString();
}
