/**
 * Every email, through one signature: `notify(ctx, notice, booking, extra?)`. The booking is
 * given as its id (read fresh, after the caller's transaction committed) or as a
 * `MailBooking` the caller already holds (the charge engine's claim), and the notice's
 * messages (templates.ts) are recorded with one write through lib/email (outbox, and SMTP
 * when configured).
 *
 * Sending never throws at the caller: a committed change (a payment, a cancellation) must
 * not look failed because a mail server or the outbox insert hiccuped. Failures are logged.
 */
import type { Ctx } from "@/lib/context";
import { sendEmails, type EmailMessage } from "@/lib/email";
import { loadMailBooking, type MailBooking } from "./booking";
import { operatorAlert, TEMPLATES, type Notice, type NoticeExtras } from "./templates";

export type { MailBooking } from "./booking";
export { loadMailBooking, MAIL_BOOKING_SELECT } from "./booking";
export type { Notice } from "./templates";

export type NotifyCtx = Pick<Ctx, "db" | "mail" | "clock">;

type ExtraArgs<N extends Notice> = NoticeExtras[N] extends undefined ? [] : [extra: NoticeExtras[N]];

export async function notify<N extends Notice>(ctx: NotifyCtx, notice: N, booking: MailBooking | string, ...extra: ExtraArgs<N>): Promise<void> {
  if (!ctx.mail.enabled) return;
  const bookingId = typeof booking === "string" ? booking : booking.id;
  try {
    const b = typeof booking === "string" ? await loadMailBooking(ctx.db, booking) : booking;
    if (!b) return;
    const template = TEMPLATES[notice] as (b: MailBooking, links: NotifyCtx["mail"], extra: NoticeExtras[N] | undefined) => EmailMessage[];
    await deliver(ctx, template(b, ctx.mail, extra[0]));
  } catch (error) {
    console.error(`[notifications] ${notice} for ${bookingId} failed:`, error);
  }
}

/**
 * One notice for several bookings the caller already holds (the charge engine's paid batch):
 * every message in one write. Never throws, like `notify`.
 */
export async function notifyMany<N extends Notice>(
  ctx: NotifyCtx,
  notice: N,
  bookings: readonly MailBooking[],
  ...extra: ExtraArgs<N>
): Promise<void> {
  if (!ctx.mail.enabled || bookings.length === 0) return;
  try {
    const template = TEMPLATES[notice] as (b: MailBooking, links: NotifyCtx["mail"], extra: NoticeExtras[N] | undefined) => EmailMessage[];
    await deliver(ctx, bookings.flatMap((b) => template(b, ctx.mail, extra[0])));
  } catch (error) {
    console.error(`[notifications] ${notice} for ${bookings.length} bookings failed:`, error);
  }
}

/** Something a person must look at (invalid requests, reconcile anomalies, money for a closed booking). */
export async function alertOperator(ctx: NotifyCtx, alert: { bookingId?: string; subject: string; details: string[] }): Promise<void> {
  if (!ctx.mail.enabled) return;
  try {
    await deliver(ctx, [operatorAlert(ctx.mail, ctx.mail.operatorEmail, alert)]);
  } catch (error) {
    console.error(`[notifications] operator alert "${alert.subject}" failed:`, error);
  }
}

async function deliver(ctx: NotifyCtx, messages: EmailMessage[]): Promise<void> {
  await sendEmails(messages, { db: ctx.db, at: ctx.clock.now() });
}
