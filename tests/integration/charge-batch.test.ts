/**
 * The charging step writes a claimed batch's successes together (outcomes.ts
 * `markClaimedBatchPaid`): a few statements per batch instead of a transaction per booking,
 * with the same rows as one by one (the PAID transition, its event, the attempt, the
 * receipt and the host's notice), and a booking another writer paid meanwhile written once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { STRIPE } from "@/lib/bookings/transitions";
import { chargeDueBookings } from "@/lib/jobs/charge-due";
import { chargeClaimedBookingDeferred } from "@/lib/payments/charge";
import { claimDueBookings } from "@/lib/payments/claims";
import { markClaimedBatchPaid, markPaid, type ClaimedPayment } from "@/lib/payments/outcomes";
import { chargesForBooking, createBooking, saveCard, startHarness, type Harness } from "./payments-fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** A client of its own on the harness's database that counts the SQL statements it sends. */
function countingDb(url: string): { db: PrismaClient; count: () => number } {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }), log: [{ emit: "event", level: "query" }] });
  let n = 0;
  db.$on("query", () => {
    n++;
  });
  return { db, count: () => n };
}

describe("a claimed batch's successes", () => {
  it("are written with at most 3 statements per charged booking, with the same rows as one by one", async () => {
    const N = 12;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242") })).id);

    const { db, count } = countingDb(h.databaseUrl);
    try {
      const ctx = h.ctx({ db });
      const before = count();
      const counts = await chargeDueBookings(ctx, { batchSize: N });
      const statements = count() - before;
      expect(counts.paid).toBe(N);
      expect(counts.attempted).toBe(N);
      // Claim (4) + the batch's PAID write (5) + the emails (1): ~1 per booking here.
      expect(statements / N).toBeLessThanOrEqual(3);
    } finally {
      await db.$disconnect();
    }

    for (const id of ids) {
      const b = await h.db.booking.findUniqueOrThrow({ where: { id }, include: { paymentAttempts: true, events: true } });
      expect(b.status).toBe("PAID");
      expect(b.paidAt).not.toBeNull();
      expect(b.claimedBy).toBeNull();
      expect(b.claimExpiresAt).toBeNull();
      expect(b.autoAttempts).toBe(1);
      expect(b.stripePaymentIntentId).toMatch(/^pi_/);
      expect(b.paymentAttempts).toHaveLength(1);
      expect(b.paymentAttempts[0]).toMatchObject({ kind: "OFF_SESSION", outcome: "SUCCEEDED", stripePaymentIntentId: b.stripePaymentIntentId, amount: 8800, currency: "EUR" });
      expect(b.events.filter((e) => e.type === "charge_succeeded").map((e) => [e.fromStatus, e.toStatus])).toEqual([["CHARGING", "PAID"]]);
      const emails = await h.db.outboxEmail.findMany({ where: { bookingId: id }, orderBy: { template: "asc" } });
      expect(emails.map((e) => e.template)).toEqual(["payment.provider_paid", "payment.receipt"]);
      expect(emails.find((e) => e.template === "payment.receipt")?.text).toContain(b.stripePaymentIntentId);
      expect(await chargesForBooking(h, id)).toBe(1);
    }
  });

  it("overlapping batches charge every booking once and stop at maxBookings", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push((await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242") })).id);
    const ctx = h.ctx();
    // Three batches of 4, two in flight at a time: the third claim must not take a booking
    // the first or second still holds, and the last batch is cut to what maxBookings allows.
    const first = await chargeDueBookings(ctx, { batchSize: 4, maxBookings: 9 });
    expect(first).toMatchObject({ attempted: 9, paid: 9, failed: 0, unknown: 0 });
    const rest = await chargeDueBookings(ctx, { batchSize: 4 });
    expect(rest).toMatchObject({ attempted: 2, paid: 2 });
    for (const id of ids) {
      expect((await h.db.booking.findUniqueOrThrow({ where: { id } })).status).toBe("PAID");
      expect(await chargesForBooking(h, id)).toBe(1);
    }
  });

  it("a booking a webhook paid meanwhile is written once: no second event, attempt or receipt", async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await createBooking(h, h.db, { card: await saveCard(h, "4242424242424242") })).id);
    const ctx = h.ctx();
    const claims = await claimDueBookings(ctx, { limit: 10 });
    expect(claims.map((c) => c.id).sort()).toEqual([...ids].sort());

    const payments: ClaimedPayment[] = [];
    for (const claim of claims) {
      const step = await chargeClaimedBookingDeferred(ctx, claim);
      if (step.result !== "succeeded") throw new Error(`expected a success, got ${step.result}`);
      payments.push(step.payment);
    }
    // Nothing written yet: the bookings are still CHARGING under our claim.
    expect((await h.db.booking.findMany({ where: { id: { in: ids } } })).map((b) => b.status)).toEqual(["CHARGING", "CHARGING"]);

    // The webhook for the first arrives before the batch's write.
    const [first, second] = payments;
    if (!first || !second) throw new Error("two payments");
    expect(await markPaid(ctx, { bookingId: first.bookingId, paymentIntent: first.paymentIntent, actor: STRIPE, attempt: null, reason: "webhook" })).toBe("paid");

    const results = await markClaimedBatchPaid(ctx, payments);
    expect(results.get(first.bookingId)).toBe("already_paid");
    expect(results.get(second.bookingId)).toBe("paid");

    const a = await h.db.booking.findUniqueOrThrow({ where: { id: first.bookingId }, include: { paymentAttempts: true, events: true } });
    expect(a.status).toBe("PAID");
    expect(a.events.filter((e) => e.type === "charge_succeeded")).toHaveLength(1);
    // The webhook's news is no attempt of ours, but the charge was: recorded once all the same.
    expect(a.paymentAttempts.map((p) => [p.kind, p.outcome])).toEqual([["OFF_SESSION", "SUCCEEDED"]]);
    expect(await h.db.outboxEmail.count({ where: { bookingId: first.bookingId, template: "payment.receipt" } })).toBe(1);

    const b = await h.db.booking.findUniqueOrThrow({ where: { id: second.bookingId }, include: { paymentAttempts: true } });
    expect(b.status).toBe("PAID");
    expect(b.paymentAttempts).toHaveLength(1);
    expect(await h.db.outboxEmail.count({ where: { bookingId: second.bookingId, template: "payment.receipt" } })).toBe(1);
  });
});
