/**
 * Stripe Connect accounts through the real `stripe` SDK: accounts, the Stripe-Account header,
 * Account Links and the hosted onboarding page, login links, account.updated events with `account`.
 */
import { readFileSync } from "node:fs";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEY, eventually, startReceiver, startTestEmulator, stripeError, type TestEmulator } from "./helpers.js";

let t: TestEmulator;
let stripe: Stripe;

beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
});

afterAll(async () => {
  await t.stop();
});

function expressAccount(extra: Stripe.AccountCreateParams = {}): Promise<Stripe.Account> {
  return stripe.accounts.create({
    country: "FI",
    email: "host@example.com",
    controller: { fees: { payer: "application" }, losses: { payments: "application" }, stripe_dashboard: { type: "express" } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    ...extra,
  });
}

/** Fetch a hosted page without following redirects. */
async function page(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    redirect: "manual",
    ...(init.form ? { body: new URLSearchParams(init.form).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } } : {}),
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text(), headers: res.headers };
}

const FI_TEST_FORM = {
  intent: "submit",
  first_name: "Jenny",
  last_name: "Rosen",
  email: "jenny@example.com",
  phone: "0000000000",
  dob: "1901-01-01",
  id_number: "000000000",
  address_line1: "address_full_match",
  address_city: "Helsinki",
  address_postal_code: "00100",
  url: "https://accessible.stripe.com",
  account_number: "FI2112345600000785",
  tos: "accepted",
};

describe("accounts", () => {
  it("creates an Express-like account from controller settings: nothing enabled until onboarding, everything due", async () => {
    const account = await expressAccount();
    expect(account.id).toMatch(/^acct_/);
    expect(account.type).toBe("express");
    expect(account.controller).toMatchObject({ fees: { payer: "application_express" }, losses: { payments: "application" }, requirement_collection: "stripe", stripe_dashboard: { type: "express" } });
    expect(account.capabilities).toEqual({ card_payments: "inactive", transfers: "inactive" });
    expect(account.charges_enabled).toBe(false);
    expect(account.payouts_enabled).toBe(false);
    expect(account.details_submitted).toBe(false);
    expect(account.requirements?.currently_due).toEqual(expect.arrayContaining(["external_account", "individual.dob.day", "tos_acceptance.date"]));
    expect(account.requirements?.past_due).toEqual(account.requirements?.currently_due);
    expect(account.requirements?.disabled_reason).toBe("requirements.past_due");
    expect(account.default_currency).toBe("eur");
    expect(account.settings?.payouts?.schedule).toEqual({ delay_days: 7, interval: "daily" });
    expect(await stripe.accounts.retrieve(account.id)).toEqual(account);
  });

  it("type shorthands, and Stripe's rules on controller and capabilities", async () => {
    const standard = await stripe.accounts.create({ type: "standard", country: "US" });
    expect(standard.controller?.stripe_dashboard?.type).toBe("full");
    expect(standard.capabilities).toEqual({ card_payments: "inactive", transfers: "inactive" });
    expect(standard.default_currency).toBe("usd");
    const custom = await stripe.accounts.create({ type: "custom", country: "FI", capabilities: { transfers: { requested: true } } });
    expect(custom.controller?.requirement_collection).toBe("application");

    const both = await stripeError(stripe.accounts.create({ type: "express", controller: { stripe_dashboard: { type: "express" } } }));
    expect(both.statusCode).toBe(400);
    expect(both.param).toBe("controller");
    const noTransfers = await stripeError(expressAccount({ capabilities: { card_payments: { requested: true } } }));
    expect(noTransfers.param).toBe("capabilities[transfers]");
    const noCapabilities = await stripeError(stripe.accounts.create({ type: "express" }));
    expect(noCapabilities.param).toBe("capabilities");
    const expressPaysFees = await stripeError(stripe.accounts.create({ controller: { fees: { payer: "account" }, stripe_dashboard: { type: "express" } }, capabilities: { transfers: { requested: true } } }));
    expect(expressPaysFees.param).toBe("controller[stripe_dashboard][type]");
    const unknown = await stripeError(stripe.accounts.create({ type: "express", bogus: 1 } as Stripe.AccountCreateParams));
    expect(unknown.code).toBe("parameter_unknown");
  });

  it("updates the payout schedule to manual and emits account.updated on the connected account", async () => {
    const account = await expressAccount();
    const updated = await stripe.accounts.update(account.id, { settings: { payouts: { schedule: { interval: "manual" } } }, metadata: { host: "h1" } });
    expect(updated.settings?.payouts?.schedule).toEqual({ delay_days: 7, interval: "manual" });
    expect(updated.metadata).toEqual({ host: "h1" });
    const weekly = await stripeError(stripe.accounts.update(account.id, { settings: { payouts: { schedule: { interval: "weekly" } } } }));
    expect(weekly.code).toBe("parameter_missing");
    const platformEvents = await stripe.events.list({ type: "account.updated" });
    expect(platformEvents.data.find((e) => (e.data.object as Stripe.Account).id === account.id)).toBeUndefined();
    const events = await stripe.events.list({ type: "account.updated" }, { stripeAccount: account.id });
    const event = events.data[0];
    expect(event?.account).toBe(account.id);
    expect((event?.data.object as Stripe.Account).settings?.payouts?.schedule.interval).toBe("manual");
    expect(event?.data.previous_attributes).toHaveProperty("settings");
  });

  it("lists newest first and deletes", async () => {
    const a = await expressAccount();
    const b = await expressAccount();
    const list = await stripe.accounts.list({ limit: 2 });
    expect(list.data.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(await stripe.accounts.del(a.id)).toEqual({ id: a.id, object: "account", deleted: true });
    const gone = await stripeError(stripe.accounts.retrieve(a.id));
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe("resource_missing");
    expect(gone.message).toBe(`No such account: '${a.id}'`);
  });
});

describe("Stripe-Account header", () => {
  it("requests made as the connected account see its objects only", async () => {
    const account = await expressAccount();
    const theirs = await stripe.customers.create({ email: "theirs@example.com" }, { stripeAccount: account.id });
    const ours = await stripe.customers.create({ email: "ours@example.com" });
    expect((await stripe.customers.retrieve(theirs.id, {}, { stripeAccount: account.id })).id).toBe(theirs.id);
    expect((await stripeError(stripe.customers.retrieve(theirs.id))).statusCode).toBe(404);
    expect((await stripeError(stripe.customers.retrieve(ours.id, {}, { stripeAccount: account.id }))).statusCode).toBe(404);
    const listed = await stripe.customers.list({}, { stripeAccount: account.id });
    expect(listed.data.map((c) => c.id)).toEqual([theirs.id]);
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "eur", payment_method: "pm_card_visa", confirm: true, return_url: "https://x.example" }, { stripeAccount: account.id });
    expect(pi.status).toBe("succeeded");
    expect((await stripeError(stripe.paymentIntents.retrieve(pi.id))).statusCode).toBe(404);
    const events = await stripe.events.list({ type: "payment_intent.succeeded" }, { stripeAccount: account.id });
    expect(events.data.map((e) => [e.account, (e.data.object as Stripe.PaymentIntent).id])).toEqual([[account.id, pi.id]]);
    expect((await stripe.accounts.retrieveCurrent({}, { stripeAccount: account.id })).id).toBe(account.id);
  });

  it("an unknown account is refused with account_invalid", async () => {
    const error = await stripeError(stripe.customers.list({}, { stripeAccount: "acct_1NoSuchAccount00" }));
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("account_invalid");
    expect(error.message).toContain("does not have access to account 'acct_1NoSuchAccount00'");
  });

  it("idempotency keys are scoped per account", async () => {
    const account = await expressAccount();
    const a = await stripe.customers.create({ email: "x@example.com" }, { idempotencyKey: "same-key" });
    const b = await stripe.customers.create({ email: "x@example.com" }, { idempotencyKey: "same-key", stripeAccount: account.id });
    expect(a.id).not.toBe(b.id);
  });
});

describe("account links and the hosted onboarding page", () => {
  it("onboards through the form with Stripe's test values and returns to return_url", async () => {
    const account = await expressAccount();
    const link = await stripe.accountLinks.create({ account: account.id, type: "account_onboarding", refresh_url: "https://app.example/refresh", return_url: "https://app.example/return" });
    expect(link.object).toBe("account_link");
    expect(link.expires_at - link.created).toBe(300);
    expect(link.url).toMatch(new RegExp(`^${t.emulator.url.replace("127.0.0.1", "localhost")}/connect/onboarding/`));

    const first = await page(link.url);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(first.text).toContain('<label for="first_name">First name</label>');
    expect(first.text).toContain('value="test_data"');

    const filled = await page(link.url, { method: "POST", form: { intent: "test_data" } });
    expect(filled.text).toContain('value="FI2112345600000785"');
    expect(filled.text).toContain('value="1901-01-01"');

    const invalid = await page(link.url, { method: "POST", form: { ...FI_TEST_FORM, dob: "01/01/1901", tos: "" } });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('role="alert"');
    expect(invalid.text).toContain('id="dob" name="dob" value="01/01/1901" autocomplete="bday" aria-describedby="dob-hint dob-error" aria-invalid="true"');
    expect(invalid.text).toContain("Accept the Stripe Connected Account Agreement");

    const done = await page(link.url, { method: "POST", form: FI_TEST_FORM });
    expect(done.status).toBe(303);
    expect(done.location).toBe("https://app.example/return");

    const onboarded = await stripe.accounts.retrieve(account.id);
    expect(onboarded.charges_enabled).toBe(true);
    expect(onboarded.payouts_enabled).toBe(true);
    expect(onboarded.details_submitted).toBe(true);
    expect(onboarded.capabilities).toEqual({ card_payments: "active", transfers: "active" });
    expect(onboarded.requirements).toMatchObject({ currently_due: [], past_due: [], disabled_reason: null });
    expect(onboarded.external_accounts?.data[0]).toMatchObject({ object: "bank_account", last4: "0785", currency: "eur", country: "FI", default_for_currency: true });
    expect(onboarded.tos_acceptance?.date).toBeGreaterThan(0);

    // used: the link now sends the host to refresh_url
    const again = await page(link.url);
    expect(again.status).toBe(302);
    expect(again.location).toBe("https://app.example/refresh");
  });

  it("a visited or expired link redirects to refresh_url", async () => {
    const account = await expressAccount();
    const params = { account: account.id, type: "account_onboarding" as const, refresh_url: "https://app.example/refresh", return_url: "https://app.example/return" };
    const visited = await stripe.accountLinks.create(params);
    expect((await page(visited.url)).status).toBe(200);
    expect((await page(visited.url)).location).toBe("https://app.example/refresh");
    const expired = await stripe.accountLinks.create(params);
    await t.emulator.control.advanceClock({ advanceSeconds: 301 });
    const res = await page(expired.url);
    expect(res.status).toBe(302);
    expect(res.location).toBe("https://app.example/refresh");
  });

  it("test values that fail verification leave the account restricted with what is due", async () => {
    const account = await expressAccount();
    const link = await stripe.accountLinks.create({ account: account.id, type: "account_onboarding", refresh_url: "https://app.example/r", return_url: "https://app.example/ok" });
    await page(link.url);
    expect((await page(link.url, { method: "POST", form: { ...FI_TEST_FORM, dob: "1902-01-01" } })).status).toBe(303);
    const restricted = await stripe.accounts.retrieve(account.id);
    expect(restricted.charges_enabled).toBe(false);
    expect(restricted.details_submitted).toBe(true);
    expect(restricted.requirements?.currently_due).toEqual(["individual.verification.document"]);
    expect(restricted.requirements?.errors?.[0]?.code).toBe("verification_failed_other");
  });

  it("validates the link request as Stripe does", async () => {
    const account = await expressAccount();
    expect((await stripeError(stripe.accountLinks.create({ account: "acct_missing", type: "account_onboarding" }))).code).toBe("resource_missing");
    const update = await stripeError(stripe.accountLinks.create({ account: account.id, type: "account_update" }));
    expect(update.param).toBe("type");
    const badUrl = await stripeError(stripe.accountLinks.create({ account: account.id, type: "account_onboarding", return_url: "not a url" }));
    expect(badUrl.param).toBe("return_url");
  });
});

describe("login links", () => {
  it("only for Express accounts that finished onboarding", async () => {
    const account = await expressAccount();
    expect((await stripeError(stripe.accounts.createLoginLink(account.id))).param).toBe("account");
    await t.emulator.control.completeOnboarding(account.id);
    const link = await stripe.accounts.createLoginLink(account.id);
    expect(link).toMatchObject({ object: "login_link" });
    const dashboard = await page(link.url);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain("Express Dashboard");
    expect((await page(link.url)).status).toBe(410);
    const standard = await stripe.accounts.create({ type: "standard" });
    expect((await stripeError(stripe.accounts.createLoginLink(standard.id))).message).toContain("Express Dashboard");
  });
});

describe("control API and Connect webhooks", () => {
  it("complete / restrict / pending verification move the account and reach connect endpoints with event.account", async () => {
    const connect = await startReceiver("whsec_connect_test");
    const platform = await startReceiver("whsec_platform_test");
    try {
      await t.emulator.control.addWebhookEndpoint({ url: connect.url, secret: "whsec_connect_test", scope: "connect" });
      await t.emulator.control.addWebhookEndpoint({ url: platform.url, secret: "whsec_platform_test" });
      const account = await expressAccount();
      const pending = await t.emulator.control.pendingVerification<Stripe.Account>(account.id);
      expect(pending.requirements?.disabled_reason).toBe("requirements.pending_verification");
      expect(pending.capabilities).toEqual({ card_payments: "pending", transfers: "pending" });
      const complete = await t.emulator.control.completeOnboarding<Stripe.Account>(account.id);
      expect(complete.charges_enabled).toBe(true);
      expect(complete.payouts_enabled).toBe(false); // no bank account yet
      const due = await t.emulator.control.requireInformation<Stripe.Account>(account.id, 2_000_000_000);
      expect(due).toMatchObject({ charges_enabled: true, requirements: { currently_due: ["individual.verification.document"], current_deadline: 2_000_000_000, disabled_reason: null } });
      const restricted = await t.emulator.control.restrictAccount<Stripe.Account>(account.id, "rejected.fraud");
      expect(restricted).toMatchObject({ charges_enabled: false, payouts_enabled: false, requirements: { disabled_reason: "rejected.fraud" } });
      await t.emulator.control.waitForWebhooks();
      const received = await eventually(() => {
        const mine = connect.received.filter((r) => r.event.account === account.id);
        expect(mine.length).toBe(4);
        return mine;
      });
      // deliveries run in parallel: compare without order
      expect(received.map((r) => String((r.event.data.object as Stripe.Account).requirements?.disabled_reason)).sort()).toEqual(["null", "null", "rejected.fraud", "requirements.pending_verification"]);
      expect(received.every((r) => r.event.type === "account.updated")).toBe(true);
      expect(platform.received.filter((r) => r.event.type === "account.updated")).toEqual([]);
      // a connect: true endpoint through the API too
      const endpoint = await stripe.webhookEndpoints.create({ url: connect.url, enabled_events: ["account.updated"], connect: true });
      expect(endpoint.id).toMatch(/^we_/);
      const control = await fetch(`${t.emulator.url}/_emulator/accounts/${account.id}/restrict`, { method: "POST", headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" }, body: JSON.stringify({ reason: "bogus" }) });
      expect(control.status).toBe(400);
    } finally {
      await connect.close();
      await platform.close();
    }
  });
});

describe("persistence", () => {
  it("connected accounts' own objects, onboarding, links and the clock survive a restart", async () => {
    const first = await startTestEmulator({ persistDebounceMs: 10 });
    const account = await first.stripe.accounts.create({ type: "express", country: "FI", capabilities: { transfers: { requested: true } } });
    const customer = await first.stripe.customers.create({ email: "kept@example.com" }, { stripeAccount: account.id });
    await first.emulator.control.completeOnboarding(account.id);
    await first.emulator.control.advanceClock({ advanceSeconds: 3600 });
    await first.emulator.close();
    // close() resolves once the newest state is on disk
    expect(readFileSync(`${first.dataDir}/state.json`, "utf8")).toContain('"capabilities":{"transfers":"active"}');
    const second = await startTestEmulator({}, first.dataDir);
    try {
      expect((await second.stripe.customers.retrieve(customer.id, {}, { stripeAccount: account.id })).id).toBe(customer.id);
      expect((await second.stripe.accounts.retrieve(account.id)).capabilities).toEqual({ transfers: "active" });
      expect((await second.stripe.events.list({ type: "account.updated" }, { stripeAccount: account.id })).data[0]?.account).toBe(account.id);
      expect((await second.emulator.control.clock()).offsetSeconds).toBeGreaterThanOrEqual(3599);
      // reset drops connected accounts' objects too
      await second.emulator.control.reset();
      expect((await stripeError(second.stripe.customers.list({}, { stripeAccount: account.id }))).code).toBe("account_invalid");
    } finally {
      await second.stop();
    }
  });
});
