/**
 * Host payouts end to end against the Stripe emulator: a destination charge, the money
 * released two days after the booking ends as a payout on the host's connected account
 * (Stripe-Account), the bank's answer through the payout webhook handler (paid; failed for
 * Stripe's failing test bank account, with what to do), a partial refund after the payout
 * leaving the host's Stripe balance negative and the next payout recovering it, and the
 * invariant at Stripe: payouts never exceed what was transferred and not reversed.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { payoutChanged } from "@/lib/payments/webhooks/payout";
import { hostPayouts } from "@/lib/payouts/host";
import { DAY_MS } from "@/lib/payouts/policy";
import { outstandingDebt, releaseDuePayouts } from "@/lib/payouts/release";
import { refundAsOperator } from "@/lib/use-cases/operator";
import { makeUser } from "@/tests/support/booking-fixtures";
import { createBooking, saveCard, startHarness, type Harness } from "./payments-fixtures";

const HOUR = 3_600_000;

let h: Harness;
let ctx: Ctx;

beforeAll(async () => {
  h = await startHarness();
  ctx = h.ctx({ payoutDelayDays: 2, mail: { enabled: false } });
});
afterAll(async () => {
  await h?.stop();
});

async function hostOf(bookingId: string) {
  const b = await h.db.booking.findUniqueOrThrow({ where: { id: bookingId }, select: { destinationAccountId: true, listing: { select: { providerId: true } } } });
  const user = await h.db.user.findUniqueOrThrow({ where: { id: b.listing.providerId } });
  return { account: b.destinationAccountId!, host: { id: user.id, role: user.role } };
}

/** A booking charged now (destination charge) for a host of its own. */
async function chargedBooking(): Promise<string> {
  const card = await saveCard(h, "pm_card_visa");
  const fixture = await createBooking(h, h.db, { card, startsInHours: 72 });
  expect((await chargeBookingIfDue(ctx, fixture.id)).result).toBe("paid");
  return fixture.id;
}

/** What a payout.* webhook makes the app do (the handler re-reads the payout on the account). */
async function deliverPayoutEvent(account: string, payoutId: string, type: "payout.paid" | "payout.failed") {
  const event = { id: `evt_${payoutId}_${type}`, type, account, data: { object: { id: payoutId } } } as unknown as Stripe.PayoutPaidEvent;
  return payoutChanged(event, ctx);
}

async function stripePayouts(account: string): Promise<Stripe.Payout[]> {
  return (await h.stripe.payouts.list({ limit: 100 }, { stripeAccount: account })).data;
}

/** At Stripe: payouts not failed ≤ what was transferred and not reversed (less the platform's fees kept). */
async function expectInvariantAtStripe(account: string) {
  const transfers = (await h.stripe.transfers.list({ destination: account, limit: 100 })).data;
  const fees = (await h.stripe.applicationFees.list({ limit: 100 })).data.filter((f) => (typeof f.account === "string" ? f.account : f.account.id) === account);
  const net = transfers.reduce((s, t) => s + t.amount - t.amount_reversed, 0) - fees.reduce((s, f) => s + f.amount - f.amount_refunded, 0);
  expect(net).toBeGreaterThan(0);
  const paid = (await stripePayouts(account)).filter((p) => p.status !== "failed" && p.status !== "canceled").reduce((s, p) => s + p.amount, 0);
  expect(paid).toBeLessThanOrEqual(net);
}

describe("payouts against the emulator", () => {
  it("pays the host's share out two days after the booking ends, and mirrors payout.paid", async () => {
    const id = await chargedBooking();
    const booking = await h.db.booking.findUniqueOrThrow({ where: { id } });
    expect(booking.transferAmount).toBe(8000);
    const { account, host } = await hostOf(id);

    // The booking has not ended yet: nothing is paid out.
    await releaseDuePayouts(ctx);
    expect(await stripePayouts(account)).toHaveLength(0);
    expect((await hostPayouts(ctx, host)).bookings[0]?.state.kind).toBe("held");

    h.clock.set(new Date(booking.endsAt.getTime() + 2 * DAY_MS + HOUR));
    await h.emulator.control.makeFundsAvailable(account);
    const counts = await releaseDuePayouts(ctx);
    expect(counts.payouts).toBe(1);
    const [payout] = await stripePayouts(account);
    expect(payout).toMatchObject({ amount: 8000, currency: "eur", metadata: { host_id: host.id } });
    const row = await h.db.payout.findUniqueOrThrow({ where: { stripePayoutId: payout!.id } });
    expect(row.arrivalDate).not.toBeNull();

    await h.emulator.control.settlePayouts();
    expect(await deliverPayoutEvent(account, payout!.id, "payout.paid")).toMatch(/paid/);
    expect((await h.db.payout.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("PAID");
    const view = await hostPayouts(ctx, host);
    expect(view.bookings[0]?.state.kind).toBe("paid");
    expect(view.history[0]).toMatchObject({ amount: 8000, status: "PAID" });

    // A second pass makes no second payout.
    await releaseDuePayouts(ctx);
    expect(await stripePayouts(account)).toHaveLength(1);
    await expectInvariantAtStripe(account);
  });

  it("a payout to a failing test bank account fails, and the host is told what to do", async () => {
    const id = await chargedBooking();
    const { account, host } = await hostOf(id);
    // Stripe's test IBAN whose payouts fail with no_account.
    await h.stripe.accounts.update(account, {
      external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: "FI89000111111116" },
    } as Stripe.AccountUpdateParams);
    const booking = await h.db.booking.findUniqueOrThrow({ where: { id } });
    h.clock.set(new Date(booking.endsAt.getTime() + 2 * DAY_MS + HOUR));
    await h.emulator.control.makeFundsAvailable(account);
    await releaseDuePayouts(ctx);
    const [payout] = await stripePayouts(account);
    await h.emulator.control.settlePayouts();
    await deliverPayoutEvent(account, payout!.id, "payout.failed");

    const row = await h.db.payout.findUniqueOrThrow({ where: { stripePayoutId: payout!.id } });
    expect(row).toMatchObject({ status: "FAILED", failureCode: "no_account" });
    const view = await hostPayouts(ctx, host);
    expect(view.failed[0]?.advice).toMatch(/account number/);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } })).status).toBe("FAILED");
    // The money is back on the account.
    const balance = await h.stripe.balance.retrieve({}, { stripeAccount: account });
    expect(balance.available.find((b) => b.currency === "eur")?.amount).toBe(8000);
    await expectInvariantAtStripe(account);
  });

  it("a payout Stripe refuses is tried again after an hour, then two, not on every pass", async () => {
    const id = await chargedBooking();
    const { account, host } = await hostOf(id);
    // Stripe refuses manual payouts while the account pays out on a schedule of its own.
    await h.stripe.accounts.update(account, { settings: { payouts: { schedule: { interval: "daily" } } } });
    const booking = await h.db.booking.findUniqueOrThrow({ where: { id } });
    const start = new Date(booking.endsAt.getTime() + 2 * DAY_MS + HOUR);
    h.clock.set(start);
    await h.emulator.control.makeFundsAvailable(account);
    const refusals = () => h.db.payout.count({ where: { hostId: host.id, status: "CANCELED" } });
    const due = async () => (await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } })).releaseAt.getTime();

    expect((await releaseDuePayouts(ctx)).refused).toBe(1);
    expect(await refusals()).toBe(1);
    expect(await due()).toBe(start.getTime() + HOUR);
    const event = await h.db.bookingEvent.findFirstOrThrow({ where: { bookingId: id, type: "payout_refused" } });
    expect(event.reason).toMatch(/tried again in an hour/);

    h.clock.set(new Date(start.getTime() + 30 * 60_000)); // the next passes within the hour ask nothing
    expect((await releaseDuePayouts(ctx)).refused).toBe(0);
    expect(await refusals()).toBe(1);

    h.clock.set(new Date(start.getTime() + HOUR));
    expect((await releaseDuePayouts(ctx)).refused).toBe(1);
    expect(await refusals()).toBe(2);
    expect(await due()).toBe(start.getTime() + 3 * HOUR); // two hours after the second refusal

    // The host fixes the account: the next try pays out.
    await h.stripe.accounts.update(account, { settings: { payouts: { schedule: { interval: "manual" } } } });
    h.clock.set(new Date(start.getTime() + 3 * HOUR));
    expect((await releaseDuePayouts(ctx)).payouts).toBe(1);
    expect(await stripePayouts(account)).toHaveLength(1);
    expect((await h.db.bookingPayout.findUniqueOrThrow({ where: { bookingId: id } })).status).toBe("RELEASED");
    await expectInvariantAtStripe(account);
  });

  it("a partial refund after the payout leaves the host owing; the next payout recovers it", async () => {
    const first = await chargedBooking();
    const { account, host } = await hostOf(first);
    const operator = await makeUser(h.db, "OPERATOR");
    const b1 = await h.db.booking.findUniqueOrThrow({ where: { id: first } });
    h.clock.set(new Date(b1.endsAt.getTime() + 2 * DAY_MS + HOUR));
    await h.emulator.control.makeFundsAvailable(account);
    await releaseDuePayouts(ctx);
    expect(await stripePayouts(account)).toHaveLength(1);

    // Half of the 88 € refunded after the payout: 40 € of the host's 80 € reversed.
    await refundAsOperator(ctx, operator, { bookingId: first, amount: 4400, reason: "Half refunded after the stay" });
    const refunded = await h.db.booking.findUniqueOrThrow({ where: { id: first } });
    // Half of the host's 80 € share is taken back (however Stripe splits it between the transfer and the fee).
    expect(refunded.transferReversedAmount).toBe(4000);
    expect(await outstandingDebt(h.db, { hostId: host.id, currency: "EUR" })).toBe(4000);
    const balance = await h.stripe.balance.retrieve({}, { stripeAccount: account });
    expect(balance.available.find((b) => b.currency === "eur")?.amount).toBe(-4000);
    expect((await hostPayouts(ctx, host)).owed).toEqual([{ amount: 4000, currency: "EUR" }]);

    // The host's next booking (same account) pays 80 € − 40 € owed.
    const card = await saveCard(h, "pm_card_visa");
    const listing = await h.db.listing.findFirstOrThrow({ where: { providerId: host.id } });
    const customer = await makeUser(h.db, "CUSTOMER");
    const consent = await h.db.consentRecord.create({ data: { userId: customer.id, paymentMethodId: card.paymentMethodId, textVersion: "t", textHash: "x", text: "I agree" } });
    const startsAt = new Date(h.clock.now().getTime() + 72 * HOUR);
    const second = await h.db.booking.create({
      data: {
        listingId: listing.id,
        customerId: customer.id,
        status: "ACCEPTED",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * HOUR),
        guests: 2,
        hourlyPrice: 4000,
        hours: 2,
        subtotalAmount: 8000,
        feeAmount: 800,
        totalAmount: 8800,
        currency: "EUR",
        stripeCustomerId: card.customerId,
        paymentMethodId: card.paymentMethodId,
        consentId: consent.id,
        acceptedAt: h.clock.now(),
        chargeAt: h.clock.now(),
        payBy: new Date(startsAt.getTime() - 48 * HOUR),
      },
    });
    expect((await chargeBookingIfDue(ctx, second.id)).result).toBe("paid");
    h.clock.set(new Date(startsAt.getTime() + 2 * HOUR + 2 * DAY_MS + HOUR));
    await h.emulator.control.makeFundsAvailable(account);
    await releaseDuePayouts(ctx);
    const payouts = await stripePayouts(account);
    expect(payouts).toHaveLength(2);
    expect(payouts.map((p) => p.amount).sort((a, b) => a - b)).toEqual([4000, 8000]);
    expect(await outstandingDebt(h.db, { hostId: host.id, currency: "EUR" })).toBe(0);
    const after = await h.stripe.balance.retrieve({}, { stripeAccount: account });
    expect(after.available.find((b) => b.currency === "eur")?.amount ?? 0).toBe(0);
    await expectInvariantAtStripe(account);
  });
});
