/**
 * Connected accounts (Stripe Connect): create, retrieve (`/v1/accounts/:id`, or `/v1/account` for
 * the account a request acts as), update, list, delete. An account's capabilities, requirements and
 * `charges_enabled` / `payouts_enabled` follow its onboarding (the hosted page of `accountLinks.ts`,
 * or the control API); every change is an `account.updated` event on that account.
 */
import { diff, snapshot, type Core, type RequestContext, type RequestInfo } from "../core.js";
import { invalidRequest, noSuch } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata, type Params } from "../params.js";
import { defineResource } from "../registry.js";
import type { Metadata } from "../types.js";

export type CapabilityStatus = "active" | "inactive" | "pending";
export type AccountType = "standard" | "express" | "custom" | "none";

export interface Requirements {
  alternatives: { alternative_fields_due: string[]; original_fields_due: string[] }[];
  current_deadline: number | null;
  currently_due: string[];
  disabled_reason: string | null;
  errors: { code: string; reason: string; requirement: string }[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
}

export interface BankAccountObject {
  id: string;
  object: "bank_account";
  account: string;
  account_holder_name: string | null;
  account_holder_type: "individual" | "company" | null;
  account_type: null;
  available_payout_methods: string[];
  bank_name: string;
  country: string;
  currency: string;
  default_for_currency: boolean;
  fingerprint: string;
  future_requirements: null;
  last4: string;
  metadata: Metadata;
  requirements: null;
  routing_number: string | null;
  status: "new" | "validated" | "verified" | "verification_failed" | "errored";
}

export interface PayoutSchedule {
  delay_days: number;
  interval: "manual" | "daily" | "weekly" | "monthly";
  monthly_anchor?: number;
  weekly_anchor?: string;
}

export interface AccountObject {
  id: string;
  object: "account";
  business_profile: {
    annual_revenue: null;
    estimated_worker_count: null;
    mcc: string | null;
    minority_owned_business_designation: null;
    name: string | null;
    product_description: string | null;
    specified_commercial_transactions_act_url: null;
    support_address: null;
    support_email: string | null;
    support_phone: string | null;
    support_url: string | null;
    url: string | null;
  };
  business_type: "individual" | "company" | "non_profit" | "government_entity" | null;
  capabilities: { card_payments?: CapabilityStatus; transfers?: CapabilityStatus };
  charges_enabled: boolean;
  controller: {
    fees: { payer: "account" | "application" | "application_express" | "application_custom" };
    is_controller: boolean;
    losses: { payments: "application" | "stripe" };
    requirement_collection: "application" | "stripe";
    stripe_dashboard: { type: "express" | "full" | "none" };
    type: "application" | "account";
  };
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  external_accounts: ListObject<BankAccountObject>;
  future_requirements: Requirements;
  individual?: { first_name: string | null; last_name: string | null; email: string | null; phone: string | null; dob: { day: number; month: number; year: number } | null; address: Record<string, string | null> };
  metadata: Metadata;
  payouts_enabled: boolean;
  requirements: Requirements;
  settings: {
    bacs_debit_payments: { display_name: null; service_user_number: null };
    branding: { icon: null; logo: null; primary_color: null; secondary_color: null };
    card_issuing: { tos_acceptance: { date: null; ip: null } };
    card_payments: { decline_on: { avs_failure: boolean; cvc_failure: boolean }; statement_descriptor_prefix: string | null; statement_descriptor_prefix_kana: null; statement_descriptor_prefix_kanji: null };
    dashboard: { display_name: string | null; timezone: string };
    invoices: { default_account_tax_ids: null; hosted_payment_method_save: "offer" };
    payments: { statement_descriptor: string | null; statement_descriptor_kana: null; statement_descriptor_kanji: null; statement_descriptor_prefix_kana: null; statement_descriptor_prefix_kanji: null };
    payouts: { debit_negative_balances: boolean; schedule: PayoutSchedule; statement_descriptor: string | null };
    sepa_debit_payments: Record<string, never>;
  };
  tos_acceptance: { date: number | null; ip: string | null; user_agent: string | null; service_agreement?: "full" | "recipient" };
  type: AccountType;
}

/** The emulator's own record of an account's onboarding (never returned). */
export interface Onboarding {
  /** `none`: not onboarded; `pending_verification`: submitted, identity being checked; `complete`; `restricted` */
  status: "none" | "pending_verification" | "complete" | "information_due" | "restricted";
  /** why it is restricted (`requirements.disabled_reason`) */
  reason: string | null;
  /** `information_due`: when the account is restricted unless the holder provides it (Unix seconds) */
  deadline?: number | null;
  /** the full bank account numbers behind `external_accounts` (payout outcomes depend on them) */
  bankNumbers: Record<string, string>;
}

/** Default payout delay (days) by country, as Stripe's standard payout timing. */
const DELAY_DAYS: Record<string, number> = { US: 2, FI: 7, SE: 7, DE: 7, GB: 3, EE: 7 };
const CURRENCY_OF: Record<string, string> = { US: "usd", GB: "gbp", SE: "sek", NO: "nok", DK: "dkk", CH: "chf", CA: "cad", AU: "aud", JP: "jpy" };

function currencyOf(country: string): string {
  return CURRENCY_OF[country] ?? "eur";
}

/** What an individual must provide before the account can take payments and payouts. */
export function requiredFields(account: AccountObject): string[] {
  const fields = ["business_profile.mcc", "business_profile.url", "external_account", "individual.address.city", "individual.address.line1", "individual.address.postal_code"];
  fields.push("individual.dob.day", "individual.dob.month", "individual.dob.year", "individual.email", "individual.first_name", "individual.last_name", "individual.phone");
  fields.push(account.country === "US" ? "individual.ssn_last_4" : "individual.id_number");
  fields.push("tos_acceptance.date", "tos_acceptance.ip");
  if (account.controller.requirement_collection === "stripe" || account.business_type === null) fields.unshift("business_type");
  return fields;
}

function emptyRequirements(): Requirements {
  return { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
}

/** Recompute capabilities, requirements and the enabled flags from the onboarding record. */
export function applyOnboarding(account: AccountObject, onboarding: Onboarding): void {
  const requested = Object.keys(account.capabilities) as ("card_payments" | "transfers")[];
  const req = emptyRequirements();
  let status: CapabilityStatus;
  switch (onboarding.status) {
    case "none": {
      const due = requiredFields(account);
      req.currently_due = due;
      req.eventually_due = due;
      req.past_due = due;
      req.disabled_reason = "requirements.past_due";
      status = "inactive";
      break;
    }
    case "pending_verification":
      req.pending_verification = account.country === "US" ? ["individual.ssn_last_4", "individual.verification.document"] : ["individual.id_number", "individual.verification.document"];
      req.disabled_reason = "requirements.pending_verification";
      status = "pending";
      break;
    case "complete":
      status = "active";
      break;
    case "information_due":
      // still enabled, but Stripe needs more by a deadline (a document to verify the identity)
      req.currently_due = ["individual.verification.document"];
      req.eventually_due = ["individual.verification.document"];
      req.current_deadline = onboarding.deadline ?? null;
      status = "active";
      break;
    case "restricted": {
      const reason = onboarding.reason ?? "requirements.past_due";
      req.disabled_reason = reason;
      if (reason === "requirements.past_due") {
        req.currently_due = ["individual.verification.document"];
        req.eventually_due = ["individual.verification.document"];
        req.past_due = ["individual.verification.document"];
        req.errors = [{ code: "verification_failed_other", reason: "The identity of this person could not be verified. Upload an identity document.", requirement: "individual.verification.document" }];
      }
      status = "inactive";
      break;
    }
  }
  for (const capability of requested) account.capabilities[capability] = status;
  account.requirements = req;
  account.future_requirements = { ...emptyRequirements(), eventually_due: [...req.eventually_due] };
  const enabled = onboarding.status === "complete" || onboarding.status === "information_due";
  account.charges_enabled = enabled && account.capabilities.card_payments === "active";
  account.payouts_enabled = enabled && account.external_accounts.data.length > 0;
  account.details_submitted = onboarding.status !== "none";
}

export function accountOrThrow(core: Core, id: string, param = "id"): AccountObject {
  const account = core.platform.accounts.get(id);
  if (!account) throw noSuch("acct", id, param);
  return account;
}

export function onboardingOf(core: Core, id: string): Onboarding {
  let record = core.platform.accountOnboarding.get(id);
  if (!record) {
    record = { status: "none", reason: null, bankNumbers: {} };
    core.platform.accountOnboarding.set(id, record);
  }
  return record;
}

/** Emit `account.updated` (a Connect event: `account` set) when something an integration reads changed. */
export function accountChanged(core: Core, account: AccountObject, before: AccountObject, request: RequestInfo): void {
  const changes = diff(before, account);
  if (!Object.keys(changes).length) return;
  core.as(account.id, () => core.emit("account.updated", account, request, changes));
  core.store.markDirty();
}

/** Move an account's onboarding (hosted page, control API) and tell the platform. */
export function setOnboarding(core: Core, account: AccountObject, patch: Partial<Onboarding>, request: RequestInfo): AccountObject {
  const before = snapshot(account);
  const record = onboardingOf(core, account.id);
  Object.assign(record, patch);
  applyOnboarding(account, record);
  accountChanged(core, account, before, request);
  return account;
}

/** The bank details Stripe's test mode accepts, as an external account. */
export function addBankAccount(core: Core, account: AccountObject, input: { country: string; currency: string; accountNumber: string; routingNumber: string | null; holderName: string | null }): BankAccountObject {
  const number = input.accountNumber.replace(/\s+/g, "").toUpperCase();
  const bank: BankAccountObject = {
    id: newId("ba"),
    object: "bank_account",
    account: account.id,
    account_holder_name: input.holderName,
    account_holder_type: "individual",
    account_type: null,
    available_payout_methods: ["standard"],
    bank_name: "STRIPE TEST BANK",
    country: input.country,
    currency: input.currency,
    default_for_currency: true,
    fingerprint: randomToken(16),
    future_requirements: null,
    last4: number.slice(-4),
    metadata: {},
    requirements: null,
    routing_number: input.routingNumber,
    status: "new",
  };
  for (const other of account.external_accounts.data) if (other.currency === bank.currency) other.default_for_currency = false;
  account.external_accounts = { ...account.external_accounts, data: [bank, ...account.external_accounts.data] };
  onboardingOf(core, account.id).bankNumbers[bank.id] = number;
  return bank;
}

/** The default bank account for a currency and its full number (what decides a payout's outcome). */
export function defaultBankAccount(core: Core, account: AccountObject, currency: string): { bank: BankAccountObject; number: string } | null {
  const bank = account.external_accounts.data.find((b) => b.currency === currency && b.default_for_currency) ?? account.external_accounts.data.find((b) => b.currency === currency);
  if (!bank) return null;
  return { bank, number: onboardingOf(core, account.id).bankNumbers[bank.id] ?? "" };
}

// ---- parameters ----

type Controller = AccountObject["controller"];

function controllerFrom(p: Params | undefined, type: Exclude<AccountType, "none"> | undefined): { controller: Controller; type: AccountType } {
  if (type) {
    const byType: Record<Exclude<AccountType, "none">, Controller> = {
      standard: { fees: { payer: "account" }, is_controller: true, losses: { payments: "stripe" }, requirement_collection: "stripe", stripe_dashboard: { type: "full" }, type: "application" },
      express: { fees: { payer: "application_express" }, is_controller: true, losses: { payments: "application" }, requirement_collection: "stripe", stripe_dashboard: { type: "express" }, type: "application" },
      custom: { fees: { payer: "application_custom" }, is_controller: true, losses: { payments: "application" }, requirement_collection: "application", stripe_dashboard: { type: "none" }, type: "application" },
    };
    return { controller: byType[type], type };
  }
  const payer = p?.object("fees")?.enumOf("payer", ["account", "application"] as const) ?? "account";
  const losses = p?.object("losses")?.enumOf("payments", ["application", "stripe"] as const) ?? "stripe";
  const collection = p?.enumOf("requirement_collection", ["application", "stripe"] as const) ?? "stripe";
  const dashboard = p?.object("stripe_dashboard")?.enumOf("type", ["express", "full", "none"] as const) ?? "full";
  if (collection === "application" && dashboard !== "none") {
    throw invalidRequest("`controller[requirement_collection]` can only be `application` when `controller[stripe_dashboard][type]` is `none`.", { param: "controller[requirement_collection]" });
  }
  if (collection === "application" && losses !== "application") {
    throw invalidRequest("`controller[requirement_collection]` can only be `application` when `controller[losses][payments]` is `application`.", { param: "controller[requirement_collection]" });
  }
  if (dashboard === "express" && payer !== "application") {
    throw invalidRequest("`controller[stripe_dashboard][type]` can only be `express` when `controller[fees][payer]` is `application`.", { param: "controller[stripe_dashboard][type]" });
  }
  if (dashboard === "none" && payer === "account") {
    throw invalidRequest("`controller[stripe_dashboard][type]` can only be `none` when `controller[fees][payer]` is `application`.", { param: "controller[stripe_dashboard][type]" });
  }
  const controller: Controller = {
    fees: { payer: payer === "application" ? (dashboard === "express" ? "application_express" : dashboard === "none" ? "application_custom" : "application") : "account" },
    is_controller: true,
    losses: { payments: losses },
    requirement_collection: collection,
    stripe_dashboard: { type: dashboard },
    type: "application",
  };
  const legacy: AccountType =
    dashboard === "full" && payer === "account" && losses === "stripe" ? "standard" : dashboard === "express" && collection === "stripe" ? "express" : dashboard === "none" && collection === "application" ? "custom" : "none";
  return { controller, type: legacy };
}

function requestedCapabilities(p: Params | undefined, name: "card_payments" | "transfers"): boolean | undefined {
  return p?.object(name)?.bool("requested");
}

function applyCapabilities(account: AccountObject, p: Params | undefined): void {
  for (const name of ["card_payments", "transfers"] as const) {
    const requested = requestedCapabilities(p, name);
    if (requested === true && !account.capabilities[name]) account.capabilities[name] = "inactive";
    if (requested === false) delete account.capabilities[name];
  }
  if (account.capabilities.card_payments && !account.capabilities.transfers && account.controller.stripe_dashboard.type !== "full") {
    throw invalidRequest("The `card_payments` capability cannot be requested without also requesting the `transfers` capability for accounts without access to the full Stripe Dashboard.", {
      param: "capabilities[transfers]",
    });
  }
}

function applyExternalAccount(core: Core, account: AccountObject, p: Params): void {
  if (!p.has("external_account")) return;
  if (typeof p.raw.external_account === "string") {
    throw invalidRequest(`No such token: '${p.raw.external_account}'`, { param: "external_account", code: "resource_missing" });
  }
  const ext = p.object("external_account");
  if (!ext) return;
  const object = ext.requiredString("object");
  if (object !== "bank_account") throw invalidRequest("The emulator accepts only bank accounts as external accounts.", { param: "external_account[object]" });
  const country = (ext.string("country") ?? account.country).toUpperCase();
  const currency = (ext.string("currency") ?? account.default_currency).toLowerCase();
  const number = ext.requiredString("account_number");
  const routing = ext.string("routing_number") ?? null;
  if (country === "US" && !routing) throw invalidRequest("Missing required param: external_account[routing_number].", { param: "external_account[routing_number]", code: "parameter_missing" });
  if (country !== "US" && !/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(number.replace(/\s+/g, "").toUpperCase())) {
    throw invalidRequest(`The IBAN you provided (${number}) is invalid.`, { param: "external_account[account_number]", code: "account_number_invalid" });
  }
  addBankAccount(core, account, { country, currency, accountNumber: number, routingNumber: routing, holderName: ext.string("account_holder_name") ?? null });
}

function applyEditable(core: Core, account: AccountObject, p: Params): void {
  const email = p.emptyable("email");
  if (email !== undefined) account.email = email;
  const businessType = p.enumOf("business_type", ["individual", "company", "non_profit", "government_entity"] as const);
  if (businessType) account.business_type = businessType;
  const bp = p.object("business_profile");
  if (bp) {
    for (const key of ["mcc", "name", "product_description", "support_email", "support_phone", "support_url", "url"] as const) {
      const v = bp.emptyable(key);
      if (v !== undefined) account.business_profile[key] = v;
    }
  }
  const settings = p.object("settings");
  const payouts = settings?.object("payouts");
  if (payouts) {
    const debit = payouts.bool("debit_negative_balances");
    if (debit !== undefined) account.settings.payouts.debit_negative_balances = debit;
    const descriptor = payouts.emptyable("statement_descriptor");
    if (descriptor !== undefined) account.settings.payouts.statement_descriptor = descriptor;
    const schedule = payouts.object("schedule");
    if (schedule) {
      const interval = schedule.enumOf("interval", ["manual", "daily", "weekly", "monthly"] as const);
      const next: PayoutSchedule = { ...account.settings.payouts.schedule };
      if (interval) next.interval = interval;
      const delay = schedule.string("delay_days");
      if (delay !== undefined) {
        if (delay === "minimum") next.delay_days = DELAY_DAYS[account.country] ?? 7;
        else {
          const days = schedule.int("delay_days") ?? 0;
          if (days < 1 || days > 365) throw invalidRequest("delay_days must be between the minimum for the account's country and 365.", { param: "settings[payouts][schedule][delay_days]" });
          next.delay_days = days;
        }
      }
      const weekly = schedule.enumOf("weekly_anchor", ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const);
      const monthly = schedule.int("monthly_anchor");
      delete next.weekly_anchor;
      delete next.monthly_anchor;
      if (next.interval === "weekly") {
        if (!weekly && !account.settings.payouts.schedule.weekly_anchor) throw invalidRequest("Missing required param: settings[payouts][schedule][weekly_anchor].", { param: "settings[payouts][schedule][weekly_anchor]", code: "parameter_missing" });
        next.weekly_anchor = weekly ?? account.settings.payouts.schedule.weekly_anchor ?? "monday";
      }
      if (next.interval === "monthly") {
        if (monthly === undefined && account.settings.payouts.schedule.monthly_anchor === undefined) throw invalidRequest("Missing required param: settings[payouts][schedule][monthly_anchor].", { param: "settings[payouts][schedule][monthly_anchor]", code: "parameter_missing" });
        const anchor = monthly ?? account.settings.payouts.schedule.monthly_anchor ?? 1;
        if (anchor < 1 || anchor > 31) throw invalidRequest("monthly_anchor must be between 1 and 31.", { param: "settings[payouts][schedule][monthly_anchor]" });
        next.monthly_anchor = anchor;
      }
      account.settings.payouts.schedule = next;
    }
  }
  const payments = settings?.object("payments");
  const sd = payments?.emptyable("statement_descriptor");
  if (sd !== undefined) {
    if (sd !== null && (sd.length < 5 || sd.length > 22)) throw invalidRequest("The statement descriptor must be between 5 and 22 characters long.", { param: "settings[payments][statement_descriptor]" });
    account.settings.payments.statement_descriptor = sd;
  }
  const prefix = settings?.object("card_payments")?.emptyable("statement_descriptor_prefix");
  if (prefix !== undefined) account.settings.card_payments.statement_descriptor_prefix = prefix;
  const display = settings?.object("dashboard")?.emptyable("display_name");
  if (display !== undefined) account.settings.dashboard.display_name = display;
  const tos = p.object("tos_acceptance");
  if (tos) {
    if (account.controller.requirement_collection === "stripe") {
      throw invalidRequest("You cannot accept the Terms of Service on behalf of an account where Stripe collects requirements (the account holder accepts them during onboarding).", { param: "tos_acceptance" });
    }
    const date = tos.int("date");
    if (date !== undefined) account.tos_acceptance.date = date;
    const ip = tos.string("ip");
    if (ip !== undefined) account.tos_acceptance.ip = ip;
  }
  account.metadata = applyMetadata(account.metadata, p);
  applyCapabilities(account, p.object("capabilities"));
  applyExternalAccount(core, account, p);
}

// ---- handlers ----

export function create(ctx: RequestContext): AccountObject {
  const { core, params } = ctx;
  if (core.account) throw invalidRequest("Connected accounts cannot create other accounts; make this request without the Stripe-Account header.");
  const type = params.enumOf("type", ["standard", "express", "custom"] as const);
  const controllerParams = params.object("controller");
  if (type && controllerParams) throw invalidRequest("You cannot specify `type` and `controller` at the same time: `type` is shorthand for a set of controller properties.", { param: "controller" });
  const { controller, type: accountType } = controllerFrom(controllerParams, type);
  const country = (params.string("country") ?? "US").toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalidRequest(`Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`, { param: "country", code: "country_unsupported" });
  const id = newId("acct").slice(0, 21);
  const currency = (params.string("default_currency") ?? currencyOf(country)).toLowerCase();
  const account: AccountObject = {
    id,
    object: "account",
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      name: null,
      product_description: null,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: null,
    capabilities: controller.stripe_dashboard.type === "full" ? { card_payments: "inactive", transfers: "inactive" } : {},
    charges_enabled: false,
    controller,
    country,
    created: core.nowSeconds(),
    default_currency: currency,
    details_submitted: false,
    email: null,
    external_accounts: { object: "list", data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
    future_requirements: emptyRequirements(),
    metadata: {},
    payouts_enabled: false,
    requirements: emptyRequirements(),
    settings: {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: { decline_on: { avs_failure: false, cvc_failure: false }, statement_descriptor_prefix: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      dashboard: { display_name: null, timezone: "Etc/UTC" },
      invoices: { default_account_tax_ids: null, hosted_payment_method_save: "offer" },
      payments: { statement_descriptor: null, statement_descriptor_kana: null, statement_descriptor_kanji: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      payouts: { debit_negative_balances: controller.losses.payments === "application", schedule: { delay_days: DELAY_DAYS[country] ?? 7, interval: "daily" }, statement_descriptor: null },
      sepa_debit_payments: {},
    },
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: accountType,
  };
  applyEditable(core, account, params);
  if (controller.stripe_dashboard.type !== "full" && !account.capabilities.card_payments && !account.capabilities.transfers) {
    throw invalidRequest("You must request at least one capability (for example `capabilities[transfers][requested]=true`) for accounts without access to the full Stripe Dashboard.", { param: "capabilities" });
  }
  core.platform.accounts.set(id, account);
  const record = onboardingOf(core, id);
  if (account.external_accounts.data.length === 0) record.bankNumbers = {};
  applyOnboarding(account, record);
  core.as(id, () => core.store.markDirty());
  return account;
}

export function retrieve(ctx: RequestContext, id: string): AccountObject {
  return accountOrThrow(ctx.core, id);
}

/** `GET /v1/account`: the account the request acts as (the connected account of `Stripe-Account`). */
export function retrieveCurrent(ctx: RequestContext): AccountObject {
  const { core } = ctx;
  if (!core.account) throw invalidRequest("The emulator has no account object for the platform itself; pass an account id or the Stripe-Account header.");
  return accountOrThrow(core, core.account);
}

export function update(ctx: RequestContext, id: string): AccountObject {
  const { core, params } = ctx;
  const account = accountOrThrow(core, id);
  const before = snapshot(account);
  applyEditable(core, account, params);
  applyOnboarding(account, onboardingOf(core, id));
  accountChanged(core, account, before, ctx.request);
  return account;
}

export function list(ctx: RequestContext): ListObject<AccountObject> {
  const created = createdFilter(ctx.params);
  return paginate(newestFirst(ctx.core.platform.accounts, created), ctx.params, "/v1/accounts");
}

export function del(ctx: RequestContext, id: string): { id: string; object: "account"; deleted: true } {
  const { core } = ctx;
  accountOrThrow(core, id);
  core.platform.accounts.delete(id);
  core.store.markDirty();
  return { id, object: "account", deleted: true };
}

declare module "../registry.js" {
  interface Collections {
    accounts: Map<string, AccountObject>;
    accountOnboarding: Map<string, Onboarding>;
  }
}

defineResource({
  object: "account",
  sdkType: "Account",
  idPrefix: "acct",
  displayName: "account",
  collection: "accounts",
  internal: ["accountOnboarding"],
  lookup: (core, id) => core.platform.accounts.get(id),
  routes: [
    { method: "POST", path: "/v1/accounts", handle: create, params: "AccountCreateParams" },
    { method: "GET", path: "/v1/accounts", handle: list, params: "AccountListParams" },
    { method: "GET", path: "/v1/account", handle: retrieveCurrent, params: "AccountRetrieveCurrentParams" },
    { method: "GET", path: "/v1/accounts/:id", handle: retrieve, params: "AccountRetrieveParams" },
    { method: "POST", path: "/v1/accounts/:id", handle: update, params: "AccountUpdateParams" },
    { method: "DELETE", path: "/v1/accounts/:id", handle: del, params: "AccountDeleteParams" },
  ],
});
