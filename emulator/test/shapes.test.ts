/**
 * Every object the emulator returns has every property the API version it reports requires, with
 * the JSON type (and enum value) Stripe's definitions give. The expectations are generated from the
 * `stripe` SDK's types (`npm run emulator:generate` → server/generated/objects.json), so a new API
 * version is a data update: one test per object type listed there.
 */
import { readFileSync } from "node:fs";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_VERSION } from "../server/core.js";
import { generatedObjects, generatedParams, type ObjectSpec } from "../server/validation.js";
import { startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;
/** samples of every object type, from every path that produces one */
const samples = new Map<string, unknown[]>();

function add(object: string, value: unknown): void {
  samples.set(object, [...(samples.get(object) ?? []), value]);
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function shapeProblems(object: string, spec: ObjectSpec, value: unknown, where: string): string[] {
  if (typeof value !== "object" || value === null) return [`${where}: not an object`];
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, field] of Object.entries(spec.required)) {
    if (!(key in obj)) {
      problems.push(`${where}.${key} missing`);
      continue;
    }
    const v = obj[key];
    const type = jsonType(v);
    // an expandable property may be its id or, expanded, the object
    if (!field.types.includes(type)) problems.push(`${where}.${key} is ${type}, expected ${field.types.join(" | ")}`);
    else if (field.enum && typeof v === "string" && !field.enum.includes(v)) problems.push(`${where}.${key} = ${v}, not one of ${field.enum.join(", ")}`);
  }
  return problems;
}

beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
  const customer = await stripe.customers.create({ email: "shape@example.com", metadata: { a: "b" } });
  add("customer", customer);
  add("customer", await stripe.customers.update(customer.id, { name: "Shape" }));
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example" });
  add("setup_intent", si);
  add("setup_intent", await stripe.setupIntents.create({ customer: customer.id }));
  add("setup_intent", await stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_authenticationRequired", confirm: true, return_url: "https://x.example" }));
  const pm = await stripe.paymentMethods.retrieve(String(si.payment_method));
  add("payment_method", pm);
  add("payment_method", await stripe.paymentMethods.create({ type: "card", card: { number: "4000000000003220", exp_month: 12, exp_year: 2040, cvc: "123" } }));
  for (const attempt of (await stripe.setupAttempts.list({ setup_intent: si.id })).data) add("setup_attempt", attempt);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: pm.id, confirm: true, off_session: true });
  add("payment_intent", pi);
  add("payment_intent", await stripe.paymentIntents.create({ amount: 1000, currency: "eur" }));
  add("payment_intent", await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_threeDSecure2Required", confirm: true, return_url: "https://x.example" }));
  add("payment_intent", await stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa", confirm: true, capture_method: "manual", return_url: "https://x.example" }));
  const failed = await stripeError(stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method: "pm_card_visa_chargeDeclined", confirm: true, return_url: "https://x.example" }));
  add("payment_intent", failed.payment_intent);
  const charge = await stripe.charges.retrieve(String(pi.latest_charge));
  add("charge", charge);
  for (const c of (await stripe.charges.list({ limit: 10 })).data) add("charge", c);
  add("refund", await stripe.refunds.create({ payment_intent: pi.id, amount: 100 }));
  add("webhook_endpoint", await stripe.webhookEndpoints.create({ url: "https://hooks.example/x", enabled_events: ["*"] }));
  // Connect
  const account = await stripe.accounts.create({
    country: "FI",
    controller: { fees: { payer: "application" }, losses: { payments: "application" }, stripe_dashboard: { type: "express" } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  add("account", account);
  add("account", await stripe.accounts.create({ type: "standard", country: "US" }));
  add("account_link", await stripe.accountLinks.create({ account: account.id, type: "account_onboarding", refresh_url: "https://x.example/r", return_url: "https://x.example/ok" }));
  await t.emulator.control.completeOnboarding(account.id);
  add("account", await stripe.accounts.update(account.id, { settings: { payouts: { schedule: { interval: "manual" } } } }));
  add("login_link", await stripe.accounts.createLoginLink(account.id));
  const host = await stripe.accounts.create({
    country: "FI",
    type: "express",
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: "FI2112345600000785" },
  });
  await t.emulator.control.completeOnboarding(host.id);
  const destination = await stripe.paymentIntents.create({
    amount: 5000,
    currency: "eur",
    payment_method: "pm_card_bypassPending",
    confirm: true,
    return_url: "https://x.example",
    transfer_data: { destination: host.id },
    application_fee_amount: 500,
    on_behalf_of: host.id,
  });
  add("payment_intent", destination);
  const destinationCharge = await stripe.charges.retrieve(String(destination.latest_charge));
  add("charge", destinationCharge);
  add("refund", await stripe.refunds.create({ payment_intent: destination.id, amount: 1000, reverse_transfer: true, refund_application_fee: true }));
  const transfer = await stripe.transfers.retrieve(String(destinationCharge.transfer));
  add("transfer", transfer);
  for (const r of transfer.reversals.data) add("transfer_reversal", r);
  const fee = await stripe.applicationFees.retrieve(String(destinationCharge.application_fee));
  add("application_fee", fee);
  for (const r of fee.refunds.data) add("fee_refund", r);
  add("charge", await stripe.charges.retrieve(transfer.destination_payment as string, {}, { stripeAccount: host.id }));
  await stripe.accounts.update(host.id, { settings: { payouts: { schedule: { interval: "manual" } } } });
  add("payout", await stripe.payouts.create({ amount: 1000, currency: "eur" }, { stripeAccount: host.id }));
  await t.emulator.control.settlePayouts();
  for (const p of (await stripe.payouts.list({}, { stripeAccount: host.id })).data) add("payout", p);
  add("balance", await stripe.balance.retrieve());
  add("balance", await stripe.balance.retrieve({}, { stripeAccount: host.id }));
  for (const txn of (await stripe.balanceTransactions.list({ limit: 100 })).data) add("balance_transaction", txn);
  for (const txn of (await stripe.balanceTransactions.list({ limit: 100 }, { stripeAccount: host.id })).data) add("balance_transaction", txn);
  for await (const event of stripe.events.list({ limit: 100 }, { stripeAccount: host.id })) {
    add("event", event);
    const inner = event.data.object as { object?: string };
    if (inner.object) add(inner.object, inner);
  }
  for await (const event of stripe.events.list({ limit: 100 }, { stripeAccount: account.id })) {
    add("event", event);
    const inner = event.data.object as { object?: string };
    if (inner.object) add(inner.object, inner);
  }
  // every event, and the object inside each
  for await (const event of stripe.events.list({ limit: 100 })) {
    add("event", event);
    const inner = event.data.object as { object?: string };
    if (inner.object) add(inner.object, inner);
  }
});

afterAll(async () => {
  await t.stop();
});

describe(`object shapes (required properties of API version ${generatedObjects.apiVersion})`, () => {
  it("the emulator reports the API version the definitions were generated for, from the installed SDK", () => {
    expect(DEFAULT_API_VERSION).toBe(generatedObjects.apiVersion);
    expect(generatedParams.apiVersion).toBe(generatedObjects.apiVersion);
    const sdk = JSON.parse(readFileSync(new URL("../../node_modules/stripe/package.json", import.meta.url), "utf8")) as { version: string };
    // after `npm install stripe@…`, run `npm run emulator:generate`
    expect(generatedObjects._source).toContain(`stripe@${sdk.version} `);
    expect(Stripe.API_VERSION).toBe(generatedObjects.apiVersion);
  });

  for (const [object, spec] of Object.entries(generatedObjects.objects)) {
    it(`${object}: every required property of Stripe.${spec.sdkType}, with its type`, () => {
      const values = samples.get(object) ?? [];
      expect(values.length).toBeGreaterThan(0);
      const problems = values.flatMap((v, i) => shapeProblems(object, spec, v, `${object}[${i}]`));
      expect([...new Set(problems.map((p) => p.replace(/\[\d+\]/, "")))]).toEqual([]);
    });
  }

  it("the checker catches a missing field, a wrong type and a value outside the enum", () => {
    const spec = generatedObjects.objects.refund;
    if (!spec) throw new Error("no refund spec");
    expect(shapeProblems("refund", spec, { id: "re_1" }, "refund")).toContain("refund.amount missing");
    const wrongType = shapeProblems("refund", spec, { amount: "1" }, "refund");
    expect(wrongType).toContain("refund.amount is string, expected number");
    expect(shapeProblems("refund", spec, { object: "charge" }, "refund").join()).toMatch(/refund\.object = charge, not one of refund/);
  });
});
