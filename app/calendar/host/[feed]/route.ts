import { headers } from "next/headers";
import { recordAttempt } from "@/lib/auth/throttle";
import { hostFeed } from "@/lib/calendar/feeds";
import { clientAddressFrom } from "@/lib/client-address";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { appUrl } from "@/lib/email";

const text = (body: string, status: number, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra } });

/**
 * A host's private iCal feed, `/calendar/host/<token>.ics`: no session (calendar apps have
 * none), the secret token is the key. Rate limited per client address; an unknown token is
 * a 404 like any other path.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ feed: string }> }) {
  const { feed } = await params;
  const h = await headers();
  const address = clientAddressFrom((name) => h.get(name)) ?? "unknown";
  const limit = await recordAttempt(prisma, [{ kind: "CALENDAR_FEED_ADDRESS", key: address }]);
  if (!limit.allowed) {
    return text("Too many calendar requests from this address; try again later.", 429, { "retry-after": String(Math.ceil(limit.retryAfterMs / 1000)) });
  }
  const token = feed.endsWith(".ics") ? feed.slice(0, -".ics".length) : feed;
  const ics = await hostFeed(prisma, token, now(), appUrl);
  if (ics === null) return text("This calendar feed does not exist. Make a new feed address on your bookings page.", 404);
  return new Response(ics, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="loyly-bookings.ics"',
      "cache-control": "private, no-store",
      "x-robots-tag": "noindex",
    },
  });
}
