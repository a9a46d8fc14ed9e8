/**
 * The customer's side: their bookings and one booking's page (also readable by the
 * listing's provider and by operators). Cancelling is a use case (lib/use-cases).
 */
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import { NotAllowed, NotFound } from "@/lib/errors";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { awaitsCustomer, holdsSlot, payNowState } from "./lifecycle";

const detailInclude = {
  listing: {
    select: {
      id: true,
      slug: true,
      title: true,
      city: true,
      address: true,
      arrivalNotes: true,
      timeZone: true,
      providerId: true,
      cancellationPolicy: true,
      provider: { select: { name: true, email: true } },
    },
  },
  customer: { select: { id: true, name: true, email: true } },
  consent: { select: { text: true, textVersion: true, acceptedAt: true } },
  events: {
    orderBy: { at: "asc" },
    select: { id: true, at: true, actorType: true, type: true, fromStatus: true, toStatus: true, reason: true, data: true },
  },
  refunds: { orderBy: { createdAt: "asc" }, select: { id: true, amount: true, currency: true, status: true, createdAt: true } },
} as const;

/**
 * A booking for its page. The customer who made it, the provider of its listing and
 * operators may see it; anyone else gets NotFound (no existence leak).
 */
export async function getBookingForViewer(db: Db, actor: Actor, bookingId: string) {
  const booking = await db.booking.findUnique({ where: { id: bookingId }, include: detailInclude });
  if (!booking) throw new NotFound("Booking");
  const allowed =
    actor.role === "OPERATOR" ||
    (actor.role === "CUSTOMER" && booking.customerId === actor.id) ||
    (actor.role === "PROVIDER" && booking.listing.providerId === actor.id);
  if (!allowed) throw new NotFound("Booking");
  const card = booking.paymentMethodId
    ? await db.savedCard.findUnique({
        where: { paymentMethodId: booking.paymentMethodId },
        select: { brand: true, last4: true, expMonth: true, expYear: true, removedAt: true },
      })
    : null;
  return { ...booking, card };
}
export type BookingDetail = Awaited<ReturnType<typeof getBookingForViewer>>;

/** The customer's own bookings, latest start first (groupCustomerBookings sorts them for the page). */
export async function listCustomerBookings(db: Db, actor: Actor) {
  if (actor.role !== "CUSTOMER") throw new NotAllowed("Only customers have bookings.");
  return db.booking.findMany({
    where: { customerId: actor.id },
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      status: true,
      startsAt: true,
      endsAt: true,
      guests: true,
      totalAmount: true,
      currency: true,
      chargeAt: true,
      payBy: true,
      listing: { select: { title: true, slug: true, timeZone: true } },
    },
  });
}

/**
 * A customer's bookings as their page lists them:
 * - `payNow`: a charge failed and the customer can still pay, soonest deadline first;
 * - `upcoming`: still to come and holding their slot (requested, accepted, paid…), soonest first;
 * - `past`: over, or called off (declined, cancelled, expired, refunded), latest first.
 */
export function groupCustomerBookings<B extends { status: BookingStatus; startsAt: Date; endsAt: Date; payBy: Date | null }>(bookings: readonly B[], at: Date) {
  const payNow: B[] = [];
  const upcoming: B[] = [];
  const past: B[] = [];
  for (const b of bookings) {
    if (awaitsCustomer(b.status) && payNowState(b.status, b.payBy, at) === "payable") payNow.push(b);
    else if (holdsSlot(b.status) && b.endsAt > at) upcoming.push(b);
    else past.push(b);
  }
  const time = (d: Date | null) => d?.getTime() ?? Number.POSITIVE_INFINITY;
  payNow.sort((a, b) => time(a.payBy) - time(b.payBy) || time(a.startsAt) - time(b.startsAt));
  upcoming.sort((a, b) => time(a.startsAt) - time(b.startsAt));
  past.sort((a, b) => time(b.startsAt) - time(a.startsAt));
  return { payNow, upcoming, past };
}
