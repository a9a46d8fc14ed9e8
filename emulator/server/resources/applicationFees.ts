/**
 * Application fees: what the platform earns from a connected account's payment (a destination
 * charge's `application_fee_amount`, or a direct charge's made with `Stripe-Account`), and their
 * refunds (`fr_…`), which give the money back to the connected account.
 */
import type { Core, RequestContext, RequestInfo } from "../core.js";
import { formatAmount } from "../currencies.js";
import { invalidRequest, noSuch } from "../errors.js";
import { newId } from "../ids.js";
import { record } from "../ledger.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import { defineResource } from "../registry.js";
import type { Metadata } from "../types.js";
import { PLATFORM_APPLICATION } from "./transfers.js";

export interface FeeRefundObject {
  id: string;
  object: "fee_refund";
  amount: number;
  balance_transaction: string | null;
  created: number;
  currency: string;
  fee: string;
  metadata: Metadata;
}

export interface ApplicationFeeObject {
  id: string;
  object: "application_fee";
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  balance_transaction: string | null;
  /** the connected account's payment the fee came from (`py_…` of a destination charge) */
  charge: string;
  created: number;
  currency: string;
  fee_source: { charge: string; type: "charge" };
  livemode: false;
  originating_transaction: string | null;
  refunded: boolean;
}

type FeeWithRefunds = ApplicationFeeObject & { refunds: ListObject<FeeRefundObject> };

export function renderFee(core: Core, fee: ApplicationFeeObject): FeeWithRefunds {
  const refunds = newestFirst(core.platform.feeRefunds, (r) => r.fee === fee.id);
  return { ...fee, refunds: { object: "list", data: refunds.slice(0, 10), has_more: refunds.length > 10, url: `/v1/application_fees/${fee.id}/refunds` } };
}

function feeOrThrow(core: Core, id: string, param = "id"): ApplicationFeeObject {
  const fee = core.platform.applicationFees.get(id);
  if (!fee) throw noSuch("fee", id, param);
  return fee;
}

/** Record the platform's fee on a connected account's payment; the platform's funds follow the payment's availability. */
export function createApplicationFee(
  core: Core,
  input: { account: string; amount: number; currency: string; charge: string; originatingTransaction: string | null; availableOn: number },
  request: RequestInfo,
): ApplicationFeeObject {
  const id = newId("fee");
  const txn = record(core, null, { amount: input.amount, currency: input.currency, type: "application_fee", source: id, availableOn: input.availableOn });
  const fee: ApplicationFeeObject = {
    id,
    object: "application_fee",
    account: input.account,
    amount: input.amount,
    amount_refunded: 0,
    application: PLATFORM_APPLICATION,
    balance_transaction: txn.id,
    charge: input.charge,
    created: core.nowSeconds(),
    currency: input.currency,
    fee_source: { charge: input.charge, type: "charge" },
    livemode: false,
    originating_transaction: input.originatingTransaction,
    refunded: false,
  };
  core.platform.applicationFees.set(id, fee);
  core.as(null, () => core.emit("application_fee.created", renderFee(core, fee), request));
  return fee;
}

/** Give (part of) a fee back to the connected account. */
export function refundApplicationFee(core: Core, fee: ApplicationFeeObject, amount: number, metadata: Metadata, request: RequestInfo): FeeRefundObject {
  const refundable = fee.amount - fee.amount_refunded;
  if (refundable <= 0) throw invalidRequest(`Application fee ${fee.id} has already been refunded.`, { param: "amount" });
  if (amount < 1) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  if (amount > refundable) {
    throw invalidRequest(`Refund amount (${formatAmount(amount, fee.currency)}) is greater than the unrefunded amount of the application fee (${formatAmount(refundable, fee.currency)})`, { param: "amount" });
  }
  const id = newId("fr");
  const txn = record(core, null, { amount: -amount, currency: fee.currency, type: "application_fee_refund", source: id });
  record(core, fee.account, { amount, currency: fee.currency, type: "application_fee_refund", source: id });
  const refund: FeeRefundObject = { id, object: "fee_refund", amount, balance_transaction: txn.id, created: core.nowSeconds(), currency: fee.currency, fee: fee.id, metadata };
  core.platform.feeRefunds.set(id, refund);
  const before = { amount_refunded: fee.amount_refunded, refunded: fee.refunded };
  fee.amount_refunded += amount;
  fee.refunded = fee.amount_refunded >= fee.amount;
  core.as(null, () => core.emit("application_fee.refunded", renderFee(core, fee), request, before));
  return refund;
}

// ---- handlers ----

export function retrieve(ctx: RequestContext, id: string): FeeWithRefunds {
  return renderFee(ctx.core, feeOrThrow(ctx.core, id));
}

export function list(ctx: RequestContext): ListObject<FeeWithRefunds> {
  const { core, params } = ctx;
  const charge = params.string("charge");
  const created = createdFilter(params);
  const items = newestFirst(core.platform.applicationFees, (f) => (!charge || f.charge === charge || f.originating_transaction === charge) && created(f));
  const page = paginate(items, params, "/v1/application_fees");
  return { ...page, data: page.data.map((f) => renderFee(core, f)) };
}

export function createRefund(ctx: RequestContext, id: string): FeeRefundObject {
  const { core, params } = ctx;
  const fee = feeOrThrow(core, id);
  return refundApplicationFee(core, fee, params.int("amount") ?? fee.amount - fee.amount_refunded, applyMetadata({}, params), ctx.request);
}

export function listRefunds(ctx: RequestContext, id: string): ListObject<FeeRefundObject> {
  feeOrThrow(ctx.core, id);
  return paginate(
    newestFirst(ctx.core.platform.feeRefunds, (r) => r.fee === id),
    ctx.params,
    `/v1/application_fees/${id}/refunds`,
  );
}

export function retrieveRefund(ctx: RequestContext, id: string, refundId: string): FeeRefundObject {
  feeOrThrow(ctx.core, id);
  const refund = ctx.core.platform.feeRefunds.get(refundId);
  if (!refund || refund.fee !== id) throw noSuch("fr", refundId);
  return refund;
}

declare module "../registry.js" {
  interface Collections {
    applicationFees: Map<string, ApplicationFeeObject>;
    feeRefunds: Map<string, FeeRefundObject>;
  }
}

defineResource({
  object: "application_fee",
  sdkType: "ApplicationFee",
  idPrefix: "fee",
  displayName: "application fee",
  collection: "applicationFees",
  lookup: (core, id) => {
    const fee = core.platform.applicationFees.get(id);
    return fee ? renderFee(core, fee) : undefined;
  },
  routes: [
    { method: "GET", path: "/v1/application_fees", handle: list, params: "ApplicationFeeListParams" },
    { method: "GET", path: "/v1/application_fees/:id", handle: retrieve, params: "ApplicationFeeRetrieveParams" },
    { method: "POST", path: "/v1/application_fees/:id/refunds", handle: createRefund, params: "ApplicationFeeCreateRefundParams" },
    { method: "GET", path: "/v1/application_fees/:id/refunds", handle: listRefunds, params: "ApplicationFeeListRefundsParams" },
    { method: "GET", path: "/v1/application_fees/:id/refunds/:refund", handle: retrieveRefund, params: "ApplicationFeeRetrieveRefundParams" },
  ],
});

defineResource({
  object: "fee_refund",
  sdkType: "FeeRefund",
  idPrefix: "fr",
  displayName: "fee refund",
  collection: "feeRefunds",
  lookup: (core, id) => core.platform.feeRefunds.get(id),
  routes: [],
});
