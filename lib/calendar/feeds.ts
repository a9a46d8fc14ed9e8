/**
 * A host's private calendar feed: a secret URL their calendar app polls, with their accepted,
 * paid and completed bookings (the lifecycle's `isOnHostCalendar`). The token is shown once,
 * when made; only its SHA-256 is stored, so a lookup compares digests (a leaked database
 * gives no working URL). Resetting makes a new token and the old URL stops working.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { describeStatus, isOnHostCalendar, statusesWhere } from "@/lib/bookings/lifecycle";
import type { Db } from "@/lib/db";
import { NotAllowed } from "@/lib/errors";
import { feedIcs, type CalendarBooking } from "./ics";

/** 32 random bytes, base64url: 43 characters. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Bookings that ended longer ago than this are left out of the feed. */
export const FEED_PAST_DAYS = 90;

export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The feed's path for a token (the route is app/calendar/host/[feed]/route.ts). */
export function feedPath(token: string): string {
  return `/calendar/host/${token}.ics`;
}

function requireProvider(actor: Actor) {
  if (actor.role !== "PROVIDER") throw new NotAllowed("Only hosts have a calendar feed.");
}

/** Whether the host has a feed, and since when (the URL itself is not stored). */
export async function feedStatus(db: Db, actor: Actor): Promise<{ createdAt: Date } | null> {
  requireProvider(actor);
  return db.calendarFeed.findUnique({ where: { userId: actor.id }, select: { createdAt: true } });
}

/** Makes the host's feed token, replacing any earlier one; returns the token (shown once). */
export async function resetFeedToken(db: Db, actor: Actor, at: Date): Promise<string> {
  requireProvider(actor);
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashFeedToken(token);
  await db.calendarFeed.upsert({
    where: { userId: actor.id },
    create: { userId: actor.id, tokenHash, createdAt: at },
    update: { tokenHash, createdAt: at },
  });
  return token;
}

/** The feed for a token, or null when the token is not one of ours (or its host is suspended). */
export async function hostFeed(db: Db, token: string, at: Date, link: (pathname: string) => string): Promise<string | null> {
  if (!FEED_TOKEN_PATTERN.test(token)) return null;
  const feed = await db.calendarFeed.findUnique({
    where: { tokenHash: hashFeedToken(token) },
    select: { user: { select: { id: true, name: true, role: true, status: true } } },
  });
  if (!feed || feed.user.role !== "PROVIDER" || feed.user.status !== "ACTIVE") return null;
  const rows = await db.booking.findMany({
    where: {
      listing: { providerId: feed.user.id },
      status: { in: statusesWhere(isOnHostCalendar) },
      endsAt: { gte: new Date(at.getTime() - FEED_PAST_DAYS * 86_400_000) },
    },
    orderBy: { startsAt: "asc" },
    take: 2000,
    select: {
      id: true,
      status: true,
      startsAt: true,
      endsAt: true,
      guests: true,
      updatedAt: true,
      customer: { select: { name: true } },
      listing: { select: { title: true, address: true, city: true, timeZone: true } },
    },
  });
  const events: CalendarBooking[] = rows.map((b) => ({
    id: b.id,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    guests: b.guests,
    updatedAt: b.updatedAt,
    listing: b.listing,
    with: b.customer.name,
    url: link(`/provider/bookings/${b.id}`),
    statusLabel: describeStatus(b.status),
  }));
  return feedIcs(`Löyly: ${feed.user.name}'s saunas`, events);
}
