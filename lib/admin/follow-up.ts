/**
 * The operators' follow-up list: bookings awaiting the customer's payment (`awaitsCustomer`
 * in the lifecycle), nearest pay-by deadline first, each with the last email that went to
 * the customer about it. Two queries per page (the bookings, then the latest email of each
 * with DISTINCT ON), whatever the page size; the status+payBy index serves the first.
 * Also the input of the follow-up actions.
 */
import { z } from "zod";
import { awaitsCustomer, statusesWhere } from "@/lib/bookings/lifecycle";
import type { Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { Prisma, type EmailStatus } from "@/lib/generated/prisma/client";
import { formatTimeOfDay, isLocalDate, MINUTES_PER_DAY, parseTimeOfDay, utcToZoned, zonedTimeToUtc } from "@/lib/time";
import { reasonSchema } from "./schemas";

export const FOLLOW_UP_PAGE_SIZE = 50;

export interface LastEmail {
  bookingId: string;
  id: string;
  template: string;
  subject: string;
  status: EmailStatus;
  createdAt: Date;
  sentAt: Date | null;
}

export async function listFollowUps(db: Db, page = 1) {
  const where: Prisma.BookingWhereInput = { status: { in: statusesWhere(awaitsCustomer) } };
  const [rows, total] = await Promise.all([
    db.booking.findMany({
      where,
      orderBy: [{ payBy: "asc" }, { id: "asc" }],
      skip: (page - 1) * FOLLOW_UP_PAGE_SIZE,
      take: FOLLOW_UP_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        startsAt: true,
        endsAt: true,
        payBy: true,
        totalAmount: true,
        currency: true,
        autoAttempts: true,
        nextAttemptAt: true,
        lastFailureCode: true,
        lastDeclineCode: true,
        customer: { select: { name: true, email: true } },
        listing: { select: { title: true, timeZone: true } },
      },
    }),
    db.booking.count({ where }),
  ]);
  const emails = await lastCustomerEmails(db, rows.map((r) => ({ id: r.id, to: r.customer.email })));
  return { rows: rows.map((r) => ({ ...r, lastEmail: emails.get(r.id) ?? null })), total, page, pageSize: FOLLOW_UP_PAGE_SIZE };
}

export type FollowUpRow = Awaited<ReturnType<typeof listFollowUps>>["rows"][number];

/** The newest email to the customer about each booking. */
async function lastCustomerEmails(db: Db, bookings: { id: string; to: string }[]): Promise<Map<string, LastEmail>> {
  if (bookings.length === 0) return new Map();
  const pairs = bookings.map((b) => Prisma.sql`(${b.id}, ${b.to})`);
  const rows = await db.$queryRaw<LastEmail[]>`
    SELECT DISTINCT ON (e.booking_id)
           e.booking_id AS "bookingId", e.id, e.template, e.subject, e.status::text AS status,
           e.created_at AS "createdAt", e.sent_at AS "sentAt"
      FROM outbox_emails e
      JOIN (VALUES ${Prisma.join(pairs)}) AS b(id, recipient) ON e.booking_id = b.id AND e."to" = b.recipient
     ORDER BY e.booking_id, e.created_at DESC, e.id DESC`;
  return new Map(rows.map((r) => [r.bookingId, r]));
}

/** The operator's "extend pay-by" form: a local date-time (the listing's zone) and a reason. */
export const extendPayBySchema = z.object({
  reason: reasonSchema,
  payBy: z.string({ error: "Enter the new deadline." }).trim().min(1, { error: "Enter the new deadline." }).max(30, { error: "Enter a date and time." }),
});

/** "2026-12-05T15:30" in `timeZone` → the instant; a ValidationError on the payBy field otherwise. */
export function parseLocalDateTime(text: string, timeZone: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(text.trim());
  const date = match?.[1] ?? "";
  const minutes = parseTimeOfDay(match?.[2] ?? "");
  if (!isLocalDate(date) || minutes === null || minutes >= MINUTES_PER_DAY) {
    throw new ValidationError("Please check the new deadline.", { payBy: ["Enter a date and time like 2026-12-05 15:30."] });
  }
  return zonedTimeToUtc(date, minutes, timeZone);
}

/** An instant as the value of a datetime-local input in `timeZone` ("2026-12-05T15:30"). */
export function toLocalDateTimeValue(instant: Date, timeZone: string): string {
  const local = utcToZoned(instant, timeZone);
  return `${local.date}T${formatTimeOfDay(local.minutes)}`;
}
