/**
 * The bookings list as a streamed CSV: a ReadableStream that reads one keyset batch
 * (lib/admin/bookings.ts `exportBatch`) each time the consumer wants more, so memory stays
 * flat and a slow download slows the queries instead of piling rows up.
 */
import type { Db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { parseBookingFilters } from "./schemas";
import { exportBatch, EXPORT_BATCH, type BookingQuery, type ExportRow } from "./bookings";
import { BOOKING_CSV_HEADER, bookingCsvLine, csvLine } from "./csv";

export function bookingsCsvStream(db: Db, filters: BookingQuery, batchSize = EXPORT_BATCH): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: ExportRow | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          // A byte-order mark so spreadsheets read the file as UTF-8 (Löyly, Åbo).
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(BOOKING_CSV_HEADER)}`));
          return;
        }
        if (done) return;
        const rows = await exportBatch(db, filters, after, batchSize);
        if (rows.length > 0) {
          controller.enqueue(encoder.encode(rows.map(bookingCsvLine).join("")));
          after = rows[rows.length - 1]!;
        }
        if (rows.length < batchSize) {
          done = true;
          controller.close();
        }
      },
    },
    { highWaterMark: 1 },
  );
}

/** `bookings-2026-11-30T0102Z.csv` */
export function exportFileName(now: Date): string {
  return `bookings-${now.toISOString().slice(0, 16).replace(":", "")}Z.csv`;
}

/**
 * The export route's answer for `user` (null: signed out): 401 / 403 as JSON, or the CSV
 * of the bookings matching the URL's filters, in the list's order.
 */
export function exportBookingsResponse(db: Db, user: { role: Role } | null, url: URL, now: Date): Response {
  if (!user) return Response.json({ error: "Sign in as an operator to export bookings." }, { status: 401 });
  if (user.role !== "OPERATOR") return Response.json({ error: "Only operators may export bookings." }, { status: 403 });
  const { page: _page, ...filters } = parseBookingFilters(Object.fromEntries(url.searchParams));
  return new Response(bookingsCsvStream(db, filters), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(now)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
