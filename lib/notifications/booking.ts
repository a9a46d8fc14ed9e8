/** The one shape of a booking that every email is written from, and how it is read. */
import type { Db } from "@/lib/db";

export const MAIL_BOOKING_SELECT = {
  id: true,
  startsAt: true,
  endsAt: true,
  guests: true,
  totalAmount: true,
  currency: true,
  requestExpiresAt: true,
  acceptedAt: true,
  chargeAt: true,
  payBy: true,
  paidAt: true,
  stripePaymentIntentId: true,
  providerMessage: true,
  cancelReason: true,
  lastFailureCode: true,
  lastDeclineCode: true,
  lastFailureMessage: true,
  customer: { select: { name: true, email: true } },
  listing: { select: { title: true, timeZone: true, provider: { select: { name: true, email: true } } } },
} as const;

export interface MailBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
  guests: number;
  totalAmount: number;
  currency: string;
  requestExpiresAt: Date | null;
  acceptedAt: Date | null;
  chargeAt: Date | null;
  payBy: Date | null;
  paidAt: Date | null;
  stripePaymentIntentId: string | null;
  providerMessage: string | null;
  cancelReason: string | null;
  lastFailureCode: string | null;
  lastDeclineCode: string | null;
  lastFailureMessage: string | null;
  customer: { name: string; email: string };
  listing: { title: string; timeZone: string; provider: { name: string; email: string } };
}

export function loadMailBooking(db: Db, bookingId: string): Promise<MailBooking | null> {
  return db.booking.findUnique({ where: { id: bookingId }, select: MAIL_BOOKING_SELECT });
}
