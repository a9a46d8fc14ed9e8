/**
 * Email. Every message is written to the `outbox_emails` table first, so operators can
 * always read what was sent. Then:
 * - SMTP_URL set: it is sent through nodemailer; the row becomes SENT, or FAILED with the
 *   error (the row is kept either way; a failed send never throws at the caller).
 * - SMTP_URL unset ("outbox only"): the row stays PENDING; the outbox is the delivery.
 *
 * Bodies are plain text; links are absolute, built from APP_URL with `appUrl()`.
 */
import type { Transporter } from "nodemailer";
import { prisma, type Db } from "@/lib/db";
import { insertRows, OUTBOX_EMAILS } from "@/lib/db/insert-rows";
import { getEnv } from "@/lib/env";
import type { OutboxEmail } from "@/lib/generated/prisma/client";
import { now } from "@/lib/clock";

export { appUrl } from "@/lib/env";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What kind of message this is, e.g. "booking.requested"; for operators and tests. */
  template: string;
  bookingId?: string;
}

export interface EmailTransport {
  send(message: { from: string; to: string; subject: string; text: string; html?: string }): Promise<void>;
}

export type DeliveryMode = "smtp" | "outbox";

export function deliveryMode(): DeliveryMode {
  return getEnv().SMTP_URL ? "smtp" : "outbox";
}

let transport: EmailTransport | undefined;

/** nodemailer over SMTP_URL, created on first use. */
async function smtpTransport(url: string): Promise<EmailTransport> {
  if (transport) return transport;
  const nodemailer = await import("nodemailer");
  const transporter: Transporter = nodemailer.createTransport(url);
  transport = {
    async send(message) {
      await transporter.sendMail(message);
    },
  };
  return transport;
}

/** Tests: replace the SMTP transport (undefined restores nodemailer). */
export function setEmailTransport(next: EmailTransport | undefined): void {
  transport = next;
}

export interface SendEmailOptions {
  db?: Db;
  /** Overrides SMTP_URL-based selection (tests). */
  transport?: EmailTransport;
  /** When the message was written (the caller's clock); default now(). */
  at?: Date;
}

/** Records the email in the outbox and delivers it when SMTP is configured. */
export async function sendEmail(message: EmailMessage, options: SendEmailOptions = {}): Promise<OutboxEmail> {
  const db = options.db ?? prisma;
  const env = getEnv();
  const row = await db.outboxEmail.create({
    data: {
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      template: message.template,
      bookingId: message.bookingId,
      status: "PENDING",
      createdAt: options.at ?? now(),
    },
  });

  const via = options.transport ?? (env.SMTP_URL ? await smtpTransport(env.SMTP_URL) : undefined);
  if (!via) return row;

  try {
    await via.send({
      from: env.EMAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    return await db.outboxEmail.update({
      where: { id: row.id },
      data: { status: "SENT", sentAt: now(), error: null },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`[email] sending "${message.subject}" to ${message.to} failed: ${reason}`);
    return db.outboxEmail.update({
      where: { id: row.id },
      data: { status: "FAILED", error: reason.slice(0, 2000) },
    });
  }
}

/**
 * Several messages at once (e.g. the customer's receipt and the provider's notice of one
 * payment). Outbox only: one INSERT for all rows (`insertRows`, lib/db/insert-rows.ts). With SMTP each message goes through
 * `sendEmail`, so every row is recorded, sent and marked on its own as before.
 */
export async function sendEmails(messages: readonly EmailMessage[], options: SendEmailOptions = {}): Promise<void> {
  if (messages.length === 0) return;
  const db = options.db ?? prisma;
  if (options.transport ?? getEnv().SMTP_URL) {
    for (const message of messages) await sendEmail(message, options);
    return;
  }
  const createdAt = options.at ?? now();
  await insertRows(
    db,
    OUTBOX_EMAILS,
    messages.map((message) => ({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      template: message.template,
      bookingId: message.bookingId,
      status: "PENDING" as const,
      createdAt,
    })),
  );
}

/** Plain-text body helper: paragraphs separated by blank lines, a sign-off. */
export function textBody(...paragraphs: (string | undefined | false)[]): string {
  return [...paragraphs.filter((p): p is string => Boolean(p)), "— Löyly"].join("\n\n") + "\n";
}

/** The newest outbox emails, for the operator page and tests. */
export function listOutbox(
  filter: { to?: string; bookingId?: string; template?: string; take?: number } = {},
  db: Db = prisma,
): Promise<OutboxEmail[]> {
  return db.outboxEmail.findMany({
    where: { to: filter.to, bookingId: filter.bookingId, template: filter.template },
    orderBy: { createdAt: "desc" },
    take: filter.take ?? 100,
  });
}
