/**
 * Many rows in one raw INSERT, for the batches the scheduled passes write: a claimed batch's
 * events, a paid batch's events and attempts, the e-mails of many bookings.
 *
 * Prisma's `createMany` never reuses a query plan (its rows are part of the plan): every call
 * compiles a new one in Prisma's query compiler, synchronously on the event loop, in time
 * growing with the rows. In the charge pass that was about a third of an instance's CPU, and
 * an event loop that busy wakes its callers late for their Stripe turns. Here the SQL text is
 * the same for every batch, one array parameter per column, unnested:
 *
 *     INSERT INTO "booking_events" ("id", "booking_id", …)
 *     SELECT * FROM unnest($1::text[]::text[], $2::text[]::timestamptz[], …)
 *
 * Each table's columns are written down once below, typed by Prisma's own input type, and a
 * unit test checks that they name every scalar field of the model. Ids are made here as
 * Prisma makes them for `@default(cuid())`: "c", the time, a per-process counter, random;
 * so rows sort by creation as before.
 */
import { randomBytes } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "./client";

interface Column<Row> {
  field: keyof Row & string;
  column: string;
  /** The column's SQL type (each value is sent as text and cast to it). */
  type: string;
  /** The value when the row leaves the field out, as the schema's `@default`. */
  fallback?: () => unknown;
}

export interface TableSpec<Row> {
  table: string;
  columns: readonly Column<Row>[];
}

let counter = 0;

/** A new row id in the shape of Prisma's cuid(): 25 lowercase letters and digits, sorted by creation within a process. */
export function newRowId(): string {
  counter = (counter + 1) % 36 ** 4;
  const random = BigInt(`0x${randomBytes(8).toString("hex")}`).toString(36).padStart(13, "0").slice(-12);
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${random}`;
}

const now = () => new Date();
const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function encode(value: unknown): string | null {
  if (value === null || value === undefined || value === Prisma.DbNull || value === Prisma.AnyNull) return null;
  if (value === Prisma.JsonNull) return "null";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Inserts `rows` into the spec's table in one statement; returns how many were inserted. */
export async function insertRows<Row>(db: Pick<Db, "$executeRaw">, spec: TableSpec<Row>, rows: readonly Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const arrays = spec.columns.map(({ field, type, fallback }) => {
    const values = rows.map((row) => encode(row[field] === undefined ? fallback?.() : row[field]));
    return Prisma.sql`${values}::text[]::${Prisma.raw(type)}[]`;
  });
  return db.$executeRaw`INSERT INTO ${Prisma.raw(quote(spec.table))} (${Prisma.raw(spec.columns.map((c) => quote(c.column)).join(", "))})
    SELECT * FROM unnest(${Prisma.join(arrays)})`;
}

export const BOOKING_EVENTS: TableSpec<Prisma.BookingEventCreateManyInput> = {
  table: "booking_events",
  columns: [
    { field: "id", column: "id", type: "text", fallback: newRowId },
    { field: "bookingId", column: "booking_id", type: "text" },
    { field: "at", column: "at", type: "timestamptz", fallback: now },
    { field: "actorType", column: "actor_type", type: '"ActorType"' },
    { field: "actorId", column: "actor_id", type: "text" },
    { field: "type", column: "type", type: "text" },
    { field: "fromStatus", column: "from_status", type: '"BookingStatus"' },
    { field: "toStatus", column: "to_status", type: '"BookingStatus"' },
    { field: "reason", column: "reason", type: "text" },
    { field: "data", column: "data", type: "jsonb" },
  ],
};

export const PAYMENT_ATTEMPTS: TableSpec<Prisma.PaymentAttemptCreateManyInput> = {
  table: "payment_attempts",
  columns: [
    { field: "id", column: "id", type: "text", fallback: newRowId },
    { field: "bookingId", column: "booking_id", type: "text" },
    { field: "kind", column: "kind", type: '"PaymentAttemptKind"' },
    { field: "outcome", column: "outcome", type: '"PaymentAttemptOutcome"' },
    { field: "stripePaymentIntentId", column: "stripe_payment_intent_id", type: "text" },
    { field: "stripeChargeId", column: "stripe_charge_id", type: "text" },
    { field: "paymentMethodId", column: "payment_method_id", type: "text" },
    { field: "amount", column: "amount", type: "integer" },
    { field: "currency", column: "currency", type: "bpchar" },
    { field: "idempotencyKey", column: "idempotency_key", type: "text" },
    { field: "paymentIntentStatus", column: "payment_intent_status", type: "text" },
    { field: "errorType", column: "error_type", type: "text" },
    { field: "errorCode", column: "error_code", type: "text" },
    { field: "declineCode", column: "decline_code", type: "text" },
    { field: "message", column: "message", type: "text" },
    { field: "countsTowardRetries", column: "counts_toward_retries", type: "boolean", fallback: () => true },
    { field: "startedAt", column: "started_at", type: "timestamptz", fallback: now },
    { field: "finishedAt", column: "finished_at", type: "timestamptz" },
  ],
};

export const OUTBOX_EMAILS: TableSpec<Prisma.OutboxEmailCreateManyInput> = {
  table: "outbox_emails",
  columns: [
    { field: "id", column: "id", type: "text", fallback: newRowId },
    { field: "to", column: "to", type: "text" },
    { field: "subject", column: "subject", type: "text" },
    { field: "text", column: "text", type: "text" },
    { field: "html", column: "html", type: "text" },
    { field: "template", column: "template", type: "text" },
    { field: "bookingId", column: "booking_id", type: "text" },
    { field: "status", column: "status", type: '"EmailStatus"', fallback: () => "PENDING" },
    { field: "error", column: "error", type: "text" },
    { field: "createdAt", column: "created_at", type: "timestamptz", fallback: now },
    { field: "sentAt", column: "sent_at", type: "timestamptz" },
  ],
};
