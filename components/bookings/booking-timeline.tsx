import { describeStatus } from "@/lib/bookings/lifecycle";
import type { ActorType, BookingStatus } from "@/lib/generated/prisma/enums";
import { formatInstant } from "@/lib/time";

export interface TimelineEvent {
  id: string;
  at: Date;
  actorType: ActorType;
  type: string;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus | null;
  reason: string | null;
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
};

function headline(event: TimelineEvent): string {
  if (event.type === "request") return "Booking requested";
  const known = HEADLINES[event.type];
  if (known) return known;
  if (event.toStatus) return describeStatus(event.toStatus);
  return event.type.replace(/[_.]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

/** The booking's history, oldest first: who did what, when (in the listing's time zone). */
export function BookingTimeline({ events, timeZone }: { events: readonly TimelineEvent[]; timeZone: string }) {
  return (
    <ol className="space-y-3 border-l-2 border-birch-300 pl-4">
      {events.map((event) => (
        <li key={event.id} className="relative">
          <span aria-hidden className="absolute -left-[1.4rem] top-1.5 size-2.5 rounded-full bg-pine-600" />
          <p className="font-medium text-pine-900">{headline(event)}</p>
          <p className="text-sm text-pine-700">
            <time dateTime={event.at.toISOString()}>{formatInstant(event.at, timeZone)}</time> · {WHO[event.actorType]}
          </p>
          {event.reason && event.type !== "request" ? <p className="text-sm text-pine-800">“{event.reason}”</p> : null}
        </li>
      ))}
    </ol>
  );
}
