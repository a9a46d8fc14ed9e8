/**
 * Removing a saved card while a booking request with that card is being sent: the two are
 * serialized on the card, so either the request wins (the removal is refused with
 * CardInUse) or the removal wins (the request is refused) — never a live booking on a card
 * that is removed here or detached in Stripe. Each side runs on its own Prisma client, as
 * two server requests would, and the order in which they reach the card is forced through
 * the card's own lock (no timing), so each test sees its one outcome every time.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { bookingTerms, createBookingRequest } from "@/lib/use-cases/request-booking";
import { createPrismaClient } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { consentSnapshot } from "@/lib/payments/consent";
import { addSavedCard, CardInUse, lockCard, removeSavedCard } from "@/lib/payments/saved-cards";
import { SetupNotConfirmed } from "@/lib/payments/setup";
import { bookingTestContext, daysAhead, makeListing, makeUser, setUpCard } from "../support/booking-fixtures";

const tc = bookingTestContext({ connections: 4 });
const { db } = tc;
const ctx = tc.ctx;
const removerDb = createPrismaClient(tc.databaseUrl, { max: 2 });
const requesterDb = createPrismaClient(tc.databaseUrl, { max: 2 });
afterAll(async () => {
  await Promise.all([removerDb.$disconnect(), requesterDb.$disconnect()]);
});

/** Sessions waiting for the card's lock (lockCard: a transaction-scoped advisory lock on the PaymentMethod). */
async function waitersOnCard(paymentMethodId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
    WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
      AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(${paymentMethodId}, 0)`;
  return row?.n ?? 0;
}

/** Waits (on the database's lock table, not the clock) until `n` sessions queue for the card's lock. */
async function untilWaiting(paymentMethodId: string, n: number): Promise<void> {
  for (let poll = 0; poll < 50_000; poll++) {
    if ((await waitersOnCard(paymentMethodId)) >= n) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`${n} sessions never queued for the lock of ${paymentMethodId}`);
}

/**
 * Holds the card's lock on a connection of its own, lets `first` and then `second` queue
 * behind it (PostgreSQL grants a lock in the order it was asked for), then lets go: the two
 * run into each other in exactly that order, every time.
 */
async function raceInOrder<A, B>(paymentMethodId: string, first: () => Promise<A>, second: () => Promise<B>) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.$transaction(
    async (tx) => {
      await lockCard(tx, paymentMethodId);
      locked();
      await held;
    },
    { timeout: 60_000 },
  );
  await lockTaken;
  const a = first();
  await untilWaiting(paymentMethodId, 1);
  const b = second();
  await untilWaiting(paymentMethodId, 2);
  release();
  await holder;
  const [ra, rb] = await Promise.allSettled([a, b]);
  return { first: ra, second: rb };
}

async function assertNoLiveBookingOnRemovedCard(customer: Actor, card: { id: string; paymentMethodId: string }) {
  const live = await db.booking.findMany({
    where: { customerId: customer.id, status: { in: ["REQUESTED", "ACCEPTED"] } },
    select: { id: true, paymentMethodId: true },
  });
  for (const booking of live) {
    const saved = await db.savedCard.findUniqueOrThrow({ where: { paymentMethodId: booking.paymentMethodId! } });
    expect(saved.removedAt, `booking ${booking.id} on a removed card`).toBeNull();
    const pm = await tc.t.stripe.paymentMethods.retrieve(booking.paymentMethodId!);
    expect(pm.customer, `booking ${booking.id} on a card detached in Stripe`).not.toBeNull();
  }
  const removed = await db.savedCard.findUniqueOrThrow({ where: { id: card.id } });
  if (removed.removedAt) expect((await tc.t.stripe.paymentMethods.retrieve(card.paymentMethodId)).customer).toBeNull();
}

async function addCard(customer: Actor) {
  const { setupIntentId } = await setUpCard(tc.t, db, customer.id, "pm_card_visa", { complete3DS: true });
  const consent = { accepted: true, textHash: consentSnapshot().textHash };
  return addSavedCard(ctx({ db }), customer, { setupIntentId, consent });
}

async function requestWithSavedCard(c: Ctx, customer: Actor, listingId: string, savedCardId: string) {
  const selection = { date: daysAhead(30), startMinutes: 17 * 60, endMinutes: 19 * 60, guests: 2 };
  const terms = await bookingTerms(c, listingId, selection);
  return createBookingRequest(
    { ...c, mail: { ...c.mail, enabled: false } },
    customer,
    { listingId, ...selection, payment: { kind: "saved", savedCardId }, consent: { accepted: true, textHash: terms.consent.textHash } },
  );
}

describe("removing a card while a request with it is sent", () => {
  it("the request reaches the card first: the request wins and the removal is refused with CardInUse", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const card = await addCard(customer);

    const { first: request, second: removal } = await raceInOrder(
      card.paymentMethodId,
      () => requestWithSavedCard(ctx({ db: requesterDb }), customer, listing.id, card.id),
      () => removeSavedCard(ctx({ db: removerDb }), customer, card.id),
    );

    expect(request.status, `request: ${request.status === "rejected" ? String(request.reason) : "ok"}`).toBe("fulfilled");
    expect(removal.status).toBe("rejected");
    expect(removal.status === "rejected" && removal.reason).toBeInstanceOf(CardInUse);
    await assertNoLiveBookingOnRemovedCard(customer, card);
  });

  it("the removal reaches the card first: the removal wins and the request is refused", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const card = await addCard(customer);

    const { first: removal, second: request } = await raceInOrder(
      card.paymentMethodId,
      () => removeSavedCard(ctx({ db: removerDb }), customer, card.id),
      () => requestWithSavedCard(ctx({ db: requesterDb }), customer, listing.id, card.id),
    );

    expect(removal.status, `removal: ${removal.status === "rejected" ? String(removal.reason) : "ok"}`).toBe("fulfilled");
    expect(request.status).toBe("rejected");
    expect([ValidationError, SetupNotConfirmed].some((type) => request.status === "rejected" && request.reason instanceof type)).toBe(true);
    expect(await db.booking.count({ where: { customerId: customer.id } })).toBe(0);
    await assertNoLiveBookingOnRemovedCard(customer, card);
  });
});
