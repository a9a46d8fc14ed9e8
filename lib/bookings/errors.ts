/** Booking domain errors, and recognising the database's no-overlap constraint. */
import { Conflict } from "@/lib/errors";

/** Someone else holds (part of) this time: a request or booking overlapping it exists. */
export class SlotTaken extends Conflict {
  constructor(message = "Sorry, this time was just taken by someone else. Please choose another time.") {
    super(message, { start: [message] });
  }
}

const EXCLUSION_VIOLATION = "23P01";
const OVERLAP_CONSTRAINT = "bookings_no_overlap";

/**
 * True when `error` is PostgreSQL's exclusion violation of `bookings_no_overlap`. Prisma over
 * the pg adapter wraps it (a known or unknown request error whose meta/cause carries the
 * driver error with SQLSTATE 23P01); we look through the wrapping rather than rely on one shape.
 */
export function isOverlapViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 6 || value === null || typeof value !== "object" || seen.has(value)) {
      return typeof value === "string" && (value === EXCLUSION_VIOLATION || value.includes(OVERLAP_CONSTRAINT));
    }
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.code === EXCLUSION_VIOLATION || record.originalCode === EXCLUSION_VIOLATION) return true;
    if (typeof record.message === "string" && record.message.includes(OVERLAP_CONSTRAINT)) return true;
    for (const key of ["cause", "meta", "driverAdapterError", "constraint", "originalMessage"]) {
      if (key in record && visit(record[key], depth + 1)) return true;
    }
    return false;
  };
  return visit(error, 0);
}
