/**
 * No booking is ever charged twice: overlapping passes on several "instances" (separate
 * Prisma clients and worker ids), a crash between Stripe's success and our database write,
 * a stuck claim taken over only after reconciliation. Plus the scheduled lifecycle steps
 * and the cron route's guard.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cronGet, POST as cronPost } from "@/app/api/cron/charge-due/route";
import { chargeBookingIfDue, chargeClaimedBooking } from "@/lib/payments/charge";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { claimDueBookings } from "@/lib/payments/claims";
import { runScheduledPass } from "@/lib/jobs/pass";
import { StripeGate } from "@/lib/stripe/rate-limit";
import { chargesForBooking, createBooking, saveCard, startHarness, succeededCharges, type Harness } from "./payments-fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const HOUR = 3_600_000;

describe("4 passes at once over the same due bookings", () => {
  it("charges each booking exactly once", async () => {
    const N = 24;
    const cards = await Promise.all(Array.from({ length: N }, () => saveCard(h, "4242424242424242")));
    const bookings = [];
    for (const card of cards) bookings.push(await createBooking(h, h.db, { card }));

    const instances = Array.from({ length: 4 }, () => h.ctx({ db: h.newDb(4), gate: new StripeGate({ concurrency: 4 }) }));
    const summaries = await Promise.all(instances.map((deps) => runScheduledPass(deps, { batchSize: 3 })));

    const attempted = summaries.reduce((n, s) => n + s.charged.attempted, 0);
    const paid = summaries.reduce((n, s) => n + s.charged.paid, 0);
    expect(attempted).toBe(N);
    expect(paid).toBe(N);
    // More than one instance did real work (the claims interleaved).
    expect(summaries.filter((s) => s.charged.attempted > 0).length).toBeGreaterThan(1);

    for (const b of bookings) {
      const saved = await h.db.booking.findUniqueOrThrow({ where: { id: b.id }, include: { paymentAttempts: true } });
      expect(saved.status).toBe("PAID");
      expect(saved.paymentAttempts).toHaveLength(1);
      expect(await chargesForBooking(h, b.id)).toBe(1);
    }
    const runs = await h.db.cronRun.findMany({ where: { id: { in: summaries.map((s) => s.runId) } } });
    expect(runs.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(runs.every((r) => r.finishedAt !== null && r.counts !== null)).toBe(true);
  });
});

describe("a crash between Stripe's success and our write", () => {
  it("a dropped answer is recovered by re-sending with the same idempotency key: paid, charged once", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    await h.emulator.control.addFault({ kind: "drop_after_success", count: 1, pathPrefix: "/v1/payment_intents", method: "POST" });
    try {
      expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("paid");
    } finally {
      await h.emulator.control.clearFaults();
    }
    expect(await chargesForBooking(h, booking.id)).toBe(1);
  });

  it("the write after Stripe's success fails (process dies): CHARGING until the lease ends, then reconciled to PAID, charged once", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    const deps = h.ctx();
    const [claim] = await claimDueBookings(deps, { limit: 1, bookingId: booking.id });
    expect(claim).toBeDefined();
    // Same worker, but every transaction fails: Stripe charges, our write never happens.
    const dying = { ...deps, db: withFailingTransactions(h.db) };
    await expect(chargeClaimedBooking(dying, { id: booking.id })).rejects.toThrow("process died");

    const stuck = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(stuck.status).toBe("CHARGING");
    expect(stuck.stripePaymentIntentId).toBeNull(); // we never learned the id
    expect(await chargesForBooking(h, booking.id)).toBe(1); // but Stripe charged

    // Within the lease nobody touches it; after it, the pass asks Stripe first.
    expect((await runScheduledPass(h.ctx())).reconciled.checked).toBe(0);
    h.clock.advance(10 * 60_000);
    try {
      const summary = await runScheduledPass(h.ctx());
      expect(summary.reconciled).toMatchObject({ checked: 1, paid: 1 });
    } finally {
      h.clock.advance(-10 * 60_000);
    }
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { paymentAttempts: true } });
    expect(saved.status).toBe("PAID");
    expect(saved.paymentAttempts.map((a) => a.kind)).toEqual(["RECONCILE"]);
    expect(await succeededCharges(h, saved.stripePaymentIntentId)).toBe(1);
    expect(await chargesForBooking(h, booking.id)).toBe(1);
  });

  it("a worker that died holding a claim: not re-charged until its lease ends, then reconciled", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    const crashed = h.ctx({ workerId: "crashed-worker" });
    const [claim] = await claimDueBookings(crashed, { limit: 1, bookingId: booking.id });
    expect(claim?.id).toBe(booking.id);
    // It charged at Stripe with the booking's idempotency key, then died before writing.
    await h.stripe.paymentIntents.create(
      {
        amount: 8800,
        currency: "eur",
        customer: card.customerId,
        payment_method: card.paymentMethodId,
        off_session: true,
        confirm: true,
        metadata: { booking_id: booking.id },
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      },
      { idempotencyKey: `booking/${booking.id}/payment-intent` },
    );

    // Within the lease another pass leaves it alone.
    const during = await runScheduledPass(h.ctx());
    expect(during.reconciled.checked).toBe(0);
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).claimedBy).toBe("crashed-worker");

    h.clock.advance(10 * 60_000);
    try {
      const after = await runScheduledPass(h.ctx());
      expect(after.reconciled.paid).toBeGreaterThanOrEqual(1);
    } finally {
      h.clock.advance(-10 * 60_000);
    }
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved.status).toBe("PAID");
    expect(await chargesForBooking(h, booking.id)).toBe(1);
  });

  it("a claim that never reached Stripe is released and charged by the next pass", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card });
    await claimDueBookings(h.ctx({ workerId: "vanished" }), { limit: 1, bookingId: booking.id });
    h.clock.advance(10 * 60_000);
    try {
      const first = await runScheduledPass(h.ctx());
      expect(first.reconciled.released).toBeGreaterThanOrEqual(1);
      // The same pass charges it after reconciling (reconcile runs before charging).
      const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: { events: { orderBy: { at: "asc" } } } });
      expect(saved.status).toBe("PAID");
      expect(saved.events.map((e) => e.type)).toEqual(["claim_charge", "release_claim", "claim_charge", "charge_succeeded"]);
    } finally {
      h.clock.advance(-10 * 60_000);
    }
    expect(await chargesForBooking(h, booking.id)).toBe(1);
  });
});

describe("scheduled lifecycle steps", () => {
  it("expires unanswered requests and tells both sides", async () => {
    const booking = await createBooking(h, h.db, { status: "REQUESTED", requestExpiresInHours: -1 });
    await runScheduledPass(h.ctx());
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("EXPIRED");
    const templates = (await h.db.outboxEmail.findMany({ where: { bookingId: booking.id } })).map((e) => e.template).sort();
    expect(templates).toEqual(["booking.expired_customer", "booking.expired_provider"]);
  });

  it("reminds 24 h before payBy once, then cancels for non-payment at payBy and frees the slot", async () => {
    const card = await saveCard(h, "4000002760003184"); // always needs authentication: stays unpaid
    const start = h.clock.now();
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 }); // payBy at +72 h
    await runScheduledPass(h.ctx());
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("PAYMENT_FAILED");

    h.clock.set(new Date(start.getTime() + 50 * HOUR));
    await runScheduledPass(h.ctx());
    await runScheduledPass(h.ctx());
    const reminders = await h.db.outboxEmail.count({ where: { bookingId: booking.id, template: "payment.reminder" } });
    expect(reminders).toBe(1);

    h.clock.set(new Date(start.getTime() + 72 * HOUR + 1000));
    await runScheduledPass(h.ctx());
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved.status).toBe("PAYMENT_EXPIRED");
    const templates = (await h.db.outboxEmail.findMany({ where: { bookingId: booking.id } })).map((e) => e.template);
    expect(templates).toEqual(expect.arrayContaining(["payment.expired_customer", "payment.expired_provider"]));
    // The slot is free again: another booking of the same time on the same listing is accepted by the database.
    await expect(
      h.db.booking.create({
        data: {
          listingId: booking.listingId,
          customerId: booking.customerId,
          status: "REQUESTED",
          startsAt: saved.startsAt,
          endsAt: saved.endsAt,
          guests: 1,
          hourlyPrice: 4000,
          hours: 2,
          subtotalAmount: 8000,
          feeAmount: 800,
          totalAmount: 8800,
          currency: "EUR",
        },
      }),
    ).resolves.toBeTruthy();
    h.clock.set(start);
  });

  it("completes paid bookings whose end has passed", async () => {
    const card = await saveCard(h, "4242424242424242");
    const start = h.clock.now();
    const booking = await createBooking(h, h.db, { card, startsInHours: 100 });
    await runScheduledPass(h.ctx());
    h.clock.set(new Date(start.getTime() + 103 * HOUR));
    await runScheduledPass(h.ctx());
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("COMPLETED");
    h.clock.set(start);
  });

  it("never charges after payBy", async () => {
    const card = await saveCard(h, "4242424242424242");
    const start = h.clock.now();
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    h.clock.set(new Date(start.getTime() + 73 * HOUR)); // past payBy, never charged
    await runScheduledPass(h.ctx());
    const saved = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(saved.status).toBe("PAYMENT_EXPIRED");
    expect(await chargesForBooking(h, booking.id)).toBe(0);
    h.clock.set(start);
  });
});

describe("the cron route", () => {
  it.each([
    ["no header", undefined],
    ["a wrong secret", "Bearer not-the-secret-at-all"],
    ["another scheme", "Basic bG95bHk="],
  ])("refuses %s with 401 and runs nothing", async (_name, authorization) => {
    const before = await h.db.cronRun.count();
    const headers = authorization ? { authorization } : undefined;
    for (const handler of [cronGet, cronPost]) {
      const res = await handler(new Request("http://localhost/api/cron/charge-due", { method: "GET", headers }));
      expect(res.status).toBe(401);
    }
    expect(await h.db.cronRun.count()).toBe(before);
  });
});

/** The same client, except that every transaction fails as if the process died. */
function withFailingTransactions(db: PrismaClient): PrismaClient {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "$transaction") return () => Promise.reject(new Error("process died"));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
