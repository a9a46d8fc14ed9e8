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

/** "cardsDetached" → "cards detached". */
function spaced(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/**
 * A scheduled pass's counts for people: only what the pass did, the zeros left out, a group
 * as "charged: 2 attempted, 1 failed"; "nothing to do" when every number is zero. The
 * duration has its own column and is left out too.
 */
export function describeCounts(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object" || Array.isArray(value)) return describeJson(value);
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === "durationMs" || v === 0) continue;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const done = Object.entries(v as Record<string, unknown>).filter(([, n]) => n !== 0);
      if (done.length) parts.push(`${spaced(key)}: ${done.map(([k, n]) => (typeof n === "number" ? `${n} ${spaced(k)}` : `${spaced(k)} ${JSON.stringify(n)}`)).join(", ")}`);
    } else {
      parts.push(typeof v === "number" ? `${spaced(key)}: ${v}` : `${spaced(key)}: ${describeJson(v)}`);
    }
  }
  return parts.length ? parts.join("; ") : "nothing to do";
}

/** A JSON column (a pass's errors) as short readable text. */
export function describeJson(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("; ");
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? "—" : entries.map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ");
  }
  return String(value);
}
