/** What every webhook handler gets and returns. */
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";

/**
 * The event is about an object that is not ours: unknown to Stripe on this account, or
 * known there but belonging to no booking or card here (another integration on the same
 * account, a test in the dashboard). Acknowledged with 200 so Stripe stops retrying, and
 * the reason is stored with the event.
 */
export class NotOurs extends Error {
  readonly name = "NotOurs";
}

/** Handles one verified event; returns a short note of what it did (stored with the event). */
export type WebhookHandler<T extends Stripe.Event = Stripe.Event> = (event: T, ctx: Ctx) => Promise<string>;

/** The booking a PaymentIntent belongs to: by its metadata, else by our stored id. */
export async function bookingIdForPaymentIntent(ctx: Ctx, pi: { id: string; metadata?: Stripe.Metadata | null }): Promise<string | null> {
  const fromMetadata = pi.metadata?.booking_id;
  if (fromMetadata) return fromMetadata;
  const booking = await ctx.db.booking.findUnique({ where: { stripePaymentIntentId: pi.id }, select: { id: true } });
  return booking?.id ?? null;
}

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;
