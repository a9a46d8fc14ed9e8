/**
 * Connect money through the real `stripe` SDK: destination charges (transfer + application fee),
 * on_behalf_of, Stripe's checks, refunds that reverse the transfer and refund the fee in
 * proportion, transfers and reversals, application fees and their refunds, balances per account.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;
let customer: Stripe.Customer;
let pm: string;

beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
  customer = await stripe.customers.create({ email: "guest@example.com" });
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true, usage: "off_session", return_url: "https://x.example" });
  pm = String(si.payment_method);
});

afterAll(async () => {
  await t.stop();
});

/** An onboarded host in Finland with a test IBAN (or the given bank account number). */
export async function onboardedHost(client: Stripe, control: TestEmulator["emulator"]["control"], accountNumber = "FI2112345600000785"): Promise<Stripe.Account> {
  const account = await client.accounts.create({
    country: "FI",
    controller: { fees: { payer: "application" }, losses: { payments: "application" }, stripe_dashboard: { type: "express" } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: accountNumber },
    settings: { payouts: { schedule: { interval: "manual" } } },
  });
  await control.completeOnboarding(account.id);
  return client.accounts.retrieve(account.id);
}

function destinationCharge(host: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return stripe.paymentIntents.create({
    amount: 10_000,
    currency: "eur",
    customer: customer.id,
    payment_method: pm,
    confirm: true,
    off_session: true,
    transfer_data: { destination: host },
    application_fee_amount: 1_000,
    on_behalf_of: host,
    ...extra,
  } as Stripe.PaymentIntentCreateParams);
}

function amountOf(list: Stripe.Balance.Available[] | Stripe.Balance.Pending[], currency = "eur"): number {
  return list.find((b) => b.currency === currency)?.amount ?? 0;
}

describe("destination charges", () => {
  it("a succeeded destination charge creates the transfer (with its destination payment) and the application fee", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id);
    expect(pi.status).toBe("succeeded");
    expect(pi).toMatchObject({ application_fee_amount: 1000, on_behalf_of: host.id, transfer_data: { destination: host.id } });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ application_fee_amount: 1000, on_behalf_of: host.id, transfer_data: { amount: null, destination: host.id }, transfer_group: `group_${pi.id}` });
    expect(charge.transfer).toMatch(/^tr_/);
    expect(charge.application_fee).toMatch(/^fee_/);

    const transfer = await stripe.transfers.retrieve(String(charge.transfer));
    expect(transfer).toMatchObject({ amount: 10_000, amount_reversed: 0, currency: "eur", destination: host.id, source_transaction: charge.id, reversed: false, transfer_group: `group_${pi.id}` });
    expect(transfer.destination_payment).toMatch(/^py_/);
    const payment = await stripe.charges.retrieve(String(transfer.destination_payment), {}, { stripeAccount: host.id });
    expect(payment).toMatchObject({ amount: 10_000, source_transfer: transfer.id, application_fee: charge.application_fee, application_fee_amount: 1000 });
    expect((await stripeError(stripe.charges.retrieve(String(transfer.destination_payment)))).statusCode).toBe(404);

    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee).toMatchObject({ amount: 1000, amount_refunded: 0, account: host.id, charge: transfer.destination_payment, originating_transaction: charge.id, currency: "eur", refunded: false });

    // the connected account's payment: full amount, the application fee deducted
    const [paymentTxn] = (await stripe.balanceTransactions.list({ source: String(transfer.destination_payment) }, { stripeAccount: host.id })).data;
    expect(paymentTxn).toMatchObject({ type: "payment", amount: 10_000, fee: 1000, net: 9000, status: "pending" });
    expect(paymentTxn?.fee_details).toEqual([expect.objectContaining({ type: "application_fee", amount: 1000 })]);
    const hostBalance = await stripe.balance.retrieve({}, { stripeAccount: host.id });
    expect(amountOf(hostBalance.pending)).toBe(9000);
    expect(amountOf(hostBalance.available)).toBe(0);

    // the platform: the charge less Stripe's fee (pending), the transfer out (at once), the fee in
    const [chargeTxn] = (await stripe.balanceTransactions.list({ source: charge.id })).data;
    expect(chargeTxn).toMatchObject({ type: "charge", amount: 10_000, fee: 175, net: 9825 });
    expect(charge.balance_transaction).toBe(chargeTxn?.id);
    expect((await stripe.balanceTransactions.list({ source: transfer.id })).data[0]).toMatchObject({ type: "transfer", amount: -10_000, status: "available" });
    expect((await stripe.balanceTransactions.list({ source: fee.id })).data[0]).toMatchObject({ type: "application_fee", amount: 1000 });

    const events = (await stripe.events.list({ limit: 20 })).data.map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(["transfer.created", "application_fee.created"]));
    const succeeded = (await stripe.events.list({ type: "charge.succeeded" })).data.find((e) => (e.data.object as Stripe.Charge).id === charge.id);
    expect(succeeded?.data.object).toMatchObject({ transfer: charge.transfer, application_fee: charge.application_fee });
  });

  it("transfer_data[amount] sends that amount and makes no application fee", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id, { transfer_data: { destination: host.id, amount: 8_500 }, application_fee_amount: undefined });
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge.application_fee).toBeNull();
    expect(charge.transfer_data).toEqual({ amount: 8500, destination: host.id });
    expect((await stripe.transfers.retrieve(String(charge.transfer))).amount).toBe(8500);
    expect(amountOf((await stripe.balance.retrieve({}, { stripeAccount: host.id })).pending)).toBe(8500);
  });

  it("manual capture transfers at capture", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id, { capture_method: "manual" });
    expect(pi.status).toBe("requires_capture");
    expect((await stripe.transfers.list({ destination: host.id })).data).toEqual([]);
    await stripe.paymentIntents.capture(pi.id);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect((await stripe.transfers.retrieve(String(charge.transfer))).amount).toBe(10_000);
  });

  it("Stripe's checks: destination exists and can receive transfers, fee within amount, fee only with a destination", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const missing = await stripeError(destinationCharge("acct_1Missing0000000", { on_behalf_of: undefined }));
    expect(missing).toMatchObject({ code: "resource_missing", param: "transfer_data[destination]" });
    const fresh = await stripe.accounts.create({ type: "express", country: "FI", capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
    const inactive = await stripeError(destinationCharge(fresh.id, { on_behalf_of: undefined }));
    expect(inactive.code).toBe("insufficient_capabilities_for_transfer");
    expect(inactive.message).toBe("Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments");
    expect((await stripeError(destinationCharge(host.id, { application_fee_amount: 10_001 }))).param).toBe("application_fee_amount");
    const feeAlone = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", application_fee_amount: 100 }));
    expect(feeAlone.message).toContain("Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment");
    const both = await stripeError(destinationCharge(host.id, { transfer_data: { destination: host.id, amount: 500 } }));
    expect(both.param).toBe("transfer_data[amount]");
    const other = await onboardedHost(stripe, t.emulator.control);
    expect((await stripeError(destinationCharge(host.id, { on_behalf_of: other.id }))).param).toBe("on_behalf_of");
    expect(t.emulator.core.platform.charges.size).toBeGreaterThan(0);
  });

  it("an account restricted after the intent was made fails the confirmation, and nothing is charged", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id, { confirm: false, off_session: undefined });
    await t.emulator.control.restrictAccount(host.id, "requirements.past_due");
    const error = await stripeError(stripe.paymentIntents.confirm(pi.id, { off_session: true }));
    expect(error.code).toBe("insufficient_capabilities_for_transfer");
    expect((await stripe.paymentIntents.retrieve(pi.id)).latest_charge).toBeNull();
    await t.emulator.control.completeOnboarding(host.id);
    expect((await stripe.paymentIntents.confirm(pi.id, { off_session: true })).status).toBe("succeeded");
  });

  it("SetupIntents keep on_behalf_of", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const si = await stripe.setupIntents.create({ customer: customer.id, on_behalf_of: host.id, payment_method: "pm_card_visa", confirm: true, usage: "off_session", return_url: "https://x.example" });
    expect(si.on_behalf_of).toBe(host.id);
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: si.id })).data;
    expect(attempt?.on_behalf_of).toBe(host.id);
    expect((await stripeError(stripe.setupIntents.create({ on_behalf_of: "acct_1Missing0000000" }))).code).toBe("resource_missing");
  });
});

describe("refunds of destination charges", () => {
  it("reverse_transfer and refund_application_fee move money back in proportion; the last refund takes the rest", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    const first = await stripe.refunds.create({ payment_intent: pi.id, amount: 2_500, reverse_transfer: true, refund_application_fee: true });
    expect(first.transfer_reversal).toMatch(/^trr_/);
    let transfer = await stripe.transfers.retrieve(String(charge.transfer));
    expect(transfer).toMatchObject({ amount_reversed: 2500, reversed: false });
    const [reversal] = transfer.reversals.data;
    expect(reversal).toMatchObject({ amount: 2500, source_refund: first.id, transfer: transfer.id });
    expect(reversal?.destination_payment_refund).toMatch(/^pyr_/);
    let fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee).toMatchObject({ amount_refunded: 250, refunded: false });
    expect(fee.refunds.data[0]).toMatchObject({ object: "fee_refund", amount: 250, fee: fee.id });
    // host: 9000 − 2500 + 250
    expect(amountOf((await stripe.balance.retrieve({}, { stripeAccount: host.id })).pending) + amountOf((await stripe.balance.retrieve({}, { stripeAccount: host.id })).available)).toBe(6750);

    await stripe.refunds.create({ payment_intent: pi.id, reverse_transfer: true, refund_application_fee: true });
    transfer = await stripe.transfers.retrieve(String(charge.transfer));
    expect(transfer).toMatchObject({ amount_reversed: 10_000, reversed: true });
    fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee).toMatchObject({ amount_refunded: 1000, refunded: true });
    const hostBalance = await stripe.balance.retrieve({}, { stripeAccount: host.id });
    expect(amountOf(hostBalance.pending) + amountOf(hostBalance.available)).toBe(0);
    const events = (await stripe.events.list({ limit: 30 })).data.map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(["transfer.reversed", "application_fee.refunded", "charge.refunded"]));
  });

  it("proportions follow transfer_data[amount]; without reverse_transfer the host keeps its share", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id, { transfer_data: { destination: host.id, amount: 8_500 }, application_fee_amount: undefined });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 3_333, reverse_transfer: true });
    const reversal = (await stripe.transfers.listReversals(String((await stripe.charges.retrieve(String(pi.latest_charge))).transfer))).data[0];
    expect(reversal).toMatchObject({ amount: 2833, source_refund: refund.id }); // round(3333 × 8500 / 10000)
    const kept = await destinationCharge(host.id);
    const plain = await stripe.refunds.create({ payment_intent: kept.id, amount: 1000 });
    expect(plain.transfer_reversal).toBeNull();
    const direct = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example" });
    expect((await stripeError(stripe.refunds.create({ payment_intent: direct.id, reverse_transfer: true }))).param).toBe("reverse_transfer");
  });
});

describe("transfers and application fees", () => {
  it("a transfer needs available funds or a source_transaction; reversals are listed on it", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const poor = await stripeError(stripe.transfers.create({ amount: 10_000_000, currency: "eur", destination: host.id }));
    expect(poor.code).toBe("balance_insufficient");
    const funded = await stripe.paymentIntents.create({ amount: 5000, currency: "eur", payment_method: "pm_card_bypassPending", confirm: true, return_url: "https://x.example" });
    const charge = String(funded.latest_charge);
    const transfer = await stripe.transfers.create({ amount: 3000, currency: "eur", destination: host.id, source_transaction: charge, metadata: { booking: "b1" } });
    expect(transfer).toMatchObject({ amount: 3000, source_transaction: charge, metadata: { booking: "b1" } });
    expect((await stripeError(stripe.transfers.create({ amount: 3000, currency: "eur", destination: host.id, source_transaction: charge }))).code).toBe("balance_insufficient");
    const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 1000 });
    expect(reversal).toMatchObject({ object: "transfer_reversal", amount: 1000, source_refund: null });
    expect((await stripe.transfers.listReversals(transfer.id)).data.map((r) => r.id)).toEqual([reversal.id]);
    expect((await stripe.transfers.retrieveReversal(transfer.id, reversal.id)).amount).toBe(1000);
    expect((await stripeError(stripe.transfers.createReversal(transfer.id, { amount: 2001 }))).param).toBe("amount");
    expect((await stripe.transfers.list({ destination: host.id })).data.map((x) => x.id)).toContain(transfer.id);
    const fresh = await stripe.accounts.create({ type: "express", country: "FI", capabilities: { transfers: { requested: true } } });
    expect((await stripeError(stripe.transfers.create({ amount: 100, currency: "eur", destination: fresh.id, source_transaction: charge }))).code).toBe("insufficient_capabilities_for_transfer");
  });

  it("application fees list by charge and refund on their own", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await destinationCharge(host.id);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    const listed = await stripe.applicationFees.list({ charge: charge.id });
    expect(listed.data.map((f) => f.id)).toEqual([charge.application_fee]);
    const refund = await stripe.applicationFees.createRefund(String(charge.application_fee), { amount: 400 });
    expect(refund).toMatchObject({ amount: 400, fee: charge.application_fee });
    expect((await stripe.applicationFees.listRefunds(String(charge.application_fee))).data.map((r) => r.id)).toEqual([refund.id]);
    expect((await stripe.applicationFees.retrieveRefund(String(charge.application_fee), refund.id)).amount).toBe(400);
    expect((await stripeError(stripe.applicationFees.createRefund(String(charge.application_fee), { amount: 601 }))).param).toBe("amount");
    // the host gets the fee refund back
    const [fr] = (await stripe.balanceTransactions.list({ type: "application_fee_refund" }, { stripeAccount: host.id })).data;
    expect(fr).toMatchObject({ amount: 400, source: refund.id });
  });

  it("direct charges with Stripe-Account take the application fee from the connected account", async () => {
    const host = await onboardedHost(stripe, t.emulator.control);
    const pi = await stripe.paymentIntents.create(
      { amount: 2000, currency: "eur", payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example", application_fee_amount: 200 },
      { stripeAccount: host.id },
    );
    const charge = await stripe.charges.retrieve(String(pi.latest_charge), {}, { stripeAccount: host.id });
    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee).toMatchObject({ account: host.id, amount: 200, charge: charge.id });
    const [txn] = (await stripe.balanceTransactions.list({ source: charge.id }, { stripeAccount: host.id })).data;
    expect(txn).toMatchObject({ amount: 2000, fee: 55 + 200, net: 1745 });
  });
});
