/** Operator queries of the payment side: attempts across bookings, cron runs, webhook events. */
import type { Db } from "@/lib/db";
import { PAGE_SIZE, type AttemptFilters } from "./schemas";
import { pageOf } from "./bookings";

/** Payment attempts newest first, optionally of one outcome. */
export async function listPaymentAttempts(db: Db, filters: AttemptFilters) {
  const where = { outcome: filters.outcome };
  const [total, rows] = await Promise.all([
    db.paymentAttempt.count({ where }),
    db.paymentAttempt.findMany({
      where,
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: { booking: { select: { id: true, listing: { select: { title: true, timeZone: true } }, customer: { select: { email: true } } } } },
    }),
  ]);
  return pageOf(rows, total, filters.page);
}

export function listCronRuns(db: Db, take = 20) {
  return db.cronRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take });
}

export function listWebhookEvents(db: Db, take = 30) {
  return db.webhookEvent.findMany({
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, type: true, status: true, error: true, receivedAt: true, processedAt: true },
  });
}

/** A JSON column (counts, errors) as short readable text. */
export function describeJson(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("; ");
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? "—" : entries.map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ");
  }
  return String(value);
}
