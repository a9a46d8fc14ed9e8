/**
 * Time-zone helpers built on Intl only.
 *
 * A listing lives in an IANA time zone; its opening hours and blocked dates are local
 * wall-clock values there. Bookings are stored as UTC instants. These helpers convert
 * between the two without any dependency.
 */

/** A local calendar date, "YYYY-MM-DD". */
export type LocalDate = string;

export const DEFAULT_TIME_ZONE = "Europe/Helsinki";
export const MINUTES_PER_DAY = 24 * 60;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-4]):([0-5]\d)$/;

export const WEEKDAYS = [
  { iso: 1, name: "Monday" },
  { iso: 2, name: "Tuesday" },
  { iso: 3, name: "Wednesday" },
  { iso: 4, name: "Thursday" },
  { iso: 5, name: "Friday" },
  { iso: 6, name: "Saturday" },
  { iso: 7, name: "Sunday" },
] as const;

export function weekdayName(iso: number): string {
  return WEEKDAYS.find((d) => d.iso === iso)?.name ?? `Day ${iso}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** All IANA zones this runtime knows, for selects. */
export function supportedTimeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : [...zones, "UTC"];
}

function parseLocalDateParts(date: LocalDate): { year: number; month: number; day: number } | null {
  const match = LOCAL_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day };
}

export function isLocalDate(value: string): value is LocalDate {
  return parseLocalDateParts(value) !== null;
}

function requireDateParts(date: LocalDate) {
  const parts = parseLocalDateParts(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${date}`);
  return parts;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const { year, month, day } = requireDateParts(date);
  const sundayZero = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = requireDateParts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A calendar date as the UTC-midnight Date Prisma uses for `@db.Date` columns. */
export function localDateToDbDate(date: LocalDate): Date {
  const { year, month, day } = requireDateParts(date);
  return new Date(Date.UTC(year, month - 1, day));
}

export function dbDateToLocalDate(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

/** "HH:MM" → minutes after midnight; "24:00" allowed (end of day). */
export function parseTimeOfDay(text: string): number | null {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= MINUTES_PER_DAY ? minutes : null;
}

/** 1050 → "17:30"; 1440 → "24:00". */
export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Helsinki summer: +3 h). */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return asUtc - wholeSeconds;
}

/**
 * The UTC instant of a local wall-clock time (date + minutes after midnight) in a zone.
 * Times inside a spring-forward gap resolve to the same wall time under the earlier
 * offset (e.g. 03:30 that does not exist → 04:30); ambiguous autumn times take the
 * earlier instant.
 */
export function zonedTimeToUtc(date: LocalDate, minutes: number, timeZone: string): Date {
  const { year, month, day } = requireDateParts(date);
  const naive = Date.UTC(year, month - 1, day, 0, minutes);
  const DAY_MS = 86_400_000;
  // The offsets in force a day before and a day after cover any transition near this time.
  const offsetBefore = timeZoneOffsetMs(new Date(naive - DAY_MS), timeZone);
  const offsetAfter = timeZoneOffsetMs(new Date(naive + DAY_MS), timeZone);
  const valid = [offsetBefore, offsetAfter]
    .map((offset) => naive - offset)
    .filter((candidate) => naive - candidate === timeZoneOffsetMs(new Date(candidate), timeZone))
    .sort((a, b) => a - b);
  return new Date(valid[0] ?? naive - offsetBefore);
}

/** Where an instant falls on the local calendar of a zone. */
export function utcToZoned(instant: Date, timeZone: string): { date: LocalDate; minutes: number; weekday: number } {
  const w = wallClock(instant, timeZone);
  const date = `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
  return { date, minutes: w.hour * 60 + w.minute, weekday: isoWeekday(date) };
}

/** Today's date on the calendar of a zone. */
export function todayIn(timeZone: string, now: Date): LocalDate {
  return utcToZoned(now, timeZone).date;
}

/** "Sat 14 Jun 2025, 17:00" in the listing's zone. */
export function formatInstant(instant: Date, timeZone: string, locale = "en-GB"): string {
  return instantFormatter(timeZone, locale).format(instant);
}

/** "Sat 14 Jun 2025, 17:00–19:00": a time range in one zone (a booking in its listing's). */
export function formatTimeRange(startsAt: Date, endsAt: Date, timeZone: string): string {
  return `${formatInstant(startsAt, timeZone)}–${formatTimeOfDay(utcToZoned(endsAt, timeZone).minutes)}`;
}

/** A booking's time in its listing's zone (see formatTimeRange). */
export function describeTime(b: { startsAt: Date; endsAt: Date; listing: { timeZone: string } }): string {
  return formatTimeRange(b.startsAt, b.endsAt, b.listing.timeZone);
}

// Building an Intl formatter costs far more than using one (emails format several instants
// each, the charge pass sends thousands): one per zone and locale, kept for the process.
const instantFormatters = new Map<string, Intl.DateTimeFormat>();
function instantFormatter(timeZone: string, locale: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let formatter = instantFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    instantFormatters.set(key, formatter);
  }
  return formatter;
}

/** "Saturday 14 June 2025" for a calendar date (no zone arithmetic involved). */
export function formatLocalDate(date: LocalDate, locale = "en-GB"): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(localDateToDbDate(date));
}
