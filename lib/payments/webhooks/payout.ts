import type Stripe from "stripe";
import { syncPayout } from "@/lib/payouts/state";
import { StripeCallFailed } from "@/lib/stripe/errors";
import { NotOurs, type WebhookHandler } from "./handler";

type PayoutEvent = Stripe.PayoutPaidEvent | Stripe.PayoutFailedEvent | Stripe.PayoutUpdatedEvent | Stripe.PayoutCanceledEvent;

/**
 * A payout on a host's connected account moved on (`event.account` names the account):
 * re-read from Stripe on that account (events may come out of order) and mirrored onto our
 * Payout row and the bookings it pays (lib/payouts/state.ts). A payout without an account,
 * unknown to Stripe, or not made by Löyly (a host's own payout) is acknowledged and noted.
 */
export const payoutChanged: WebhookHandler<PayoutEvent> = async (event, ctx) => {
  const account = event.account;
  const id = event.data.object.id;
  if (!account) throw new NotOurs(`payout ${id} is not on a connected account`);
  let payout: Stripe.Payout;
  try {
    payout = await ctx.stripe.retrievePayout(account, id);
  } catch (error) {
    if (error instanceof StripeCallFailed && error.failure.statusCode === 404) throw new NotOurs(`Stripe does not know payout ${id} on ${account}`);
    throw error;
  }
  const result = await syncPayout(ctx, payout, account);
  if (result === "unknown") throw new NotOurs(`payout ${id} on ${account} was not made by Löyly`);
  return `payout ${id} is ${payout.status} (${result})`;
};
