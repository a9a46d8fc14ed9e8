/**
 * The e-mail that tells one side of a booking's conversation about a new message, beside the
 * booking templates. The conversation module decides when one is due (at most one per
 * conversation and recipient in its quiet period); this writes and sends it. Like `notify`,
 * it never throws at the caller: the message is saved whether or not the e-mail goes out.
 */
import type { NotifyCtx } from "./index";
import { sendEmails, textBody, type EmailMessage } from "@/lib/email";
import { formatTimeRange } from "@/lib/time";

export interface MessageNotice {
  bookingId: string;
  /** Who wrote, and who is told. */
  from: "customer" | "host";
  authorName: string;
  recipient: { name: string; email: string };
  listingTitle: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  body: string;
  quietMinutes: number;
}

/** The longest excerpt quoted in the e-mail; the page has the whole message. */
const EXCERPT = 500;

export function newMessageEmail(notice: MessageNotice, link: (pathname: string) => string): EmailMessage {
  const page = notice.from === "customer" ? `/provider/bookings/${notice.bookingId}` : `/account/bookings/${notice.bookingId}`;
  const excerpt = notice.body.length > EXCERPT ? `${notice.body.slice(0, EXCERPT)}…` : notice.body;
  const quoted = excerpt
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  return {
    to: notice.recipient.email,
    bookingId: notice.bookingId,
    template: "conversation.new_message",
    subject: `New message from ${notice.authorName}: ${notice.listingTitle}`,
    text: textBody(
      `Hello ${notice.recipient.name},`,
      `${notice.authorName} wrote about the booking of ${notice.listingTitle}, ${formatTimeRange(notice.startsAt, notice.endsAt, notice.timeZone)} (${notice.timeZone}):`,
      quoted,
      `Read and answer the conversation: ${link(page)}`,
      `Further messages in the next ${notice.quietMinutes} minutes are not e-mailed one by one; you find them all on that page.`,
    ),
  };
}

export async function notifyNewMessage(ctx: NotifyCtx, notice: MessageNotice): Promise<void> {
  if (!ctx.mail.enabled) return;
  try {
    await sendEmails([newMessageEmail(notice, ctx.mail.link)], { db: ctx.db, at: ctx.clock.now() });
  } catch (error) {
    console.error(`[notifications] new message for ${notice.bookingId} failed:`, error);
  }
}
