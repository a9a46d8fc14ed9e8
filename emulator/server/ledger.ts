/**
 * The ledger: balance transactions for every account (the platform and each connected account)
 * and the balance they add up to. Charges are pending until `available_on` (a day boundary some
 * days after the charge, by the account's payout delay) on the emulator clock; transfers,
 * refunds and payouts move the balance at once.
 */
import type { Core } from "./core.js";
import { newId } from "./ids.js";
import type { BalanceTransactionObject, BalanceTransactionType, FeeDetail } from "./resources/balanceTransactions.js";
import { renderTransaction } from "./resources/balanceTransactions.js";

const DAY = 86_400;

/** The platform's payout delay in days (Stripe's standard for card payments). */
export const PLATFORM_DELAY_DAYS = 2;

/** Stripe's card processing fee as the emulator charges it: 2.9% + 0.30 in USD, 1.5% + 0.25 elsewhere (EEA cards). */
export function stripeFee(amount: number, currency: string): number {
  return currency === "usd" ? Math.round(amount * 0.029) + 30 : Math.round(amount * 0.015) + 25;
}

/** When funds of a charge made now become available: midnight UTC, `delayDays` days on. */
export function availableOnAfter(core: Core, delayDays: number): number {
  const now = core.nowSeconds();
  return Math.ceil((now + delayDays * DAY) / DAY) * DAY;
}

export interface Entry {
  amount: number;
  currency: string;
  type: BalanceTransactionType;
  source: string | null;
  description?: string | null;
  feeDetails?: FeeDetail[];
  /** Unix seconds; default now (available at once) */
  availableOn?: number;
}

const CATEGORY: Record<BalanceTransactionType, string> = {
  charge: "charge",
  refund: "refund",
  refund_failure: "refund_failure",
  payment: "charge",
  payment_refund: "refund",
  transfer: "transfer",
  transfer_refund: "transfer_reversal",
  application_fee: "platform_earning",
  application_fee_refund: "platform_earning_refund",
  payout: "payout",
  payout_cancel: "payout_reversal",
  payout_failure: "payout_reversal",
};

/** Record a movement of `account`'s balance (null: the platform). */
export function record(core: Core, account: string | null, entry: Entry): BalanceTransactionObject {
  const now = core.nowSeconds();
  const feeDetails = entry.feeDetails ?? [];
  const fee = feeDetails.reduce((sum, f) => sum + f.amount, 0);
  const txn: BalanceTransactionObject = {
    id: newId("txn"),
    object: "balance_transaction",
    amount: entry.amount,
    available_on: entry.availableOn ?? now,
    balance_type: "payments",
    created: now,
    currency: entry.currency,
    description: entry.description ?? null,
    exchange_rate: null,
    fee,
    fee_details: feeDetails,
    net: entry.amount - fee,
    reporting_category: CATEGORY[entry.type],
    source: entry.source,
    status: "pending",
    type: entry.type,
  };
  renderTransaction(now, txn);
  core.store.stateOf(account).balanceTransactions.set(txn.id, txn);
  core.store.markDirty();
  return txn;
}

export interface BalanceAmount {
  amount: number;
  currency: string;
  source_types: { card: number };
}

/** The balance of `account` (null: the platform) by currency, available and pending, on the emulator clock. */
export function balanceOf(core: Core, account: string | null): { available: BalanceAmount[]; pending: BalanceAmount[] } {
  const now = core.nowSeconds();
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const txn of core.store.stateOf(account).balanceTransactions.values()) {
    const target = txn.available_on <= now ? available : pending;
    target.set(txn.currency, (target.get(txn.currency) ?? 0) + txn.net);
    if (!available.has(txn.currency)) available.set(txn.currency, 0);
    if (!pending.has(txn.currency)) pending.set(txn.currency, 0);
  }
  const list = (m: Map<string, number>) => [...m].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  return { available: list(available), pending: list(pending) };
}

export function availableAmount(core: Core, account: string | null, currency: string): number {
  return balanceOf(core, account).available.find((b) => b.currency === currency)?.amount ?? 0;
}

/** Make every pending fund of `account` (or of every account) available now (control API). */
export function makeAvailable(core: Core, account: string | null | "all"): number {
  const now = core.nowSeconds();
  const states = account === "all" ? [core.platform, ...core.store.connectedStates().values()] : [core.store.stateOf(account)];
  let moved = 0;
  for (const state of states) {
    for (const txn of state.balanceTransactions.values()) {
      if (txn.available_on > now) {
        txn.available_on = now;
        renderTransaction(now, txn);
        moved++;
      }
    }
  }
  core.store.markDirty();
  return moved;
}
