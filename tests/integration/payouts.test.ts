/**
 * Host payouts: the payout step of the scheduled pass, its claims and idempotency keys,
 * refunds after a payout (the host's debt recovered from the next payout), failed payouts,
 * the operator's hold and release, and the invariant for every booking and host: payouts
 * never exceed what was transferred and not reversed.
 *
 * Payouts and balances run against PayoutLedgerGateway (tests/support/payout-ledger.ts),
 * a model of connected accounts' balances with Stripe's idempotency and balance rules.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { NotAllowed } from "@/lib/errors";
import { runScheduledPass } from "@/lib/jobs/pass";
import { DAY_MS } from "@/lib/payouts/policy";
import { enrolChargedBookings, outstandingDebt, releaseDuePayouts } from "@/lib/payouts/release";
import { syncPayout } from "@/lib/payouts/state";
import { hostPayouts } from "@/lib/payouts/host";
import { operatorPayouts } from "@/lib/payouts/operator";
import { hostStatementCsv } from "@/lib/payouts/statement";
import { holdBookingPayout, releaseBookingPayoutNow } from "@/lib/use-cases/payouts";
import { makeListing, makeUser } from "@/tests/support/booking-fixtures";
import { PayoutLedgerGateway } from "@/tests/support/payout-ledger";
import { startHarness, type Harness } from "./payments-fixtures";

const HOUR = 3_600_000;

let h: Harness;
let gateway: PayoutLedgerGateway;
let ctx: Ctx;
/** Bookings made per listing so far: each takes its own 3-hour slot (no overlaps). */
const slots = new Map<string, number>();

beforeAll(async () => {
  h = await startHarness();
  gateway = new PayoutLedgerGateway(h.stripe);
  ctx = h.ctx({ stripe: gateway, payoutDelayDays: 2, mail: { enabled: false } });
});
afterAll(async () => {
  await h?.stop();
});

async function makeHost() {
  const host = await makeUser(h.db, "PROVIDER", "host");
  // Providers made by the fixtures are onboarded hosts already.
  const account = (await h.db.connectedAccount.findUniqueOrThrow({ where: { userId: host.id } })).stripeAccountId;
  const listing = await makeListing(h.db, host.id);
  return { host, account, listing };
}

/**
 * A booking charged as a destination charge: 100 € paid, 10 € platform fee, 90 € moved to
 * the host's account (in the ledger too). It ended `endedHoursAgo` hours before the clock.
 */
async function chargedBooking(
  host: Awaited<ReturnType<typeof makeHost>>,
  options: { endedHoursAgo?: number; total?: number; fee?: number } = {},
): Promise<string> {
  const customer = await makeUser(h.db, "CUSTOMER");
  const total = options.total ?? 10_000;
  const fee = options.fee ?? 1_000;
  const now = h.clock.now();
  const slot = slots.get(host.listing.id) ?? 0;
  slots.set(host.listing.id, slot + 1);
  const endsAt = new Date(now.getTime() - ((options.endedHoursAgo ?? 72) + slot * 3) * HOUR);
  const startsAt = new Date(endsAt.getTime() - 2 * HOUR);
  const booking = await h.db.booking.create({
    data: {
      listingId: host.listing.id,
      customerId: customer.id,
      status: endsAt.getTime() <= now.getTime() ? "COMPLETED" : "PAID",
      startsAt,
      endsAt,
      guests: 2,
      hourlyPrice: (total - fee) / 2,
      hours: 2,
      subtotalAmount: total - fee,
      feeAmount: fee,
      totalAmount: total,
      currency: "EUR",
      paidAt: new Date(startsAt.getTime() - 7 * DAY_MS),
      destinationAccountId: host.account,
      applicationFeeAmount: fee,
      transferAmount: total - fee,
    },
  });
  gateway.transfer(host.account, total - fee);
  return booking.id;
}

/** A refund with reverse_transfer: the host's share reversed in proportion. */
async function refundPart(bookingId: string, account: string, reversed: number) {
  await h.db.booking.update({ where: { id: bookingId }, data: { transferReversedAmount: { increment: reversed } } });
  gateway.reverse(account, reversed);
}

/** Payouts never exceed what was transferred and not reversed (per host, and at "Stripe"). */
async function expectInvariant(hostId: string, account: string) {
  const [row] = await h.db.$queryRaw<{ net: bigint | null }[]>`
    SELECT sum(b.transfer_amount - b.transfer_reversed_amount) AS net
    FROM bookings b WHERE b.destination_account_id = ${account}`;
  const paid = await h.db.payout.aggregate({ where: { hostId, status: { notIn: ["FAILED", "CANCELED"] } }, _sum: { amount: true } });
  const netTransferred = Number(row?.net ?? 0);
  expect(paid._sum.amount ?? 0).toBeLessThanOrEqual(netTransferred);
  expect(gateway.paidOut(account)).toBe(paid._sum.amount ?? 0);
  // Each booking is in at most one payout that did not fail (a unique payoutId per row).
  const releasedTwice = await h.db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM booking_events WHERE type = 'payout_released'
    GROUP BY booking_id HAVING count(*) > 1 + (SELECT count(*) FROM booking_events f WHERE f.booking_id = booking_events.booking_id AND f.type = 'payout_failed')`;
  expect(releasedTwice).toEqual([]);
}

describe("the payout step", () => {
  it("holds a booking's money until two days after it ends, then pays the host out once", async () => {
    const host = await makeHost();
    const ended = await chargedBooking(host, { endedHoursAgo: 50 }); // due (more than 48 h)
    const recent = await chargedBooking(host, { endedHoursAgo: 10 }); // held until +38 h

    const counts = await releaseDuePayouts(ctx);
    expect(counts.enrolled).toBeGreaterThanOrEqual(2);
    const rows = await h.db.bookingPayout.findMany({ where: { bookingId: { in: [ended, recent] } } });
    const byBooking = new Map(rows.map((r) => [r.bookingId, r]));
    expect(byBooking.get(ended)?.status).toBe("RELEASED");
    expect(byBooking.get(ended)?.amount).toBe(9_000);
    expect(byBooking.get(recent)?.status).toBe("HELD");

    const payouts = await h.db.payout.findMany({ where: { hostId: host.host.id } });
    expect(payouts).toHaveLength(1);
    expect(payouts[0]).toMatchObject({ amount: 9_000, status: "IN_TRANSIT", currency: "EUR" });
    expect(payouts[0]?.stripePayoutId).toMatch(/^po_/);

    // A second pass pays nothing again.
    await releaseDuePayouts(ctx);
    expect(await h.db.payout.count({ where: { hostId: host.host.id } })).toBe(1);

    // Two days after the end of the second booking, it goes too.
    h.clock.advance(40 * HOUR);
    await releaseDuePayouts(ctx);
    expect(await h.db.payout.count({ where: { hostId: host.host.id } })).toBe(2);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: recent } })).status).toBe("RELEASED");

    // The bank says paid: the bookings follow, on their timelines too.
    const first = payouts[0]!;
    expect(await syncPayout(ctx, gateway.settle(first.stripePayoutId!, "paid"), host.account)).toBe("updated");
    expect(await syncPayout(ctx, await gateway.retrievePayout(host.account, first.stripePayoutId!), host.account)).toBe("unchanged");
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: ended } })).status).toBe("PAID");
    expect(await h.db.bookingEvent.count({ where: { bookingId: ended, type: "payout_paid" } })).toBe(1);
    await expectInvariant(host.host.id, host.account);
    h.clock.advance(-40 * HOUR);
  });

  it("never pays a booking twice when passes overlap on several instances", async () => {
    const hosts = await Promise.all([makeHost(), makeHost(), makeHost()]);
    for (const host of hosts) for (let i = 0; i < 4; i++) await chargedBooking(host, { endedHoursAgo: 60 });
    const instances = [1, 2, 3, 4].map(() => h.ctx({ stripe: gateway, payoutDelayDays: 2, mail: { enabled: false }, db: h.newDb(4) }));
    const errors: unknown[] = [];
    const results = await Promise.all(instances.map((c) => releaseDuePayouts(c, { report: (_id, e) => errors.push(e) })));
    expect(errors).toEqual([]);
    expect(results.reduce((n, r) => n + r.payouts, 0)).toBeGreaterThanOrEqual(3);
    for (const host of hosts) {
      const rows = await h.db.bookingPayout.findMany({ where: { hostId: host.host.id } });
      expect(rows.every((r) => r.status === "RELEASED")).toBe(true);
      expect(gateway.paidOut(host.account)).toBe(4 * 9_000);
      await expectInvariant(host.host.id, host.account);
    }
  });

  it("re-sends a payout whose answer was lost with the same key: Stripe makes one", async () => {
    const host = await makeHost();
    await chargedBooking(host, { endedHoursAgo: 60 });
    gateway.loseNextAnswer = true;
    const first = await releaseDuePayouts(ctx);
    expect(first.unknown).toBe(1);
    const row = await h.db.payout.findFirstOrThrow({ where: { hostId: host.host.id } });
    expect(row.status).toBe("CREATING");
    expect(gateway.paidOut(host.account)).toBe(9_000); // Stripe did act

    const second = await releaseDuePayouts(ctx);
    expect(second.payouts).toBe(1);
    const settled = await h.db.payout.findUniqueOrThrow({ where: { id: row.id } });
    expect(settled.status).toBe("IN_TRANSIT");
    expect(await h.db.payout.count({ where: { hostId: host.host.id } })).toBe(1);
    expect([...gateway.payouts.values()].filter((p) => p.account === host.account)).toHaveLength(1);
    await expectInvariant(host.host.id, host.account);
  });

  it("pays nothing for a booking refunded in full before its release", async () => {
    const host = await makeHost();
    const id = await chargedBooking(host, { endedHoursAgo: 60 });
    await refundPart(id, host.account, 9_000);
    const counts = await releaseDuePayouts(ctx);
    expect(counts.reversed).toBeGreaterThanOrEqual(1);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } })).status).toBe("REVERSED");
    expect(await h.db.payout.count({ where: { hostId: host.host.id } })).toBe(0);
  });

  it("a refund after the payout leaves the host owing; the next payout takes it back", async () => {
    const host = await makeHost();
    const paid = await chargedBooking(host, { endedHoursAgo: 60 });
    await releaseDuePayouts(ctx);
    // Half the booking refunded after the payout: 45 € of the host's share reversed.
    await refundPart(paid, host.account, 4_500);
    expect(await outstandingDebt(h.db, { hostId: host.host.id, currency: "EUR" })).toBe(4_500);
    const view = await hostPayouts(ctx, host.host);
    expect(view.owed).toEqual([{ amount: 4_500, currency: "EUR" }]);
    expect(view.bookings.find((b) => b.bookingId === paid)?.state).toEqual({ kind: "reversed", owed: 4_500 });
    expect(view.balance).toEqual({ available: [{ currency: "EUR", amount: -4_500 }], pending: [] });

    // The next booking's 90 € pays 45 € out and recovers the 45 € owed.
    await chargedBooking(host, { endedHoursAgo: 60 });
    await releaseDuePayouts(ctx);
    const latest = await h.db.payout.findFirstOrThrow({ where: { hostId: host.host.id }, orderBy: { createdAt: "desc" } });
    expect(latest).toMatchObject({ amount: 4_500, recoveredAmount: 4_500 });
    expect(await outstandingDebt(h.db, { hostId: host.host.id, currency: "EUR" })).toBe(0);
    await expectInvariant(host.host.id, host.account);
  });

  it("waits while the money is not available on the account yet", async () => {
    const host = await makeHost();
    const id = await chargedBooking(host, { endedHoursAgo: 60 });
    // The transfer is still pending at Stripe.
    gateway.reverse(host.account, 9_000);
    gateway.transfer(host.account, 9_000, "eur", false);
    const counts = await releaseDuePayouts(ctx);
    expect(counts.waiting).toBeGreaterThanOrEqual(1);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } })).status).toBe("HELD");
    gateway.makePendingAvailable(host.account);
    await releaseDuePayouts(ctx);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } })).status).toBe("RELEASED");
  });

  it("a failed payout puts its bookings back, tells the host what to do, and goes again a day later", async () => {
    const host = await makeHost();
    const id = await chargedBooking(host, { endedHoursAgo: 60 });
    await releaseDuePayouts(ctx);
    const row = await h.db.payout.findFirstOrThrow({ where: { hostId: host.host.id } });
    const failed = gateway.settle(row.stripePayoutId!, { failure: "account_closed", message: "The bank account has been closed." });
    await syncPayout(ctx, failed, host.account);

    const bp = await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } });
    expect(bp.status).toBe("FAILED");
    const view = await hostPayouts(ctx, host.host);
    expect(view.failed).toHaveLength(1);
    expect(view.failed[0]?.advice).toMatch(/new bank account/);
    expect(view.bookings.find((b) => b.bookingId === id)?.state.kind).toBe("failed");
    const ops = await operatorPayouts(ctx, { id: "op", role: "OPERATOR" });
    expect(ops.failed.some((f) => f.id === row.id)).toBe(true);

    await releaseDuePayouts(ctx);
    expect(await h.db.payout.count({ where: { hostId: host.host.id } })).toBe(1);
    h.clock.advance(DAY_MS + HOUR);
    await releaseDuePayouts(ctx);
    h.clock.advance(-(DAY_MS + HOUR));
    const payouts = await h.db.payout.findMany({ where: { hostId: host.host.id }, orderBy: { createdAt: "asc" } });
    expect(payouts.map((p) => p.status)).toEqual(["FAILED", "IN_TRANSIT"]);
    expect(payouts[1]?.amount).toBe(9_000);
    await expectInvariant(host.host.id, host.account);
  });

  it("an operator holds a payout (the pass skips it) and releases it early, on the timeline", async () => {
    const host = await makeHost();
    const operator = await makeUser(h.db, "OPERATOR");
    const due = await chargedBooking(host, { endedHoursAgo: 60 });
    const early = await chargedBooking(host, { endedHoursAgo: -24 }); // ends tomorrow
    await enrolChargedBookings(ctx);

    await expect(holdBookingPayout(ctx, host.host, { bookingId: due, reason: "mine" })).rejects.toBeInstanceOf(NotAllowed);
    await holdBookingPayout(ctx, operator, { bookingId: due, reason: "Customer complaint under review" });
    await releaseDuePayouts(ctx);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: due } })).status).toBe("HELD");
    const ops = await operatorPayouts(ctx, operator);
    expect(ops.waiting.find((w) => w.bookingId === due)?.heldReason).toBe("Customer complaint under review");

    const result = await releaseBookingPayoutNow(ctx, operator, { bookingId: early, reason: "Host asked; long-time host" });
    expect(result.paidOut).toBe(true);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: early } })).status).toBe("RELEASED");
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: due } })).status).toBe("HELD");

    await releaseBookingPayoutNow(ctx, operator, { bookingId: due, reason: "Complaint resolved" });
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: due } })).status).toBe("RELEASED");
    const events = await h.db.bookingEvent.findMany({ where: { bookingId: due, type: { startsWith: "payout" } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["payout_held", "payout_release_requested", "payout_released"]);
    expect(events[0]).toMatchObject({ actorType: "OPERATOR", actorId: operator.id, reason: "Customer complaint under review" });
    await expectInvariant(host.host.id, host.account);
  });

  it("warns operators once about money held close to Stripe's 90-day limit", async () => {
    const host = await makeHost();
    const operator = await makeUser(h.db, "OPERATOR");
    const id = await chargedBooking(host, { endedHoursAgo: 60 });
    await enrolChargedBookings(ctx);
    await holdBookingPayout(ctx, operator, { bookingId: id, reason: "Dispute" });
    const mailing = h.ctx({ stripe: gateway, mail: { enabled: true, operatorEmail: "ops@loyly.test" } });
    h.clock.advance(60 * DAY_MS);
    try {
      const first = await releaseDuePayouts(mailing);
      expect(first.holdWarnings).toBeGreaterThanOrEqual(1);
      expect((await releaseDuePayouts(mailing)).holdWarnings).toBe(0);
      const mail = await h.db.outboxEmail.findFirstOrThrow({ where: { to: "ops@loyly.test" }, orderBy: { createdAt: "desc" } });
      expect(mail.subject).toMatch(/90-day limit/);
      expect(mail.text).toContain(id);
      const ops = await operatorPayouts(mailing, operator);
      expect(ops.waiting.find((w) => w.bookingId === id)?.nearLimit).toBe(true);
    } finally {
      h.clock.advance(-60 * DAY_MS);
    }
  });

  it("runs as a step of the scheduled pass, and the monthly statement lists charges and payouts", async () => {
    const host = await makeHost();
    const id = await chargedBooking(host, { endedHoursAgo: 60 });
    const summary = await runScheduledPass(ctx, { trigger: "test" });
    expect(summary.errors).toEqual([]);
    expect(summary.payouts.payouts).toBeGreaterThanOrEqual(1);
    const booking = await h.db.booking.findUniqueOrThrow({ where: { id } });
    const payout = await h.db.payout.findFirstOrThrow({ where: { hostId: host.host.id } });
    for (const month of new Set([booking.paidAt!.toISOString().slice(0, 7), payout.createdAt.toISOString().slice(0, 7)])) {
      const csv = await hostStatementCsv(h.db, host.host, month);
      expect(csv.split("\r\n")[0]).toMatch(/^date_utc,type,booking_id/);
    }
    const all = [booking.paidAt!.toISOString().slice(0, 7), payout.createdAt.toISOString().slice(0, 7)];
    const text = (await Promise.all([...new Set(all)].map((m) => hostStatementCsv(h.db, host.host, m)))).join("");
    expect(text).toContain(`,charge,${id},`);
    expect(text).toContain(",100.00,10.00,90.00,,");
    expect(text).toContain(`,payout,,,EUR,,,,,${payout.stripePayoutId},90.00,0.00,in_transit,`);
    await expect(hostStatementCsv(h.db, { id: "x", role: "CUSTOMER" }, "2026-01")).rejects.toBeInstanceOf(NotAllowed);
  });

  it("puts each refund on the statement of the month it was made, split as Stripe splits it; the charge's month stays as it was", async () => {
    const host = await makeHost();
    const id = await chargedBooking(host, { endedHoursAgo: 60 });
    const booking = await h.db.booking.findUniqueOrThrow({ where: { id } });
    const chargeMonth = booking.paidAt!.toISOString().slice(0, 7);
    const before = await hostStatementCsv(h.db, host.host, chargeMonth);

    // Two refunds 40 days later: 50 € then the other 50 €; one that failed moved no money.
    const later = new Date(booking.paidAt!.getTime() + 40 * DAY_MS);
    const refundMonth = later.toISOString().slice(0, 7);
    const refund = (amount: number, minutes: number, status: "SUCCEEDED" | "FAILED") =>
      h.db.refund.create({ data: { bookingId: id, amount, currency: "EUR", status, stripeRefundId: `re_${randomUUID()}`, createdAt: new Date(later.getTime() + minutes * 60_000) } });
    await refund(5_000, 0, "SUCCEEDED");
    await refund(2_000, 1, "FAILED");
    await refund(5_000, 2, "SUCCEEDED");

    expect(await hostStatementCsv(h.db, host.host, chargeMonth)).toBe(before);
    const lines = (await hostStatementCsv(h.db, host.host, refundMonth)).split("\r\n").filter((l) => l.includes(`,refund,${id},`));
    expect(lines.map((l) => l.split(",").slice(5, 9).join(","))).toEqual(["-50.00,-5.00,,45.00", "-50.00,-5.00,,45.00"]);
  });
});
