/**
 * A status change that no longer applies is a normal outcome, not a failure: the host
 * answers a request the customer cancelled a second ago, two tabs accept the same request,
 * an operator cancels a booking the scheduled pass just charged. The lifecycle refuses the
 * change (InvalidTransition) or the compare-and-set loses (ConcurrentChange); here that
 * becomes a `BookingMovedOn` whose message says, from the booking as it is now, what
 * happened ("This request was already accepted", "The customer cancelled this request").
 * It is a Conflict, so every server action shows it as the form's message.
 */
import type { Db } from "@/lib/db";
import { Conflict } from "@/lib/errors";
import type { ActorType, BookingStatus } from "@/lib/generated/prisma/enums";
import { canCancelWithRefund, describeStatus, InvalidTransition, isChargeInProgress, isPaid } from "./lifecycle";
import { ConcurrentChange } from "./transitions";

/** Whose words the message is in: the host answering a request, the customer, an operator. */
export type Perspective = "answer" | "customer" | "operator";

export class BookingMovedOn extends Conflict {
  constructor(
    readonly bookingId: string,
    /** The booking's status now. */
    readonly status: BookingStatus,
    message: string,
  ) {
    super(message);
  }
}

export function isTransitionConflict(error: unknown): error is InvalidTransition | ConcurrentChange {
  return error instanceof InvalidTransition || error instanceof ConcurrentChange;
}

const lower = (status: BookingStatus) => describeStatus(status).toLowerCase();

function whoCancelled(actor: ActorType | null): string {
  switch (actor) {
    case "CUSTOMER":
      return "The customer cancelled";
    case "OPERATOR":
      return "Löyly's support cancelled";
    default:
      return "Someone cancelled";
  }
}

/** What to tell `perspective` about a booking found in `status` (pure: for tests and pages). */
export function movedOnMessage(perspective: Perspective, status: BookingStatus, cancelledBy: ActorType | null = null): string {
  if (perspective === "answer") {
    switch (status) {
      case "REQUESTED":
        return "This request was just changed by someone else. Please try again.";
      case "DECLINED":
        return "This request was already answered: it was declined.";
      case "CANCELLED":
        return `${whoCancelled(cancelledBy)} this request.`;
      case "EXPIRED":
        return "This request expired before it was answered.";
      case "ACCEPTED":
        return "This request was already answered: it was accepted.";
      default:
        return `This request was already answered: it was accepted and the booking is now ${lower(status)}.`;
    }
  }
  if (perspective === "customer") {
    switch (status) {
      case "CANCELLED":
        return `This booking is already cancelled${cancelledBy === "CUSTOMER" || cancelledBy === null ? "" : ` (${whoCancelled(cancelledBy).toLowerCase()} it)`}.`;
      case "DECLINED":
        return "The host declined this request, so there is nothing to cancel.";
      case "EXPIRED":
        return "This request expired without an answer, so there is nothing to cancel.";
      case "PAYMENT_EXPIRED":
        return "This booking was already cancelled for non-payment.";
      case "CANCELLED_PAID":
        return "This booking is already cancelled; its refund is shown on the booking page.";
      default:
        if (isChargeInProgress(status)) return "A payment for this booking is in progress. Please try again in a minute.";
        if (canCancelWithRefund(status)) return "This booking was paid meanwhile. Reload the page to see what cancelling it now refunds.";
        if (isPaid(status)) return `This booking is ${lower(status)} now, so it can no longer be cancelled here. Contact support for a refund.`;
        return `This booking was just changed: it is now ${lower(status)}. Please check it and try again.`;
    }
  }
  if (status === "CANCELLED") return `${whoCancelled(cancelledBy)} this booking meanwhile. Nothing else was done.`;
  return `This booking was just changed: it is now ${lower(status)}. Nothing was done; check it and try again.`;
}

/** The booking as it is now, explained to `perspective`. */
export async function explainMovedOn(db: Db, bookingId: string, perspective: Perspective): Promise<BookingMovedOn> {
  const booking = await db.booking.findUnique({ where: { id: bookingId }, select: { status: true } });
  if (!booking) return new BookingMovedOn(bookingId, "CANCELLED", "This booking no longer exists.");
  let cancelledBy: ActorType | null = null;
  if (booking.status === "CANCELLED") {
    const event = await db.bookingEvent.findFirst({
      where: { bookingId, type: "cancel" },
      orderBy: { at: "desc" },
      select: { actorType: true },
    });
    cancelledBy = event?.actorType ?? null;
  }
  return new BookingMovedOn(bookingId, booking.status, movedOnMessage(perspective, booking.status, cancelledBy));
}

/**
 * Runs `write` (which moves the booking); a refused or lost transition becomes the
 * explained `BookingMovedOn`. Anything else is rethrown as is.
 */
export async function explainingConflicts<T>(db: Db, bookingId: string, perspective: Perspective, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isTransitionConflict(error)) throw await explainMovedOn(db, bookingId, perspective);
    throw error;
  }
}
