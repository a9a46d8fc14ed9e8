/**
 * Saving cards for off-session charges: the customer's Stripe customer (created once per
 * user and reused), SetupIntents with `usage: off_session`, and the server-side check of a
 * SetupIntent the browser says it confirmed.
 */
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import { NotFound, ValidationError } from "@/lib/errors";
import { StripeCallFailed } from "@/lib/stripe/errors";

export type StripeCtx = Pick<Ctx, "db" | "stripe">;

/**
 * The user's Stripe customer id, creating the customer the first time. The idempotency key
 * makes concurrent first calls create one customer; the guarded update keeps the first id.
 */
export async function ensureStripeCustomer(ctx: StripeCtx, userId: string): Promise<string> {
  const { db } = ctx;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, stripeCustomerId: true },
  });
  if (!user) throw new NotFound("Account");
  if (user.stripeCustomerId) return user.stripeCustomerId;

  const customer = await ctx.stripe.createCustomer(user);
  await db.user.updateMany({ where: { id: user.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const saved = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } });
  return saved.stripeCustomerId ?? customer.id;
}

export interface CreatedSetupIntent {
  id: string;
  clientSecret: string;
  customerId: string;
}

/** A SetupIntent to save a card of this user for later off-session charges. */
export async function createSetupIntent(ctx: StripeCtx, userId: string): Promise<CreatedSetupIntent> {
  const customerId = await ensureStripeCustomer(ctx, userId);
  const intent = await ctx.stripe.createSetupIntent({ customerId, userId });
  if (!intent.client_secret) throw new Error(`SetupIntent ${intent.id} has no client secret`);
  return { id: intent.id, clientSecret: intent.client_secret, customerId };
}

/** A card as we mirror it from Stripe. */
export interface CardDetails {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export class SetupNotConfirmed extends ValidationError {
  constructor(message = "Your card could not be saved. Please enter it again.") {
    super(message, { payment: [message] });
  }
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

export function cardDetailsOf(pm: Stripe.PaymentMethod): CardDetails {
  if (pm.type !== "card" || !pm.card) throw new SetupNotConfirmed("Only cards can be saved.");
  return {
    paymentMethodId: pm.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
}

/**
 * Re-reads a SetupIntent the browser confirmed and checks everything we rely on later:
 * it succeeded, for this user's Stripe customer, for off-session use, and its card is
 * attached to that customer. Never trusts what the browser says about it.
 */
export async function verifyConfirmedSetupIntent(
  ctx: StripeCtx,
  setupIntentId: string,
  expected: { userId: string; customerId: string },
): Promise<CardDetails> {
  let intent: Stripe.SetupIntent;
  try {
    intent = await ctx.stripe.retrieveSetupIntent(setupIntentId);
  } catch (error) {
    if (error instanceof StripeCallFailed && error.failure.statusCode === 404) throw new SetupNotConfirmed();
    throw error;
  }
  if (idOf(intent.customer) !== expected.customerId || intent.metadata?.user_id !== expected.userId) {
    throw new SetupNotConfirmed();
  }
  if (intent.status !== "succeeded") {
    throw new SetupNotConfirmed(
      intent.last_setup_error?.message ?? "Your card has not been confirmed yet. Please complete the card check.",
    );
  }
  if (intent.usage !== "off_session") throw new SetupNotConfirmed();
  const pm = intent.payment_method;
  if (!pm || typeof pm === "string") throw new SetupNotConfirmed();
  if (idOf(pm.customer) !== expected.customerId) throw new SetupNotConfirmed();
  return cardDetailsOf(pm);
}

