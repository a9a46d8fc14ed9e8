/**
 * Booking requests end to end in the domain: real PostgreSQL (integration harness) and the
 * Stripe emulator on a free port. Each test makes its own users and listings.
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { ManualClock } from "@/lib/clock";
import { SlotTaken } from "@/lib/bookings/errors";
import { requestExpiresAtFor } from "@/lib/bookings/lifecycle";
import { lifecyclePolicy } from "@/lib/bookings/policy";
import { bookingTerms, createBookingRequest, type BookingSelection } from "@/lib/use-cases/request-booking";
import { listProviderRequests } from "@/lib/bookings/provider";
import { acceptRequest, declineRequest } from "@/lib/use-cases/answer-request";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { createPrismaClient } from "@/lib/db/client";
import { NotAllowed, ValidationError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { ConsentRequired } from "@/lib/payments/saved-cards";
import { SetupNotConfirmed } from "@/lib/payments/setup";
import { daysAhead, makeListing, makeUser, setUpCard, bookingTestContext } from "../support/booking-fixtures";

const tc = bookingTestContext({ connections: 6 });
const { db } = tc;
const ctx = tc.ctx;
const evening = (days = 30, start = 17, end = 19, guests = 2): BookingSelection => ({
  date: daysAhead(days),
  startMinutes: start * 60,
  endMinutes: end * 60,
  guests,
});

/** A customer who sets up a card and requests `selection` with consent to the shown terms. */
async function request(customer: Actor, listingId: string, selection: BookingSelection, card = "pm_card_visa") {
  const terms = await bookingTerms(ctx(), listingId, selection);
  const { setupIntentId } = await setUpCard(tc.t, db, customer.id, card, { complete3DS: true });
  return createBookingRequest(
    ctx(),
    customer,
    { listingId, ...selection, payment: { kind: "new", setupIntentId }, consent: { accepted: true, textHash: terms.consent.textHash, ip: "127.0.0.1", userAgent: "vitest" } },
  );
}

describe("sending a request", () => {
  it("holds the slot as REQUESTED with the quoted price, the card and the consent, and emails both sides", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id, { hourlyPrice: 4550 });
    const selection = evening(30, 17, 20, 3);
    const terms = await bookingTerms(ctx(), listing.id, selection);

    const { bookingId } = await request(customer, listing.id, selection);

    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { consent: true, events: true } });
    expect(booking).toMatchObject({
      status: "REQUESTED",
      customerId: customer.id,
      hours: 3,
      hourlyPrice: 4550,
      subtotalAmount: 13650,
      feeAmount: 1365,
      totalAmount: 15015,
      currency: "EUR",
      guests: 3,
    });
    expect(booking.startsAt).toEqual(terms.quote.startsAt);
    expect(booking.requestExpiresAt).toEqual(requestExpiresAtFor(booking.createdAt, booking.startsAt, lifecyclePolicy()));
    // The amount later charged is the amount in the consent text the customer agreed to.
    expect(booking.consent?.text).toContain(formatMoney(booking.totalAmount, booking.currency));
    expect(booking.consent?.textHash).toBe(terms.consent.textHash);
    expect(booking.consent).toMatchObject({ userId: customer.id, paymentMethodId: booking.paymentMethodId, ip: "127.0.0.1", userAgent: "vitest" });
    expect(booking.events.map((e) => [e.type, e.toStatus])).toEqual([["request", "REQUESTED"]]);

    const card = await db.savedCard.findUniqueOrThrow({ where: { paymentMethodId: booking.paymentMethodId! } });
    expect(card).toMatchObject({ userId: customer.id, brand: "visa", last4: "4242", isDefault: true, consentId: booking.consentId });
    const user = await db.user.findUniqueOrThrow({ where: { id: customer.id } });
    expect(booking.stripeCustomerId).toBe(user.stripeCustomerId);
    const pm = await tc.t.stripe.paymentMethods.retrieve(card.paymentMethodId);
    expect(pm.customer).toBe(user.stripeCustomerId);

    const emails = await db.outboxEmail.findMany({ where: { bookingId }, orderBy: { template: "asc" } });
    expect(emails.map((e) => [e.template, e.to])).toEqual([
      ["booking.request_received", provider.email],
      ["booking.request_sent", customer.email],
    ]);
    expect(emails[0]?.text).toContain(`/provider/requests`);
    expect(emails[1]?.text).toContain(`/account/bookings/${bookingId}`);
  });

  it("creates the Stripe customer once and reuses it for later cards", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const first = await request(customer, listing.id, evening(31));
    const second = await request(customer, listing.id, evening(32), "pm_card_mastercard");
    const bookings = await db.booking.findMany({ where: { id: { in: [first.bookingId, second.bookingId] } } });
    expect(new Set(bookings.map((b) => b.stripeCustomerId)).size).toBe(1);
    const customers = await tc.t.stripe.customers.list({ email: customer.email });
    expect(customers.data).toHaveLength(1);
    const cards = await db.savedCard.findMany({ where: { userId: customer.id } });
    expect(cards.filter((c) => c.isDefault)).toHaveLength(1);
  });

  it("books with a saved card and records a consent for this booking", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    await request(customer, listing.id, evening(33));
    const card = await db.savedCard.findFirstOrThrow({ where: { userId: customer.id } });
    const selection = evening(34);
    const terms = await bookingTerms(ctx(), listing.id, selection);
    const { bookingId } = await createBookingRequest(
      ctx(),
      customer,
      { listingId: listing.id, ...selection, payment: { kind: "saved", savedCardId: card.id }, consent: { accepted: true, textHash: terms.consent.textHash } },
    );
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { consent: true } });
    expect(booking.paymentMethodId).toBe(card.paymentMethodId);
    expect(booking.consent?.text).toBe(terms.consent.text);
    expect(await db.consentRecord.count({ where: { userId: customer.id } })).toBe(2);
  });

  it("refuses another customer's saved card", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const [owner, thief] = await Promise.all([makeUser(db, "CUSTOMER"), makeUser(db, "CUSTOMER")]);
    const listing = await makeListing(db, provider.id);
    await request(owner, listing.id, evening(35));
    const card = await db.savedCard.findFirstOrThrow({ where: { userId: owner.id } });
    const selection = evening(36);
    const terms = await bookingTerms(ctx(), listing.id, selection);
    await expect(
      createBookingRequest(ctx(), thief, { listingId: listing.id, ...selection, payment: { kind: "saved", savedCardId: card.id }, consent: { accepted: true, textHash: terms.consent.textHash } }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("consent and the card are checked on the server", () => {
  it("refuses a request without the consent box ticked, and stores nothing", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const selection = evening();
    const terms = await bookingTerms(ctx(), listing.id, selection);
    const { setupIntentId } = await setUpCard(tc.t, db, customer.id);
    const attempt = createBookingRequest(
      ctx(),
      customer,
      { listingId: listing.id, ...selection, payment: { kind: "new", setupIntentId }, consent: { accepted: false, textHash: terms.consent.textHash } },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConsentRequired);
    expect(await db.booking.count({ where: { customerId: customer.id } })).toBe(0);
    expect(await db.consentRecord.count({ where: { userId: customer.id } })).toBe(0);
  });

  it("refuses when the price changed after the customer consented (the consented amount is the booked amount)", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id, { hourlyPrice: 4000 });
    const selection = evening();
    const shown = await bookingTerms(ctx(), listing.id, selection);
    await db.listing.update({ where: { id: listing.id }, data: { hourlyPrice: 9900 } });
    const { setupIntentId } = await setUpCard(tc.t, db, customer.id);
    await expect(
      createBookingRequest(ctx(), customer, { listingId: listing.id, ...selection, payment: { kind: "new", setupIntentId }, consent: { accepted: true, textHash: shown.consent.textHash } }),
    ).rejects.toThrow(/terms changed/);
    expect(await db.booking.count({ where: { listingId: listing.id } })).toBe(0);
  });

  it.each([1, 2, 3, 30])("states terms that do not change from minute to minute (%i days ahead)", async (days) => {
    const provider = await makeUser(db, "PROVIDER");
    const listing = await makeListing(db, provider.id);
    const selection = evening(days);
    const at = new Date();
    const shown = await bookingTerms(ctx({ clock: new ManualClock(at) }), listing.id, selection);
    const submitted = await bookingTerms(ctx({ clock: new ManualClock(new Date(at.getTime() + 7 * 60_000)) }), listing.id, selection);
    expect(submitted.consent.textHash).toBe(shown.consent.textHash);
    expect(shown.consent.text).toContain(formatMoney(shown.quote.totalAmount, shown.quote.currency));
  });

  it("refuses a SetupIntent that is not confirmed, and one of another customer", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const [customer, other] = await Promise.all([makeUser(db, "CUSTOMER"), makeUser(db, "CUSTOMER")]);
    const listing = await makeListing(db, provider.id);
    const selection = evening();
    const terms = await bookingTerms(ctx(), listing.id, selection);
    const consent = { accepted: true, textHash: terms.consent.textHash };

    const pending = await setUpCard(tc.t, db, customer.id, "pm_card_authenticationRequiredOnSetup"); // 3DS not done
    expect(pending.status).toBe("requires_action");
    await expect(
      createBookingRequest(ctx(), customer, { listingId: listing.id, ...selection, payment: { kind: "new", setupIntentId: pending.setupIntentId }, consent }),
    ).rejects.toBeInstanceOf(SetupNotConfirmed);

    const othersCard = await setUpCard(tc.t, db, other.id);
    await expect(
      createBookingRequest(ctx(), customer, { listingId: listing.id, ...selection, payment: { kind: "new", setupIntentId: othersCard.setupIntentId }, consent }),
    ).rejects.toBeInstanceOf(SetupNotConfirmed);
    expect(await db.booking.count({ where: { listingId: listing.id } })).toBe(0);
  });

  it("accepts a 3DS card once the challenge is completed", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const { bookingId } = await request(customer, listing.id, evening(), "pm_card_authenticationRequiredOnSetup");
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(booking.status).toBe("REQUESTED");
    const card = await db.savedCard.findUniqueOrThrow({ where: { paymentMethodId: booking.paymentMethodId! } });
    expect(card.last4).toBe("3155");
  });
});

describe("the listing's rules", () => {
  async function refusal(listingOptions: Parameters<typeof makeListing>[2], selection: BookingSelection) {
    const provider = await makeUser(db, "PROVIDER");
    const listing = await makeListing(db, provider.id, listingOptions);
    const error = await bookingTerms(ctx(), listing.id, selection).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    return [v.message, ...Object.values(v.fieldErrors).flat()].join(" | ");
  }

  it.each([
    ["in the past", {}, { ...evening(), date: daysAhead(-2) }, /not in the past/],
    ["outside opening hours", { opensAt: 16 * 60, closesAt: 21 * 60 }, evening(30, 20, 22), /within the opening hours/],
    ["on a blocked date", { blocked: [daysAhead(30)] }, evening(30), /closed on this date/],
    ["above capacity", { capacity: 4 }, evening(30, 17, 19, 5), /at most 4 guests/],
    ["below the minimum hours", { minHours: 3 }, evening(30, 17, 19), /minimum booking is 3 hours/],
    ["on an inactive listing", { active: false }, evening(), /not taking bookings/],
  ])("refuses a booking %s with a clear message", async (_name, listingOptions, selection, message) => {
    expect(await refusal(listingOptions, selection)).toMatch(message);
  });

  it("refuses through createBookingRequest too, before touching Stripe", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id, { capacity: 2 });
    await expect(
      createBookingRequest(ctx(), customer, { listingId: listing.id, ...evening(30, 17, 19, 3), payment: { kind: "new", setupIntentId: "seti_unused" }, consent: { accepted: true, textHash: "x" } }),
    ).rejects.toThrow(/cannot be booked/);
  });
});

describe("a customer's waiting requests", () => {
  it("hold one time per sauna and day and five in all; refused ones leave nothing, answered ones stop counting", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listings = await Promise.all([1, 2, 3, 4, 5].map(() => makeListing(db, provider.id)));
    const first = await request(customer, listings[0]!.id, evening(50, 10, 12));
    await expect(request(customer, listings[0]!.id, evening(50, 18, 20))).rejects.toThrow(/already have a request waiting for this sauna on this day/);
    await request(customer, listings[0]!.id, evening(51, 10, 12)); // another day
    for (const listing of listings.slice(1, 4)) await request(customer, listing.id, evening(50));
    await expect(request(customer, listings[4]!.id, evening(50))).rejects.toThrow(/You have 5 requests waiting for hosts' answers/);
    expect(await db.booking.count({ where: { customerId: customer.id } })).toBe(5);

    await declineRequest(ctx({ db }), provider, { bookingId: first.bookingId, message: "Closed that morning" });
    await request(customer, listings[0]!.id, evening(50, 18, 20));
    expect(await db.booking.count({ where: { customerId: customer.id, status: "REQUESTED" } })).toBe(5);
  });

  it("are counted under the customer's lock: of two sent at once for the same sauna and day, one goes through", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const [morning, evening_] = [evening(52, 9, 11), evening(52, 18, 20)];
    const [termsA, termsB] = await Promise.all([bookingTerms(ctx(), listing.id, morning), bookingTerms(ctx(), listing.id, evening_)]);
    const [cardA, cardB] = [await setUpCard(tc.t, db, customer.id), await setUpCard(tc.t, db, customer.id)];
    const clients = [createPrismaClient(tc.databaseUrl, { max: 2 }), createPrismaClient(tc.databaseUrl, { max: 2 })];
    try {
      const results = await Promise.allSettled([
        createBookingRequest(ctx({ db: clients[0]! }), customer, { listingId: listing.id, ...morning, payment: { kind: "new", setupIntentId: cardA.setupIntentId }, consent: { accepted: true, textHash: termsA.consent.textHash } }),
        createBookingRequest(ctx({ db: clients[1]! }), customer, { listingId: listing.id, ...evening_, payment: { kind: "new", setupIntentId: cardB.setupIntentId }, consent: { accepted: true, textHash: termsB.consent.textHash } }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected?.reason).toBeInstanceOf(ValidationError);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    expect(await db.booking.count({ where: { customerId: customer.id } })).toBe(1);
  });
});

describe("two customers at the same moment", () => {
  it("lets exactly one of two concurrent overlapping requests through (separate connections)", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const [anna, bertta] = await Promise.all([makeUser(db, "CUSTOMER"), makeUser(db, "CUSTOMER")]);
    const listing = await makeListing(db, provider.id);
    const a = evening(40, 17, 19);
    const b = evening(40, 18, 20); // overlaps 18–19
    const [termsA, termsB] = await Promise.all([bookingTerms(ctx(), listing.id, a), bookingTerms(ctx(), listing.id, b)]);
    const [cardA, cardB] = await Promise.all([setUpCard(tc.t, db, anna.id), setUpCard(tc.t, db, bertta.id)]);

    const clientA = createPrismaClient(tc.databaseUrl, { max: 2 });
    const clientB = createPrismaClient(tc.databaseUrl, { max: 2 });
    try {
      const results = await Promise.allSettled([
        createBookingRequest(ctx({ db: clientA }), anna, { listingId: listing.id, ...a, payment: { kind: "new", setupIntentId: cardA.setupIntentId }, consent: { accepted: true, textHash: termsA.consent.textHash } }),
        createBookingRequest(ctx({ db: clientB }), bertta, { listingId: listing.id, ...b, payment: { kind: "new", setupIntentId: cardB.setupIntentId }, consent: { accepted: true, textHash: termsB.consent.textHash } }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(SlotTaken);
      expect((rejected[0]!.reason as Error).message).toMatch(/just taken/);
    } finally {
      await Promise.all([clientA.$disconnect(), clientB.$disconnect()]);
    }
    expect(await db.booking.count({ where: { listingId: listing.id, status: "REQUESTED" } })).toBe(1);
  });

  it("maps the database's exclusion violation (not only the pre-check) to SlotTaken", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customers = await Promise.all([1, 2, 3, 4].map(() => makeUser(db, "CUSTOMER")));
    const listing = await makeListing(db, provider.id);
    const selection = evening(41, 10, 13);
    const terms = await bookingTerms(ctx(), listing.id, selection);
    const cards = await Promise.all(customers.map((c) => setUpCard(tc.t, db, c.id)));
    // Hide the pre-check: every request sees a free slot and only the constraint decides.
    const clients = customers.map(() => createPrismaClient(tc.databaseUrl, { max: 2 }));
    const blind = clients.map((c) => withSlotPrecheckBlind(c));
    try {
      const results = await Promise.allSettled(
        customers.map((customer, i) =>
          createBookingRequest(
            ctx({ db: blind[i]! }),
            customer,
            { listingId: listing.id, ...selection, payment: { kind: "new", setupIntentId: cards[i]!.setupIntentId }, consent: { accepted: true, textHash: terms.consent.textHash } },
          ),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(SlotTaken);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    expect(await db.booking.count({ where: { listingId: listing.id } })).toBe(1);
    // The losers' cards were not kept: no consent, no saved card.
    expect(await db.savedCard.count({ where: { userId: { in: customers.map((c) => c.id) } } })).toBe(1);
  });

  it("frees the slot when a request is declined or cancelled", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const [c1, c2, c3] = await Promise.all([makeUser(db, "CUSTOMER"), makeUser(db, "CUSTOMER"), makeUser(db, "CUSTOMER")]);
    const listing = await makeListing(db, provider.id);
    const slot = evening(42);
    const first = await request(c1, listing.id, slot);
    await expect(request(c2, listing.id, slot)).rejects.toBeInstanceOf(SlotTaken);
    await declineRequest(ctx({ db }), provider, { bookingId: first.bookingId, message: "Sorry, family visit" });
    const second = await request(c2, listing.id, slot);
    await cancelBooking(ctx({ db }), c2, { bookingId: second.bookingId });
    await expect(request(c3, listing.id, slot)).resolves.toHaveProperty("bookingId");
  });
});

/** A client whose booking.findFirst (the availability pre-check) never finds a clash. */
function withSlotPrecheckBlind(client: ReturnType<typeof createPrismaClient>) {
  return client.$extends({
    query: { booking: { findFirst: async () => null } },
  }) as unknown as ReturnType<typeof createPrismaClient>;
}

describe("answering", () => {
  it("accepting fixes chargeAt and payBy; the request leaves the inbox; emails go out", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const { bookingId } = await request(customer, listing.id, evening(30));
    expect((await listProviderRequests(db, provider)).map((r) => r.id)).toContain(bookingId);

    const now = new Date();
    const result = await acceptRequest(ctx({ db, clock: new ManualClock(now) }), provider, { bookingId, message: "Welcome!" });
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { events: { orderBy: { at: "asc" } } } });
    expect(booking).toMatchObject({ status: "ACCEPTED", providerMessage: "Welcome!" });
    expect(booking.acceptedAt).toEqual(now);
    expect(booking.chargeAt!.getTime()).toBe(booking.startsAt.getTime() - 168 * 3_600_000);
    expect(booking.payBy!.getTime()).toBe(booking.startsAt.getTime() - 48 * 3_600_000);
    expect(result.chargeDue).toBe(false);
    expect(booking.events.at(-1)).toMatchObject({ type: "accept", fromStatus: "REQUESTED", toStatus: "ACCEPTED", actorType: "PROVIDER", actorId: provider.id });
    expect((await listProviderRequests(db, provider)).map((r) => r.id)).not.toContain(bookingId);
    const templates = (await db.outboxEmail.findMany({ where: { bookingId, template: "booking.accepted" } })).map((e) => e.to).sort();
    expect(templates).toEqual([customer.email, provider.email].sort());
  });

  it("accepting inside the charge lead window makes the charge due at once", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const { bookingId } = await request(customer, listing.id, evening(3));
    const result = await acceptRequest(ctx({ db }), provider, { bookingId });
    expect(result.chargeDue).toBe(true);
  });

  it("an expired request cannot be accepted", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const { bookingId } = await request(customer, listing.id, evening(20));
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } });
    const later = new Date(booking.requestExpiresAt!.getTime() + 1000);
    await expect(acceptRequest(ctx({ db, clock: new ManualClock(later) }), provider, { bookingId })).rejects.toThrow(/expired/);
  });

  it("a customer can cancel an accepted, unpaid booking but not a paid one", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    const a = await request(customer, listing.id, evening(50));
    await acceptRequest(ctx({ db }), provider, { bookingId: a.bookingId });
    await cancelBooking(ctx({ db }), customer, { bookingId: a.bookingId, reason: "Plans changed" });
    expect(await db.booking.findUniqueOrThrow({ where: { id: a.bookingId } })).toMatchObject({ status: "CANCELLED", cancelReason: "Plans changed" });

    const b = await request(customer, listing.id, evening(51));
    await db.booking.update({ where: { id: b.bookingId }, data: { status: "PAID" } });
    await expect(cancelBooking(ctx({ db }), customer, { bookingId: b.bookingId })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("who may do what (matrix)", () => {
  it("only the listing's provider answers; only the booking's customer cancels", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const otherProvider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const otherCustomer = await makeUser(db, "CUSTOMER");
    const operator = await makeUser(db, "OPERATOR");
    const listing = await makeListing(db, provider.id);
    const { bookingId } = await request(customer, listing.id, evening(60));

    const actors = { provider, otherProvider, customer, otherCustomer, operator } as const;
    const expected = {
      accept: { provider: "ok", otherProvider: "no", customer: "no", otherCustomer: "no", operator: "no" },
      decline: { provider: "ok", otherProvider: "no", customer: "no", otherCustomer: "no", operator: "no" },
      cancel: { provider: "no", otherProvider: "no", customer: "ok", otherCustomer: "no", operator: "no" },
    } as const;
    const actions = {
      accept: (a: Actor) => acceptRequest(ctx({ db }), a, { bookingId }),
      decline: (a: Actor) => declineRequest(ctx({ db }), a, { bookingId }),
      cancel: (a: Actor) => cancelBooking(ctx({ db }), a, { bookingId }),
    };

    for (const [action, row] of Object.entries(expected) as [keyof typeof expected, (typeof expected)[keyof typeof expected]][]) {
      for (const [who, outcome] of Object.entries(row) as [keyof typeof actors, string][]) {
        if (outcome === "ok") continue; // run the allowed ones below, on fresh bookings
        await expect(actions[action](actors[who]), `${who} ${action}`).rejects.toBeInstanceOf(NotAllowed);
      }
    }
    expect((await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe("REQUESTED");
    await actions.accept(provider);
    expect((await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe("ACCEPTED");
    await actions.cancel(customer);
    expect((await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe("CANCELLED");
  });
});
