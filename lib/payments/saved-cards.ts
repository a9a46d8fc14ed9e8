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
import { ensureStripeCustomer, SetupNotConfirmed, verifyConfirmedSetupIntent, type CardDetails } from "./setup";

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
  // A card set to be detached (removed, or left over from a failed request) is dead for us.
  if (await tx.cardDetach.findUnique({ where: { paymentMethodId: args.card.paymentMethodId }, select: { paymentMethodId: true } })) {
    throw new SetupNotConfirmed("This card can no longer be used. Please add it again.");
  }
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
 * lock, which also records the detach as pending (CardDetach); the detach follows the
 * commit, when no new booking can pick the card any more. If Stripe refuses it, the error
 * is thrown as before and the scheduled pass retries the detach until Stripe confirms.
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
    await recordPendingDetach(tx, { paymentMethodId: card.paymentMethodId, userId: actor.id, reason: "removed", at });
    await tx.consentRecord.updateMany({
      where: { userId: actor.id, paymentMethodId: card.paymentMethodId, revokedAt: null },
      data: { revokedAt: at },
    });
    if (!card.isDefault) return { card, newDefault: null };
    const next = await tx.savedCard.findFirst({ where: { userId: actor.id, removedAt: null }, orderBy: { createdAt: "desc" } });
    if (next) await tx.savedCard.update({ where: { id: next.id }, data: { isDefault: true } });
    return { card, newDefault: next };
  });

  await detachRecorded(ctx, card.paymentMethodId);
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

/** How long after a try a pending detach is tried again. */
export const DETACH_RETRY_AFTER_MS = 60_000;

/**
 * Records (in the caller's transaction) that the card must be detached in Stripe, as tried
 * once now (the caller tries at once after the commit). Recording it twice is a no-op.
 */
async function recordPendingDetach(
  tx: Db,
  args: { paymentMethodId: string; userId: string; reason: "removed" | "unused"; at: Date },
): Promise<void> {
  await tx.cardDetach.createMany({
    data: [{ paymentMethodId: args.paymentMethodId, userId: args.userId, reason: args.reason, requestedAt: args.at, triedAt: args.at, tries: 1 }],
    skipDuplicates: true,
  });
}

/** Detaches a card whose detach is recorded, and marks it done; a refusal is noted and thrown. */
async function detachRecorded(ctx: CardCtx, paymentMethodId: string): Promise<void> {
  try {
    await detachUnlessDetached(ctx, paymentMethodId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db.cardDetach
      .updateMany({ where: { paymentMethodId, detachedAt: null }, data: { lastError: message.slice(0, 1000) } })
      .catch((noteError: unknown) => console.error(`[cards] noting the failed detach of ${paymentMethodId} failed:`, noteError));
    throw error;
  }
  await ctx.db.cardDetach.updateMany({ where: { paymentMethodId, detachedAt: null }, data: { detachedAt: ctx.clock.now(), lastError: null } });
}

/**
 * A card set up in the browser for a booking request that then failed (whatever the reason):
 * it is attached to the customer in Stripe but nobody saved it. Detach it — unless a
 * concurrent request of the same customer saved it (checked under the card's lock, which
 * request-booking's transaction takes too). Recorded first, so the scheduled pass retries
 * when Stripe refuses now; never throws (the caller is already failing).
 */
export async function forgetUnusedCard(ctx: CardCtx, args: { userId: string; paymentMethodId: string }): Promise<void> {
  const { paymentMethodId } = args;
  let recorded: boolean;
  try {
    recorded = await ctx.db.$transaction(async (tx) => {
      await lockCard(tx, paymentMethodId);
      const kept = await tx.savedCard.findUnique({ where: { paymentMethodId }, select: { id: true } });
      if (kept) return false;
      await recordPendingDetach(tx, { ...args, reason: "unused", at: ctx.clock.now() });
      return true;
    });
  } catch (error) {
    // Without the database we cannot tell whether a concurrent request kept the card: leave it.
    console.error(`[cards] recording the detach of unused ${paymentMethodId} failed:`, error);
    return;
  }
  if (!recorded) return;
  await detachRecorded(ctx, paymentMethodId).catch((error: unknown) => {
    console.error(`[cards] detaching unused ${paymentMethodId} failed (the scheduled pass retries):`, error);
  });
}

export interface DetachCounts {
  detached: number;
  failed: number;
}

/**
 * The scheduled pass's step: every recorded detach not confirmed yet and not tried for
 * DETACH_RETRY_AFTER_MS is tried again. A pass takes a try by moving triedAt
 * (compare-and-set), so overlapping passes do not send the same detach twice at once.
 */
export async function retryPendingDetaches(
  ctx: CardCtx,
  options: { limit?: number; stopAt?: number; report?: (paymentMethodId: string, error: unknown) => void } = {},
): Promise<DetachCounts> {
  const at = ctx.clock.now();
  const triedBefore = new Date(at.getTime() - DETACH_RETRY_AFTER_MS);
  const due = await ctx.db.cardDetach.findMany({
    where: { detachedAt: null, OR: [{ triedAt: null }, { triedAt: { lte: triedBefore } }] },
    orderBy: { requestedAt: "asc" },
    take: options.limit ?? 100,
  });
  const counts: DetachCounts = { detached: 0, failed: 0 };
  for (const row of due) {
    if (Date.now() >= (options.stopAt ?? Number.POSITIVE_INFINITY)) break;
    try {
      const { count } = await ctx.db.cardDetach.updateMany({
        where: { paymentMethodId: row.paymentMethodId, detachedAt: null, triedAt: row.triedAt },
        data: { triedAt: at, tries: { increment: 1 } },
      });
      if (count !== 1) continue; // another pass took this try
      await detachRecorded(ctx, row.paymentMethodId);
      counts.detached++;
    } catch (error) {
      counts.failed++;
      options.report?.(row.paymentMethodId, error);
    }
  }
  return counts;
}
