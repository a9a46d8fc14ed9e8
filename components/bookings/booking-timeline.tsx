import { describeStatus } from "@/lib/bookings/lifecycle";
import type { ActorType, BookingStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { FAILURE_WORDS } from "@/lib/notifications/failure-words";
import { formatInstant } from "@/lib/time";

export interface TimelineEvent {
  id: string;
  at: Date;
  actorType: ActorType;
  type: string;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus | null;
  reason: string | null;
  /** The event's details as stored (failure codes, refund amounts); read defensively. */
  data?: unknown;
}

const WHO: Record<ActorType, string> = {
  CUSTOMER: "Customer",
  PROVIDER: "Host",
  OPERATOR: "Löyly support",
  SYSTEM: "Löyly",
  STRIPE: "Payment provider",
};

/** Timeline entries that are not a status change, in the customer's words. */
const HEADLINES: Record<string, string> = {
  pay_now_link_resent: "Payment link sent again",
  pay_by_extended: "More time to pay: deadline extended",
  payment_reminder_sent: "Payment reminder sent",
  charge_retry_requested: "Löyly support asked for the payment to be tried again",
  refund_failed: "A refund did not go through: Löyly support is looking into it",
  missing_payment_setup: "No card to charge",
  "stripe.payment_intent.payment_failed": "Payment failed",
  "stripe.payment_intent.requires_action": "Your bank asked for authentication",
  "stripe.payment_method.detached": "Card removed",
};

const FAILURE_HEADLINES = new Set(["Payment failed", "Your bank asked for authentication"]);

const REFUND_STATUS: Record<string, string> = {
  PENDING: "pending",
  SUCCEEDED: "refunded",
  FAILED: "failed",
  CANCELED: "cancelled",
};

function field(data: unknown, key: string): unknown {
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
}
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function headline(event: TimelineEvent): string {
  if (event.type === "request") return "Booking requested";
  if (event.type === "refund") {
    const amount = field(event.data, "amount");
    const currency = str(field(event.data, "currency"));
    const status = REFUND_STATUS[str(field(event.data, "status")) ?? ""];
    if (typeof amount === "number" && currency) return `Refund of ${formatMoney(amount, currency)}${status ? ` (${status})` : ""}`;
    return "Refund";
  }
  if (event.toStatus === "PAYMENT_FAILED") {
    return str(field(event.data, "kind")) === "authentication_required" ? "Your bank asked for authentication" : "Payment failed";
  }
  const known = HEADLINES[event.type];
  if (known) return known;
  if (event.toStatus) return describeStatus(event.toStatus);
  return event.type.replace(/[_.]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

/**
 * What to say under the headline. People's own words (a host's message, a cancel reason) are
 * quoted; a payment provider's text is written for developers, so failures are said from
 * their codes in plain words and anything else from it is left out.
 */
function detail(event: TimelineEvent): string | null {
  if (event.type === "request") return null;
  const fromPaymentProvider = event.actorType === "STRIPE" || event.toStatus === "PAYMENT_FAILED" || event.type === "refund_failed" || event.type.startsWith("stripe.");
  if (fromPaymentProvider) {
    const code = str(field(event.data, "declineCode")) ?? str(field(event.data, "code"));
    return code ? (FAILURE_WORDS[code] ?? null) : null;
  }
  return event.reason ? `“${event.reason}”` : null;
}

/**
 * The booking's history, oldest first: who did what, when (in the listing's time zone). An
 * event that only repeats the one before it (the payment provider's notice of a failure the
 * booking already shows) is left out.
 */
export function BookingTimeline({ events, timeZone }: { events: readonly TimelineEvent[]; timeZone: string }) {
  const shown: { event: TimelineEvent; headline: string; detail: string | null }[] = [];
  for (const event of events) {
    const entry = { event, headline: headline(event), detail: detail(event) };
    const before = shown.at(-1);
    const repeatsFailure = before && FAILURE_HEADLINES.has(before.headline) && FAILURE_HEADLINES.has(entry.headline);
    if (before && event.type.startsWith("stripe.") && (before.headline === entry.headline || repeatsFailure)) continue;
    shown.push(entry);
  }
  return (
    <ol className="space-y-3 border-l-2 border-birch-300 pl-4">
      {shown.map(({ event, headline, detail }) => (
        <li key={event.id} className="relative">
          <span aria-hidden className="absolute -left-[1.4rem] top-1.5 size-2.5 rounded-full bg-pine-600" />
          <p className="font-medium text-pine-900">{headline}</p>
          <p className="text-sm text-pine-700">
            <time dateTime={event.at.toISOString()}>{formatInstant(event.at, timeZone)}</time> · {WHO[event.actorType]}
          </p>
          {detail ? <p className="text-sm text-pine-800">{detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}
