/**
 * Operator queries of bookings: the search (filtered, sorted, paginated; in SQL over indexed
 * columns, see the admin_search migration), its CSV export in keyset batches, and one booking's whole story
 * (details, timeline, payment attempts, refunds, emails, consent, Stripe ids). Read-only;
 * the caller has checked the role. Each takes an injectable client.
 */
import type { Db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { refundSummary } from "@/lib/payments/refunds";
import { addDays, DEFAULT_TIME_ZONE, zonedTimeToUtc } from "@/lib/time";
import { PAGE_SIZE, type BookingFilters, type BookingSort, type SortDirection } from "./schemas";

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

export function pageOf<T>(rows: T[], total: number, page: number, size = PAGE_SIZE): Page<T> {
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / size)) };
}

export type BookingQuery = Omit<BookingFilters, "page">;

/** What a search text is taken for: a Stripe id of one kind, or text (names, e-mails, titles, booking ids). */
export type SearchKind = "payment_intent" | "customer" | "payment_method" | "charge" | "refund" | "text";

const STRIPE_PREFIXES: Record<string, SearchKind> = { pi: "payment_intent", cus: "customer", pm: "payment_method", ch: "charge", re: "refund" };

/** `pi_…` (a client secret `pi_…_secret_…` too), `cus_…`, `pm_…`, `ch_…`, `re_…`, or text. */
export function classifySearch(q: string): { kind: SearchKind; value: string } {
  const match = /^(pi|cus|pm|ch|re)_([A-Za-z0-9]+)(?:_secret_[A-Za-z0-9]+)?$/.exec(q.trim());
  if (!match) return { kind: "text", value: q.trim() };
  return { kind: STRIPE_PREFIXES[match[1]!]!, value: `${match[1]}_${match[2]}` };
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of the bookings a Stripe id matches, as one set (a UNION of index lookups), so the
 * outer query is a single semi-join whatever the kind of key; null for text.
 */
function searchIdsSql(q: string): Prisma.Sql | null {
  const { kind, value } = classifySearch(q);
  switch (kind) {
    case "payment_intent":
      return Prisma.sql`SELECT id FROM bookings WHERE stripe_payment_intent_id = ${value}
        UNION SELECT booking_id FROM payment_attempts WHERE stripe_payment_intent_id = ${value}`;
    case "customer":
      return Prisma.sql`SELECT id FROM bookings WHERE stripe_customer_id = ${value}
        UNION SELECT bk.id FROM bookings bk JOIN users u ON u.id = bk.customer_id WHERE u.stripe_customer_id = ${value}`;
    case "payment_method":
      return Prisma.sql`SELECT id FROM bookings WHERE payment_method_id = ${value}
        UNION SELECT booking_id FROM payment_attempts WHERE payment_method_id = ${value}`;
    case "charge":
      return Prisma.sql`SELECT booking_id FROM payment_attempts WHERE stripe_charge_id = ${value}`;
    case "refund":
      return Prisma.sql`SELECT booking_id FROM refunds WHERE stripe_refund_id = ${value}`;
    case "text":
      return null;
  }
}

/**
 * A text search's matches listed up to this many users or listings; more are left to the
 * database as a sub-select (then the page is found early walking down the sort's index).
 */
export const LISTED_MATCHES = 5000;

/** What a text search matched before any booking is read (at most LISTED_MATCHES + 1 ids of each kind). */
interface TextMatches {
  value: string;
  like: string;
  users: string[];
  listings: string[];
}

function matchingUsersSql(like: string): Prisma.Sql {
  // One OR over both columns: PostgreSQL ORs the two trigram indexes' bitmaps.
  return Prisma.sql`SELECT id FROM users WHERE email ILIKE ${like} OR name ILIKE ${like}`;
}

function matchingListingsSql(like: string, users: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT id FROM listings WHERE title ILIKE ${like} OR provider_id IN (${users})`;
}

/**
 * The users (customers or hosts) and listings (by title or by host) a text search matches, in
 * one statement before the bookings are read: the users are matched once for both roles, and
 * the bookings queries get the ids as arrays, so their planner knows how many there are (a few:
 * index lookups and a sort; thousands: down the sort's index until the page is full), which it
 * cannot know of a sub-select.
 */
async function matchText(db: Db, value: string): Promise<TextMatches> {
  const like = containsPattern(value);
  const [row] = await db.$queryRaw<{ users: string[]; listings: string[] }[]>`
    WITH matched AS MATERIALIZED (${matchingUsersSql(like)})
    SELECT ARRAY(SELECT id FROM matched LIMIT ${LISTED_MATCHES + 1}) AS users,
           ARRAY(${matchingListingsSql(like, Prisma.sql`SELECT id FROM matched`)} LIMIT ${LISTED_MATCHES + 1}) AS listings`;
  return { value, like, users: row?.users ?? [], listings: row?.listings ?? [] };
}

/** `column = ANY(ids)`; nothing for no ids; the sub-select itself for more than LISTED_MATCHES. */
function matchedBy(column: string, ids: string[], subselect: Prisma.Sql): Prisma.Sql[] {
  if (ids.length === 0) return [];
  if (ids.length > LISTED_MATCHES) return [Prisma.sql`${Prisma.raw(column)} IN (${subselect})`];
  return [Prisma.sql`${Prisma.raw(column)} = ANY (${ids}::text[])`];
}

/**
 * Text: a booking id, or part of the customer's or host's e-mail or name or of the listing's
 * title. Each branch is an index scan on bookings (id, customer_id, listing_id) and PostgreSQL
 * ORs the bitmaps; a branch that matched nothing is left out.
 */
function textSearchSql({ value, like, users, listings }: TextMatches): Prisma.Sql {
  const branches = [
    Prisma.sql`b.id = ${value}`,
    ...matchedBy("b.customer_id", users, matchingUsersSql(like)),
    ...matchedBy("b.listing_id", listings, matchingListingsSql(like, matchingUsersSql(like))),
  ];
  return Prisma.sql`(${Prisma.join(branches, " OR ")})`;
}

/**
 * The WHERE clause of the operators' bookings list, on `bookings b` only (the list, its
 * count and the CSV export share it). Dates are local start dates. A text search is matched
 * against users and listings first (`matchText`).
 */
export async function bookingWhereSql(db: Db, filters: BookingQuery, timeZone = DEFAULT_TIME_ZONE): Promise<Prisma.Sql> {
  const parts: Prisma.Sql[] = [];
  if (filters.status) parts.push(Prisma.sql`b.status = ${filters.status}::"BookingStatus"`);
  if (filters.listingId) parts.push(Prisma.sql`b.listing_id = ${filters.listingId}`);
  if (filters.providerId) parts.push(Prisma.sql`b.listing_id IN (SELECT id FROM listings WHERE provider_id = ${filters.providerId})`);
  if (filters.customerEmail) parts.push(Prisma.sql`b.customer_id IN (SELECT id FROM users WHERE email ILIKE ${containsPattern(filters.customerEmail)})`);
  if (filters.from) parts.push(Prisma.sql`b.starts_at >= ${zonedTimeToUtc(filters.from, 0, timeZone)}`);
  if (filters.to) parts.push(Prisma.sql`b.starts_at < ${zonedTimeToUtc(addDays(filters.to, 1), 0, timeZone)}`);
  if (filters.q) {
    const ids = searchIdsSql(filters.q);
    parts.push(ids ? Prisma.sql`b.id IN (${ids})` : textSearchSql(await matchText(db, classifySearch(filters.q).value)));
  }
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

/** Each sort: its key columns (the last one unique, so the order is total and keyset-able). */
const SORT_KEYS: Record<BookingSort, readonly string[]> = {
  starts: ["b.starts_at", "b.id"],
  created: ["b.created_at", "b.id"],
  amount: ["b.total_amount", "b.id"],
  status: ["b.status", "b.starts_at", "b.id"],
};

export function sortOf(filters: BookingQuery): { sort: BookingSort; dir: SortDirection } {
  return { sort: filters.sort ?? "starts", dir: filters.dir ?? (filters.sort === "status" ? "asc" : "desc") };
}

function orderBySql(filters: BookingQuery): Prisma.Sql {
  const { sort, dir } = sortOf(filters);
  return Prisma.raw(`ORDER BY ${SORT_KEYS[sort].map((c) => `${c} ${dir === "asc" ? "ASC" : "DESC"}`).join(", ")}`);
}

export interface AdminBookingRow {
  id: string;
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  totalAmount: number;
  refundedAmount: number;
  currency: string;
  listing: { id: string; title: string; timeZone: string };
  customer: { name: string; email: string };
  provider: { name: string; email: string };
}

/** A row as the SQL returns it: the booking's own columns, the joined ones flat. */
type RawRow = Omit<AdminBookingRow, "listing" | "customer" | "provider"> & {
  listingId: string;
  listingTitle: string;
  timeZone: string;
  customerName: string;
  customerEmail: string;
  providerName: string;
  providerEmail: string;
};

/**
 * Bookings matching the filters, sorted (start, newest first by default), `PAGE_SIZE` a page.
 * The page is cut from bookings alone (an index range), then joined: a deep page does not
 * join every row before it.
 */
export async function listBookings(db: Db, filters: BookingFilters): Promise<Page<AdminBookingRow>> {
  const where = await bookingWhereSql(db, filters);
  const [counted, rows] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM bookings b ${where}`,
    db.$queryRaw<RawRow[]>`
      SELECT b.id, b.status, b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.created_at AS "createdAt", b.total_amount AS "totalAmount",
             b.refunded_amount AS "refundedAmount", b.currency, l.id AS "listingId", l.title AS "listingTitle",
             l.time_zone AS "timeZone", c.name AS "customerName", c.email AS "customerEmail",
             p.name AS "providerName", p.email AS "providerEmail"
      FROM (SELECT * FROM bookings b ${where} ${orderBySql(filters)} LIMIT ${PAGE_SIZE} OFFSET ${(filters.page - 1) * PAGE_SIZE}) b
      JOIN listings l ON l.id = b.listing_id
      JOIN users c ON c.id = b.customer_id
      JOIN users p ON p.id = l.provider_id
      ${orderBySql(filters)}`,
  ]);
  return pageOf(
    rows.map((r) => ({
      id: r.id,
      status: r.status,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      createdAt: r.createdAt,
      totalAmount: r.totalAmount,
      refundedAmount: r.refundedAmount,
      currency: r.currency,
      listing: { id: r.listingId, title: r.listingTitle, timeZone: r.timeZone },
      customer: { name: r.customerName, email: r.customerEmail },
      provider: { name: r.providerName, email: r.providerEmail },
    })),
    counted[0]?.n ?? 0,
    filters.page,
  );
}

/** Listings for the filter's select. */
export function listingOptions(db: Db) {
  return db.listing.findMany({ orderBy: { title: "asc" }, select: { id: true, title: true } });
}

/** Hosts (users with listings) for the filter's select. */
export function providerOptions(db: Db) {
  return db.user.findMany({ where: { listings: { some: {} } }, orderBy: [{ name: "asc" }, { email: "asc" }], select: { id: true, name: true, email: true } });
}

export const EXPORT_BATCH = 1000;

/** One row of the CSV export. */
export interface ExportRow {
  id: string;
  status: BookingStatus;
  listingTitle: string;
  timeZone: string;
  providerEmail: string;
  customerName: string;
  customerEmail: string;
  guests: number;
  startsUtc: string;
  endsUtc: string;
  startsLocal: string;
  endsLocal: string;
  createdUtc: string;
  paidUtc: string | null;
  currency: string;
  totalAmount: number;
  feeAmount: number;
  refundedAmount: number;
  stripePaymentIntentId: string | null;
  // the sort key of the row, for the next batch
  k_starts: Date;
  k_created: Date;
  k_amount: number;
  k_status: string;
}

/** The key columns' values of a row, in SORT_KEYS order. */
function keyOf(sort: BookingSort, row: ExportRow): Prisma.Sql[] {
  switch (sort) {
    case "starts":
      return [Prisma.sql`${row.k_starts}::timestamptz`, Prisma.sql`${row.id}`];
    case "created":
      return [Prisma.sql`${row.k_created}::timestamptz`, Prisma.sql`${row.id}`];
    case "amount":
      return [Prisma.sql`${row.k_amount}::int`, Prisma.sql`${row.id}`];
    case "status":
      return [Prisma.sql`${row.k_status}::"BookingStatus"`, Prisma.sql`${row.k_starts}::timestamptz`, Prisma.sql`${row.id}`];
  }
}

/**
 * The next batch of the export after `after` (keyset pagination over the list's filters and
 * order: each batch is an index range scan, however deep into the list).
 */
export async function exportBatch(db: Db, filters: BookingQuery, after: ExportRow | null, limit = EXPORT_BATCH): Promise<ExportRow[]> {
  const { sort, dir } = sortOf(filters);
  const where = await bookingWhereSql(db, filters);
  const cursor = after
    ? Prisma.sql`(${Prisma.raw(SORT_KEYS[sort].join(", "))}) ${Prisma.raw(dir === "asc" ? ">" : "<")} (${Prisma.join(keyOf(sort, after))})`
    : null;
  const whereWithCursor = cursor ? (where === Prisma.empty ? Prisma.sql`WHERE ${cursor}` : Prisma.sql`${where} AND ${cursor}`) : where;
  return db.$queryRaw<ExportRow[]>`
    SELECT b.id, b.status, l.title AS "listingTitle", l.time_zone AS "timeZone", p.email AS "providerEmail",
           c.name AS "customerName", c.email AS "customerEmail", b.guests,
           to_char(b.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startsUtc",
           to_char(b.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "endsUtc",
           to_char(b.starts_at AT TIME ZONE l.time_zone, 'YYYY-MM-DD HH24:MI') AS "startsLocal",
           to_char(b.ends_at AT TIME ZONE l.time_zone, 'YYYY-MM-DD HH24:MI') AS "endsLocal",
           to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdUtc",
           to_char(b.paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "paidUtc",
           b.currency, b.total_amount AS "totalAmount", b.fee_amount AS "feeAmount", b.refunded_amount AS "refundedAmount",
           b.stripe_payment_intent_id AS "stripePaymentIntentId",
           b.starts_at AS k_starts, b.created_at AS k_created, b.total_amount AS k_amount, b.status::text AS k_status
    FROM bookings b
    JOIN listings l ON l.id = b.listing_id
    JOIN users c ON c.id = b.customer_id
    JOIN users p ON p.id = l.provider_id
    ${whereWithCursor}
    ${orderBySql(filters)}
    LIMIT ${limit}`;
}

/** One booking with everything an operator needs to understand it. */
export async function getAdminBookingOrThrow(db: Db, bookingId: string) {
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    include: {
      listing: {
        select: {
          id: true,
          title: true,
          slug: true,
          city: true,
          timeZone: true,
          provider: { select: { id: true, name: true, email: true, connectedAccount: { select: { stripeAccountId: true, chargesEnabled: true, payoutsEnabled: true } } } },
        },
      },
      customer: { select: { id: true, name: true, email: true, stripeCustomerId: true } },
      consent: true,
      events: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: { select: { name: true, email: true } } } },
      paymentAttempts: { orderBy: [{ startedAt: "desc" }, { id: "desc" }] },
      refunds: { orderBy: { createdAt: "desc" }, include: { createdBy: { select: { name: true, email: true } } } },
      emails: { orderBy: { createdAt: "desc" }, select: { id: true, to: true, subject: true, template: true, status: true, createdAt: true } },
      payout: {
        select: {
          status: true,
          releaseAt: true,
          heldAt: true,
          heldReason: true,
          amount: true,
          releasedAt: true,
          payout: { select: { stripePayoutId: true, status: true, arrivalDate: true, failureCode: true, failureMessage: true } },
        },
      },
    },
  });
  if (!booking) throw new NotFound("Booking");
  const card = booking.paymentMethodId
    ? await db.savedCard.findUnique({
        where: { paymentMethodId: booking.paymentMethodId },
        select: { brand: true, last4: true, expMonth: true, expYear: true, removedAt: true },
      })
    : null;
  const money = await refundSummary(db, booking);
  return { ...booking, card, money };
}
export type AdminBooking = Awaited<ReturnType<typeof getAdminBookingOrThrow>>;
