/**
 * Booking requests: what the customer sees before sending one (price, charge date, the
 * consent text), and sending it — a booking REQUESTED that holds its slot, with the card
 * saved for off-session use and the consent record, in one transaction. Overlapping
 * requests are refused by the database's exclusion constraint (SlotTaken), and a customer's
 * waiting requests are limited (lib/bookings/request-limits.ts).
 */
import { forgetPublicPages } from "@/lib/http/public-html-cache";
import type { Actor } from "@/lib/auth/actor";
import { isSlotTaken } from "@/lib/bookings/availability";
import { describePolicy, effectivePolicy, type CancellationPolicy } from "@/lib/bookings/cancellation-policy";
import { isOverlapViolation, SlotTaken } from "@/lib/bookings/errors";
import { requestExpiresAtFor, type LifecyclePolicy } from "@/lib/bookings/lifecycle";
import { requireRoomForRequest } from "@/lib/bookings/request-limits";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { NotFound, ValidationError } from "@/lib/errors";
import type { Quote } from "@/lib/listings/pricing";
import { quoteListing } from "@/lib/listings/quote";
import { formatMoney } from "@/lib/money";
import { notify } from "@/lib/notifications";
import { consentSnapshot, type ConsentSnapshot } from "@/lib/payments/consent";
import { forgetUnusedCard, lockCard, recordCardWithConsent, requireConsent, requireCustomer, type ConsentContext } from "@/lib/payments/saved-cards";
import { cardDetailsOf, ensureStripeCustomer, SetupNotConfirmed, verifyConfirmedSetupIntent, type CardDetails } from "@/lib/payments/setup";
import { formatInstant, type LocalDate } from "@/lib/time";

export { SlotTaken };

type RequestCtx = Pick<Ctx, "db" | "stripe" | "clock" | "lifecycle" | "feeBps" | "mail" | "defaultCancellationPolicy">;

/** What the customer picked on the listing page. */
export interface BookingSelection {
  date: LocalDate;
  /** Minutes after local midnight in the listing's time zone. */
  startMinutes: number;
  endMinutes: number;
  guests: number;
}

export interface BookingTerms {
  listing: { id: string; slug: string; title: string; timeZone: string; providerName: string };
  quote: Quote;
  /** The earliest time the card is charged; null when it will be charged on acceptance. */
  chargeNotBefore: Date | null;
  chargeDateText: string;
  payByText: string;
  /** The cancellation policy the booking will have, and its words (also in the consent text). */
  cancellationPolicy: CancellationPolicy;
  cancellationText: string;
  /** The consent text for this booking (who, when, how much, how to cancel) and its hash. */
  consent: ConsentSnapshot;
}

const HOUR_MS = 3_600_000;

/**
 * Prices the selection and writes the consent text that states the amount and the charge
 * date. Both the payment page and `createBookingRequest` call it, so the amount stored on
 * the booking is the amount in the text the customer agreed to.
 */
export async function bookingTerms(
  ctx: Pick<Ctx, "db" | "clock" | "lifecycle" | "feeBps" | "defaultCancellationPolicy">,
  listingId: string,
  selection: BookingSelection,
): Promise<BookingTerms> {
  const { db, feeBps, lifecycle: policy } = ctx;
  const now = ctx.clock.now();
  const listing = await db.listing.findUnique({
    where: { id: listingId },
    select: { id: true, slug: true, title: true, timeZone: true, cancellationPolicy: true, provider: { select: { name: true } } },
  });
  if (!listing) throw new NotFound("Sauna");
  const quote = await quoteListing(db, listingId, selection, { feeBps, now });

  const leadStart = new Date(quote.startsAt.getTime() - policy.chargeLeadHours * HOUR_MS);
  const chargeNotBefore = leadStart > now ? leadStart : null;
  const chargeDateText = chargeNotBefore
    ? formatInstant(chargeNotBefore, listing.timeZone)
    : "the moment the host accepts the request";
  const payByText = payByTextFor(quote.startsAt, now, policy, listing.timeZone);
  const cancellationPolicy = effectivePolicy(null, listing.cancellationPolicy, ctx.defaultCancellationPolicy);
  const cancellationText = describePolicy(cancellationPolicy);
  const consent = consentSnapshot({
    listingTitle: listing.title,
    amount: formatMoney(quote.totalAmount, quote.currency),
    chargeDate: chargeDateText,
    payBy: payByText,
    cancellationPolicy: cancellationText,
  });
  return {
    listing: { id: listing.id, slug: listing.slug, title: listing.title, timeZone: listing.timeZone, providerName: listing.provider.name },
    quote,
    chargeNotBefore,
    chargeDateText,
    payByText,
    cancellationPolicy,
    cancellationText,
    consent,
  };
}

/**
 * The pay-on-session deadline as the consent states it. It must not depend on the minute the
 * page was rendered (the text's hash is checked on submit), so it names `start - grace`, and
 * says so when a late acceptance could still give the customer a short window after it.
 */
function payByTextFor(startsAt: Date, now: Date, policy: LifecyclePolicy, timeZone: string): string {
  const byGrace = new Date(startsAt.getTime() - policy.paymentGraceHours * HOUR_MS);
  const latestAcceptance = requestExpiresAtFor(now, startsAt, policy);
  const lateWindowPossible = latestAcceptance.getTime() + policy.minimumPayWindowHours * HOUR_MS > byGrace.getTime();
  // A deadline that has passed already is never named: the window after acceptance is what counts.
  if (byGrace <= now) return `${policy.minimumPayWindowHours} hours after the host accepts (at the latest when the booking starts)`;
  const text = formatInstant(byGrace, timeZone);
  return lateWindowPossible
    ? `${text}, or ${policy.minimumPayWindowHours} hours after the host accepts if that is later`
    : text;
}

export type PaymentChoice =
  /** A card the customer just set up in the browser (a confirmed SetupIntent). */
  | { kind: "new"; setupIntentId: string }
  /** One of the customer's saved cards. */
  | { kind: "saved"; savedCardId: string };

export interface CreateRequestInput extends BookingSelection {
  listingId: string;
  payment: PaymentChoice;
  consent: ConsentContext;
}

/**
 * Sends a booking request. Checks the listing's rules, the consent (again, on the server),
 * and the card with Stripe; then, in one transaction: the consent record, the saved card,
 * the booking REQUESTED (price snapshot, requestExpiresAt) and its first timeline event.
 */
export async function createBookingRequest(ctx: RequestCtx, actor: Actor, input: CreateRequestInput): Promise<{ bookingId: string }> {
  requireCustomer(actor);
  const { db, lifecycle: policy } = ctx;
  const now = ctx.clock.now();
  const terms = await bookingTerms(ctx, input.listingId, input);
  requireConsent(input.consent, terms.consent);
  const { quote } = terms;

  // A fast, friendly answer for the common case; the exclusion constraint is the real guard.
  if (await isSlotTaken(db, input.listingId, quote.startsAt, quote.endsAt)) throw new SlotTaken();
  // Likewise before any card work; checked again under the customer's lock below.
  await requireRoomForRequest(db, actor.id, terms.listing, input.date);

  const customerId = await ensureStripeCustomer(ctx, actor.id);
  const card = await cardFor(ctx, actor, input.payment, customerId);

  let created: { bookingId: string; cardIsDefault: boolean };
  try {
    created = await db.$transaction(async (tx) => {
      // One request of a customer at a time from here on, so two sent at once cannot both
      // find room under the limits. (NO KEY UPDATE: the rows that only refer to the customer,
      // a card saved elsewhere meanwhile, are not held up by it.)
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${actor.id} FOR NO KEY UPDATE`;
      await requireRoomForRequest(tx, actor.id, terms.listing, input.date);
      // Under the card's lock, a saved card removed since `cardFor` looked is refused here.
      await lockCard(tx, card.paymentMethodId);
      if (input.payment.kind === "saved") await savedCardOrThrow(tx, actor, input.payment.savedCardId);
      const { card: saved, consent } = await recordCardWithConsent(tx, {
        userId: actor.id,
        card,
        snapshot: terms.consent,
        consent: input.consent,
        at: now,
      });
      const booking = await tx.booking.create({
        data: {
          listingId: input.listingId,
          customerId: actor.id,
          status: "REQUESTED",
          startsAt: quote.startsAt,
          endsAt: quote.endsAt,
          guests: input.guests,
          hourlyPrice: quote.hourlyPrice,
          hours: quote.hours,
          subtotalAmount: quote.subtotalAmount,
          feeAmount: quote.feeAmount,
          totalAmount: quote.totalAmount,
          currency: quote.currency,
          stripeCustomerId: customerId,
          paymentMethodId: card.paymentMethodId,
          consentId: consent.id,
          requestExpiresAt: requestExpiresAtFor(now, quote.startsAt, policy),
          cancellationPolicy: terms.cancellationPolicy,
          createdAt: now,
        },
      });
      await tx.bookingEvent.create({
        data: {
          bookingId: booking.id,
          at: now,
          actorType: "CUSTOMER",
          actorId: actor.id,
          type: "request",
          toStatus: "REQUESTED",
          reason: "Booking requested",
          data: {
            totalAmount: quote.totalAmount,
            currency: quote.currency,
            card: `${card.brand} •••• ${card.last4}`,
            consentId: consent.id,
            consentTextHash: terms.consent.textHash,
          },
        },
      });
      return { bookingId: booking.id, cardIsDefault: saved.isDefault };
    });
  } catch (error) {
    // Whatever failed (a taken slot, the database, a card refused under its lock), a card set
    // up for this request is attached in Stripe with nothing of ours using it: detach it.
    if (input.payment.kind === "new") await forgetUnusedCard(ctx, { userId: actor.id, paymentMethodId: card.paymentMethodId });
    if (!isOverlapViolation(error)) throw error;
    throw new SlotTaken();
  }

  forgetPublicPages(); // the listing page shows this slot as taken from now on

  if (created.cardIsDefault && input.payment.kind === "new") {
    await ctx.stripe.setDefaultPaymentMethod(customerId, card.paymentMethodId).catch((error: unknown) => {
      console.error(`[request] making ${card.paymentMethodId} the Stripe default failed:`, error);
    });
  }
  await notify(ctx, "request_created", created.bookingId);
  return { bookingId: created.bookingId };
}

async function cardFor(ctx: Pick<Ctx, "db" | "stripe">, actor: Actor, payment: PaymentChoice, customerId: string): Promise<CardDetails> {
  if (payment.kind === "new") {
    return verifyConfirmedSetupIntent(ctx, payment.setupIntentId, { userId: actor.id, customerId });
  }
  const saved = await savedCardOrThrow(ctx.db, actor, payment.savedCardId);
  // The card must still be attached to the customer in Stripe (not removed elsewhere).
  const pm = await ctx.stripe.retrievePaymentMethod(saved.paymentMethodId);
  const attachedTo = typeof pm.customer === "string" ? pm.customer : pm.customer?.id;
  if (attachedTo !== customerId) throw new SetupNotConfirmed("This card can no longer be used. Please add it again.");
  return cardDetailsOf(pm);
}

/** One of the actor's saved cards that is not removed. */
async function savedCardOrThrow(db: Db, actor: Actor, savedCardId: string) {
  const saved = await db.savedCard.findUnique({ where: { id: savedCardId } });
  if (!saved || saved.userId !== actor.id || saved.removedAt) {
    throw new ValidationError("Choose one of your saved cards.", { savedCardId: ["Choose one of your saved cards."] });
  }
  return saved;
}
