/**
 * The operators' bookings export as CSV, written with the cells of lib/csv.ts (RFC 4180,
 * formula-safe).
 */
import { describeStatus } from "@/lib/bookings/lifecycle";
import { csvLine } from "@/lib/csv";
import { formatMoney } from "@/lib/money";
import type { ExportRow } from "./bookings";

export { csvCell, csvLine, type CsvValue } from "@/lib/csv";

export const BOOKING_CSV_HEADER = [
  "booking_id",
  "status",
  "status_label",
  "listing",
  "listing_time_zone",
  "host_email",
  "customer_name",
  "customer_email",
  "guests",
  "starts_utc",
  "ends_utc",
  "starts_local",
  "ends_local",
  "created_utc",
  "paid_utc",
  "currency",
  "total_minor",
  "total",
  "fee_minor",
  "fee",
  "refunded_minor",
  "refunded",
  "stripe_payment_intent",
] as const;

export function bookingCsvLine(row: ExportRow): string {
  return csvLine([
    row.id,
    row.status,
    describeStatus(row.status),
    row.listingTitle,
    row.timeZone,
    row.providerEmail,
    row.customerName,
    row.customerEmail,
    row.guests,
    row.startsUtc,
    row.endsUtc,
    row.startsLocal,
    row.endsLocal,
    row.createdUtc,
    row.paidUtc,
    row.currency,
    row.totalAmount,
    formatMoney(row.totalAmount, row.currency),
    row.feeAmount,
    formatMoney(row.feeAmount, row.currency),
    row.refundedAmount,
    formatMoney(row.refundedAmount, row.currency),
    row.stripePaymentIntentId,
  ]);
}
