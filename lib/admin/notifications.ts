/**
 * Emails of operator actions: a booking cancelled by Löyly (both sides) and a refund
 * (the customer; the host too when it ends the booking). Plain text through lib/email, so
 * they land in the outbox next to the others. Sending never throws at the caller: the
 * money and status change are committed already.
 */
import { sendEmail, textBody } from "@/lib/email";
import type { Db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";

interface BookingForMail {
  id: string;
  startsAt: Date;
  totalAmount: number;
  currency: string;
  customer: { name: string; email: string };
  listing: { title: string; timeZone: string; provider: { name: string; email: string } };
}

export interface AdminMailDeps {
  db: Db;
  link: (pathname: string) => string;
  emails?: boolean;
}

async function load(db: Db, bookingId: string): Promise<BookingForMail | null> {
  return db.booking.findUnique({
    where: { id: bookingId },
    select: {
      id: true,
      startsAt: true,
      totalAmount: true,
      currency: true,
      customer: { select: { name: true, email: true } },
      listing: { select: { title: true, timeZone: true, provider: { select: { name: true, email: true } } } },
    },
  });
}

const slot = (b: BookingForMail) => `${b.listing.title}, ${formatInstant(b.startsAt, b.listing.timeZone)}`;

async function send(deps: AdminMailDeps, b: BookingForMail, to: string, template: string, subject: string, text: string) {
  if (deps.emails === false) return;
  try {
    await sendEmail({ to, subject, text, template, bookingId: b.id }, { db: deps.db });
  } catch (error) {
    console.error(`[admin] could not record email "${template}" for ${b.id}:`, error);
  }
}

/** An unpaid booking (or a request) cancelled by an operator. */
export async function notifyCancelledByOperator(deps: AdminMailDeps, bookingId: string, reason: string): Promise<void> {
  const b = await load(deps.db, bookingId);
  if (!b) return;
  await send(
    deps,
    b,
    b.customer.email,
    "admin.cancelled_customer",
    `Cancelled by Löyly: ${b.listing.title}`,
    textBody(
      `Hi ${b.customer.name},`,
      `Löyly support cancelled your booking of ${slot(b)}. Nothing was charged.`,
      `Reason: ${reason}`,
      `Details: ${deps.link(`/account/bookings/${b.id}`)}`,
    ),
  );
  await send(
    deps,
    b,
    b.listing.provider.email,
    "admin.cancelled_provider",
    `Cancelled by Löyly: ${b.customer.name} at ${b.listing.title}`,
    textBody(
      `Hi ${b.listing.provider.name},`,
      `Löyly support cancelled the booking of ${slot(b)} by ${b.customer.name}. The time is free again.`,
      `Reason: ${reason}`,
      `Your bookings: ${deps.link("/provider/bookings")}`,
    ),
  );
}

/** A refund was made; `ended` when it refunded everything (the booking is off). */
export async function notifyRefunded(
  deps: AdminMailDeps,
  bookingId: string,
  refund: { amount: number; currency: string; pending: boolean; ended: boolean; reason: string },
): Promise<void> {
  const b = await load(deps.db, bookingId);
  if (!b) return;
  const amount = formatMoney(refund.amount, refund.currency);
  await send(
    deps,
    b,
    b.customer.email,
    "admin.refund_customer",
    `Refund of ${amount}: ${b.listing.title}`,
    textBody(
      `Hi ${b.customer.name},`,
      `We refunded ${amount} of your payment for ${slot(b)} to your card.`,
      refund.pending ? "Your bank is processing it; it can take a few days to show on your statement." : undefined,
      refund.ended ? "Your booking is cancelled." : undefined,
      `Reason: ${refund.reason}`,
      `Your booking: ${deps.link(`/account/bookings/${b.id}`)}`,
    ),
  );
  if (!refund.ended) return;
  await send(
    deps,
    b,
    b.listing.provider.email,
    "admin.refund_provider",
    `Cancelled and refunded by Löyly: ${b.customer.name} at ${b.listing.title}`,
    textBody(
      `Hi ${b.listing.provider.name},`,
      `Löyly support cancelled and refunded the booking of ${slot(b)} by ${b.customer.name}. The time is free again.`,
      `Reason: ${refund.reason}`,
      `Your bookings: ${deps.link("/provider/bookings")}`,
    ),
  );
}
