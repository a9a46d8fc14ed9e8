/**
 * Booking emails (issue 4): request received (provider), request sent (customer),
 * accepted / declined / cancelled / expired (both). Plain text with a link to the right page,
 * through lib/email (outbox, and SMTP when configured). Each function reads the booking
 * fresh, so callers only pass its id — after their transaction committed.
 */
import { prisma, type Db } from "@/lib/db";
import { appUrl, sendEmail, textBody } from "@/lib/email";
import { formatMoney } from "@/lib/money";
import { describeTime, formatInstant } from "@/lib/time";

async function loadBooking(db: Db, bookingId: string) {
  return db.booking.findUniqueOrThrow({
    where: { id: bookingId },
    include: {
      listing: { select: { title: true, timeZone: true, provider: { select: { name: true, email: true } } } },
      customer: { select: { name: true, email: true } },
    },
  });
}
type LoadedBooking = Awaited<ReturnType<typeof loadBooking>>;

function summary(b: LoadedBooking): string {
  return [
    `Sauna: ${b.listing.title}`,
    `When: ${describeTime(b)} (${b.listing.timeZone})`,
    `Guests: ${b.guests}`,
    `Total: ${formatMoney(b.totalAmount, b.currency)}`,
  ].join("\n");
}

const customerLink = (b: LoadedBooking) => appUrl(`/account/bookings/${b.id}`);
const providerRequestsLink = () => appUrl("/provider/requests");
const providerBookingsLink = () => appUrl("/provider/bookings");

async function mail(db: Db, b: LoadedBooking, to: "customer" | "provider", template: string, subject: string, text: string) {
  const address = to === "customer" ? b.customer.email : b.listing.provider.email;
  await sendEmail({ to: address, subject, text, template, bookingId: b.id }, { db });
}

export async function notifyRequestCreated(bookingId: string, db: Db = prisma): Promise<void> {
  const b = await loadBooking(db, bookingId);
  const answerBy = b.requestExpiresAt ? formatInstant(b.requestExpiresAt, b.listing.timeZone) : "soon";
  await mail(
    db,
    b,
    "provider",
    "booking.request_received",
    `New booking request: ${b.listing.title}`,
    textBody(
      `Hello ${b.listing.provider.name},`,
      `${b.customer.name} would like to book your sauna.`,
      summary(b),
      `Please accept or decline by ${answerBy}; unanswered requests expire then and the time is freed.`,
      `Answer the request: ${providerRequestsLink()}`,
    ),
  );
  await mail(
    db,
    b,
    "customer",
    "booking.request_sent",
    `Booking request sent: ${b.listing.title}`,
    textBody(
      `Hello ${b.customer.name},`,
      `Your request has been sent to ${b.listing.provider.name}. No money has moved: your card is charged only after the booking is accepted, on the charge date shown on the booking page.`,
      summary(b),
      `Follow your booking or cancel it free of charge: ${customerLink(b)}`,
    ),
  );
}

export async function notifyAccepted(bookingId: string, db: Db = prisma): Promise<void> {
  const b = await loadBooking(db, bookingId);
  const chargeOn = b.chargeAt ? formatInstant(b.chargeAt, b.listing.timeZone) : "soon";
  await mail(
    db,
    b,
    "customer",
    "booking.accepted",
    `Booking accepted: ${b.listing.title}`,
    textBody(
      `Hello ${b.customer.name},`,
      `${b.listing.provider.name} accepted your booking.`,
      summary(b),
      b.providerMessage ? `Message from ${b.listing.provider.name}: ${b.providerMessage}` : undefined,
      `Your saved card will be charged ${formatMoney(b.totalAmount, b.currency)} on or after ${chargeOn}. Until then you can cancel free of charge.`,
      `Your booking: ${customerLink(b)}`,
    ),
  );
  await mail(
    db,
    b,
    "provider",
    "booking.accepted",
    `You accepted a booking: ${b.listing.title}`,
    textBody(`Hello ${b.listing.provider.name},`, `You accepted ${b.customer.name}'s booking.`, summary(b), `Your bookings: ${providerBookingsLink()}`),
  );
}

export async function notifyDeclined(bookingId: string, db: Db = prisma): Promise<void> {
  const b = await loadBooking(db, bookingId);
  await mail(
    db,
    b,
    "customer",
    "booking.declined",
    `Booking request declined: ${b.listing.title}`,
    textBody(
      `Hello ${b.customer.name},`,
      `Unfortunately ${b.listing.provider.name} declined your request. Nothing was charged.`,
      summary(b),
      b.providerMessage ? `Message from ${b.listing.provider.name}: ${b.providerMessage}` : undefined,
      `Find another time or sauna: ${appUrl("/search")}`,
      `The request: ${customerLink(b)}`,
    ),
  );
  await mail(
    db,
    b,
    "provider",
    "booking.declined",
    `You declined a request: ${b.listing.title}`,
    textBody(`Hello ${b.listing.provider.name},`, `You declined ${b.customer.name}'s request. The time is free again.`, summary(b), `Requests: ${providerRequestsLink()}`),
  );
}

export async function notifyCancelled(bookingId: string, db: Db = prisma): Promise<void> {
  const b = await loadBooking(db, bookingId);
  const what = b.acceptedAt ? "booking" : "request";
  await mail(
    db,
    b,
    "customer",
    "booking.cancelled",
    `Cancelled: ${b.listing.title}`,
    textBody(`Hello ${b.customer.name},`, `Your ${what} has been cancelled free of charge. Nothing was charged.`, summary(b), `Details: ${customerLink(b)}`),
  );
  await mail(
    db,
    b,
    "provider",
    "booking.cancelled",
    `${b.customer.name} cancelled: ${b.listing.title}`,
    textBody(
      `Hello ${b.listing.provider.name},`,
      `${b.customer.name} cancelled their ${what}. The time is free again.`,
      summary(b),
      b.cancelReason ? `Reason given: ${b.cancelReason}` : undefined,
      `Your bookings: ${providerBookingsLink()}`,
    ),
  );
}

/** Emails never undo a committed change: failures are logged, not thrown. */
export async function deliverQuietly(what: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    console.error(`[notifications] ${what} failed:`, error);
  }
}
