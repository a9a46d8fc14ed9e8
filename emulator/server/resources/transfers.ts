/**
 * Transfers from the platform's balance to a connected account, and their reversals. A transfer
 * creates the destination payment (`py_…`, a Charge on the connected account with its balance
 * transaction); a reversal takes money back (`trr_…` on the platform, a refund `pyr_…` of the
 * destination payment on the connected account). Destination charges make their transfer here too.
 */
import { snapshot, type Core, type RequestContext, type RequestInfo } from "../core.js";
import { formatAmount } from "../currencies.js";
import { checkCurrency } from "../currencies.js";
import { invalidRequest, noSuch } from "../errors.js";
import { newId } from "../ids.js";
import { availableAmount, availableOnAfter, record } from "../ledger.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import { defineResource } from "../registry.js";
import type { Metadata } from "../types.js";
import { accountOrThrow, type AccountObject } from "./accounts.js";
import type { ChargeObject } from "./charges.js";
import type { RefundObject } from "./refunds.js";

export interface TransferReversalObject {
  id: string;
  object: "transfer_reversal";
  amount: number;
  balance_transaction: string | null;
  created: number;
  currency: string;
  destination_payment_refund: string | null;
  metadata: Metadata;
  source_refund: string | null;
  transfer: string;
}

export interface TransferObject {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  balance_transaction: string | null;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Metadata;
  reversed: boolean;
  source_transaction: string | null;
  source_type: "card";
  transfer_group: string | null;
}

type TransferWithReversals = TransferObject & { reversals: ListObject<TransferReversalObject> };

export function renderTransfer(core: Core, transfer: TransferObject): TransferWithReversals {
  const reversals = newestFirst(core.platform.transferReversals, (r) => r.transfer === transfer.id);
  return { ...transfer, reversals: { object: "list", data: reversals.slice(0, 10), has_more: reversals.length > 10, url: `/v1/transfers/${transfer.id}/reversals` } };
}

function transferOrThrow(core: Core, id: string, param = "id"): TransferObject {
  const transfer = core.platform.transfers.get(id);
  if (!transfer) throw noSuch("tr", id, param);
  return transfer;
}

/** Stripe's check that a destination can receive transfers (its `transfers` capability is active). */
export function checkTransferDestination(account: AccountObject): void {
  if (account.capabilities.transfers !== "active") {
    throw invalidRequest("Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments", {
      code: "insufficient_capabilities_for_transfer",
      param: "destination",
    });
  }
}

export interface TransferInput {
  amount: number;
  currency: string;
  destination: AccountObject;
  sourceTransaction: ChargeObject | null;
  transferGroup: string | null;
  description: string | null;
  metadata: Metadata;
  /** the application fee the destination pays back out of this payment (destination charges) */
  applicationFeeAmount: number | null;
  /** when the destination's funds become available (default: its payout delay from now) */
  availableOn?: number;
}

/** Make a transfer: money leaves the platform now and arrives on the connected account as a payment. */
export function createTransfer(core: Core, input: TransferInput, request: RequestInfo): TransferObject {
  const id = newId("tr");
  const destination = input.destination;
  const platformTxn = record(core, null, { amount: -input.amount, currency: input.currency, type: "transfer", source: id, description: input.description });
  const paymentId = newId("py");
  const availableOn = input.availableOn ?? availableOnAfter(core, destination.settings.payouts.schedule.delay_days);
  const fee = input.applicationFeeAmount ?? 0;
  const paymentTxn = record(core, destination.id, {
    amount: input.amount,
    currency: input.currency,
    type: "payment",
    source: paymentId,
    availableOn,
    feeDetails: fee ? [{ amount: fee, application: PLATFORM_APPLICATION, currency: input.currency, description: "Application fee", type: "application_fee" }] : [],
  });
  const source = input.sourceTransaction;
  const payment: ChargeObject = {
    id: paymentId,
    object: "charge",
    amount: input.amount,
    amount_captured: input.amount,
    amount_refunded: 0,
    application: PLATFORM_APPLICATION,
    application_fee: null,
    application_fee_amount: fee || null,
    balance_transaction: paymentTxn.id,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: source?.calculated_statement_descriptor ?? "STRIPE EMULATOR",
    captured: true,
    created: core.nowSeconds(),
    currency: input.currency,
    customer: null,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: null,
    paid: true,
    payment_intent: null,
    payment_method: null,
    payment_method_details: { stripe_account: {}, type: "stripe_account" },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: id,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: input.transferGroup,
  };
  core.store.accountState(destination.id).charges.set(payment.id, payment);
  const transfer: TransferObject = {
    id,
    object: "transfer",
    amount: input.amount,
    amount_reversed: 0,
    balance_transaction: platformTxn.id,
    created: core.nowSeconds(),
    currency: input.currency,
    description: input.description,
    destination: destination.id,
    destination_payment: payment.id,
    livemode: false,
    metadata: input.metadata,
    reversed: false,
    source_transaction: source?.id ?? null,
    source_type: "card",
    transfer_group: input.transferGroup,
  };
  core.platform.transfers.set(id, transfer);
  core.as(null, () => core.emit("transfer.created", renderTransfer(core, transfer), request));
  return transfer;
}

/** The Connect application id the emulator's platform acts as (`application` on fees and destination payments). */
export const PLATFORM_APPLICATION = "ca_emulatorPlatform00000000";

/** Reverse part of a transfer: money back from the connected account to the platform. */
export function reverseTransfer(core: Core, transfer: TransferObject, amount: number, options: { sourceRefund: string | null; metadata: Metadata; param?: string }, request: RequestInfo): TransferReversalObject {
  const reversible = transfer.amount - transfer.amount_reversed;
  if (amount < 1) throw invalidRequest("Invalid positive integer", { param: options.param ?? "amount", code: "parameter_invalid_integer" });
  if (amount > reversible) {
    throw invalidRequest(`You have requested a reversal of ${formatAmount(amount, transfer.currency)}, but this transfer only has ${formatAmount(reversible, transfer.currency)} of reversible funds.`, {
      param: options.param ?? "amount",
    });
  }
  const id = newId("trr");
  const refundId = newId("pyr");
  const connected = core.store.accountState(transfer.destination);
  const payment = connected.charges.get(transfer.destination_payment);
  const refundTxn = record(core, transfer.destination, { amount: -amount, currency: transfer.currency, type: "payment_refund", source: refundId });
  const refund: RefundObject = {
    id: refundId,
    object: "refund",
    amount,
    balance_transaction: refundTxn.id,
    charge: transfer.destination_payment,
    created: core.nowSeconds(),
    currency: transfer.currency,
    customer: null,
    customer_account: null,
    metadata: {},
    payment_intent: null,
    payment_method: null,
    reason: null,
    receipt_number: null,
    source_transfer_reversal: id,
    status: "succeeded",
    transfer_reversal: null,
  };
  connected.refunds.set(refundId, refund);
  if (payment) {
    payment.amount_refunded += amount;
    payment.refunded = payment.amount_refunded >= payment.amount;
  }
  const platformTxn = record(core, null, { amount, currency: transfer.currency, type: "transfer_refund", source: id });
  const reversal: TransferReversalObject = {
    id,
    object: "transfer_reversal",
    amount,
    balance_transaction: platformTxn.id,
    created: core.nowSeconds(),
    currency: transfer.currency,
    destination_payment_refund: refundId,
    metadata: options.metadata,
    source_refund: options.sourceRefund,
    transfer: transfer.id,
  };
  core.platform.transferReversals.set(id, reversal);
  const before = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
  transfer.amount_reversed += amount;
  transfer.reversed = transfer.amount_reversed >= transfer.amount;
  core.as(null, () => core.emit("transfer.reversed", renderTransfer(core, transfer), request, before));
  return reversal;
}

// ---- handlers ----

export function create(ctx: RequestContext): TransferWithReversals {
  const { core, params } = ctx;
  if (core.account) throw invalidRequest("Transfers to connected accounts are made by the platform; make this request without the Stripe-Account header.");
  const amount = params.requiredInt("amount");
  if (amount < 1) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  const currency = checkCurrency(params.requiredString("currency"));
  const destination = accountOrThrow(core, params.requiredString("destination"), "destination");
  checkTransferDestination(destination);
  const sourceId = params.string("source_transaction");
  let source: ChargeObject | null = null;
  let availableOn: number | undefined;
  if (sourceId) {
    source = core.platform.charges.get(sourceId) ?? null;
    if (!source) throw noSuch("ch", sourceId, "source_transaction");
    if (source.status !== "succeeded" || !source.captured) throw invalidRequest(`The source_transaction ${sourceId} did not succeed and cannot fund a transfer.`, { param: "source_transaction" });
    if (source.currency !== currency) throw invalidRequest(`The currency of source_transaction's balance transaction (${source.currency}) must be the same as the transfer currency (${currency}).`, { param: "currency" });
    const used = newestFirst(core.platform.transfers, (t) => t.source_transaction === sourceId).reduce((sum, t) => sum + t.amount - t.amount_reversed, 0);
    const left = source.amount_captured - source.amount_refunded - used;
    if (amount > left) {
      throw invalidRequest(`The transfer amount (${formatAmount(amount, currency)}) exceeds what is left of source_transaction ${sourceId} (${formatAmount(Math.max(0, left), currency)}).`, { param: "amount", code: "balance_insufficient" });
    }
    const txn = source.balance_transaction ? core.platform.balanceTransactions.get(source.balance_transaction) : undefined;
    if (txn) availableOn = Math.max(txn.available_on, core.nowSeconds());
  } else if (availableAmount(core, null, currency) < amount) {
    throw invalidRequest(
      "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance",
      { code: "balance_insufficient" },
    );
  }
  const transfer = createTransfer(
    core,
    {
      amount,
      currency,
      destination,
      sourceTransaction: source,
      transferGroup: params.string("transfer_group") ?? null,
      description: params.string("description") ?? null,
      metadata: applyMetadata({}, params),
      applicationFeeAmount: null,
      ...(availableOn !== undefined ? { availableOn } : {}),
    },
    ctx.request,
  );
  return renderTransfer(core, transfer);
}

export function retrieve(ctx: RequestContext, id: string): TransferWithReversals {
  return renderTransfer(ctx.core, transferOrThrow(ctx.core, id));
}

export function update(ctx: RequestContext, id: string): TransferWithReversals {
  const { core, params } = ctx;
  const transfer = transferOrThrow(core, id);
  const before = snapshot(transfer);
  transfer.metadata = applyMetadata(transfer.metadata, params);
  const description = params.emptyable("description");
  if (description !== undefined) transfer.description = description;
  if (JSON.stringify(before) !== JSON.stringify(transfer)) core.emit("transfer.updated", renderTransfer(core, transfer), ctx.request, { metadata: before.metadata, description: before.description });
  return renderTransfer(core, transfer);
}

export function list(ctx: RequestContext): ListObject<TransferWithReversals> {
  const { core, params } = ctx;
  const destination = params.string("destination");
  const group = params.string("transfer_group");
  const created = createdFilter(params);
  const items = newestFirst(core.platform.transfers, (t) => (!destination || t.destination === destination) && (!group || t.transfer_group === group) && created(t));
  const page = paginate(items, params, "/v1/transfers");
  return { ...page, data: page.data.map((t) => renderTransfer(core, t)) };
}

export function createReversal(ctx: RequestContext, id: string): TransferReversalObject {
  const { core, params } = ctx;
  const transfer = transferOrThrow(core, id);
  const amount = params.int("amount") ?? transfer.amount - transfer.amount_reversed;
  if (transfer.amount_reversed >= transfer.amount) throw invalidRequest(`Transfer ${transfer.id} has already been fully reversed.`, { param: "amount" });
  return reverseTransfer(core, transfer, amount, { sourceRefund: null, metadata: applyMetadata({}, params) }, ctx.request);
}

export function listReversals(ctx: RequestContext, id: string): ListObject<TransferReversalObject> {
  transferOrThrow(ctx.core, id);
  return paginate(
    newestFirst(ctx.core.platform.transferReversals, (r) => r.transfer === id),
    ctx.params,
    `/v1/transfers/${id}/reversals`,
  );
}

export function retrieveReversal(ctx: RequestContext, id: string, reversalId: string): TransferReversalObject {
  transferOrThrow(ctx.core, id);
  const reversal = ctx.core.platform.transferReversals.get(reversalId);
  if (!reversal || reversal.transfer !== id) throw noSuch("trr", reversalId);
  return reversal;
}

declare module "../registry.js" {
  interface Collections {
    transfers: Map<string, TransferObject>;
    transferReversals: Map<string, TransferReversalObject>;
  }
}

defineResource({
  object: "transfer",
  sdkType: "Transfer",
  idPrefix: "tr",
  displayName: "transfer",
  collection: "transfers",
  lookup: (core, id) => {
    const transfer = core.platform.transfers.get(id);
    return transfer ? renderTransfer(core, transfer) : undefined;
  },
  routes: [
    { method: "POST", path: "/v1/transfers", handle: create, params: "TransferCreateParams" },
    { method: "GET", path: "/v1/transfers", handle: list, params: "TransferListParams" },
    { method: "GET", path: "/v1/transfers/:id", handle: retrieve, params: "TransferRetrieveParams" },
    { method: "POST", path: "/v1/transfers/:id", handle: update, params: "TransferUpdateParams" },
    { method: "POST", path: "/v1/transfers/:id/reversals", handle: createReversal, params: "TransferCreateReversalParams" },
    { method: "GET", path: "/v1/transfers/:id/reversals", handle: listReversals, params: "TransferListReversalsParams" },
    { method: "GET", path: "/v1/transfers/:id/reversals/:reversal", handle: retrieveReversal, params: "TransferRetrieveReversalParams" },
  ],
});

defineResource({
  object: "transfer_reversal",
  sdkType: "TransferReversal",
  idPrefix: "trr",
  displayName: "transfer reversal",
  collection: "transferReversals",
  lookup: (core, id) => core.platform.transferReversals.get(id),
  routes: [],
});
