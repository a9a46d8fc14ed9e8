/**
 * Saved cards (account → payment methods) and who may see a booking, against PostgreSQL and
 * the Stripe emulator.
 */
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getBookingForViewer } from "@/lib/bookings/customer";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { acceptRequest } from "@/lib/use-cases/answer-request";
import { bookingTerms, createBookingRequest } from "@/lib/use-cases/request-booking";
import { NotAllowed, NotFound } from "@/lib/errors";
import { consentSnapshot } from "@/lib/payments/consent";
import { addSavedCard, CardInUse, ConsentRequired, listSavedCards, makeDefaultCard, removeSavedCard } from "@/lib/payments/saved-cards";
import { daysAhead, makeListing, makeUser, setUpCard, bookingTestContext } from "../support/booking-fixtures";

const tc = bookingTestContext({ connections: 4 });
const { db } = tc;
const ctx = tc.ctx;
const general = () => ({ accepted: true, textHash: consentSnapshot().textHash, ip: "10.0.0.1", userAgent: "vitest" });

async function addCard(customer: Actor, pm = "pm_card_visa") {
  const { setupIntentId } = await setUpCard(tc.t, db, customer.id, pm, { complete3DS: true });
  return addSavedCard(ctx({ db }), customer, { setupIntentId, consent: general() });
}

async function book(customer: Actor, listingId: string, days: number, savedCardId: string) {
  const selection = { date: daysAhead(days), startMinutes: 17 * 60, endMinutes: 19 * 60, guests: 2 };
  const terms = await bookingTerms(ctx(), listingId, selection);
  return createBookingRequest(
    ctx(),
    customer,
    { listingId, ...selection, payment: { kind: "saved", savedCardId }, consent: { accepted: true, textHash: terms.consent.textHash } },
  );
}

describe("payment methods", () => {
  it("adds cards with consent, the first one default in Stripe too", async () => {
    const customer = await makeUser(db, "CUSTOMER");
    const visa = await addCard(customer);
    const mc = await addCard(customer, "pm_card_mastercard");
    const cards = await listSavedCards(db, customer);
    expect(cards.map((c) => [c.last4, c.isDefault])).toEqual([
      ["4242", true],
      ["4444", false],
    ]);
    const consent = await db.consentRecord.findFirstOrThrow({ where: { paymentMethodId: visa.paymentMethodId } });
    expect(consent).toMatchObject({ userId: customer.id, textHash: consentSnapshot().textHash, ip: "10.0.0.1" });
    const user = await db.user.findUniqueOrThrow({ where: { id: customer.id } });
    const stripeCustomer = await tc.t.stripe.customers.retrieve(user.stripeCustomerId!);
    expect(!stripeCustomer.deleted && stripeCustomer.invoice_settings.default_payment_method).toBe(visa.paymentMethodId);

    await makeDefaultCard(ctx({ db }), customer, mc.id);
    expect((await listSavedCards(db, customer))[0]).toMatchObject({ id: mc.id, isDefault: true });
    const after = await tc.t.stripe.customers.retrieve(user.stripeCustomerId!);
    expect(!after.deleted && after.invoice_settings.default_payment_method).toBe(mc.paymentMethodId);
  });

  it("refuses to save a card without consent", async () => {
    const customer = await makeUser(db, "CUSTOMER");
    const { setupIntentId } = await setUpCard(tc.t, db, customer.id);
    await expect(
      addSavedCard(ctx({ db }), customer, { setupIntentId, consent: { ...general(), accepted: false } }),
    ).rejects.toBeInstanceOf(ConsentRequired);
    expect(await db.savedCard.count({ where: { userId: customer.id } })).toBe(0);
  });

  it("refuses to remove a card an unpaid booking depends on, naming it; removes it after the booking is cancelled", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const card = await addCard(customer);
    const { bookingId } = await book(customer, listing.id, 40, card.id);
    await acceptRequest(ctx({ db }), provider, { bookingId });

    const refusal = removeSavedCard(ctx({ db }), customer, card.id);
    await expect(refusal).rejects.toBeInstanceOf(CardInUse);
    await expect(removeSavedCard(ctx({ db }), customer, card.id)).rejects.toThrow(listing.title);
    expect((await tc.t.stripe.paymentMethods.retrieve(card.paymentMethodId)).customer).not.toBeNull();

    await cancelBooking(ctx({ db }), customer, { bookingId });
    await removeSavedCard(ctx({ db }), customer, card.id);
    expect(await listSavedCards(db, customer)).toEqual([]);
    expect((await tc.t.stripe.paymentMethods.retrieve(card.paymentMethodId)).customer).toBeNull();
    const consent = await db.consentRecord.findFirstOrThrow({ where: { paymentMethodId: card.paymentMethodId } });
    expect(consent.revokedAt).not.toBeNull();
  });

  it("removes a card already detached in Stripe, but does not hide other refusals of the detach", async () => {
    const customer = await makeUser(db, "CUSTOMER");
    const detachedElsewhere = await addCard(customer);
    await tc.t.stripe.paymentMethods.detach(detachedElsewhere.paymentMethodId);
    await removeSavedCard(ctx({ db }), customer, detachedElsewhere.id);
    expect((await listSavedCards(db, customer)).map((c) => c.id)).not.toContain(detachedElsewhere.id);

    const card = await addCard(customer, "pm_card_mastercard");
    const refusal = new Stripe.errors.StripeInvalidRequestError({ type: "invalid_request_error", message: "No such customer", statusCode: 400 });
    const failingStripe = Object.create(tc.t.stripe, {
      paymentMethods: { value: { detach: () => Promise.reject(refusal) } },
    }) as Stripe;
    // The gateway hands the refusal on as a StripeCallFailed whose cause is the SDK's error.
    const refused = await removeSavedCard(ctx({ db, stripe: failingStripe }), customer, card.id).then(
      () => null,
      (error: unknown) => error,
    );
    expect((refused as Error | null)?.cause).toBe(refusal);
  });

  it("does not let another customer touch a card", async () => {
    const [owner, other] = await Promise.all([makeUser(db, "CUSTOMER"), makeUser(db, "CUSTOMER")]);
    const card = await addCard(owner);
    await expect(removeSavedCard(ctx({ db }), other, card.id)).rejects.toBeInstanceOf(NotFound);
    await expect(makeDefaultCard(ctx({ db }), other, card.id)).rejects.toBeInstanceOf(NotFound);
    expect(await listSavedCards(db, owner)).toHaveLength(1);
  });
});

describe("who may see a booking (matrix)", () => {
  it("the customer, the listing's provider and operators; nobody else", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const otherProvider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const otherCustomer = await makeUser(db, "CUSTOMER");
    const operator = await makeUser(db, "OPERATOR");
    const listing = await makeListing(db, provider.id);
    const card = await addCard(customer);
    const { bookingId } = await book(customer, listing.id, 45, card.id);

    const matrix: [Actor, boolean][] = [
      [customer, true],
      [provider, true],
      [operator, true],
      [otherCustomer, false],
      [otherProvider, false],
    ];
    for (const [actor, allowed] of matrix) {
      const seen = getBookingForViewer(db, actor, bookingId);
      if (allowed) await expect(seen).resolves.toMatchObject({ id: bookingId, card: { last4: "4242" } });
      else await expect(seen).rejects.toBeInstanceOf(NotFound);
    }
    // And only customers list saved cards.
    await expect(listSavedCards(db, provider)).rejects.toBeInstanceOf(NotAllowed);
  });
});
