/**
 * A host's connected account as Stripe has it, mirrored (lib/connect/accounts.ts); when a host
 * who could be paid no longer can, they are told by e-mail what waits (requests they cannot
 * accept yet, charges that wait) and what to do. The webhook (account.updated) and the Get
 * paid page's read-back both come through here.
 */
import type Stripe from "stripe";
import { awaitsFirstCharge, awaitsHostAnswer, statusesWhere } from "@/lib/bookings/lifecycle";
import { describeRequirement, type AccountFacts } from "@/lib/connect/account-state";
import { mirrorAccount, type MirrorResult } from "@/lib/connect/accounts";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { notifyAccount } from "@/lib/notifications/account";

export async function syncHostAccount(ctx: Pick<Ctx, "db">, account: Stripe.Account): Promise<MirrorResult> {
  const result = await mirrorAccount(ctx, account);
  if (result.kind === "updated" && result.wasPayable && !result.isPayable) await tellHostOfRestriction(ctx.db, result.userId, result.facts);
  return result;
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
