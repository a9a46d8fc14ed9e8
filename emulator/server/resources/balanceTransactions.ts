/**
 * Balance transactions: every movement of money in an account's Stripe balance (the platform's,
 * or a connected account's with `Stripe-Account`). Written by the ledger (`server/ledger.ts`);
 * `status` is `pending` until `available_on` passes on the emulator clock.
 */
import type { RequestContext } from "../core.js";
import { noSuch } from "../errors.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { defineResource } from "../registry.js";

export type BalanceTransactionType =
  | "charge"
  | "refund"
  | "refund_failure"
  | "payment"
  | "payment_refund"
  | "transfer"
  | "transfer_refund"
  | "application_fee"
  | "application_fee_refund"
  | "payout"
  | "payout_cancel"
  | "payout_failure";

export interface FeeDetail {
  amount: number;
  application: string | null;
  currency: string;
  description: string | null;
  type: "application_fee" | "stripe_fee" | "tax";
}

export interface BalanceTransactionObject {
  id: string;
  object: "balance_transaction";
  amount: number;
  available_on: number;
  balance_type: "payments";
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: null;
  fee: number;
  fee_details: FeeDetail[];
  net: number;
  reporting_category: string;
  source: string | null;
  status: "available" | "pending";
  type: BalanceTransactionType;
}

/** The transaction with its status as of the emulator clock. */
export function renderTransaction(nowSeconds: number, txn: BalanceTransactionObject): BalanceTransactionObject {
  const status = txn.available_on <= nowSeconds ? "available" : "pending";
  if (txn.status !== status) txn.status = status;
  return txn;
}

export function retrieve(ctx: RequestContext, id: string): BalanceTransactionObject {
  const txn = ctx.core.state.balanceTransactions.get(id);
  if (!txn) throw noSuch("txn", id);
  return renderTransaction(ctx.core.nowSeconds(), txn);
}

export function list(ctx: RequestContext): ListObject<BalanceTransactionObject> {
  const { core, params } = ctx;
  const type = params.string("type");
  const source = params.string("source");
  const currency = params.string("currency")?.toLowerCase();
  const created = createdFilter(params);
  const items = newestFirst(
    core.state.balanceTransactions,
    (t) => (!type || t.type === type) && (!source || t.source === source) && (!currency || t.currency === currency) && created(t),
  );
  const now = core.nowSeconds();
  const page = paginate(items, params, "/v1/balance_transactions");
  return { ...page, data: page.data.map((t) => renderTransaction(now, t)) };
}

declare module "../registry.js" {
  interface Collections {
    balanceTransactions: Map<string, BalanceTransactionObject>;
  }
}

defineResource({
  object: "balance_transaction",
  sdkType: "BalanceTransaction",
  idPrefix: "txn",
  displayName: "balance transaction",
  collection: "balanceTransactions",
  lookup: (core, id) => {
    const txn = core.state.balanceTransactions.get(id);
    return txn ? renderTransaction(core.nowSeconds(), txn) : undefined;
  },
  routes: [
    { method: "GET", path: "/v1/balance_transactions", handle: list, params: "BalanceTransactionListParams" },
    { method: "GET", path: "/v1/balance_transactions/:id", handle: retrieve, params: "BalanceTransactionRetrieveParams" },
  ],
});
