/**
 * Hosts' Stripe connected accounts: our mirror of each one (`connected_accounts`), written
 * from what Stripe says (`account.updated`, or a read on return from onboarding), never from
 * what a browser says. Callers tell a host who could be paid and no longer can
 * (lib/payments/host-account.ts).
 */
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { canBePaid, factsFromAccount, type AccountFacts } from "./account-state";

/** The country hosts' accounts are opened in: Löyly's saunas are in Finland, priced in euros. */
export const HOST_ACCOUNT_COUNTRY = "FI";

/** Our mirror of a host's account, or null when they have not started. */
export function connectedAccountOf(db: Db, userId: string) {
  return db.connectedAccount.findUnique({ where: { userId } });
}

export type MirrorResult =
  | { kind: "unknown_account" }
  | { kind: "updated"; userId: string; wasPayable: boolean; isPayable: boolean; facts: AccountFacts };

/**
 * Writes Stripe's view of the account into our mirror (only for an account we created: found
 * by its id), and says whether the host could be paid before and can now.
 */
export async function mirrorAccount(ctx: Pick<Ctx, "db">, account: Stripe.Account): Promise<MirrorResult> {
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
  return { kind: "updated", userId: before.userId, wasPayable: canBePaid(before), isPayable: canBePaid(facts), facts };
}
