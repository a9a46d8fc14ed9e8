/**
 * "Get paid": a host sets up the Stripe connected account they are paid through.
 *
 * - `startOnboarding` creates the host's account the first time (one per host: the
 *   idempotency key and the unique user id make a double click create one) and returns a
 *   fresh Account Link to Stripe's hosted onboarding. Links expire within minutes and are
 *   single-use, so one is made for every visit; the refresh URL makes a new one.
 * - `refreshAccount` re-reads the account from Stripe (on return from onboarding, before the
 *   webhook may have arrived) and mirrors it.
 * - `expressDashboardLink` is a single-use link to the host's Stripe Express dashboard.
 */
import type { Actor } from "@/lib/auth/actor";
import { connectedAccountOf, HOST_ACCOUNT_COUNTRY } from "@/lib/connect/accounts";
import type { Ctx } from "@/lib/context";
import { NotAllowed, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { syncHostAccount } from "@/lib/payments/host-account";
import { StripeCallFailed } from "@/lib/stripe/errors";

type GetPaidCtx = Pick<Ctx, "db" | "stripe" | "clock" | "mail">;

function requireHost(actor: Actor): void {
  if (actor.role !== "PROVIDER") throw new NotAllowed("Only hosts set up payouts.");
}

/** The host's account in Stripe and our mirror, created if they have none. */
async function ensureAccount(ctx: GetPaidCtx, actor: Actor): Promise<string> {
  const existing = await connectedAccountOf(ctx.db, actor.id);
  if (existing) return existing.stripeAccountId;
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { id: true, email: true } });
  const account = await ctx.stripe.createConnectedAccount({ userId: user.id, email: user.email, country: HOST_ACCOUNT_COUNTRY });
  try {
    await ctx.db.connectedAccount.create({ data: { userId: user.id, stripeAccountId: account.id } });
  } catch (error) {
    // A second click got here first with the same account (same idempotency key).
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  await syncHostAccount(ctx, account);
  return account.id;
}

/** Where Stripe's hosted onboarding sends the host back (`return`) or for a new link (`refresh`). */
export interface OnboardingUrls {
  returnUrl: string;
  refreshUrl: string;
}

/** A Stripe failure in words the host can act on (the form shows it; nothing was changed). */
async function inWords<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof StripeCallFailed)) throw error;
    console.error("[get-paid] Stripe refused or could not be reached:", error.failure.message);
    throw new ValidationError(
      error.failure.kind === "transient"
        ? "Stripe could not be reached just now. Please try again in a minute."
        : `Stripe could not open payout setup: ${error.failure.message} Please try again, or write to support.`,
    );
  }
}

export async function startOnboarding(ctx: GetPaidCtx, actor: Actor, urls: OnboardingUrls): Promise<{ url: string }> {
  requireHost(actor);
  return inWords(async () => {
    const accountId = await ensureAccount(ctx, actor);
    const link = await ctx.stripe.createAccountLink({ accountId, returnUrl: urls.returnUrl, refreshUrl: urls.refreshUrl });
    return { url: link.url };
  });
}

/** Reads the host's account from Stripe into our mirror; null when they have not started. */
export async function refreshAccount(ctx: GetPaidCtx, actor: Actor) {
  requireHost(actor);
  const mirror = await connectedAccountOf(ctx.db, actor.id);
  if (!mirror) return null;
  await syncHostAccount(ctx, await ctx.stripe.retrieveAccount(mirror.stripeAccountId));
  return connectedAccountOf(ctx.db, actor.id);
}

export async function expressDashboardLink(ctx: GetPaidCtx, actor: Actor): Promise<{ url: string }> {
  requireHost(actor);
  const mirror = await connectedAccountOf(ctx.db, actor.id);
  if (!mirror?.detailsSubmitted) throw new ValidationError("Finish setting up payouts first; the Stripe dashboard opens after that.");
  const link = await inWords(() => ctx.stripe.createLoginLink(mirror.stripeAccountId));
  return { url: link.url };
}
