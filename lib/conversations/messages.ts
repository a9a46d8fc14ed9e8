/**
 * A conversation per booking between its customer and its listing's host, from the request
 * on. Only those two may write; they and operators may read. Everyone else gets NotFound
 * (no existence leak), checked here on every call, whoever calls.
 *
 * E-mail about new messages is throttled per conversation and recipient: one e-mail, then
 * quiet for `NOTICE_QUIET_MINUTES`; messages in that time are folded into it (the e-mail
 * links to the whole conversation). The claim is one SQL statement, so two messages sent at
 * once never both e-mail.
 */
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import { NotFound, ValidationError } from "@/lib/errors";
import { isCleanText } from "@/lib/validation";
import { MAX_MESSAGE_LENGTH } from "./limits";

export const NOTICE_QUIET_MINUTES = 15;

export type Side = "customer" | "host";

const participantsSelect = {
  id: true,
  customerId: true,
  startsAt: true,
  endsAt: true,
  customer: { select: { id: true, name: true, email: true } },
  listing: { select: { title: true, timeZone: true, providerId: true, provider: { select: { id: true, name: true, email: true } } } },
} as const;

async function loadParticipants(db: Db, bookingId: string) {
  const booking = await db.booking.findUnique({ where: { id: bookingId }, select: participantsSelect });
  if (!booking) throw new NotFound("Booking");
  return booking;
}
export type Participants = Awaited<ReturnType<typeof loadParticipants>>;

/** The actor's side of the booking's conversation, or null when it is not theirs. */
export function sideOf(actor: Actor, booking: { customerId: string; listing: { providerId: string } }): Side | null {
  if (actor.role === "CUSTOMER" && booking.customerId === actor.id) return "customer";
  if (actor.role === "PROVIDER" && booking.listing.providerId === actor.id) return "host";
  return null;
}

export interface ConversationMessage {
  id: string;
  body: string;
  createdAt: Date;
  side: Side;
  authorName: string;
}

/** The booking's messages, oldest first. Its customer, its host and operators may read them. */
export async function listMessages(db: Db, actor: Actor, bookingId: string): Promise<ConversationMessage[]> {
  const booking = await loadParticipants(db, bookingId);
  if (actor.role !== "OPERATOR" && sideOf(actor, booking) === null) throw new NotFound("Booking");
  const rows = await db.message.findMany({
    where: { bookingId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, body: true, createdAt: true, authorId: true, author: { select: { name: true } } },
  });
  return rows.map((m) => ({
    id: m.id,
    body: m.body,
    createdAt: m.createdAt,
    side: m.authorId === booking.customerId ? "customer" : "host",
    authorName: m.author.name,
  }));
}

/** The same rules as the form's schema, for callers that do not come through a form. */
export function cleanMessageBody(body: string): string {
  const trimmed = body.trim();
  if (!isCleanText(trimmed)) throw new ValidationError("Remove the control characters from the message.", { message: ["Remove the control characters from the message."] });
  if (trimmed.length === 0) throw new ValidationError("Write a message first.", { message: ["Write a message first."] });
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    throw new ValidationError(`A message can be at most ${MAX_MESSAGE_LENGTH} characters.`, { message: [`At most ${MAX_MESSAGE_LENGTH} characters.`] });
  }
  return trimmed;
}

export interface PostedMessage {
  message: { id: string; body: string; createdAt: Date };
  booking: Participants;
  from: Side;
  /** True when this message is the one that e-mails the other side (the quiet period had passed). */
  notify: boolean;
}

/**
 * Writes a message from the booking's customer or host (operators read, they do not write)
 * and decides, atomically, whether it e-mails the other side.
 */
export async function postMessage(db: Db, actor: Actor, input: { bookingId: string; body: string; at: Date }): Promise<PostedMessage> {
  const booking = await loadParticipants(db, input.bookingId);
  const from = sideOf(actor, booking);
  if (from === null) throw new NotFound("Booking");
  const body = cleanMessageBody(input.body);
  const recipientId = from === "customer" ? booking.listing.providerId : booking.customerId;
  const quietSince = new Date(input.at.getTime() - NOTICE_QUIET_MINUTES * 60_000);

  return db.$transaction(async (tx) => {
    const message = await tx.message.create({
      data: { bookingId: booking.id, authorId: actor.id, body, createdAt: input.at },
      select: { id: true, body: true, createdAt: true },
    });
    // Takes the notice when none was sent in the quiet period: one statement, so of two
    // messages at once exactly one gets a row back.
    const claimed = await tx.$queryRaw<{ booking_id: string }[]>`
      INSERT INTO conversation_notices (booking_id, recipient_id, last_sent_at)
      VALUES (${booking.id}, ${recipientId}, ${input.at})
      ON CONFLICT (booking_id, recipient_id) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at
      WHERE conversation_notices.last_sent_at <= ${quietSince}
      RETURNING booking_id`;
    return { message, booking, from, notify: claimed.length > 0 };
  });
}
