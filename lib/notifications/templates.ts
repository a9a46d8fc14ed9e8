/**
 * Every email Löyly sends about a booking, side by side: one entry per notice, each
 * returning the messages (customer, host, or both) written from one `MailBooking`. Plain
 * text with absolute links; `template` names what kind of message each is, for operators
 * and tests.
 */
import type { EmailMessage } from "@/lib/email";
import { textBody } from "@/lib/email";
import { formatMoney } from "@/lib/money";
import { describeTime, formatInstant } from "@/lib/time";
import type { MailBooking } from "./booking";
import { explainFailure } from "./failure-messages";

/** What a notice needs beyond the booking. */
export interface NoticeExtras {
  request_created: undefined;
  accepted: undefined;
  declined: undefined;
  cancelled_by_customer: undefined;
  request_expired: undefined;
  paid: undefined;
  /** The off-session charge failed and the customer must act; `retryAt` is our next try. */
  action_required: { retryAt: Date | null };
  provider_payment_problem: undefined;
  payment_reminder: undefined;
  expired_unpaid: undefined;
  cancelled_by_operator: { reason: string };
  /** An operator sent the pay-now link again; `note` is their reason, shown to the customer. */
  pay_now_resent: { note: string };
  /** An operator moved payBy later; the booking holds the new deadline, `previous` the old one. */
  pay_by_extended: { previous: Date; reason: string };
  /** `ended` when the refund took everything back (the booking is off). */
  refunded: { amount: number; currency: string; pending: boolean; ended: boolean; reason: string };
  /** The customer cancelled a paid booking; `refund` is what the cancellation policy gave back. */
  cancelled_paid_by_customer: { refund: number; currency: string; percent: number; pending: boolean; failed: boolean };
  /** The host cancelled a paid booking and everything left was refunded (the operator is told too). */
  cancelled_paid_by_host: { refund: number; currency: string; pending: boolean; failed: boolean; reason: string; refundFailure: string | null };
}

export type Notice = keyof NoticeExtras;

export interface Links {
  link: (pathname: string) => string;
  operatorEmail: string;
}

type Template<N extends Notice> = (b: MailBooking, links: Links, extra: NoticeExtras[N]) => EmailMessage[];

const when = (b: MailBooking, at: Date) => formatInstant(at, b.listing.timeZone);
const amount = (b: MailBooking) => formatMoney(b.totalAmount, b.currency);
const slot = (b: MailBooking) => `${b.listing.title}, ${when(b, b.startsAt)}`;
const deadline = (b: MailBooking) => (b.payBy ? when(b, b.payBy) : "before your booking starts");
const customerPage = (l: Links, b: MailBooking) => l.link(`/account/bookings/${b.id}`);
const payNowPage = (l: Links, b: MailBooking) => l.link(`/account/bookings/${b.id}/pay`);

function summary(b: MailBooking): string {
  return [
    `Sauna: ${b.listing.title}`,
    `When: ${describeTime(b)} (${b.listing.timeZone})`,
    `Guests: ${b.guests}`,
    `Total: ${formatMoney(b.totalAmount, b.currency)}`,
  ].join("\n");
}

function toCustomer(b: MailBooking, template: string, subject: string, text: string): EmailMessage {
  return { to: b.customer.email, bookingId: b.id, template, subject, text };
}

function toProvider(b: MailBooking, template: string, subject: string, text: string): EmailMessage {
  return { to: b.listing.provider.email, bookingId: b.id, template, subject, text };
}

export const TEMPLATES: { [N in Notice]: Template<N> } = {
  request_created: (b, l) => {
    const answerBy = b.requestExpiresAt ? formatInstant(b.requestExpiresAt, b.listing.timeZone) : "soon";
    return [
      toProvider(
        b,
        "booking.request_received",
        `New booking request: ${b.listing.title}`,
        textBody(
          `Hello ${b.listing.provider.name},`,
          `${b.customer.name} would like to book your sauna.`,
          summary(b),
          `Please accept or decline by ${answerBy}; unanswered requests expire then and the time is freed.`,
          `Answer the request: ${l.link("/provider/requests")}`,
        ),
      ),
      toCustomer(
        b,
        "booking.request_sent",
        `Booking request sent: ${b.listing.title}`,
        textBody(
          `Hello ${b.customer.name},`,
          `Your request has been sent to ${b.listing.provider.name}. No money has moved: your card is charged only after the booking is accepted, on the charge date shown on the booking page.`,
          summary(b),
          `Follow your booking or cancel it free of charge: ${customerPage(l, b)}`,
        ),
      ),
    ];
  },

  accepted: (b, l) => {
    const chargeOn = b.chargeAt ? formatInstant(b.chargeAt, b.listing.timeZone) : "soon";
    return [
      toCustomer(
        b,
        "booking.accepted",
        `Booking accepted: ${b.listing.title}`,
        textBody(
          `Hello ${b.customer.name},`,
          `${b.listing.provider.name} accepted your booking.`,
          summary(b),
          b.providerMessage ? `Message from ${b.listing.provider.name}: ${b.providerMessage}` : undefined,
          `Your saved card will be charged ${formatMoney(b.totalAmount, b.currency)} on or after ${chargeOn}. Until then you can cancel free of charge.`,
          `Your booking: ${customerPage(l, b)}`,
        ),
      ),
      toProvider(
        b,
        "booking.accepted",
        `You accepted a booking: ${b.listing.title}`,
        textBody(`Hello ${b.listing.provider.name},`, `You accepted ${b.customer.name}'s booking.`, summary(b), `Your bookings: ${l.link("/provider/bookings")}`),
      ),
    ];
  },

  declined: (b, l) => [
    toCustomer(
      b,
      "booking.declined",
      `Booking request declined: ${b.listing.title}`,
      textBody(
        `Hello ${b.customer.name},`,
        `Unfortunately ${b.listing.provider.name} declined your request. Nothing was charged.`,
        summary(b),
        b.providerMessage ? `Message from ${b.listing.provider.name}: ${b.providerMessage}` : undefined,
        `Find another time or sauna: ${l.link("/search")}`,
        `The request: ${customerPage(l, b)}`,
      ),
    ),
    toProvider(
      b,
      "booking.declined",
      `You declined a request: ${b.listing.title}`,
      textBody(
        `Hello ${b.listing.provider.name},`,
        `You declined ${b.customer.name}'s request. The time is free again.`,
        summary(b),
        `Requests: ${l.link("/provider/requests")}`,
      ),
    ),
  ],

  cancelled_by_customer: (b, l) => {
    const what = b.acceptedAt ? "booking" : "request";
    return [
      toCustomer(
        b,
        "booking.cancelled",
        `Cancelled: ${b.listing.title}`,
        textBody(`Hello ${b.customer.name},`, `Your ${what} has been cancelled free of charge. Nothing was charged.`, summary(b), `Details: ${customerPage(l, b)}`),
      ),
      toProvider(
        b,
        "booking.cancelled",
        `${b.customer.name} cancelled: ${b.listing.title}`,
        textBody(
          `Hello ${b.listing.provider.name},`,
          `${b.customer.name} cancelled their ${what}. The time is free again.`,
          summary(b),
          b.cancelReason ? `Reason given: ${b.cancelReason}` : undefined,
          `Your bookings: ${l.link("/provider/bookings")}`,
        ),
      ),
    ];
  },

  request_expired: (b, l) => [
    toCustomer(
      b,
      "booking.expired_customer",
      `Request expired: ${b.listing.title}`,
      textBody(
        `Hi ${b.customer.name},`,
        `Your request for ${slot(b)} expired because the host did not answer in time. Nothing was charged.`,
        `Find another time or sauna: ${l.link("/search")}`,
      ),
    ),
    toProvider(
      b,
      "booking.expired_provider",
      `Request expired: ${b.customer.name} at ${b.listing.title}`,
      textBody(
        `Hi ${b.listing.provider.name},`,
        `The request of ${b.customer.name} for ${slot(b)} expired without an answer, and the time is free again.`,
        `Your requests: ${l.link("/provider/requests")}`,
      ),
    ),
  ],

  paid: (b, l) => [
    toCustomer(
      b,
      "payment.receipt",
      `Receipt: ${amount(b)} for ${b.listing.title}`,
      textBody(
        `Hi ${b.customer.name},`,
        `We charged ${amount(b)} for your booking of ${slot(b)}. Your booking is paid and confirmed.`,
        [`Amount: ${amount(b)}`, `Paid: ${when(b, b.paidAt ?? b.startsAt)}`, b.stripePaymentIntentId ? `Payment reference: ${b.stripePaymentIntentId}` : undefined]
          .filter(Boolean)
          .join("\n"),
        `Receipt (with VAT, printable, PDF): ${l.link(`/receipts/${b.id}/payment`)}`,
        `Your booking: ${customerPage(l, b)}`,
      ),
    ),
    toProvider(
      b,
      "payment.provider_paid",
      `Paid: ${b.customer.name} at ${b.listing.title}`,
      textBody(
        `Hi ${b.listing.provider.name},`,
        `The booking of ${slot(b)} by ${b.customer.name} is paid (${amount(b)}). It is confirmed.`,
        `Your bookings: ${l.link("/provider/requests")}`,
      ),
    ),
  ],

  action_required: (b, l, { retryAt }) => {
    const why = explainFailure({ code: b.lastFailureCode, declineCode: b.lastDeclineCode });
    return [
      toCustomer(
        b,
        "payment.action_required",
        `Action needed: pay for ${b.listing.title} by ${deadline(b)}`,
        textBody(
          `Hi ${b.customer.name},`,
          `We could not charge ${amount(b)} for your booking of ${slot(b)}. ${why.customer}`,
          `Pay now: ${payNowPage(l, b)}`,
          `Please pay by ${deadline(b)}. If the booking is still unpaid then, it is cancelled and the time is released.`,
          retryAt ? `We will also try your card again on ${when(b, retryAt)}.` : undefined,
        ),
      ),
    ];
  },

  provider_payment_problem: (b, l) => [
    toProvider(
      b,
      "payment.provider_problem",
      `Payment problem: ${b.customer.name} at ${b.listing.title}`,
      textBody(
        `Hi ${b.listing.provider.name},`,
        `The payment for ${slot(b)} by ${b.customer.name} did not go through yet. We have asked the customer to pay by ${deadline(b)}.`,
        `If it is still unpaid then, the booking is cancelled and the time becomes free again. You do not need to do anything.`,
        `Your bookings: ${l.link("/provider/requests")}`,
      ),
    ),
  ],

  payment_reminder: (b, l) => [
    toCustomer(
      b,
      "payment.reminder",
      `Reminder: pay for ${b.listing.title} by ${deadline(b)}`,
      textBody(
        `Hi ${b.customer.name},`,
        `Your booking of ${slot(b)} is not paid yet (${amount(b)}). It will be cancelled if it is still unpaid on ${deadline(b)}.`,
        `Pay now: ${payNowPage(l, b)}`,
      ),
    ),
  ],

  pay_now_resent: (b, l, { note }) => {
    const why = explainFailure({ code: b.lastFailureCode, declineCode: b.lastDeclineCode });
    return [
      toCustomer(
        b,
        "payment.pay_now_resent",
        `Your payment link: pay for ${b.listing.title} by ${deadline(b)}`,
        textBody(
          `Hi ${b.customer.name},`,
          `Your booking of ${slot(b)} is not paid yet (${amount(b)}). ${why.customer}`,
          `Pay now: ${payNowPage(l, b)}`,
          `Please pay by ${deadline(b)}. If the booking is still unpaid then, it is cancelled and the time is released.`,
          `Note from Löyly support: ${note}`,
        ),
      ),
    ];
  },

  pay_by_extended: (b, l, { previous, reason }) => [
    toCustomer(
      b,
      "payment.pay_by_extended",
      `More time to pay for ${b.listing.title}: now by ${deadline(b)}`,
      textBody(
        `Hi ${b.customer.name},`,
        `Löyly support gave you more time to pay for your booking of ${slot(b)} (${amount(b)}): the deadline moved from ${when(b, previous)} to ${deadline(b)}.`,
        `Reason: ${reason}`,
        `Pay now: ${payNowPage(l, b)}`,
        `If the booking is still unpaid on ${deadline(b)}, it is cancelled and the time is released.`,
      ),
    ),
    toProvider(
      b,
      "payment.pay_by_extended_provider",
      `Payment deadline extended: ${b.customer.name} at ${b.listing.title}`,
      textBody(
        `Hi ${b.listing.provider.name},`,
        `Löyly support gave ${b.customer.name} until ${deadline(b)} (instead of ${when(b, previous)}) to pay for ${slot(b)}. The time stays reserved until then.`,
        `Reason: ${reason}`,
        `Your bookings: ${l.link("/provider/requests")}`,
      ),
    ),
  ],

  expired_unpaid: (b, l) => [
    toCustomer(
      b,
      "payment.expired_customer",
      `Cancelled: ${b.listing.title} was not paid in time`,
      textBody(
        `Hi ${b.customer.name},`,
        `Your booking of ${slot(b)} was cancelled because it was not paid by ${deadline(b)}. Nothing was charged.`,
        `You are welcome to book again: ${l.link("/search")}`,
      ),
    ),
    toProvider(
      b,
      "payment.expired_provider",
      `Cancelled for non-payment: ${b.customer.name} at ${b.listing.title}`,
      textBody(
        `Hi ${b.listing.provider.name},`,
        `The booking of ${slot(b)} by ${b.customer.name} was cancelled because it was not paid in time. The time is free again.`,
        `Your bookings: ${l.link("/provider/requests")}`,
      ),
    ),
  ],

  cancelled_by_operator: (b, l, { reason }) => [
    toCustomer(
      b,
      "admin.cancelled_customer",
      `Cancelled by Löyly: ${b.listing.title}`,
      textBody(
        `Hi ${b.customer.name},`,
        `Löyly support cancelled your booking of ${slot(b)}. Nothing was charged.`,
        `Reason: ${reason}`,
        `Details: ${customerPage(l, b)}`,
      ),
    ),
    toProvider(
      b,
      "admin.cancelled_provider",
      `Cancelled by Löyly: ${b.customer.name} at ${b.listing.title}`,
      textBody(
        `Hi ${b.listing.provider.name},`,
        `Löyly support cancelled the booking of ${slot(b)} by ${b.customer.name}. The time is free again.`,
        `Reason: ${reason}`,
        `Your bookings: ${l.link("/provider/bookings")}`,
      ),
    ),
  ],

  cancelled_paid_by_customer: (b, l, c) => {
    const back = formatMoney(c.refund, c.currency);
    const refundLine =
      c.refund === 0
        ? "Under the booking's cancellation policy nothing is refunded at this point."
        : c.failed
          ? `Your refund of ${back} (${c.percent} %) did not go through yet. Löyly support has been told and will sort it out.`
          : `We refund ${back} (${c.percent} % under the cancellation policy) to your card.` +
            (c.pending ? " Your bank is processing it; it can take a few days to show on your statement." : "");
    return [
      toCustomer(
        b,
        "booking.cancelled_paid",
        `Cancelled: ${b.listing.title}`,
        textBody(`Hello ${b.customer.name},`, `Your paid booking has been cancelled.`, refundLine, summary(b), `Details and receipts: ${customerPage(l, b)}`),
      ),
      toProvider(
        b,
        "booking.cancelled_paid",
        `${b.customer.name} cancelled a paid booking: ${b.listing.title}`,
        textBody(
          `Hello ${b.listing.provider.name},`,
          `${b.customer.name} cancelled their paid booking. The time is free again.`,
          `Refunded to the customer under your cancellation policy: ${back} (${c.percent} %).`,
          summary(b),
          b.cancelReason ? `Reason given: ${b.cancelReason}` : undefined,
          `Your bookings: ${l.link("/provider/bookings")}`,
        ),
      ),
    ];
  },

  cancelled_paid_by_host: (b, l, c) => {
    const back = formatMoney(c.refund, c.currency);
    const refundLine = c.failed
      ? `Your refund of ${back} did not go through yet. Löyly support has been told and will sort it out.`
      : `We refund everything you paid that was not refunded yet, ${back}, to your card.` +
        (c.pending ? " Your bank is processing it; it can take a few days to show on your statement." : "");
    return [
      toCustomer(
        b,
        "booking.cancelled_by_host",
        `Your host cancelled: ${b.listing.title}`,
        textBody(`Hello ${b.customer.name},`, `${b.listing.provider.name} cancelled your booking of ${slot(b)}.`, `Reason: ${c.reason}`, refundLine, `Details and receipts: ${customerPage(l, b)}`),
      ),
      toProvider(
        b,
        "booking.cancelled_by_host",
        `You cancelled a paid booking: ${b.listing.title}`,
        textBody(
          `Hello ${b.listing.provider.name},`,
          `You cancelled ${b.customer.name}'s paid booking of ${slot(b)}. The customer gets a full refund of ${back}. The time is free again.`,
          `Reason: ${c.reason}`,
          `Your bookings: ${l.link("/provider/bookings")}`,
        ),
      ),
      {
        to: l.operatorEmail,
        bookingId: b.id,
        template: "operator.host_cancelled",
        subject: `[Löyly] Host cancelled a paid booking: ${b.listing.title}`,
        text: textBody(
          `${b.listing.provider.name} (${b.listing.provider.email}) cancelled ${b.customer.name}'s paid booking of ${slot(b)}.`,
          `Reason: ${c.reason}`,
          c.failed ? `The full refund of ${back} did not go through: ${c.refundFailure ?? "see the booking"}.` : `Refunded in full: ${back}${c.pending ? " (pending)" : ""}.`,
          `Booking: ${l.link(`/admin/bookings?id=${b.id}`)}`,
        ),
      },
    ];
  },

  refunded: (b, l, refund) => {
    const refunded = formatMoney(refund.amount, refund.currency);
    const messages = [
      toCustomer(
        b,
        "admin.refund_customer",
        `Refund of ${refunded}: ${b.listing.title}`,
        textBody(
          `Hi ${b.customer.name},`,
          `We refunded ${refunded} of your payment for ${slot(b)} to your card.`,
          refund.pending ? "Your bank is processing it; it can take a few days to show on your statement." : undefined,
          refund.ended ? "Your booking is cancelled." : undefined,
          `Reason: ${refund.reason}`,
          `Your booking and its receipts: ${customerPage(l, b)}`,
        ),
      ),
    ];
    if (!refund.ended) return messages;
    return [
      ...messages,
      toProvider(
        b,
        "admin.refund_provider",
        `Cancelled and refunded by Löyly: ${b.customer.name} at ${b.listing.title}`,
        textBody(
          `Hi ${b.listing.provider.name},`,
          `Löyly support cancelled and refunded the booking of ${slot(b)} by ${b.customer.name}. The time is free again.`,
          `Reason: ${refund.reason}`,
          `Your bookings: ${l.link("/provider/bookings")}`,
        ),
      ),
    ];
  },
};

/** Something a person must look at (invalid requests, reconcile anomalies). */
export function operatorAlert(links: Links, to: string, alert: { bookingId?: string; subject: string; details: string[] }): EmailMessage {
  return {
    to,
    bookingId: alert.bookingId,
    template: "operator.payment_alert",
    subject: `[Löyly payments] ${alert.subject}`,
    text: textBody(...alert.details, alert.bookingId ? `Booking: ${links.link(`/admin/bookings?id=${alert.bookingId}`)}` : undefined),
  };
}
