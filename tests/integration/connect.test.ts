/**
 * Stripe Connect, app side, against the emulator over real HTTP: a host's Get paid
 * (connected account + Account Link), the `account.updated` mirror through the webhook, a
 * listing that takes requests only when its host can be paid, accepting refused until then,
 * a restricted account that makes the charge wait (and the host told), and destination
 * charges with refunds that reverse the host's share in proportion.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedAccountOf } from "@/lib/connect/accounts";
import { accountState } from "@/lib/connect/account-state";
import { searchListings, quoteListing } from "@/lib/listings";
import { destinationSplit, refundSplit } from "@/lib/connect/split";
import { chargeBookingIfDue } from "@/lib/payments/charge";
import { refundBooking } from "@/lib/payments/refunds";
import { acceptRequest } from "@/lib/use-cases/answer-request";
import { refreshAccount, startOnboarding } from "@/lib/use-cases/get-paid";
import { ValidationError } from "@/lib/errors";
import { addTestBankAccount, createBooking, saveCard, startHarness, startWebhookReceiver, WEBHOOK_SECRET, type Harness } from "./payments-fixtures";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let ready = false;

beforeAll(async () => {
  receiver = await startWebhookReceiver(() => (ready ? h.ctx() : null));
  h = await startHarness({ webhooks: [{ url: receiver.url, secret: WEBHOOK_SECRET }] });
  ready = true;
});
afterAll(async () => {
  await h?.emulator.control.waitForWebhooks();
  await h?.stop();
  await receiver.close();
});

const URLS = { returnUrl: "http://loyly.test/provider/get-paid/return", refreshUrl: "http://loyly.test/provider/get-paid/refresh" };

async function newHost() {
  const tag = randomUUID().slice(0, 8);
  const user = await h.db.user.create({ data: { email: `host-${tag}@it.test`, name: `Host ${tag}`, role: "PROVIDER", passwordHash: "x" } });
  const listing = await h.db.listing.create({
    data: {
      providerId: user.id,
      slug: `connect-${tag}`,
      title: `Connect sauna ${tag}`,
      description: "A sauna whose host is setting up payouts.",
      city: `Connectila-${tag}`,
      address: "Tilitie 1",
      hourlyPrice: 4000,
      capacity: 6,
      openingHours: { create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: 8 * 60, closesAt: 22 * 60 })) },
    },
  });
  return { actor: { id: user.id, role: "PROVIDER" as const }, user, listing };
}

async function settle() {
  await h.emulator.control.flushWebhooks();
  await h.emulator.control.waitForWebhooks();
}

const inThreeDays = () => new Date(h.clock.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);

describe("Get paid: onboarding and the account mirror", () => {
  it("creates one connected account per host, links to hosted onboarding, and mirrors account.updated", async () => {
    const host = await newHost();
    const ctx = h.ctx();
    expect(accountState(await connectedAccountOf(h.db, host.user.id))).toBe("not_started");

    // Not bookable yet: hidden from search, quotes refused.
    expect(await searchListings(h.db, { city: host.listing.city })).toEqual([]);
    await expect(quoteListing(h.db, host.listing.id, { date: inThreeDays(), startMinutes: 600, endMinutes: 720, guests: 2 }, { feeBps: 1000, now: h.clock.now() })).rejects.toThrow(
      /not taking booking requests yet/,
    );

    const first = await startOnboarding(ctx, host.actor, URLS);
    const again = await startOnboarding(ctx, host.actor, URLS);
    expect(first.url).toMatch(/^https?:\/\//);
    expect(again.url).not.toBe(first.url); // a fresh single-use link each time
    const mirror = await connectedAccountOf(h.db, host.user.id);
    expect(mirror?.stripeAccountId).toMatch(/^acct_/);
    expect(await h.db.connectedAccount.count({ where: { userId: host.user.id } })).toBe(1);
    expect(accountState(mirror)).toBe("details_needed");
    expect(mirror?.requirementsDue.length).toBeGreaterThan(0);

    const account = await h.stripe.accounts.retrieve(mirror!.stripeAccountId);
    expect(account.controller?.fees?.payer).toMatch(/^application/);
    expect(account.controller).toMatchObject({ losses: { payments: "application" }, stripe_dashboard: { type: "express" } });
    expect(account.settings?.payouts?.schedule?.interval).toBe("manual");

    // Stripe verifies: the webhook (event.account set) updates the mirror.
    await h.emulator.control.pendingVerification(mirror!.stripeAccountId);
    await settle();
    expect(accountState(await connectedAccountOf(h.db, host.user.id))).toBe("pending_verification");

    await addTestBankAccount(h, mirror!.stripeAccountId);
    await h.emulator.control.completeOnboarding(mirror!.stripeAccountId);
    await settle();
    const enabled = await connectedAccountOf(h.db, host.user.id);
    expect(enabled).toMatchObject({ chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true });
    expect(accountState(enabled)).toBe("enabled");
    expect((await searchListings(h.db, { city: host.listing.city })).map((l) => l.id)).toEqual([host.listing.id]);
    const quote = await quoteListing(h.db, host.listing.id, { date: inThreeDays(), startMinutes: 600, endMinutes: 720, guests: 2 }, { feeBps: 1000, now: h.clock.now() });
    expect(quote.totalAmount).toBe(quote.subtotalAmount + quote.feeAmount);

    const webhook = await h.db.webhookEvent.findFirst({ where: { type: "account.updated", note: { contains: mirror!.stripeAccountId } }, orderBy: { receivedAt: "desc" } });
    expect(webhook?.status).toBe("PROCESSED");
  });

  it("refreshAccount reads the account back on return from onboarding, before any webhook", async () => {
    const host = await newHost();
    const ctx = h.ctx();
    expect(await refreshAccount(ctx, host.actor)).toBeNull();
    await startOnboarding(ctx, host.actor, URLS);
    const mirror = await connectedAccountOf(h.db, host.user.id);
    await h.emulator.control.configureWebhooks({ paused: true });
    try {
      await addTestBankAccount(h, mirror!.stripeAccountId);
      await h.emulator.control.completeOnboarding(mirror!.stripeAccountId);
      expect(accountState(await refreshAccount(ctx, host.actor))).toBe("enabled");
    } finally {
      await h.emulator.control.configureWebhooks({ paused: false });
      await settle();
    }
  });

  it("only hosts set up payouts", async () => {
    const customer = await h.db.user.create({ data: { email: `c-${randomUUID()}@it.test`, name: "C", role: "CUSTOMER", passwordHash: "x" } });
    await expect(startOnboarding(h.ctx(), { id: customer.id, role: "CUSTOMER" }, URLS)).rejects.toThrow(/Only hosts/);
  });
});

describe("a restricted account", () => {
  it("refuses acceptance with what to do, makes an accepted booking's charge wait, tells the host, and charges once it is enabled again", async () => {
    const card = await saveCard(h, "4242424242424242");
    const requested = await createBooking(h, h.db, { card, status: "REQUESTED", startsInHours: 120 });
    const accepted = await createBooking(h, h.db, { card, startsInHours: 120, customerUserId: requested.customerId });
    // Both bookings' hosts are onboarded by the fixture; move the second booking onto the first's host.
    const hostId = requested.providerId;
    await h.db.listing.update({ where: { id: accepted.listingId }, data: { providerId: hostId } });
    const mirror = (await connectedAccountOf(h.db, hostId))!;
    const host = await h.db.user.findUniqueOrThrow({ where: { id: hostId } });

    await h.emulator.control.restrictAccount(mirror.stripeAccountId, "requirements.past_due");
    await settle();
    expect(accountState(await connectedAccountOf(h.db, hostId))).toBe("restricted");

    // The host is told what waits.
    const mail = await h.db.outboxEmail.findFirst({ where: { to: host.email, template: "connect.payouts_restricted" } });
    expect(mail?.text).toMatch(/1 booking request is waiting/);
    expect(mail?.text).toMatch(/1 accepted booking is not charged/);

    // Accepting is refused in words; the charge waits (not claimed, nothing tried).
    const error = await acceptRequest(h.ctx(), { id: hostId, role: "PROVIDER" }, { bookingId: requested.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/once you can be paid.*Get paid/);
    expect((await chargeBookingIfDue(h.ctx(), accepted.id)).result).toBe("skipped");
    expect(await h.db.paymentAttempt.count({ where: { bookingId: accepted.id } })).toBe(0);
    expect((await h.db.booking.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe("ACCEPTED");

    await h.emulator.control.completeOnboarding(mirror.stripeAccountId);
    await settle();
    expect((await chargeBookingIfDue(h.ctx(), accepted.id)).result).toBe("paid");
    expect((await acceptRequest(h.ctx(), { id: hostId, role: "PROVIDER" }, { bookingId: requested.id })).bookingId).toBe(requested.id);
  });
});

describe("destination charges", () => {
  it("charges the customer the total, transfers the host's share and keeps the fee; refunds reverse both in proportion", async () => {
    const card = await saveCard(h, "4242424242424242");
    const booking = await createBooking(h, h.db, { card, startsInHours: 120 });
    expect((await chargeBookingIfDue(h.ctx(), booking.id)).result).toBe("paid");
    const paid = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    const host = (await connectedAccountOf(h.db, booking.providerId))!;

    // amount charged = host's share + platform fee
    expect(paid).toMatchObject({ destinationAccountId: host.stripeAccountId, applicationFeeAmount: paid.feeAmount, transferAmount: paid.subtotalAmount });
    expect(paid.transferAmount! + paid.applicationFeeAmount!).toBe(paid.totalAmount);
    expect(paid.stripeTransferId).toMatch(/^tr_/);
    expect(paid.stripeApplicationFeeId).toMatch(/^fee_/);
    const pi = await h.stripe.paymentIntents.retrieve(paid.stripePaymentIntentId!);
    expect(pi.amount).toBe(paid.totalAmount);
    expect(pi.application_fee_amount).toBe(paid.feeAmount);
    expect(pi.transfer_data?.destination).toBe(host.stripeAccountId);
    const transfer = await h.stripe.transfers.retrieve(paid.stripeTransferId!);
    // Stripe transfers the whole charge and collects the fee back from the host's account.
    expect(transfer.amount).toBe(paid.totalAmount);
    const fee = await h.stripe.applicationFees.retrieve(paid.stripeApplicationFeeId!);
    expect(fee.amount).toBe(paid.feeAmount);
    expect(transfer.amount - fee.amount).toBe(paid.subtotalAmount);
    expect(transfer.destination).toBe(host.stripeAccountId);

    // A partial refund: the host's share and the fee come back in the charge's proportion.
    const operator = { type: "OPERATOR" as const, id: null };
    await refundBooking(h.ctx(), { bookingId: booking.id, amount: 3300, reason: "Sauna was cold", actor: operator });
    const part = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    const expected = refundSplit(3300, destinationSplit(paid));
    expect({ transferReversed: part.transferReversedAmount, applicationFeeRefunded: part.applicationFeeRefundedAmount }).toEqual(expected);
    expect(part.transferReversedAmount + part.applicationFeeRefundedAmount).toBe(part.refundedAmount);
    expect((await h.stripe.transfers.retrieve(paid.stripeTransferId!)).amount_reversed).toBe(3300);
    expect((await h.stripe.applicationFees.retrieve(paid.stripeApplicationFeeId!)).amount_refunded).toBe(expected.applicationFeeRefunded);

    // The rest: everything of both comes back.
    await refundBooking(h.ctx(), { bookingId: booking.id, amount: "remaining", reason: "Cancelled", actor: operator });
    const full = await h.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(full.status).toBe("REFUNDED");
    expect(full.transferReversedAmount).toBe(paid.subtotalAmount);
    expect(full.applicationFeeRefundedAmount).toBe(paid.feeAmount);
  });
});
