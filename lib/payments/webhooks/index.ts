/**
 * Stripe webhooks: verify, record, dispatch.
 *
 * - The signature is checked on the raw body with STRIPE_WEBHOOK_SECRET; a bad or missing
 *   one is a 400 and nothing is written.
 * - Each event id is processed once: the WebhookEvent row is inserted FIRST (primary key =
 *   event id). A duplicate of a processed event answers 200 at once; one still being
 *   processed elsewhere answers 409 so Stripe delivers it again later; a failed one is
 *   taken over and processed again.
 * - One handler per type (the table below, one file each); unhandled types get 200.
 * - Handlers re-read the object from Stripe rather than trust event order.
 * - A handler error answers 500 (Stripe retries) and the row says FAILED with the error.
 */
import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Ctx } from "@/lib/context";
import { chargeRefunded } from "./charge.refunded";
import { chargeRefundUpdated } from "./charge.refund.updated";
import type { WebhookHandler } from "./handler";
import { paymentIntentPaymentFailed } from "./payment_intent.payment_failed";
import { paymentIntentRequiresAction } from "./payment_intent.requires_action";
import { paymentIntentSucceeded } from "./payment_intent.succeeded";
import { paymentMethodDetached } from "./payment_method.detached";
import { setupIntentSetupFailed } from "./setup_intent.setup_failed";
import { setupIntentSucceeded } from "./setup_intent.succeeded";

type HandlerTable = { [T in Stripe.Event.Type]?: WebhookHandler<Extract<Stripe.Event, { type: T }>> };

export const WEBHOOK_HANDLERS: HandlerTable = {
  "payment_intent.succeeded": paymentIntentSucceeded,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
  "payment_intent.requires_action": paymentIntentRequiresAction,
  "setup_intent.succeeded": setupIntentSucceeded,
  "setup_intent.setup_failed": setupIntentSetupFailed,
  "charge.refunded": chargeRefunded,
  "charge.refund.updated": chargeRefundUpdated,
  "payment_method.detached": paymentMethodDetached,
};

/** After this long a PROCESSING row is considered abandoned (a crashed instance) and taken over. */
const PROCESSING_STALE_MS = 5 * 60_000;

export interface WebhookInput {
  payload: string;
  signature: string | null;
  secret: string | undefined;
}

export interface WebhookResponse {
  status: number;
  body: { received: boolean; id?: string; type?: string; duplicate?: boolean; handled?: boolean; note?: string; error?: string };
}

export async function handleStripeWebhook(ctx: Ctx, input: WebhookInput): Promise<WebhookResponse> {
  if (!input.secret) {
    console.error("[webhook] STRIPE_WEBHOOK_SECRET is not configured: refusing events");
    return { status: 500, body: { received: false, error: "webhook secret not configured" } };
  }
  if (!input.signature) return { status: 400, body: { received: false, error: "missing Stripe-Signature header" } };

  let event: Stripe.Event;
  try {
    event = ctx.stripe.constructEvent(input.payload, input.signature, input.secret);
  } catch {
    return { status: 400, body: { received: false, error: "invalid signature" } };
  }

  const claimed = await claimEvent(ctx, event);
  if (claimed === "processed") return { status: 200, body: { received: true, id: event.id, type: event.type, duplicate: true } };
  if (claimed === "in_progress") {
    return { status: 409, body: { received: false, id: event.id, error: "this event is being processed; deliver it again later" } };
  }

  const handler = WEBHOOK_HANDLERS[event.type] as WebhookHandler | undefined;
  try {
    const note = handler ? await handler(event, ctx) : "unhandled type";
    await ctx.db.webhookEvent.update({
      where: { id: event.id },
      data: { status: "PROCESSED", processedAt: ctx.clock.now(), error: null, ...(handler ? {} : { error: note }) },
    });
    return { status: 200, body: { received: true, id: event.id, type: event.type, handled: Boolean(handler), note } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[webhook] ${event.type} ${event.id} failed:`, error);
    await ctx.db.webhookEvent.update({ where: { id: event.id }, data: { status: "FAILED", error: message.slice(0, 2000) } });
    return { status: 500, body: { received: false, id: event.id, error: "handler failed; Stripe will retry" } };
  }
}

/** Insert-first: the row is ours to process, or says why not. */
async function claimEvent(ctx: Ctx, event: Stripe.Event): Promise<"ours" | "processed" | "in_progress"> {
  try {
    await ctx.db.webhookEvent.create({
      data: { id: event.id, type: event.type, status: "PROCESSING", payload: event as unknown as Prisma.InputJsonValue, receivedAt: ctx.clock.now() },
    });
    return "ours";
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const existing = await ctx.db.webhookEvent.findUnique({ where: { id: event.id }, select: { status: true, receivedAt: true } });
  if (!existing || existing.status === "PROCESSED") return "processed";
  const staleBefore = new Date(ctx.clock.now().getTime() - PROCESSING_STALE_MS);
  const { count } = await ctx.db.webhookEvent.updateMany({
    where: {
      id: event.id,
      OR: [{ status: "FAILED" }, { status: "PROCESSING", receivedAt: { lt: staleBefore } }],
    },
    data: { status: "PROCESSING", receivedAt: ctx.clock.now() },
  });
  return count === 1 ? "ours" : "in_progress";
}
