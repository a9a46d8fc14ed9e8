/**
 * Payouts on connected accounts through the real `stripe` SDK: available vs pending balance on the
 * emulator clock, manual payouts, Stripe's failing test bank accounts, balance_insufficient,
 * payout events delivered to Connect webhook endpoints with `event.account`.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startReceiver, startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;

beforeAll(async () => {
  t = await startTestEmulator({ payoutTransitionMs: 100 });
  stripe = t.stripe;
});

afterAll(async () => {
  await t.stop();
});

async function host(accountNumber: string, country = "US"): Promise<Stripe.Account> {
  const us = country === "US";
  const account = await stripe.accounts.create({
    country,
    type: "express",
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    external_account: { object: "bank_account", country, currency: us ? "usd" : "eur", account_number: accountNumber, ...(us ? { routing_number: "110000000" } : {}) },
    settings: { payouts: { schedule: { interval: "manual" } } },
  });
  await t.emulator.control.completeOnboarding(account.id);
  return account;
}

/** A destination charge paying `amount` to the host (its funds pending on the host's delay). */
async function pay(account: Stripe.Account, amount: number, currency = "usd"): Promise<void> {
  await stripe.paymentIntents.create({
    amount,
    currency,
    payment_method: "pm_card_visa",
    confirm: true,
    return_url: "https://x.example",
    transfer_data: { destination: account.id },
    application_fee_amount: Math.round(amount / 10),
  });
}

function amountOf(list: Stripe.Balance.Available[], currency = "usd"): number {
  return list.find((b) => b.currency === currency)?.amount ?? 0;
}

describe("balance on the emulator clock", () => {
  it("funds are pending until available_on (the account's payout delay), then available", async () => {
    const account = await host("000123456789");
    await pay(account, 10_000);
    const as = { stripeAccount: account.id };
    let balance = await stripe.balance.retrieve({}, as);
    expect(amountOf(balance.pending)).toBe(9000);
    expect(amountOf(balance.available)).toBe(0);
    const [txn] = (await stripe.balanceTransactions.list({ type: "payment" }, as)).data;
    expect(txn?.status).toBe("pending");
    // US accounts: 2 days, at midnight UTC
    expect(txn?.available_on).toBe(Math.ceil((txn!.created + 2 * 86_400) / 86_400) * 86_400);
    const before = await t.emulator.control.clock();
    await t.emulator.control.advanceClock({ to: txn!.available_on });
    balance = await stripe.balance.retrieve({}, as);
    expect(amountOf(balance.available)).toBe(9000);
    expect(amountOf(balance.pending)).toBe(0);
    expect((await stripe.balanceTransactions.retrieve(txn!.id, {}, as)).status).toBe("available");
    expect((await t.emulator.control.clock()).now).toBeGreaterThanOrEqual(before.now + 86_400);
    const backwards = await fetch(`${t.emulator.url}/_emulator/clock`, { method: "POST", headers: { authorization: "Bearer sk_test_x", "content-type": "application/json" }, body: JSON.stringify({ to: 1 }) });
    expect(backwards.status).toBe(400);
  });
});

describe("payouts", () => {
  it("a manual payout of available funds goes pending → in_transit → paid at its arrival date, with events on the account", async () => {
    const receiver = await startReceiver("whsec_payouts");
    try {
      await t.emulator.control.addWebhookEndpoint({ url: receiver.url, secret: "whsec_payouts", scope: "connect" });
      const account = await host("000123456789");
      await pay(account, 5_000);
      const as = { stripeAccount: account.id };
      const tooMuch = await stripeError(stripe.payouts.create({ amount: 4_500, currency: "usd" }, as));
      expect(tooMuch.code).toBe("balance_insufficient");
      await t.emulator.control.makeFundsAvailable(account.id);
      const payout = await stripe.payouts.create({ amount: 4_500, currency: "usd", metadata: { booking: "b1" } }, as);
      expect(payout).toMatchObject({ object: "payout", amount: 4500, status: "pending", automatic: false, method: "standard", type: "bank_account", metadata: { booking: "b1" } });
      expect(payout.destination).toBe(account.external_accounts?.data[0]?.id);
      expect(payout.arrival_date).toBeGreaterThan(payout.created);
      expect(payout.arrival_date % 86_400).toBe(0);
      expect(amountOf((await stripe.balance.retrieve({}, as)).available)).toBe(0);
      expect((await stripeError(stripe.payouts.create({ amount: 1, currency: "usd" }, as))).code).toBe("balance_insufficient");
      await eventually(async () => expect((await stripe.payouts.retrieve(payout.id, {}, as)).status).toBe("in_transit"));
      await t.emulator.control.advanceClock({ to: payout.arrival_date });
      const paid = await stripe.payouts.retrieve(payout.id, {}, as);
      expect(paid.status).toBe("paid");
      expect(paid.failure_code).toBeNull();
      expect((await stripe.payouts.list({ status: "paid" }, as)).data.map((p) => p.id)).toEqual([payout.id]);
      expect((await stripeError(stripe.payouts.retrieve(payout.id))).statusCode).toBe(404);
      const [txn] = (await stripe.balanceTransactions.list({ type: "payout" }, as)).data;
      expect(txn).toMatchObject({ amount: -4500, source: payout.id, status: "available" });
      await t.emulator.control.waitForWebhooks();
      const types = await eventually(() => {
        const mine = receiver.received.filter((r) => r.event.account === account.id && r.event.type.startsWith("payout.")).map((r) => r.event.type);
        expect(mine).toContain("payout.paid");
        return mine;
      });
      expect(types.sort()).toEqual(["payout.created", "payout.paid", "payout.updated", "payout.updated"]);
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ["000111111116", "no_account"],
    ["000111111113", "account_closed"],
    ["000222222227", "insufficient_funds"],
    ["000333333335", "debit_not_authorized"],
    ["000444444440", "invalid_currency"],
  ])("a payout to the test bank account %s fails with %s and the money returns to the balance", async (number, code) => {
    const account = await host(number);
    await pay(account, 2_000);
    await t.emulator.control.makeFundsAvailable(account.id);
    const as = { stripeAccount: account.id };
    const payout = await stripe.payouts.create({ amount: 1_800, currency: "usd" }, as);
    const failed = await eventually(async () => {
      const p = await stripe.payouts.retrieve(payout.id, {}, as);
      expect(p.status).toBe("failed");
      return p;
    });
    expect(failed.failure_code).toBe(code);
    expect(failed.failure_message).toBeTruthy();
    expect(failed.failure_balance_transaction).toMatch(/^txn_/);
    expect(amountOf((await stripe.balance.retrieve({}, as)).available)).toBe(1800);
    const events = await stripe.events.list({ type: "payout.failed" }, as);
    expect(events.data[0]?.account).toBe(account.id);
  });

  it("an IBAN ending in a failing test account number fails too; settlePayouts ends everything now", async () => {
    const ok = await host("FI2112345600000785", "FI");
    const bad = await host("FI89000111111116", "FI");
    for (const account of [ok, bad]) await pay(account, 3_000, "eur");
    await t.emulator.control.makeFundsAvailable();
    const good = await stripe.payouts.create({ amount: 1000, currency: "eur" }, { stripeAccount: ok.id });
    const failing = await stripe.payouts.create({ amount: 1000, currency: "eur" }, { stripeAccount: bad.id });
    const { now } = await t.emulator.control.clock();
    expect(good.arrival_date).toBeGreaterThan(now);
    await t.emulator.control.settlePayouts();
    const paid = await stripe.payouts.retrieve(good.id, {}, { stripeAccount: ok.id });
    expect(paid.status).toBe("paid");
    // Paid ahead of the expected day, so it arrived today on the emulator clock (a midnight UTC,
    // like every arrival_date).
    expect(paid.arrival_date).toBe(Math.floor(now / 86_400) * 86_400);
    expect((await stripe.payouts.retrieve(failing.id, {}, { stripeAccount: bad.id })).failure_code).toBe("no_account");
  });

  it("refused as Stripe does: restricted accounts, automatic schedules, the platform itself, instant payouts; pending payouts cancel", async () => {
    const account = await host("000123456789");
    await pay(account, 3_000);
    await t.emulator.control.makeFundsAvailable(account.id);
    const as = { stripeAccount: account.id };
    expect((await stripeError(stripe.payouts.create({ amount: 100, currency: "usd", method: "instant" }, as))).code).toBe("instant_payouts_unsupported");
    expect((await stripeError(stripe.payouts.create({ amount: 100, currency: "usd" }))).code).toBe("no_external_account");
    await stripe.accounts.update(account.id, { settings: { payouts: { schedule: { interval: "daily" } } } });
    expect((await stripeError(stripe.payouts.create({ amount: 100, currency: "usd" }, as))).code).toBe("payouts_not_allowed");
    await stripe.accounts.update(account.id, { settings: { payouts: { schedule: { interval: "manual" } } } });
    await t.emulator.control.restrictAccount(account.id, "requirements.past_due");
    const restricted = await stripeError(stripe.payouts.create({ amount: 100, currency: "usd" }, as));
    expect(restricted.code).toBe("payouts_not_allowed");
    expect(restricted.message).toContain("requirements.past_due");
    await t.emulator.control.completeOnboarding(account.id);
    const payout = await stripe.payouts.create({ amount: 100, currency: "usd" }, as);
    const canceled = await stripe.payouts.cancel(payout.id, {}, as);
    expect(canceled.status).toBe("canceled");
    expect((await stripeError(stripe.payouts.cancel(payout.id, {}, as))).code).toBe("payout_not_cancelable");
  });

  it("a refund after the payout leaves the host's balance negative", async () => {
    const account = await host("000123456789");
    const pi = await stripe.paymentIntents.create({ amount: 10_000, currency: "usd", payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example", transfer_data: { destination: account.id }, application_fee_amount: 1000 });
    await t.emulator.control.makeFundsAvailable(account.id);
    const as = { stripeAccount: account.id };
    await stripe.payouts.create({ amount: 9000, currency: "usd" }, as);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 5000, reverse_transfer: true, refund_application_fee: true });
    expect(amountOf((await stripe.balance.retrieve({}, as)).available)).toBe(-4500);
  });
});
