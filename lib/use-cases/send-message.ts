/**
 * A customer or host writes in a booking's conversation: the message is saved, and the other
 * side is e-mailed unless they were e-mailed about this conversation within the quiet period.
 */
import type { Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { NOTICE_QUIET_MINUTES, postMessage } from "@/lib/conversations/messages";
import { notifyNewMessage } from "@/lib/notifications/messages";

export async function sendMessage(ctx: Pick<Ctx, "db" | "clock" | "mail">, actor: Actor, input: { bookingId: string; body: string }) {
  const posted = await postMessage(ctx.db, actor, { ...input, at: ctx.clock.now() });
  if (posted.notify) {
    const b = posted.booking;
    const author = posted.from === "customer" ? b.customer : b.listing.provider;
    const recipient = posted.from === "customer" ? b.listing.provider : b.customer;
    await notifyNewMessage(ctx, {
      bookingId: b.id,
      from: posted.from,
      authorName: author.name,
      recipient,
      listingTitle: b.listing.title,
      timeZone: b.listing.timeZone,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      body: posted.message.body,
      quietMinutes: NOTICE_QUIET_MINUTES,
    });
  }
  return posted;
}
