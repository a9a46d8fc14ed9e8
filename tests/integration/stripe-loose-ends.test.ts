/**
 * Loose ends with Stripe that the scheduled pass ties up: a refund whose outcome never
 * reached us (lost webhook, lost answer, a create that never reached Stripe), a card set up
 * for a booking request that failed, and a card detach Stripe refused.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/bookings/transitions";
import { createPrismaClient } from "@/lib/db/client";
import { runScheduledPass } from "@/lib/jobs/pass";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { consentSnapshot } from "@/lib/payments/consent";
import { refundBooking, RefundOutcomeUnknown } from "@/lib/payments/refunds";
import { addSavedCard, removeSavedCard } from "@/lib/payments/saved-cards";
import { SetupNotConfirmed } from "@/lib/payments/setup";
import { StripeCallFailed } from "@/lib/stripe/errors";
import { bookingTerms, createBookingRequest } from "@/lib/use-cases/request-booking";
import { daysAhead, makeListing, makeUser, setUpCard, type TestStripe } from "../support/booking-fixtures";
import { createBooking, saveCard, startHarness, type Harness } from "./payments-fixtures";

let h: Harness;
let t: TestStripe;
beforeAll(async () => {
  h = await startHarness();
  t = { emulator: h.emulator, stripe: h.stripe, stop: async () => {} };
});
afterAll(() => h.stop());

const MINUTE = 60_000;

async function paidBooking(card: string) {
  const booking = await createBooking(h, h.db, { card: await saveCard(h, card) });
  expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("paid");
  const { stripePaymentIntentId } = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
  return { ...booking, paymentIntentId: stripePaymentIntentId ?? "" };
}

/** Polls the emulator (not a fixed sleep) until the refund leaves `pending`. */
async function settledAtStripe(refundId: string): Promise<Stripe.Refund> {
  for (let i = 0; i < 100; i++) {
    const refund = await h.stripe.refunds.retrieve(refundId);
    if (refund.status !== "pending") return refund;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`refund ${refundId} stayed pending at Stripe`);
}

describe("refunds left pending (no webhook endpoint here: no event ever arrives)", () => {
  it("a pending refund that later succeeded at Stripe is settled by the pass after a few minutes, not before", async () => {
    const booking = await paidBooking("4000000000007726"); // refunds go pending, then succeed
    const result = await refundBooking(h.ctx(), { bookingId: booking.id, amount: "remaining", reason: "Sauna broken", actor: SYSTEM });
    expect(result.status).toBe("PENDING");
    expect((await settledAtStripe(result.stripeRefundId)).status).toBe("succeeded");

    const early = await runScheduledPass(h.ctx());
    expect(early.refundsChecked.checked).toBe(0);
    expect((await h.db.refund.findUniqueOrThrow({ where: { id: result.refundId } })).status).toBe("PENDING");

    h.clock.advance(6 * MINUTE);
    const pass = await runScheduledPass(h.ctx());
    expect(pass.refundsChecked).toMatchObject({ checked: 1, settled: 1, errors: 0 });
    expect(pass.errors).toEqual([]);
    expect((await h.db.refund.findUniqueOrThrow({ where: { id: result.refundId } })).status).toBe("SUCCEEDED");
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved).toMatchObject({ status: "REFUNDED", refundedAmount: 8800 });
    // Settled once: a second pass later has nothing to ask.
    h.clock.advance(6 * MINUTE);
    expect((await runScheduledPass(h.ctx())).refundsChecked.checked).toBe(0);
  });

  it("a refund whose answer was lost is found at Stripe by our row id, linked and settled: one refund at Stripe", async () => {
    const booking = await paidBooking("4242424242424242");
    await h.emulator.control.addFault({ kind: "error_500", count: 20, pathPrefix: "/v1/refunds", method: "POST" });
    try {
      await expect(
        refundBooking(h.ctx({ transientRetries: 1 }), { bookingId: booking.id, amount: "remaining", reason: "Lost answer", actor: SYSTEM }),
      ).rejects.toBeInstanceOf(RefundOutcomeUnknown);
    } finally {
      await h.emulator.control.clearFaults();
    }
    const row = await h.db.refund.findFirstOrThrow({ where: { bookingId: booking.id } });
    expect(row).toMatchObject({ status: "PENDING", stripeRefundId: null });
    // What a request that reached Stripe but whose every answer was lost leaves there.
    await h.stripe.refunds.create(
      { payment_intent: booking.paymentIntentId, amount: 8800, reason: "requested_by_customer", metadata: { booking_id: booking.id, refund_id: row.id } },
      { idempotencyKey: `booking/${booking.id}/refund/1` },
    );

    h.clock.advance(6 * MINUTE);
    const pass = await runScheduledPass(h.ctx());
    expect(pass.refundsChecked).toMatchObject({ checked: 1, settled: 1 });
    const linked = await h.db.refund.findUniqueOrThrow({ where: { id: row.id } });
    expect(linked.status).toBe("SUCCEEDED");
    expect(linked.stripeRefundId).toMatch(/^re_/);
    expect(await h.db.refund.count({ where: { bookingId: booking.id } })).toBe(1);
    expect(await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({ status: "REFUNDED", refundedAmount: 8800 });
    expect((await h.stripe.refunds.list({ payment_intent: booking.paymentIntentId })).data).toHaveLength(1);
  });

  it("a refund that never reached Stripe stays pending for a while, then is marked failed and the operator told", async () => {
    const booking = await paidBooking("4242424242424242");
    await h.emulator.control.addFault({ kind: "error_500", count: 20, pathPrefix: "/v1/refunds", method: "POST" });
    try {
      await expect(
        refundBooking(h.ctx({ transientRetries: 1 }), { bookingId: booking.id, amount: 3000, reason: "Never sent", actor: SYSTEM }),
      ).rejects.toBeInstanceOf(RefundOutcomeUnknown);
    } finally {
      await h.emulator.control.clearFaults();
    }
    const row = await h.db.refund.findFirstOrThrow({ where: { bookingId: booking.id } });

    h.clock.advance(6 * MINUTE);
    expect((await runScheduledPass(h.ctx())).refundsChecked).toMatchObject({ checked: 1, stillPending: 1 });
    expect((await h.db.refund.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("PENDING");

    h.clock.advance(30 * MINUTE);
    expect((await runScheduledPass(h.ctx())).refundsChecked).toMatchObject({ checked: 1, notAtStripe: 1 });
    expect((await h.db.refund.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("FAILED");
    expect(await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({ status: "PAID", refundedAmount: 0 });
    expect(await h.db.outboxEmail.count({ where: { bookingId: booking.id, subject: { contains: "never reached Stripe" } } })).toBe(1);
    // The amount is refundable again.
    await expect(refundBooking(h.ctx(), { bookingId: booking.id, amount: "remaining", reason: "Again", actor: SYSTEM })).resolves.toMatchObject({ amount: 8800 });
  });
});

describe("cards nobody uses are detached in Stripe", () => {
  /** A client whose booking insert fails as if the database went away mid-request. */
  const failingInsert = () =>
    createPrismaClient(h.databaseUrl, { max: 2 }).$extends({
      query: {
        booking: {
          create: () => Promise.reject(new Error("connection terminated unexpectedly")),
        },
      },
    }) as unknown as ReturnType<typeof createPrismaClient>;

  async function failedRequest(options: { stripeRefusesDetach: boolean }) {
    const provider = await makeUser(h.db, "PROVIDER");
    const customer = await makeUser(h.db, "CUSTOMER");
    const listing = await makeListing(h.db, provider.id);
    const selection = { date: daysAhead(20), startMinutes: 17 * 60, endMinutes: 19 * 60, guests: 2 };
    const terms = await bookingTerms(h.ctx(), listing.id, selection);
    const { setupIntentId } = await setUpCard(t, h.db, customer.id);
    const si = await h.stripe.setupIntents.retrieve(setupIntentId);
    const paymentMethodId = typeof si.payment_method === "string" ? si.payment_method : (si.payment_method?.id ?? "");
    const db = failingInsert();
    if (options.stripeRefusesDetach) {
      await h.emulator.control.addFault({ kind: "error_500", count: 50, pathPrefix: "/v1/payment_methods", method: "POST" });
    }
    try {
      await expect(
        createBookingRequest(h.ctx({ db, transientRetries: 0 }), customer, {
          listingId: listing.id,
          ...selection,
          payment: { kind: "new", setupIntentId },
          consent: { accepted: true, textHash: terms.consent.textHash },
        }),
      ).rejects.toThrow("connection terminated");
    } finally {
      await h.emulator.control.clearFaults();
      await db.$disconnect();
    }
    expect(await h.db.savedCard.count({ where: { userId: customer.id } })).toBe(0);
    return { customer, paymentMethodId, setupIntentId };
  }

  const attachedTo = async (paymentMethodId: string) => (await h.stripe.paymentMethods.retrieve(paymentMethodId)).customer;

  it("a request that failed for another reason than a taken slot detaches the card it set up", async () => {
    const { paymentMethodId } = await failedRequest({ stripeRefusesDetach: false });
    expect(await attachedTo(paymentMethodId)).toBeNull();
    expect((await h.db.cardDetach.findUniqueOrThrow({ where: { paymentMethodId } })).detachedAt).not.toBeNull();
  });

  it("when Stripe refuses that detach, the pass retries it after a minute until it is detached", async () => {
    const { paymentMethodId, setupIntentId, customer } = await failedRequest({ stripeRefusesDetach: true });
    expect(await attachedTo(paymentMethodId)).not.toBeNull();
    const pending = await h.db.cardDetach.findUniqueOrThrow({ where: { paymentMethodId } });
    expect(pending).toMatchObject({ reason: "unused", detachedAt: null, tries: 1 });
    expect(pending.lastError).toBeTruthy();
    // A card set to be detached is not saved again meanwhile.
    await expect(
      addSavedCard(h.ctx(), customer, { setupIntentId, consent: { accepted: true, textHash: consentSnapshot().textHash } }),
    ).rejects.toBeInstanceOf(SetupNotConfirmed);

    expect((await runScheduledPass(h.ctx())).cardsDetached.detached).toBe(0); // tried just now: not yet
    h.clock.advance(2 * MINUTE);
    const pass = await runScheduledPass(h.ctx());
    expect(pass.cardsDetached).toMatchObject({ detached: 1, failed: 0 });
    expect(await attachedTo(paymentMethodId)).toBeNull();
    expect(await h.db.cardDetach.findUniqueOrThrow({ where: { paymentMethodId } })).toMatchObject({ tries: 2, lastError: null });
  });

  it("a removed card whose detach Stripe refused is detached by a later pass; failures meanwhile are recorded and retried", async () => {
    const customer = await makeUser(h.db, "CUSTOMER");
    const { setupIntentId } = await setUpCard(t, h.db, customer.id);
    const card = await addSavedCard(h.ctx(), customer, { setupIntentId, consent: { accepted: true, textHash: consentSnapshot().textHash } });
    await h.emulator.control.addFault({ kind: "error_500", count: 50, pathPrefix: "/v1/payment_methods", method: "POST" });
    try {
      await expect(removeSavedCard(h.ctx({ transientRetries: 0 }), customer, card.id)).rejects.toBeInstanceOf(StripeCallFailed);
      expect(await h.db.savedCard.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({ removedAt: expect.any(Date) });
      expect(await attachedTo(card.paymentMethodId)).not.toBeNull();

      // Stripe still refusing: the pass records the failure and goes on.
      h.clock.advance(2 * MINUTE);
      const refused = await runScheduledPass(h.ctx({ transientRetries: 0 }));
      expect(refused.cardsDetached).toMatchObject({ detached: 0, failed: 1 });
      expect(refused.errors).toEqual([]);
      expect(refused.itemErrors).toContainEqual(expect.objectContaining({ step: "card_detaches", id: card.paymentMethodId }));
    } finally {
      await h.emulator.control.clearFaults();
    }
    h.clock.advance(2 * MINUTE);
    expect((await runScheduledPass(h.ctx())).cardsDetached).toMatchObject({ detached: 1 });
    expect(await attachedTo(card.paymentMethodId)).toBeNull();
    expect(await h.db.cardDetach.findUniqueOrThrow({ where: { paymentMethodId: card.paymentMethodId } })).toMatchObject({
      reason: "removed",
      tries: 3,
      detachedAt: expect.any(Date),
    });
  });
});
