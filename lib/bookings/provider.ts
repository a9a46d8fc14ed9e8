/**
 * The provider's side: the requests inbox, the accept / decline transitions (with an
 * optional message), the bookings list and a week calendar per listing. Only the listing's
 * provider may answer its requests; every status change goes through applyTransition. What
 * follows an answer (emails, charging at once) is the use case's (lib/use-cases).
 */
import type { Actor } from "@/lib/auth/actor";
import { now as clockNow } from "@/lib/clock";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import { addDays, zonedTimeToUtc, type LocalDate } from "@/lib/time";
import { chargeAtFor, payByFor, SLOT_HOLDING_STATUSES } from "./lifecycle";
import { explainingConflicts, explainMovedOn } from "./conflicts";
import { applyTransition, byUser } from "./transitions";

export const MAX_PROVIDER_MESSAGE = 1000;

type AnswerCtx = Pick<Ctx, "db" | "clock" | "lifecycle">;

function requireProvider(actor: Actor): void {
  if (actor.role !== "PROVIDER") throw new NotAllowed("Only the sauna's host can answer booking requests.");
}

/** The booking, if the actor is the provider of its listing. */
async function ownRequestOrThrow(db: Db, actor: Actor, bookingId: string) {
  requireProvider(actor);
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    select: { id: true, status: true, startsAt: true, requestExpiresAt: true, listing: { select: { providerId: true } } },
  });
  if (!booking) throw new NotFound("Booking");
  if (booking.listing.providerId !== actor.id) throw new NotAllowed("Only the sauna's host can answer this request.");
  // Answered, cancelled or expired meanwhile: say what it is now (not an error page).
  if (booking.status !== "REQUESTED") throw await explainMovedOn(db, booking.id, "answer");
  return booking;
}

function cleanMessage(message: string | undefined): string | null {
  const text = message?.trim();
  if (!text) return null;
  if (text.length > MAX_PROVIDER_MESSAGE) {
    throw new ValidationError("The message is too long.", { message: [`At most ${MAX_PROVIDER_MESSAGE} characters.`] });
  }
  return text;
}

function refuseIfExpired(booking: { requestExpiresAt: Date | null }, now: Date): void {
  if (booking.requestExpiresAt && booking.requestExpiresAt <= now) {
    throw new ValidationError("This request has expired and can no longer be answered.");
  }
}

export interface AcceptResult {
  bookingId: string;
  chargeAt: Date;
  payBy: Date;
  /** True when the charge is due now (inside the lead window): the caller charges at once. */
  chargeDue: boolean;
}

/** Accepts a request: ACCEPTED with chargeAt and payBy fixed now. No money moves here. */
export async function accept(ctx: AnswerCtx, actor: Actor, input: { bookingId: string; message?: string }): Promise<AcceptResult> {
  const { db, lifecycle: policy } = ctx;
  const now = ctx.clock.now();
  const booking = await ownRequestOrThrow(db, actor, input.bookingId);
  refuseIfExpired(booking, now);
  const message = cleanMessage(input.message);
  const chargeAt = chargeAtFor(now, booking.startsAt, policy);
  const payBy = payByFor(now, booking.startsAt, policy);
  // A concurrent answer or cancel wins the compare-and-set: explained, like the check above.
  await explainingConflicts(db, booking.id, "answer", () =>
    applyTransition(db, {
      bookingId: booking.id,
      event: "accept",
      actor: byUser(actor),
      reason: message ?? undefined,
      patch: { acceptedAt: now, chargeAt, payBy, providerMessage: message },
      expectedFrom: booking.status,
      at: now,
    }),
  );
  return { bookingId: booking.id, chargeAt, payBy, chargeDue: chargeAt <= now };
}

/** Declines a request: DECLINED, the slot is freed, nothing is charged. */
export async function decline(ctx: Pick<Ctx, "db" | "clock">, actor: Actor, input: { bookingId: string; message?: string }): Promise<void> {
  const { db } = ctx;
  const now = ctx.clock.now();
  const booking = await ownRequestOrThrow(db, actor, input.bookingId);
  const message = cleanMessage(input.message);
  await explainingConflicts(db, booking.id, "answer", () =>
    applyTransition(db, {
      bookingId: booking.id,
      event: "decline",
      actor: byUser(actor),
      reason: message ?? undefined,
      patch: { providerMessage: message },
      expectedFrom: booking.status,
      at: now,
    }),
  );
}

const listSelect = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  guests: true,
  totalAmount: true,
  subtotalAmount: true,
  feeAmount: true,
  refundedAmount: true,
  currency: true,
  requestExpiresAt: true,
  chargeAt: true,
  createdAt: true,
  listing: { select: { id: true, title: true, timeZone: true } },
  customer: { select: { name: true } },
} as const;

/** Requests waiting for this provider's answer, the ones expiring soonest first. */
export async function listProviderRequests(db: Db, actor: Actor, now: Date = clockNow()) {
  requireProvider(actor);
  return db.booking.findMany({
    where: {
      status: "REQUESTED",
      listing: { providerId: actor.id },
      OR: [{ requestExpiresAt: null }, { requestExpiresAt: { gt: now } }],
    },
    orderBy: [{ requestExpiresAt: "asc" }, { startsAt: "asc" }],
    select: listSelect,
  });
}

export type ProviderBookingFilter = "upcoming" | "past" | "all";

/** This provider's bookings (all statuses), upcoming first or most recent first. */
export async function listProviderBookings(db: Db, actor: Actor, filter: ProviderBookingFilter = "upcoming", now: Date = clockNow()) {
  requireProvider(actor);
  const when = filter === "upcoming" ? { endsAt: { gt: now } } : filter === "past" ? { endsAt: { lte: now } } : {};
  return db.booking.findMany({
    where: { listing: { providerId: actor.id }, ...when },
    orderBy: { startsAt: filter === "past" ? "desc" : "asc" },
    select: listSelect,
    take: 200,
  });
}

/** Slot-holding bookings of one of the provider's listings in the week starting `weekStart`. */
export async function listingWeek(db: Db, actor: Actor, listingId: string, weekStart: LocalDate) {
  requireProvider(actor);
  const listing = await db.listing.findUnique({
    where: { id: listingId },
    select: {
      id: true,
      title: true,
      timeZone: true,
      providerId: true,
      openingHours: { select: { weekday: true, opensAt: true, closesAt: true } },
    },
  });
  if (!listing || listing.providerId !== actor.id) throw new NotFound("Listing");
  const from = zonedTimeToUtc(weekStart, 0, listing.timeZone);
  const to = zonedTimeToUtc(addDays(weekStart, 7), 0, listing.timeZone);
  const bookings = await db.booking.findMany({
    where: { listingId, status: { in: [...SLOT_HOLDING_STATUSES] }, startsAt: { lt: to }, endsAt: { gt: from } },
    orderBy: { startsAt: "asc" },
    select: { id: true, status: true, startsAt: true, endsAt: true, guests: true, customer: { select: { name: true } } },
  });
  return { listing, bookings };
}

/**
 * One of this provider's requests that was answered, cancelled or expired before their
 * answer landed: what it is now, in the words the inbox shows. Null when it is not theirs.
 */
export async function requestMovedOn(db: Db, actor: Actor, bookingId: string) {
  if (actor.role !== "PROVIDER" || bookingId.length > 64) return null;
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    select: { id: true, listing: { select: { title: true, providerId: true } }, customer: { select: { name: true } } },
  });
  if (!booking || booking.listing.providerId !== actor.id) return null;
  const explained = await explainMovedOn(db, booking.id, "answer");
  return { id: booking.id, status: explained.status, message: explained.message, customerName: booking.customer.name, listingTitle: booking.listing.title };
}
