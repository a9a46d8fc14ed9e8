import type Stripe from "stripe";
import { hostListingsChanged } from "@/lib/listings/public-cache";
import { syncHostAccount } from "@/lib/payments/host-account";
import { NotOurs, type WebhookHandler } from "./handler";

/**
 * A host's connected account changed (onboarding finished, verification done, Stripe asks
 * for more, charges or payouts disabled). A Connect event names the account in
 * `event.account`; the account is re-read from Stripe rather than trusted from the event.
 */
export const accountUpdated: WebhookHandler<Stripe.AccountUpdatedEvent> = async (event, ctx) => {
  const accountId = event.account ?? event.data.object.id;
  const account = await ctx.stripe.retrieveAccount(accountId);
  const result = await syncHostAccount(ctx, account);
  if (result.kind === "unknown_account") throw new NotOurs(`no host here has the connected account ${accountId}`);
  // Whether the host can be paid decides whether their listings show and take requests. The
  // return from onboarding may have mirrored the change already (in a page, which cannot
  // expire caches), so this expires them whatever the mirror found.
  await hostListingsChanged(ctx.db, result.userId);
  const change = result.wasPayable === result.isPayable ? "" : result.isPayable ? "; can be paid now" : "; can no longer be paid (host told)";
  return `account ${accountId} of user ${result.userId} mirrored (charges ${account.charges_enabled ? "on" : "off"}, payouts ${account.payouts_enabled ? "on" : "off"})${change}`;
};
