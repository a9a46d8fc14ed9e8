/**
 * CSV (RFC 4180) for the operators' exports: cells quoted when they hold a comma, a quote or
 * a line break, quotes doubled, lines ended by CRLF. Text cells that a spreadsheet would run
 * as a formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe,
 * so a customer named "=HYPERLINK(…)" stays text. Numbers are written as they are.
 */
import { describeStatus } from "@/lib/bookings/lifecycle";
import { formatMoney } from "@/lib/money";
import type { ExportRow } from "./bookings";

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

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
