/**
 * Choosing a time range in the booking widget: the first free range of the minimum length,
 * and why a chosen range cannot be booked. Pure functions, shared by the listing page (its
 * default selection) and the widget in the browser.
 */
import type { TakenRange } from "@/lib/bookings/availability";

export const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
export const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
export const overlapsAny = (taken: TakenRange[], start: number, end: number) => taken.some((r) => start < r.endMinutes && r.startMinutes < end);


/**
 * The first free range of the minimum length on the offered times, starting from the chosen
 * start when it is free (so a taken time is never preselected); null when none fits.
 */
export function firstFreeRange(
  taken: TakenRange[],
  startTimes: readonly string[],
  endTimes: readonly string[],
  minHours: number,
  preferredStart?: string,
): { start: string; end: string } | null {
  const ends = new Set(endTimes);
  const starts = preferredStart ? [preferredStart, ...startTimes.filter((t) => toMinutes(t) > toMinutes(preferredStart))] : startTimes;
  for (const start of [...starts, ...startTimes]) {
    const from = toMinutes(start);
    const end = hhmm(from + minHours * 60);
    if (ends.has(end) && !overlapsAny(taken, from, from + minHours * 60)) return { start, end };
  }
  return null;
}

/** Why the chosen range cannot be booked, in words, as far as the browser can tell; null if it may be. */
export function selectionProblem(taken: TakenRange[], minHours: number, start: string, end: string): string | null {
  const from = toMinutes(start);
  const until = toMinutes(end);
  if (until <= from) return "Until must be after From.";
  if (until - from < minHours * 60) return `Too short: the minimum booking is ${minHours} h.`;
  const clash = taken.find((r) => from < r.endMinutes && r.startMinutes < until);
  if (clash) return `Taken: ${hhmm(clash.startMinutes)}–${hhmm(clash.endMinutes)} is already booked. Choose another time.`;
  return null;
}

