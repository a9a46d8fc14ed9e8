/**
 * Stripe webhooks: verify, record, dispatch.
 *
 * - The signature is checked on the raw body with STRIPE_WEBHOOK_SECRET, and its timestamp
 *   must be within five minutes of now in either direction (envelope.ts); a bad, missing,
 *   replayed or future-dated one is a 400 and nothing is written.
 * - A signed event without the envelope of a Stripe event (`id`, `type`, `data.object.id`)
 *   is malformed: 400, nothing written.
 * - Each event id is processed once: the WebhookEvent row is inserted FIRST (primary key =
 *   event id). A duplicate of a processed event answers 200 at once; one still being
 *   processed elsewhere answers 409 so Stripe delivers it again later; a failed one is
 *   taken over and processed again.
 * - One handler per type (the table below, one file each); unhandled types get 200.
 * - Handlers re-read the object from Stripe rather than trust event order.
 * - An event about an object that is not ours (unknown to Stripe, or no booking here) is
 *   acknowledged with 200 and the row's note says why: retrying it would never help.
 * - A handler error answers 500 (Stripe retries) and the row says FAILED with the error.
 */
import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Ctx } from "@/lib/context";
import { accountUpdated } from "./account.updated";
import { chargeRefunded } from "./charge.refunded";
import { chargeRefundUpdated } from "./charge.refund.updated";
import { StripeCallFailed } from "@/lib/stripe/errors";
import { envelopeProblem, signatureTimeProblem } from "./envelope";
import { NotOurs, type WebhookHandler } from "./handler";
import { paymentIntentPaymentFailed } from "./payment_intent.payment_failed";
import { paymentIntentRequiresAction } from "./payment_intent.requires_action";
import { paymentIntentSucceeded } from "./payment_intent.succeeded";
import { paymentMethodDetached } from "./payment_method.detached";
import { payoutChanged } from "./payout";
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
  "account.updated": accountUpdated,
  "payout.paid": payoutChanged,
  "payout.failed": payoutChanged,
  "payout.updated": payoutChanged,
  "payout.canceled": payoutChanged,
};

/** After this long a PROCESSING row is considered abandoned (a crashed instance) and taken over. */
const PROCESSING_STALE_MS = 5 * 60_000;

export interface WebhookInput {
  payload: string;
  signature: string | null;
  secret: string | undefined;
  /** The Connect endpoint's secret, when connected accounts' events are signed with one of their own. */
  connectSecret?: string;
  /** Real time (ms) to check the signature's timestamp against; defaults to Date.now(). */
  nowMs?: number;
}

export interface WebhookResponse {
  status: number;
  body: { received: boolean; id?: string; type?: string; duplicate?: boolean; handled?: boolean; ignored?: boolean; note?: string; error?: string };
}

export async function handleStripeWebhook(ctx: Ctx, input: WebhookInput): Promise<WebhookResponse> {
  if (!input.secret) {
    console.error("[webhook] STRIPE_WEBHOOK_SECRET is not configured: refusing events");
    return { status: 500, body: { received: false, error: "webhook secret not configured" } };
  }
  if (!input.signature) return { status: 400, body: { received: false, error: "missing Stripe-Signature header" } };

  let event: Stripe.Event;
  try {
    event = constructWithEither(ctx, input.payload, input.signature, [input.secret, input.connectSecret]);
  } catch (error) {
    // A correct signature over a body that is not JSON: malformed, not forged.
    const malformed = error instanceof SyntaxError;
    return { status: 400, body: { received: false, error: malformed ? "malformed event: the body is not JSON" : "invalid signature" } };
  }
  // Signature clocks use real time (the signer's), never the app's test clock. The SDK
  // refuses old timestamps; a future one is refused here.
  const timeProblem = signatureTimeProblem(input.signature, input.nowMs ?? Date.now());
  if (timeProblem) return { status: 400, body: { received: false, error: `invalid signature: ${timeProblem}` } };
  const shapeProblem = envelopeProblem(event);
  if (shapeProblem) {
    console.warn(`[webhook] refused a malformed event: ${shapeProblem}`);
    return { status: 400, body: { received: false, error: `malformed event: ${shapeProblem}` } };
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
      data: { status: "PROCESSED", processedAt: ctx.clock.now(), error: null, note: note.slice(0, 2000), ...(handler ? {} : { error: note }) },
    });
    return { status: 200, body: { received: true, id: event.id, type: event.type, handled: Boolean(handler), note } };
  } catch (error) {
    const notOurs = notOursReason(error);
    if (notOurs) {
      const note = `not ours: ${notOurs}`;
      console.info(`[webhook] ${event.type} ${event.id} acknowledged, ${note}`);
      await ctx.db.webhookEvent.update({
        where: { id: event.id },
        data: { status: "PROCESSED", processedAt: ctx.clock.now(), error: null, note: note.slice(0, 2000) },
      });
      return { status: 200, body: { received: true, id: event.id, type: event.type, handled: false, ignored: true, note } };
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[webhook] ${event.type} ${event.id} failed:`, error);
    await ctx.db.webhookEvent.update({ where: { id: event.id }, data: { status: "FAILED", error: message.slice(0, 2000) } });
    return { status: 500, body: { received: false, id: event.id, error: "handler failed; Stripe will retry" } };
  }
}

/** Verifies with the platform secret, else the Connect endpoint's; throws the last failure. */
function constructWithEither(ctx: Ctx, payload: string, signature: string, secrets: (string | undefined)[]): Stripe.Event {
  let failure: unknown;
  for (const secret of secrets) {
    if (!secret) continue;
    try {
      return ctx.stripe.constructEvent(payload, signature, secret);
    } catch (error) {
      if (error instanceof SyntaxError) throw error;
      failure = error;
    }
  }
  throw failure;
}

/**
 * Why an event is about something that is not ours, or null. Stripe answering "no such
 * object" (404, resource_missing) to our re-read means the object is not on this account:
 * retrying would never find it.
 */
function notOursReason(error: unknown): string | null {
  if (error instanceof NotOurs) return error.message;
  if (error instanceof StripeCallFailed && (error.failure.code === "resource_missing" || error.failure.statusCode === 404)) {
    return `Stripe does not know it (${error.failure.message})`;
  }
  return null;
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
