/**
 * The weekly opening-hours plan of a listing: on ISO weekday (1 = Monday … 7 = Sunday)
 * open from `opensAt` to `closesAt`, minutes after local midnight (closesAt ≤ 1440).
 * Pure functions: validation, lookups, normalisation.
 */
import { ValidationError, type FieldErrors } from "@/lib/errors";
import { MINUTES_PER_DAY, formatTimeOfDay, weekdayName } from "@/lib/time";

/** Slots per weekday the opening-hours form offers. */
export const SLOTS_PER_DAY = 2;

export interface OpeningSlot {
  weekday: number;
  opensAt: number;
  closesAt: number;
}

export type OpeningPlan = readonly OpeningSlot[];

/** Problems of a plan, keyed `hours.<weekday>` so forms can show them by the day. */
export function openingPlanProblems(plan: OpeningPlan): FieldErrors {
  const problems: FieldErrors = {};
  const add = (weekday: number, message: string) => {
    const key = `hours.${weekday}`;
    (problems[key] ??= []).push(message);
  };
  for (const slot of plan) {
    if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7) {
      add(slot.weekday, `Weekday must be 1–7, got ${slot.weekday}.`);
      continue;
    }
    const inDay = (m: number) => Number.isInteger(m) && m >= 0 && m <= MINUTES_PER_DAY;
    if (!inDay(slot.opensAt) || !inDay(slot.closesAt)) {
      add(slot.weekday, `${weekdayName(slot.weekday)}: times must be within the day (00:00–24:00).`);
    } else if (slot.opensAt >= slot.closesAt) {
      add(
        slot.weekday,
        `${weekdayName(slot.weekday)}: opening time ${formatTimeOfDay(slot.opensAt)} must be before closing time ${formatTimeOfDay(slot.closesAt)}.`,
      );
    }
  }
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = sortedSlots(plan.filter((s) => s.weekday === weekday && s.opensAt < s.closesAt));
    for (let i = 1; i < day.length; i++) {
      const previous = day[i - 1]!;
      const current = day[i]!;
      if (current.opensAt < previous.closesAt) {
        add(
          weekday,
          `${weekdayName(weekday)}: ${formatTimeOfDay(previous.opensAt)}–${formatTimeOfDay(previous.closesAt)} overlaps ${formatTimeOfDay(current.opensAt)}–${formatTimeOfDay(current.closesAt)}.`,
        );
      }
    }
  }
  return problems;
}

/** Throws ValidationError when the plan has problems; returns it sorted otherwise. */
export function validateOpeningPlan(plan: OpeningPlan): OpeningSlot[] {
  const problems = openingPlanProblems(plan);
  if (Object.keys(problems).length > 0) {
    throw new ValidationError("Please fix the opening hours.", problems);
  }
  return sortedSlots(plan);
}

export function sortedSlots(plan: OpeningPlan): OpeningSlot[] {
  return [...plan].sort((a, b) => a.weekday - b.weekday || a.opensAt - b.opensAt);
}

export function slotsOn(plan: OpeningPlan, weekday: number): OpeningSlot[] {
  return sortedSlots(plan.filter((s) => s.weekday === weekday));
}

export function isOpenOnWeekday(plan: OpeningPlan, weekday: number): boolean {
  return plan.some((s) => s.weekday === weekday);
}

/** The slot that wholly contains [start, end) on that weekday, if any. */
export function slotCovering(plan: OpeningPlan, weekday: number, start: number, end: number): OpeningSlot | undefined {
  return plan.find((s) => s.weekday === weekday && s.opensAt <= start && end <= s.closesAt);
}
