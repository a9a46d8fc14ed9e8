import type Stripe from "stripe";
import type { WebhookHandler } from "./handler";
import { idOf } from "./handler";

/**
 * A card was set up. The saved card and its consent record are written by the set-up flow
 * (it alone has the consent the customer gave); here we only check we know the card, so an
 * operator can spot a set-up that never reached our database.
 */
export const setupIntentSucceeded: WebhookHandler<Stripe.SetupIntentSucceededEvent> = async (event, ctx) => {
  const si = await ctx.stripe.retrieveSetupIntent(event.data.object.id);
  const pm = idOf(si.payment_method);
  if (!pm) return `SetupIntent ${si.id} has no payment method`;
  const card = await ctx.db.savedCard.findUnique({ where: { paymentMethodId: pm }, select: { id: true, removedAt: true } });
  return card ? `payment method ${pm} known as saved card ${card.id}` : `payment method ${pm} not saved (no consent recorded by the set-up flow)`;
};
