/**
 * The one place a booking changes status. `applyTransition` checks the lifecycle
 * (lifecycle.ts), writes the new status only if nobody changed it meanwhile
 * (a compare-and-set on the status column), and appends the timeline event (who, when,
 * from, to, why) in the same transaction.
 */
import type { Db } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import type { ActorType, BookingStatus } from "@/lib/generated/prisma/enums";
import { Conflict, NotFound } from "@/lib/errors";
import { InvalidTransition, transition, type BookingEventName } from "./lifecycle";

/** Who a timeline event is by: a user in one of their roles, the system (cron), or Stripe. */
export interface EventActor {
  type: ActorType;
  /** The user acting; null for the system and Stripe. */
  id?: string | null;
}

export const SYSTEM: EventActor = { type: "SYSTEM" };
export const STRIPE: EventActor = { type: "STRIPE" };

/** The timeline author for a signed-in user, in the role they act in. */
export function byUser(user: Actor): EventActor {
  return { type: user.role, id: user.id };
}

export interface TransitionArgs {
  bookingId: string;
  event: BookingEventName;
  actor: EventActor;
  reason?: string;
  data?: Prisma.InputJsonValue;
  /** Other columns to set in the same write (e.g. acceptedAt, chargeAt). */
  patch?: Prisma.BookingUncheckedUpdateManyInput;
  /** Only when the booking is in one of these (narrower than the lifecycle allows). */
  onlyFrom?: readonly BookingStatus[];
  /**
   * The status the caller already knows the booking is in (e.g. CHARGING for the worker
   * holding its claim): saves the read. The compare-and-set still refuses (ConcurrentChange)
   * if the booking is no longer in it.
   */
  expectedFrom?: BookingStatus;
  at?: Date;
}

export interface TransitionResult {
  from: BookingStatus;
  to: BookingStatus;
}

/** Thrown when another writer changed the booking between our read and our write. A Conflict: forms show its message. */
export class ConcurrentChange extends Conflict {
  override readonly name = "ConcurrentChange";
  constructor(readonly bookingId: string) {
    super("This booking was just changed by someone else. Reload the page to see its current state.");
  }
}

/**
 * Moves a booking along `args.event`. Pass a transaction client to make it part of a larger
 * write; with the root client it opens its own transaction.
 */
export async function applyTransition(db: Db, args: TransitionArgs): Promise<TransitionResult> {
  if (isRootClient(db)) return db.$transaction((tx) => applyTransition(tx, args));

  let from = args.expectedFrom;
  if (from === undefined) {
    const booking = await db.booking.findUnique({ where: { id: args.bookingId }, select: { status: true } });
    if (!booking) throw new NotFound("Booking");
    from = booking.status;
  }
  if (args.onlyFrom && !args.onlyFrom.includes(from)) throw new InvalidTransition(args.event, from);
  const to = transition(from, args.event);

  const { count } = await db.booking.updateMany({
    where: { id: args.bookingId, status: from },
    data: { ...args.patch, status: to },
  });
  if (count !== 1) throw new ConcurrentChange(args.bookingId);

  await db.bookingEvent.create({
    data: {
      bookingId: args.bookingId,
      at: args.at,
      actorType: args.actor.type,
      actorId: args.actor.id ?? null,
      type: args.event,
      fromStatus: from,
      toStatus: to,
      reason: args.reason ?? null,
      data: args.data ?? Prisma.JsonNull,
    },
  });
  return { from, to };
}

/** A timeline entry that is not a status change (an email sent, a payment attempt, a note). */
export async function recordBookingEvent(
  db: Db,
  args: { bookingId: string; type: string; actor: EventActor; reason?: string; data?: Prisma.InputJsonValue; at?: Date },
): Promise<void> {
  await db.bookingEvent.create({
    data: {
      bookingId: args.bookingId,
      at: args.at,
      actorType: args.actor.type,
      actorId: args.actor.id ?? null,
      type: args.type,
      reason: args.reason ?? null,
      data: args.data ?? Prisma.JsonNull,
    },
  });
}

/**
 * Prisma 7 transaction clients keep `$transaction` (nested transactions), so that cannot tell
 * them apart; `$connect` is on the deny list of transaction clients and only on the root one.
 */
function isRootClient(db: Db): db is PrismaClient {
  return "$connect" in db && typeof (db as PrismaClient).$connect === "function";
}
