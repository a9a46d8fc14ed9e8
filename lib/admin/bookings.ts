/**
 * Operator queries of bookings: the filtered, paginated list and one booking's whole story
 * (details, timeline, payment attempts, refunds, emails, consent, Stripe ids). Read-only;
 * the caller has checked the role. Each takes an injectable client.
 */
import type { Db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refundSummary } from "@/lib/payments/refunds";
import { addDays, DEFAULT_TIME_ZONE, zonedTimeToUtc } from "@/lib/time";
import { PAGE_SIZE, type BookingFilters } from "./schemas";

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

export function pageOf<T>(rows: T[], total: number, page: number, size = PAGE_SIZE): Page<T> {
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / size)) };
}

export function bookingWhere(filters: Omit<BookingFilters, "page">, timeZone = DEFAULT_TIME_ZONE): Prisma.BookingWhereInput {
  const startsAt: Prisma.DateTimeFilter = {};
  if (filters.from) startsAt.gte = zonedTimeToUtc(filters.from, 0, timeZone);
  if (filters.to) startsAt.lt = zonedTimeToUtc(addDays(filters.to, 1), 0, timeZone);
  return {
    status: filters.status,
    listingId: filters.listingId,
    customer: filters.customerEmail ? { email: { contains: filters.customerEmail, mode: "insensitive" } } : undefined,
    startsAt: filters.from || filters.to ? startsAt : undefined,
  };
}

/** Bookings newest start first, `PAGE_SIZE` a page. */
export async function listBookings(db: Db, filters: BookingFilters) {
  const where = bookingWhere(filters);
  const [total, rows] = await Promise.all([
    db.booking.count({ where }),
    db.booking.findMany({
      where,
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        status: true,
        startsAt: true,
        endsAt: true,
        totalAmount: true,
        refundedAmount: true,
        currency: true,
        listing: { select: { id: true, title: true, timeZone: true } },
        customer: { select: { name: true, email: true } },
      },
    }),
  ]);
  return pageOf(rows, total, filters.page);
}
export type AdminBookingRow = Awaited<ReturnType<typeof listBookings>>["rows"][number];

/** Listings for the filter's select. */
export function listingOptions(db: Db) {
  return db.listing.findMany({ orderBy: { title: "asc" }, select: { id: true, title: true } });
}

/** One booking with everything an operator needs to understand it. */
export async function getAdminBookingOrThrow(db: Db, bookingId: string) {
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    include: {
      listing: { select: { id: true, title: true, slug: true, city: true, timeZone: true, provider: { select: { id: true, name: true, email: true } } } },
      customer: { select: { id: true, name: true, email: true, stripeCustomerId: true } },
      consent: true,
      events: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: { select: { name: true, email: true } } } },
      paymentAttempts: { orderBy: [{ startedAt: "desc" }, { id: "desc" }] },
      refunds: { orderBy: { createdAt: "desc" }, include: { createdBy: { select: { name: true, email: true } } } },
      emails: { orderBy: { createdAt: "desc" }, select: { id: true, to: true, subject: true, template: true, status: true, createdAt: true } },
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
