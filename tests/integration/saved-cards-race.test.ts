/**
 * Removing a saved card while a booking request with that card is being sent: the two are
 * serialized on the card, so either the request wins (the removal is refused with
 * CardInUse) or the removal wins (the request is refused) — never a live booking on a card
 * that is removed here or detached in Stripe. Each side runs on its own Prisma client, as
 * two server requests would.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { bookingTerms, createBookingRequest } from "@/lib/use-cases/request-booking";
import { createPrismaClient } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { consentSnapshot } from "@/lib/payments/consent";
import { addSavedCard, CardInUse, removeSavedCard } from "@/lib/payments/saved-cards";
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

const ROUNDS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** How long one request with a saved card takes here, once both clients are connected. */
async function timeOneRequest(providerId: string): Promise<number> {
  await Promise.all([removerDb.$queryRaw`SELECT 1`, requesterDb.$queryRaw`SELECT 1`]);
  const timings: number[] = [];
  for (let run = 0; run < 2; run++) {
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, providerId);
    const card = await addCard(customer);
    const started = performance.now();
    await requestWithSavedCard(ctx({ db: requesterDb }), customer, listing.id, card.id);
    timings.push(performance.now() - started);
  }
  return Math.min(...timings);
}

describe("removing a card while a request with it is sent", () => {
  it(`never leaves a live booking on a removed or detached card (${ROUNDS} rounds)`, async () => {
    const provider = await makeUser(db, "PROVIDER");
    const requestMs = await timeOneRequest(provider.id);
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await makeUser(db, "CUSTOMER");
      const listing = await makeListing(db, provider.id);
      const card = await addCard(customer);
      // The removal starts at a point that moves across the request's run, round by round, so
      // some rounds land in the gap between the request's card check and its insert.
      const [removal, request] = await Promise.allSettled([
        sleep((requestMs * round) / ROUNDS).then(() => removeSavedCard(ctx({ db: removerDb }), customer, card.id)),
        requestWithSavedCard(ctx({ db: requesterDb }), customer, listing.id, card.id),
      ]);

      // Exactly one side wins, and the loser is refused for the right reason.
      if (request.status === "fulfilled") {
        expect(removal.status, `round ${round}: both the removal and the request succeeded`).toBe("rejected");
        expect(removal.status === "rejected" && removal.reason).toBeInstanceOf(CardInUse);
        outcomes.push("request won");
      } else {
        expect(removal.status, `round ${round}: request failed with ${String(request.reason)}`).toBe("fulfilled");
        expect([ValidationError, SetupNotConfirmed].some((type) => request.reason instanceof type)).toBe(true);
        outcomes.push("removal won");
      }

      // The invariant, from the database and from Stripe.
      const live = await db.booking.findMany({
        where: { customerId: customer.id, status: { in: ["REQUESTED", "ACCEPTED"] } },
        select: { id: true, paymentMethodId: true },
      });
      for (const booking of live) {
        const saved = await db.savedCard.findUniqueOrThrow({ where: { paymentMethodId: booking.paymentMethodId! } });
        expect(saved.removedAt, `round ${round}: booking ${booking.id} on a removed card`).toBeNull();
        const pm = await tc.t.stripe.paymentMethods.retrieve(booking.paymentMethodId!);
        expect(pm.customer, `round ${round}: booking ${booking.id} on a card detached in Stripe`).not.toBeNull();
      }
      const removed = await db.savedCard.findUniqueOrThrow({ where: { id: card.id } });
      if (removed.removedAt) {
        expect((await tc.t.stripe.paymentMethods.retrieve(card.paymentMethodId)).customer).toBeNull();
      }
    }
    expect(outcomes).toHaveLength(ROUNDS);
  });
});
