/**
 * The customer's side: their bookings, one booking's page (also readable by the listing's
 * provider and by operators), and cancelling a request or an unpaid booking at no cost.
 */
import type { Actor } from "@/lib/auth/actor";
import { now as clockNow } from "@/lib/clock";
import { prisma, type Db } from "@/lib/db";
import { NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { paymentDeps } from "@/lib/payments/deps";
import { releaseBookingPaymentIntent, type ReleaseDeps } from "@/lib/payments/release";
import { deliverQuietly, notifyCancelled } from "./notifications";
import { applyTransition } from "./transitions";

/** What a customer may cancel themselves, free of charge: nothing has been paid. */
export const CUSTOMER_CANCELLABLE: readonly BookingStatus[] = ["REQUESTED", "ACCEPTED", "PAYMENT_FAILED"];

export function canCustomerCancel(status: BookingStatus): boolean {
  return CUSTOMER_CANCELLABLE.includes(status);
}

const detailInclude = {
  listing: { select: { id: true, slug: true, title: true, city: true, address: true, timeZone: true, providerId: true, provider: { select: { name: true } } } },
  customer: { select: { id: true, name: true, email: true } },
  consent: { select: { text: true, textVersion: true, acceptedAt: true } },
  events: { orderBy: { at: "asc" }, select: { id: true, at: true, actorType: true, type: true, fromStatus: true, toStatus: true, reason: true } },
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

/** The customer's own bookings, upcoming first. */
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
      listing: { select: { title: true, slug: true, timeZone: true } },
    },
  });
}

export interface CancelDeps {
  db?: Db;
  now?: Date;
  notify?: (bookingId: string, db: Db) => Promise<void>;
  /** Stripe and its gate, to cancel the booking's PaymentIntent (defaults to the app's). */
  payments?: Omit<ReleaseDeps, "db">;
}

/**
 * Cancels a request or an accepted, unpaid booking: CANCELLED, slot freed, nothing charged —
 * and its PaymentIntent cancelled, so a pay-now page still open cannot charge it afterwards.
 */
export async function cancelBooking(actor: Actor, input: { bookingId: string; reason?: string }, deps: CancelDeps = {}): Promise<void> {
  const db = deps.db ?? prisma;
  const now = deps.now ?? clockNow();
  const booking = await db.booking.findUnique({ where: { id: input.bookingId }, select: { id: true, customerId: true, status: true } });
  if (!booking) throw new NotFound("Booking");
  if (actor.role !== "CUSTOMER" || booking.customerId !== actor.id) {
    throw new NotAllowed("Only the customer who made this booking can cancel it.");
  }
  if (booking.status === "CHARGING") {
    throw new ValidationError("A payment for this booking is in progress. Please try again in a minute.");
  }
  if (!canCustomerCancel(booking.status)) {
    throw new ValidationError("This booking can no longer be cancelled here. Contact support for a refund.");
  }
  const reason = input.reason?.trim().slice(0, 500) || undefined;
  await applyTransition(db, {
    bookingId: booking.id,
    event: "cancel",
    actor: { type: "CUSTOMER", id: actor.id },
    reason: reason ?? "Cancelled by the customer",
    onlyFrom: CUSTOMER_CANCELLABLE,
    patch: { cancelledAt: now, cancelReason: reason ?? null },
    at: now,
  });
  await deliverQuietly(`cancelling the PaymentIntent of ${booking.id}`, async () => {
    await releaseBookingPaymentIntent({ ...(deps.payments ?? paymentDeps()), db }, booking.id, "requested_by_customer");
  });
  await deliverQuietly(`cancelled emails for ${booking.id}`, () => (deps.notify ?? notifyCancelled)(booking.id, db));
}
