/**
 * Price quotes for a time range of a listing: whole hours × hourly price, plus the
 * platform fee (basis points of the subtotal, rounded half up) — integer minor units.
 * Pure: the caller passes the listing, its plan, its blocked dates, the fee and "now".
 */
import { ValidationError, type FieldErrors } from "@/lib/errors";
import { slotCovering, isOpenOnWeekday, slotsOn, type OpeningPlan } from "./opening-hours";
import { applyBasisPoints } from "@/lib/money";
import {
  MINUTES_PER_DAY,
  addDays,
  formatLocalDate,
  formatTimeOfDay,
  isoWeekday,
  todayIn,
  utcToZoned,
  weekdayName,
  zonedTimeToUtc,
  type LocalDate,
} from "@/lib/time";

export interface PricedListing {
  hourlyPrice: number;
  currency: string;
  capacity: number;
  minHours: number;
  timeZone: string;
  active: boolean;
}

export interface QuoteRequest {
  date: LocalDate;
  /** Minutes after local midnight. */
  startMinutes: number;
  endMinutes: number;
  guests: number;
}

export interface QuoteContext {
  listing: PricedListing;
  openingHours: OpeningPlan;
  blockedDates: readonly LocalDate[];
  feeBps: number;
  now: Date;
}

export interface Quote {
  currency: string;
  hours: number;
  hourlyPrice: number;
  subtotalAmount: number;
  feeAmount: number;
  totalAmount: number;
  feeBps: number;
  startsAt: Date;
  endsAt: Date;
}

/** The arithmetic alone: integer minor units in, integer minor units out. */
export function priceFor(hourlyPrice: number, hours: number, feeBps: number) {
  if (!Number.isSafeInteger(hourlyPrice) || hourlyPrice < 0) throw new RangeError("hourlyPrice must be a non-negative integer");
  if (!Number.isSafeInteger(hours) || hours < 1) throw new RangeError("hours must be a positive integer");
  const subtotalAmount = hourlyPrice * hours;
  const feeAmount = applyBasisPoints(subtotalAmount, feeBps);
  return { subtotalAmount, feeAmount, totalAmount: subtotalAmount + feeAmount };
}

/**
 * How far ahead a sauna can be booked, in days from today in its time zone: a year, so the
 * host's hours and price still hold and the saved card is likely still valid when it is charged.
 */
export const BOOKING_HORIZON_DAYS = 365;

/** Checks the request against the listing's rules and prices it, or throws ValidationError. */
export function quote(request: QuoteRequest, context: QuoteContext): Quote {
  const { listing, openingHours, blockedDates, feeBps, now } = context;
  const errors: FieldErrors = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (!listing.active) {
    throw new ValidationError("This sauna is not taking bookings at the moment.");
  }

  const weekday = isoWeekday(request.date);
  const today = todayIn(listing.timeZone, now);
  const { startMinutes, endMinutes } = request;

  const lastDay = addDays(today, BOOKING_HORIZON_DAYS);
  if (request.date < today) fail("date", "Choose a date that is not in the past.");
  else if (request.date > lastDay) fail("date", `Saunas can be booked up to a year ahead: choose a date until ${formatLocalDate(lastDay)}.`);
  else if (blockedDates.includes(request.date)) fail("date", "The sauna is closed on this date.");
  else if (!isOpenOnWeekday(openingHours, weekday)) fail("date", `The sauna is closed on ${weekdayName(weekday)}s.`);

  if (endMinutes <= startMinutes) {
    fail("end", "The end time must be after the start time.");
  } else if (endMinutes > MINUTES_PER_DAY) {
    fail("end", "The session must end by midnight.");
  } else if ((endMinutes - startMinutes) % 60 !== 0) {
    fail("end", "Sessions are booked in whole hours.");
  } else if (!errors.date && !slotCovering(openingHours, weekday, startMinutes, endMinutes)) {
    const open = slotsOn(openingHours, weekday)
      .map((s) => `${formatTimeOfDay(s.opensAt)}–${formatTimeOfDay(s.closesAt)}`)
      .join(", ");
    fail("start", `The session must be within the opening hours (${open}).`);
  }

  if (!errors.date && request.date === today && startMinutes <= utcToZoned(now, listing.timeZone).minutes) {
    fail("start", "This time has already passed today.");
  }

  const hours = Math.floor((endMinutes - startMinutes) / 60);
  if (!errors.end && hours < listing.minHours) {
    fail("end", `The minimum booking is ${listing.minHours} hour${listing.minHours === 1 ? "" : "s"}.`);
  }

  if (!Number.isInteger(request.guests) || request.guests < 1) fail("guests", "At least one guest.");
  else if (request.guests > listing.capacity) fail("guests", `This sauna fits at most ${listing.capacity} guests.`);

  if (Object.keys(errors).length > 0) {
    // The summary says why, so a message read on its own (a banner, a screen reader) is enough.
    const reasons = Object.values(errors).flat();
    throw new ValidationError(`This time cannot be booked. ${reasons.join(" ")}`, errors);
  }

  const startsAt = zonedTimeToUtc(request.date, startMinutes, listing.timeZone);
  const endsAt = zonedTimeToUtc(request.date, endMinutes, listing.timeZone);
  return {
    currency: listing.currency,
    hours,
    hourlyPrice: listing.hourlyPrice,
    ...priceFor(listing.hourlyPrice, hours, feeBps),
    feeBps,
    startsAt,
    endsAt,
  };
}
