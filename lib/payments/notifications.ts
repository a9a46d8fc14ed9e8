/**
 * The emails of the payment side (issue 5): plain text, absolute links, one function per
 * message. Customer: receipt, action required, reminder before payBy, cancelled for
 * non-payment. Provider: paid, payment problem, cancelled for non-payment. Operator:
 * failures that need a person. Also the two "request expired" messages of the scheduled pass.
 *
 * Sending never throws at the caller: a charge that succeeded must not look failed because
 * a mail server hiccuped (lib/email already records FAILED rows; this guards the insert).
 */
import { sendEmail, sendEmails, textBody, type EmailMessage } from "@/lib/email";
import type { Db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";
import type { PaymentDeps } from "./deps";
import { explainFailure } from "./failure-messages";

/** What the messages need to know about a booking. */
export const BOOKING_FOR_MAIL = {
  id: true,
  startsAt: true,
  endsAt: true,
  totalAmount: true,
  currency: true,
  payBy: true,
  paidAt: true,
  stripePaymentIntentId: true,
  lastFailureCode: true,
  lastDeclineCode: true,
  lastFailureMessage: true,
  customer: { select: { name: true, email: true } },
  listing: { select: { title: true, timeZone: true, provider: { select: { name: true, email: true } } } },
} as const;

export interface BookingForMail {
  id: string;
  startsAt: Date;
  endsAt: Date;
  totalAmount: number;
  currency: string;
  payBy: Date | null;
  paidAt: Date | null;
  stripePaymentIntentId: string | null;
  lastFailureCode: string | null;
  lastDeclineCode: string | null;
  lastFailureMessage: string | null;
  customer: { name: string; email: string };
  listing: { title: string; timeZone: string; provider: { name: string; email: string } };
}

export async function loadBookingForMail(db: Db, bookingId: string): Promise<BookingForMail | null> {
  return db.booking.findUnique({ where: { id: bookingId }, select: BOOKING_FOR_MAIL });
}

type MailDeps = Pick<PaymentDeps, "db" | "link" | "operatorEmail" | "emails">;

async function send(deps: MailDeps, message: EmailMessage): Promise<void> {
  if (!deps.emails) return;
  try {
    await sendEmail(message, { db: deps.db });
  } catch (error) {
    console.error(`[payments] could not record email "${message.template}" for ${message.bookingId ?? "-"}:`, error);
  }
}

/** Messages about one event, recorded with one write (lib/email `sendEmails`). */
async function sendAll(deps: MailDeps, messages: EmailMessage[]): Promise<void> {
  if (!deps.emails) return;
  try {
    await sendEmails(messages, { db: deps.db });
  } catch (error) {
    const templates = messages.map((m) => m.template).join(", ");
    console.error(`[payments] could not record emails "${templates}" for ${messages[0]?.bookingId ?? "-"}:`, error);
  }
}

const when = (b: BookingForMail, at: Date) => formatInstant(at, b.listing.timeZone);
const amount = (b: BookingForMail) => formatMoney(b.totalAmount, b.currency);
const slot = (b: BookingForMail) => `${b.listing.title}, ${when(b, b.startsAt)}`;
const customerPage = (deps: MailDeps, b: BookingForMail) => deps.link(`/account/bookings/${b.id}`);
const payNowPage = (deps: MailDeps, b: BookingForMail) => deps.link(`/account/bookings/${b.id}/pay`);
const providerPage = (deps: MailDeps) => deps.link(`/provider/requests`);
const deadline = (b: BookingForMail) => (b.payBy ? when(b, b.payBy) : "before your booking starts");

/** The booking is paid: the customer's receipt and the provider's notice, in one write. */
export async function sendPaidEmails(deps: MailDeps, b: BookingForMail): Promise<void> {
  await sendAll(deps, [paymentReceipt(deps, b), providerPaid(deps, b)]);
}

function paymentReceipt(deps: MailDeps, b: BookingForMail): EmailMessage {
  return {
    to: b.customer.email,
    bookingId: b.id,
    template: "payment.receipt",
    subject: `Receipt: ${amount(b)} for ${b.listing.title}`,
    text: textBody(
      `Hi ${b.customer.name},`,
      `We charged ${amount(b)} for your booking of ${slot(b)}. Your booking is paid and confirmed.`,
      [
        `Amount: ${amount(b)}`,
        `Paid: ${when(b, b.paidAt ?? b.startsAt)}`,
        b.stripePaymentIntentId ? `Payment reference: ${b.stripePaymentIntentId}` : undefined,
      ]
        .filter(Boolean)
        .join("\n"),
      `Your booking: ${customerPage(deps, b)}`,
    ),
  };
}

function providerPaid(deps: MailDeps, b: BookingForMail): EmailMessage {
  return {
    to: b.listing.provider.email,
    bookingId: b.id,
    template: "payment.provider_paid",
    subject: `Paid: ${b.customer.name} at ${b.listing.title}`,
    text: textBody(
      `Hi ${b.listing.provider.name},`,
      `The booking of ${slot(b)} by ${b.customer.name} is paid (${amount(b)}). It is confirmed.`,
      `Your bookings: ${providerPage(deps)}`,
    ),
  };
}

/** The off-session charge failed and the customer must act (3DS, another card, or pay now). */
export async function sendActionRequired(deps: MailDeps, b: BookingForMail, retryAt: Date | null): Promise<void> {
  const why = explainFailure({ code: b.lastFailureCode, declineCode: b.lastDeclineCode });
  await send(deps, {
    to: b.customer.email,
    bookingId: b.id,
    template: "payment.action_required",
    subject: `Action needed: pay for ${b.listing.title} by ${deadline(b)}`,
    text: textBody(
      `Hi ${b.customer.name},`,
      `We could not charge ${amount(b)} for your booking of ${slot(b)}. ${why.customer}`,
      `Pay now: ${payNowPage(deps, b)}`,
      `Please pay by ${deadline(b)}. If the booking is still unpaid then, it is cancelled and the time is released.`,
      retryAt ? `We will also try your card again on ${when(b, retryAt)}.` : undefined,
    ),
  });
}

export async function sendProviderPaymentProblem(deps: MailDeps, b: BookingForMail): Promise<void> {
  await send(deps, {
    to: b.listing.provider.email,
    bookingId: b.id,
    template: "payment.provider_problem",
    subject: `Payment problem: ${b.customer.name} at ${b.listing.title}`,
    text: textBody(
      `Hi ${b.listing.provider.name},`,
      `The payment for ${slot(b)} by ${b.customer.name} did not go through yet. We have asked the customer to pay by ${deadline(b)}.`,
      `If it is still unpaid then, the booking is cancelled and the time becomes free again. You do not need to do anything.`,
      `Your bookings: ${providerPage(deps)}`,
    ),
  });
}

export async function sendPaymentReminder(deps: MailDeps, b: BookingForMail): Promise<void> {
  await send(deps, {
    to: b.customer.email,
    bookingId: b.id,
    template: "payment.reminder",
    subject: `Reminder: pay for ${b.listing.title} by ${deadline(b)}`,
    text: textBody(
      `Hi ${b.customer.name},`,
      `Your booking of ${slot(b)} is not paid yet (${amount(b)}). It will be cancelled if it is still unpaid on ${deadline(b)}.`,
      `Pay now: ${payNowPage(deps, b)}`,
    ),
  });
}

export async function sendCancelledForNonPayment(deps: MailDeps, b: BookingForMail): Promise<void> {
  await send(deps, {
    to: b.customer.email,
    bookingId: b.id,
    template: "payment.expired_customer",
    subject: `Cancelled: ${b.listing.title} was not paid in time`,
    text: textBody(
      `Hi ${b.customer.name},`,
      `Your booking of ${slot(b)} was cancelled because it was not paid by ${deadline(b)}. Nothing was charged.`,
      `You are welcome to book again: ${deps.link("/search")}`,
    ),
  });
  await send(deps, {
    to: b.listing.provider.email,
    bookingId: b.id,
    template: "payment.expired_provider",
    subject: `Cancelled for non-payment: ${b.customer.name} at ${b.listing.title}`,
    text: textBody(
      `Hi ${b.listing.provider.name},`,
      `The booking of ${slot(b)} by ${b.customer.name} was cancelled because it was not paid in time. The time is free again.`,
      `Your bookings: ${providerPage(deps)}`,
    ),
  });
}

export async function sendRequestExpired(deps: MailDeps, b: BookingForMail): Promise<void> {
  await send(deps, {
    to: b.customer.email,
    bookingId: b.id,
    template: "booking.expired_customer",
    subject: `Request expired: ${b.listing.title}`,
    text: textBody(
      `Hi ${b.customer.name},`,
      `Your request for ${slot(b)} expired because the host did not answer in time. Nothing was charged.`,
      `Find another time or sauna: ${deps.link("/search")}`,
    ),
  });
  await send(deps, {
    to: b.listing.provider.email,
    bookingId: b.id,
    template: "booking.expired_provider",
    subject: `Request expired: ${b.customer.name} at ${b.listing.title}`,
    text: textBody(
      `Hi ${b.listing.provider.name},`,
      `The request of ${b.customer.name} for ${slot(b)} expired without an answer, and the time is free again.`,
      `Your requests: ${providerPage(deps)}`,
    ),
  });
}

/** Something a person must look at (invalid requests, reconcile anomalies). */
export async function alertOperator(
  deps: MailDeps,
  alert: { bookingId?: string; subject: string; details: string[] },
): Promise<void> {
  await send(deps, {
    to: deps.operatorEmail,
    bookingId: alert.bookingId,
    template: "operator.payment_alert",
    subject: `[Löyly payments] ${alert.subject}`,
    text: textBody(
      ...alert.details,
      alert.bookingId ? `Booking: ${deps.link(`/admin/bookings?id=${alert.bookingId}`)}` : undefined,
    ),
  });
}
