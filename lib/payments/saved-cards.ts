/**
 * A customer's saved cards (account → payment methods): list, add after a confirmed
 * SetupIntent with consent, make default (also Stripe's invoice default), remove (detach in
 * Stripe) — refused while an unpaid booking depends on the card.
 */
import type { Actor } from "@/lib/auth/actor";
import { holdsCard, statusesWhere } from "@/lib/bookings/lifecycle";
import type { Ctx } from "@/lib/context";
import type { Db, Prisma } from "@/lib/db";
import { Conflict, NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import { StripeCallFailed } from "@/lib/stripe/errors";
import { formatInstant } from "@/lib/time";
import { consentSnapshot, type ConsentSnapshot } from "./consent";
import { ensureStripeCustomer, verifyConfirmedSetupIntent, type CardDetails } from "./setup";

type CardCtx = Pick<Ctx, "db" | "stripe" | "clock">;

/** Where a consent was given: stored with the consent record. */
export interface ConsentContext {
  /** The box was ticked (the server checks it again; the UI cannot be trusted). */
  accepted: boolean;
  /** SHA-256 of the text the customer saw; must match the text the server computes. */
  textHash: string;
  ip?: string | null;
  userAgent?: string | null;
}

export class ConsentRequired extends ValidationError {
  constructor(message = "Please tick the box to agree to the payment terms.") {
    super(message, { consent: [message] });
  }
}

/** Throws unless the customer ticked the box for exactly the text we are about to store. */
export function requireConsent(consent: ConsentContext, snapshot: ConsentSnapshot): void {
  if (!consent.accepted) throw new ConsentRequired();
  if (consent.textHash !== snapshot.textHash) {
    throw new ConsentRequired("The payment terms changed while you were on this page. Please read them again and tick the box.");
  }
}

export function requireCustomer(actor: Actor): void {
  if (actor.role !== "CUSTOMER") throw new NotAllowed("Only customers can save cards and book.");
}

/**
 * Stores a consent record and the card it covers, in the caller's transaction. A card saved
 * before (same PaymentMethod) is reused and linked to the new consent. Returns the card.
 */
export async function recordCardWithConsent(
  tx: Db,
  args: { userId: string; card: CardDetails; snapshot: ConsentSnapshot; consent: ConsentContext; at: Date },
) {
  const consent = await tx.consentRecord.create({
    data: {
      userId: args.userId,
      paymentMethodId: args.card.paymentMethodId,
      text: args.snapshot.text,
      textVersion: args.snapshot.textVersion,
      textHash: args.snapshot.textHash,
      acceptedAt: args.at,
      ip: args.consent.ip?.slice(0, 100) ?? null,
      userAgent: args.consent.userAgent?.slice(0, 500) ?? null,
    },
  });
  const existing = await tx.savedCard.findUnique({ where: { paymentMethodId: args.card.paymentMethodId } });
  if (existing && existing.userId !== args.userId) throw new NotAllowed("This card belongs to another account.");
  const hasDefault = (await tx.savedCard.count({ where: { userId: args.userId, removedAt: null, isDefault: true } })) > 0;
  const card = existing
    ? await tx.savedCard.update({
        where: { id: existing.id },
        data: { consentId: consent.id, removedAt: null, isDefault: existing.removedAt ? !hasDefault : existing.isDefault },
      })
    : await tx.savedCard.create({
        data: {
          userId: args.userId,
          paymentMethodId: args.card.paymentMethodId,
          brand: args.card.brand,
          last4: args.card.last4,
          expMonth: args.card.expMonth,
          expYear: args.card.expYear,
          isDefault: !hasDefault,
          consentId: consent.id,
          createdAt: args.at,
        },
      });
  return { card, consent };
}

const cardSelect = {
  id: true,
  paymentMethodId: true,
  brand: true,
  last4: true,
  expMonth: true,
  expYear: true,
  isDefault: true,
  createdAt: true,
} as const;

export type SavedCardView = {
  id: string;
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: Date;
};

/** The actor's cards, default first, newest next. */
export async function listSavedCards(db: Db, actor: Actor): Promise<SavedCardView[]> {
  requireCustomer(actor);
  return db.savedCard.findMany({
    where: { userId: actor.id, removedAt: null },
    orderBy: [{ isDefault: "desc" }, { createdAt: "desc" }],
    select: cardSelect,
  });
}

/** The consent text for saving a card outside a booking (bookings made later). */
export function generalConsent(): ConsentSnapshot {
  return consentSnapshot();
}

/** Saves the card of a SetupIntent the customer confirmed, with their consent. */
export async function addSavedCard(ctx: CardCtx, actor: Actor, input: { setupIntentId: string; consent: ConsentContext }): Promise<SavedCardView> {
  requireCustomer(actor);
  const snapshot = generalConsent();
  requireConsent(input.consent, snapshot);
  const customerId = await ensureStripeCustomer(ctx, actor.id);
  const details = await verifyConfirmedSetupIntent(ctx, input.setupIntentId, { userId: actor.id, customerId });
  const at = ctx.clock.now();
  const { card } = await ctx.db.$transaction((tx) =>
    recordCardWithConsent(tx, { userId: actor.id, card: details, snapshot, consent: input.consent, at }),
  );
  if (card.isDefault) await ctx.stripe.setDefaultPaymentMethod(customerId, card.paymentMethodId);
  return pick(card);
}

function pick(card: SavedCardView): SavedCardView {
  const { id, paymentMethodId, brand, last4, expMonth, expYear, isDefault, createdAt } = card;
  return { id, paymentMethodId, brand, last4, expMonth, expYear, isDefault, createdAt };
}

async function ownCardOrThrow(db: Db, actor: Actor, cardId: string) {
  requireCustomer(actor);
  const card = await db.savedCard.findUnique({ where: { id: cardId } });
  if (!card || card.userId !== actor.id || card.removedAt) throw new NotFound("Card");
  return card;
}

/** Makes the card the one new bookings pick first, here and in Stripe. */
export async function makeDefaultCard(ctx: CardCtx, actor: Actor, cardId: string): Promise<void> {
  const { db } = ctx;
  const card = await ownCardOrThrow(db, actor, cardId);
  const customerId = await ensureStripeCustomer(ctx, actor.id);
  await ctx.stripe.setDefaultPaymentMethod(customerId, card.paymentMethodId);
  await db.$transaction([
    db.savedCard.updateMany({ where: { userId: actor.id, isDefault: true }, data: { isDefault: false } }),
    db.savedCard.update({ where: { id: card.id }, data: { isDefault: true } }),
  ]);
}

export class CardInUse extends Conflict {
  constructor(readonly bookingId: string, description: string) {
    super(
      `This card pays for your booking of ${description}, which is not paid yet. ` +
        "Cancel that booking first, or keep the card until it has been charged.",
    );
  }
}

/**
 * Serializes everything that decides whether a card may be used or removed: holds a
 * transaction-scoped advisory lock on the PaymentMethod until the caller's transaction ends.
 * `removeSavedCard` and `createBookingRequest` both take it before they read, so a request
 * either commits its booking before the removal checks for one, or sees the card removed.
 */
export async function lockCard(tx: Prisma.TransactionClient, paymentMethodId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${paymentMethodId}, 0))`;
}

/**
 * Hides the card, revokes its consents and detaches it in Stripe; refused while an unpaid
 * booking depends on it. The check and the mark run in one transaction holding the card's
 * lock; the detach follows the commit, when no new booking can pick the card any more.
 */
export async function removeSavedCard(ctx: CardCtx, actor: Actor, cardId: string): Promise<void> {
  const { db } = ctx;
  const found = await ownCardOrThrow(db, actor, cardId);
  const at = ctx.clock.now();
  const { card, newDefault } = await db.$transaction(async (tx) => {
    await lockCard(tx, found.paymentMethodId);
    const card = await ownCardOrThrow(tx, actor, cardId);
    const dependent = await tx.booking.findFirst({
      where: { customerId: actor.id, paymentMethodId: card.paymentMethodId, status: { in: statusesWhere(holdsCard) } },
      orderBy: { startsAt: "asc" },
      select: { id: true, startsAt: true, listing: { select: { title: true, timeZone: true } } },
    });
    if (dependent) {
      throw new CardInUse(dependent.id, `${dependent.listing.title} on ${formatInstant(dependent.startsAt, dependent.listing.timeZone)}`);
    }
    await tx.savedCard.update({ where: { id: card.id }, data: { removedAt: at, isDefault: false } });
    await tx.consentRecord.updateMany({
      where: { userId: actor.id, paymentMethodId: card.paymentMethodId, revokedAt: null },
      data: { revokedAt: at },
    });
    if (!card.isDefault) return { card, newDefault: null };
    const next = await tx.savedCard.findFirst({ where: { userId: actor.id, removedAt: null }, orderBy: { createdAt: "desc" } });
    if (next) await tx.savedCard.update({ where: { id: next.id }, data: { isDefault: true } });
    return { card, newDefault: next };
  });

  await detachUnlessDetached(ctx, card.paymentMethodId);
  if (newDefault) {
    await ctx.stripe.setDefaultPaymentMethod(await ensureStripeCustomer(ctx, actor.id), newDefault.paymentMethodId);
  }
}

/**
 * Detaches the PaymentMethod. Already detached (e.g. in the Dashboard) or gone counts as
 * done; any other refusal is thrown. Stripe answers a detach of an unattached PaymentMethod
 * with an invalid_request_error "… is not attached to a customer so detachment is impossible."
 */
export async function detachUnlessDetached(ctx: Pick<Ctx, "stripe">, paymentMethodId: string): Promise<void> {
  try {
    await ctx.stripe.detachPaymentMethod(paymentMethodId);
  } catch (error) {
    if (!(error instanceof StripeCallFailed)) throw error;
    const { type, code, message } = error.failure;
    const gone = code === "resource_missing";
    const notAttached = type === "invalid_request_error" && /not attached to a customer/i.test(message);
    if (!gone && !notAttached) throw error;
  }
}
