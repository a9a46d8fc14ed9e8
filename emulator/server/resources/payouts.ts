/**
 * Payouts from a connected account's available balance to its bank account (made with
 * `Stripe-Account`, on a manual payout schedule). A payout is `pending`, then `in_transit` a moment
 * later, then `paid` when its `arrival_date` comes on the emulator clock — or `failed` with Stripe's
 * `failure_code` when the bank account is one of Stripe's failing test accounts (the money returns
 * to the balance). `POST /_emulator/payouts/settle` and moving the emulator clock settle them sooner;
 * a payout paid before its `arrival_date` arrives that day (the date moves back to it).
 */
import { snapshot, type Core, type RequestContext, type RequestInfo } from "../core.js";
import { formatAmount } from "../currencies.js";
import { checkCurrency } from "../currencies.js";
import { invalidRequest, noSuch } from "../errors.js";
import { newId } from "../ids.js";
import { availableAmount, record } from "../ledger.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { Params, applyMetadata } from "../params.js";
import { defineResource } from "../registry.js";
import type { Metadata } from "../types.js";
import { accountOrThrow, defaultBankAccount } from "./accounts.js";

export type PayoutStatus = "pending" | "in_transit" | "paid" | "failed" | "canceled";

export interface PayoutObject {
  id: string;
  object: "payout";
  amount: number;
  application_fee: null;
  application_fee_amount: null;
  arrival_date: number;
  automatic: boolean;
  balance_transaction: string | null;
  created: number;
  currency: string;
  description: string | null;
  destination: string | null;
  failure_balance_transaction: string | null;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Metadata;
  method: "standard" | "instant";
  original_payout: null;
  payout_method: null;
  reconciliation_status: "not_applicable" | "in_progress" | "completed";
  reversed_by: null;
  source_type: "card";
  statement_descriptor: string | null;
  status: PayoutStatus;
  trace_id: { status: "pending" | "supported" | "unsupported"; value: string | null } | null;
  type: "bank_account";
}

/** Where a payout stands in the emulator's schedule (never returned). */
export interface PayoutProgress {
  account: string;
  /** emulator-clock milliseconds */
  inTransitAt: number;
  settleAt: number;
  outcome: "paid" | { code: string; message: string };
}

/**
 * Stripe's test bank account numbers that make payouts fail (docs.stripe.com/connect/testing),
 * by account number; an IBAN fails the same way when it ends with one of these numbers.
 */
export const FAILING_BANK_ACCOUNTS: Record<string, { code: string; message: string }> = {
  "000111111116": { code: "no_account", message: "The bank account details on file are probably incorrect. No bank account could be located with those details." },
  "000111111113": { code: "account_closed", message: "The bank account has been closed." },
  "000222222227": { code: "insufficient_funds", message: "Your Stripe account has insufficient funds to cover the payout." },
  "000333333335": { code: "debit_not_authorized", message: "Debit transactions are not approved on the bank account. Stripe requires bank accounts to be set up for both credit and debit payouts." },
  "000444444440": { code: "invalid_currency", message: "The bank was unable to process this payout because of its currency." },
};

function outcomeFor(number: string): PayoutProgress["outcome"] {
  for (const [failing, failure] of Object.entries(FAILING_BANK_ACCOUNTS)) if (number === failing || number.endsWith(failing)) return failure;
  return "paid";
}

const DAY = 86_400;

function payoutOrThrow(core: Core, id: string, param = "id"): PayoutObject {
  const payout = core.state.payouts.get(id);
  if (!payout) throw noSuch("po", id, param);
  return payout;
}

/** Move a payout to its next status, with its events on the connected account. */
function transition(core: Core, account: string, payout: PayoutObject, to: PayoutStatus, request: RequestInfo, failure?: { code: string; message: string }): void {
  core.as(account, () => {
    const before = snapshot(payout);
    payout.status = to;
    if (to === "in_transit") payout.trace_id = { status: "pending", value: null };
    if (to === "paid") {
      payout.trace_id = { status: "supported", value: `TRACE${payout.id.slice(3, 15).toUpperCase()}` };
      payout.reconciliation_status = "completed";
      // Settled before the expected day (POST /_emulator/payouts/settle): it arrived today.
      payout.arrival_date = Math.min(payout.arrival_date, Math.floor(core.nowSeconds() / DAY) * DAY);
    }
    if (to === "failed" && failure) {
      payout.failure_code = failure.code;
      payout.failure_message = failure.message;
      payout.failure_balance_transaction = record(core, account, { amount: payout.amount, currency: payout.currency, type: "payout_failure", source: payout.id }).id;
      payout.trace_id = { status: "unsupported", value: null };
    }
    const changes: Record<string, unknown> = {};
    for (const key of ["status", "arrival_date", "failure_code", "failure_message", "failure_balance_transaction", "trace_id", "reconciliation_status"] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(payout[key])) changes[key] = before[key];
    }
    core.emit("payout.updated", payout, request, changes);
    if (to === "paid") core.emit("payout.paid", payout, request);
    if (to === "failed") core.emit("payout.failed", payout, request);
  });
}

const SYSTEM = { id: null, idempotencyKey: null } satisfies RequestInfo;

/** Run every payout transition due on the emulator clock (or all of them, `force`). Returns how many moved. */
export function runPayouts(core: Core, force = false): number {
  const now = core.now();
  let moved = 0;
  for (const [id, progress] of [...core.platform.payoutProgress]) {
    const payout = core.store.accountState(progress.account).payouts.get(id);
    if (!payout || (payout.status !== "pending" && payout.status !== "in_transit")) {
      core.platform.payoutProgress.delete(id);
      continue;
    }
    if (payout.status === "pending" && (force || progress.inTransitAt <= now)) {
      transition(core, progress.account, payout, "in_transit", SYSTEM);
      moved++;
    }
    if (payout.status === "in_transit" && (force || progress.settleAt <= now)) {
      if (progress.outcome === "paid") transition(core, progress.account, payout, "paid", SYSTEM);
      else transition(core, progress.account, payout, "failed", SYSTEM, progress.outcome);
      core.platform.payoutProgress.delete(id);
      moved++;
    }
  }
  if (moved) core.store.markDirty();
  return moved;
}

const timers = new WeakMap<Core, NodeJS.Timeout>();

/** Wake up when the next payout transition is due. */
export function schedulePayouts(core: Core): void {
  const existing = timers.get(core);
  if (existing) clearTimeout(existing);
  timers.delete(core);
  const progress = [...core.platform.payoutProgress.values()];
  if (!progress.length) return;
  const next = Math.min(...progress.map((p) => Math.min(p.inTransitAt, p.settleAt)));
  // settle dates can be days away: check at least every minute (the clock may move meanwhile)
  const wait = Math.min(60_000, Math.max(0, next - core.now()));
  const timer = setTimeout(() => {
    timers.delete(core);
    runPayouts(core);
    schedulePayouts(core);
  }, wait);
  timer.unref();
  timers.set(core, timer);
}

export function cancelPayoutTimer(core: Core): void {
  const t = timers.get(core);
  if (t) clearTimeout(t);
  timers.delete(core);
}

// ---- handlers ----

export function create(ctx: RequestContext): PayoutObject {
  const { core, params } = ctx;
  const accountId = core.account;
  if (!accountId) {
    throw invalidRequest("The emulator's platform has no bank account of its own: create payouts on a connected account with the Stripe-Account header.", { code: "no_external_account" });
  }
  const account = accountOrThrow(core, accountId);
  const amount = params.requiredInt("amount");
  if (amount < 1) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  const currency = checkCurrency(params.requiredString("currency"));
  if (params.enumOf("method", ["standard", "instant"] as const) === "instant") {
    throw invalidRequest("Instant Payouts are not supported for this account (the emulator pays out standard payouts only).", { param: "method", code: "instant_payouts_unsupported" });
  }
  if (!account.payouts_enabled) {
    throw invalidRequest(`Payouts have been disabled on this account: ${account.requirements.disabled_reason ?? "it has no bank account for payouts"}.`, { code: "payouts_not_allowed" });
  }
  if (account.settings.payouts.schedule.interval !== "manual") {
    throw invalidRequest("You cannot create manual payouts on an account with an automatic payout schedule. Set settings[payouts][schedule][interval] to manual first.", { code: "payouts_not_allowed" });
  }
  const destinationId = params.string("destination");
  const bank = defaultBankAccount(core, account, currency);
  if (!bank || (destinationId && destinationId !== bank.bank.id && !account.external_accounts.data.some((b) => b.id === destinationId))) {
    throw invalidRequest(destinationId ? `No such external account: '${destinationId}'` : `This account has no ${currency.toUpperCase()} bank account to pay out to.`, { param: "destination", code: destinationId ? "resource_missing" : "no_external_account" });
  }
  const target = destinationId ? (account.external_accounts.data.find((b) => b.id === destinationId) ?? bank.bank) : bank.bank;
  const number = core.platform.accountOnboarding.get(account.id)?.bankNumbers[target.id] ?? "";
  const available = availableAmount(core, account.id, currency);
  if (amount > available) {
    throw invalidRequest(
      `You have insufficient funds in your Stripe account for this payout: ${formatAmount(Math.max(0, available), currency)} is available, the payout is ${formatAmount(amount, currency)}. Use the /v1/balance endpoint to see your available balance.`,
      { code: "balance_insufficient", param: "amount" },
    );
  }
  const id = newId("po");
  const txn = record(core, account.id, { amount: -amount, currency, type: "payout", source: id, description: params.string("description") ?? null });
  const now = core.nowSeconds();
  const payout: PayoutObject = {
    id,
    object: "payout",
    amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: Math.ceil((now + DAY) / DAY) * DAY,
    automatic: false,
    balance_transaction: txn.id,
    created: now,
    currency,
    description: params.string("description") ?? null,
    destination: target.id,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: applyMetadata({}, params),
    method: "standard",
    original_payout: null,
    payout_method: null,
    reconciliation_status: "not_applicable",
    reversed_by: null,
    source_type: "card",
    statement_descriptor: params.string("statement_descriptor") ?? account.settings.payouts.statement_descriptor,
    status: "pending",
    trace_id: null,
    type: "bank_account",
  };
  core.state.payouts.set(id, payout);
  const outcome = outcomeFor(number);
  const step = core.config.payoutTransitionMs;
  core.platform.payoutProgress.set(id, {
    account: account.id,
    inTransitAt: core.now() + step,
    settleAt: outcome === "paid" ? payout.arrival_date * 1000 : core.now() + 2 * step,
    outcome,
  });
  core.emit("payout.created", payout, ctx.request);
  schedulePayouts(core);
  return payout;
}

export function retrieve(ctx: RequestContext, id: string): PayoutObject {
  return payoutOrThrow(ctx.core, id);
}

export function update(ctx: RequestContext, id: string): PayoutObject {
  const payout = payoutOrThrow(ctx.core, id);
  payout.metadata = applyMetadata(payout.metadata, ctx.params);
  ctx.core.store.markDirty();
  return payout;
}

export function list(ctx: RequestContext): ListObject<PayoutObject> {
  const { core, params } = ctx;
  const status = params.enumOf("status", ["pending", "in_transit", "paid", "failed", "canceled"] as const);
  const destination = params.string("destination");
  const created = createdFilter(params);
  const arrival = createdFilter(new Params(params.raw.arrival_date === undefined ? {} : { created: params.raw.arrival_date }));
  const items = newestFirst(core.state.payouts, (p) => (!status || p.status === status) && (!destination || p.destination === destination) && created(p) && arrival({ created: p.arrival_date }));
  return paginate(items, params, "/v1/payouts");
}

export function cancel(ctx: RequestContext, id: string): PayoutObject {
  const { core } = ctx;
  const payout = payoutOrThrow(core, id);
  if (payout.status !== "pending") {
    throw invalidRequest(`Payouts can only be canceled while they are pending; this one is ${payout.status}.`, { code: "payout_not_cancelable" });
  }
  const account = core.account ?? "";
  const before = snapshot(payout);
  payout.status = "canceled";
  payout.failure_balance_transaction = record(core, account || null, { amount: payout.amount, currency: payout.currency, type: "payout_cancel", source: payout.id }).id;
  core.platform.payoutProgress.delete(id);
  core.emit("payout.canceled", payout, ctx.request, { status: before.status, failure_balance_transaction: before.failure_balance_transaction });
  return payout;
}

declare module "../registry.js" {
  interface Collections {
    payouts: Map<string, PayoutObject>;
    payoutProgress: Map<string, PayoutProgress>;
  }
}

defineResource({
  object: "payout",
  sdkType: "Payout",
  idPrefix: "po",
  displayName: "payout",
  collection: "payouts",
  internal: ["payoutProgress"],
  routes: [
    { method: "POST", path: "/v1/payouts", handle: create, params: "PayoutCreateParams" },
    { method: "GET", path: "/v1/payouts", handle: list, params: "PayoutListParams" },
    { method: "GET", path: "/v1/payouts/:id", handle: retrieve, params: "PayoutRetrieveParams" },
    { method: "POST", path: "/v1/payouts/:id", handle: update, params: "PayoutUpdateParams" },
    { method: "POST", path: "/v1/payouts/:id/cancel", handle: cancel, params: "PayoutCancelParams" },
  ],
});
