import type Stripe from "stripe";
import { recordBookingEvent, STRIPE } from "@/lib/bookings/transitions";
import { awaitsPayment, statusesWhere } from "@/lib/bookings/lifecycle";
import { alertOperator } from "@/lib/notifications";
import type { WebhookHandler } from "./handler";

/**
 * A card was detached (by us, or outside the app). Our saved card is marked removed; unpaid
 * bookings that depended on it are noted and an operator told — their charge will fail and
 * the customer will be asked to pay with another card.
 */
export const paymentMethodDetached: WebhookHandler<Stripe.PaymentMethodDetachedEvent> = async (event, ctx) => {
  const pm = event.data.object.id;
  const at = ctx.clock.now();
  const { count } = await ctx.db.savedCard.updateMany({ where: { paymentMethodId: pm, removedAt: null }, data: { removedAt: at } });
  // A detach we recorded as pending is done, whoever did it.
  await ctx.db.cardDetach.updateMany({ where: { paymentMethodId: pm, detachedAt: null }, data: { detachedAt: at, lastError: null } });
  const affected = await ctx.db.booking.findMany({
    where: { paymentMethodId: pm, status: { in: statusesWhere(awaitsPayment) } },
    select: { id: true },
  });
  for (const { id } of affected) {
    await recordBookingEvent(ctx.db, { bookingId: id, type: "stripe.payment_method.detached", actor: STRIPE, at, reason: `Card ${pm} was removed` });
  }
  if (affected.length > 0) {
    await alertOperator(ctx, {
      subject: "A card unpaid bookings depend on was detached",
      details: [`Payment method ${pm} was detached; unpaid bookings: ${affected.map((b) => b.id).join(", ")}.`],
    });
  }
  return `saved cards marked removed: ${count}; unpaid bookings affected: ${affected.length}`;
};
