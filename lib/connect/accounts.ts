/**
 * Hosts' Stripe connected accounts: our mirror of each one (`connected_accounts`), written
 * from what Stripe says (`account.updated`, or a read on return from onboarding), never from
 * what a browser says. When a host who could be paid no longer can, they are told by e-mail
 * what waits (requests they cannot accept yet, charges that wait) and what to do.
 */
import type Stripe from "stripe";
import { awaitsFirstCharge, awaitsHostAnswer, statusesWhere } from "@/lib/bookings/lifecycle";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { notifyAccount } from "@/lib/notifications/account";
import { canBePaid, describeRequirement, factsFromAccount, type AccountFacts } from "./account-state";

/** The country hosts' accounts are opened in: Löyly's saunas are in Finland, priced in euros. */
export const HOST_ACCOUNT_COUNTRY = "FI";

/** Our mirror of a host's account, or null when they have not started. */
export function connectedAccountOf(db: Db, userId: string) {
  return db.connectedAccount.findUnique({ where: { userId } });
}

export type MirrorResult =
  | { kind: "unknown_account" }
  | { kind: "updated"; userId: string; wasPayable: boolean; isPayable: boolean };

/**
 * Writes Stripe's view of the account into our mirror (only for an account we created: found
 * by its id). A host who could be paid and now cannot is e-mailed.
 */
export async function mirrorAccount(ctx: Pick<Ctx, "db" | "clock">, account: Stripe.Account): Promise<MirrorResult> {
  const facts = factsFromAccount(account);
  const before = await ctx.db.connectedAccount.findUnique({ where: { stripeAccountId: account.id } });
  if (!before) return { kind: "unknown_account" };
  await ctx.db.connectedAccount.update({
    where: { id: before.id },
    data: {
      ...facts,
      requirementsDue: [...facts.requirementsDue],
      pendingVerification: [...facts.pendingVerification],
    },
  });
  const wasPayable = canBePaid(before);
  const isPayable = canBePaid(facts);
  if (wasPayable && !isPayable) await tellHostOfRestriction(ctx.db, before.userId, facts);
  return { kind: "updated", userId: before.userId, wasPayable, isPayable };
}

const UNANSWERED = statusesWhere(awaitsHostAnswer);
const CHARGE_NOT_TRIED = statusesWhere(awaitsFirstCharge);

async function tellHostOfRestriction(db: Db, userId: string, facts: AccountFacts): Promise<void> {
  const host = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  const ofHost = { listing: { providerId: userId } };
  const [requestsWaiting, chargesWaiting] = await Promise.all([
    db.booking.count({ where: { ...ofHost, status: { in: UNANSWERED } } }),
    db.booking.count({ where: { ...ofHost, status: { in: CHARGE_NOT_TRIED } } }),
  ]);
  await notifyAccount(db, "payouts_restricted", host, {
    requestsWaiting,
    chargesWaiting,
    requirements: facts.requirementsDue.map(describeRequirement),
  });
}
