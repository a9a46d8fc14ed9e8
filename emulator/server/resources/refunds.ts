import { behaviourFor } from "../cards.js";
import type { Core, RequestContext, RequestInfo } from "../core.js";
import { formatAmount } from "../currencies.js";
import { invalidRequest, noSuch } from "../errors.js";
import { newId, nowSeconds } from "../ids.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import type { Metadata } from "../types.js";
import type { ChargeObject } from "./charges.js";
import { chargeOrThrow } from "./charges.js";
import { cardNumberOf } from "./paymentMethods.js";
import { paymentIntentOrThrow } from "./paymentIntents.js";
import { defineResource } from "../registry.js";
import { record } from "../ledger.js";
import { refundApplicationFee } from "./applicationFees.js";
import { reverseTransfer } from "./transfers.js";

export interface RefundObject {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string | null;
  charge: string;
  created: number;
  currency: string;
  customer: string | null;
  customer_account: string | null;
  destination_details?: { card: { reference_status: string; reference_type: string; type: "refund" | "reversal" }; type: "card" };
  failure_balance_transaction?: string;
  failure_reason?: string;
  metadata: Metadata;
  payment_intent: string | null;
  payment_method: string | null;
  reason: "duplicate" | "fraudulent" | "requested_by_customer" | "expired_uncaptured_charge" | null;
  receipt_number: null;
  source_transfer_reversal: string | null;
  status: "pending" | "requires_action" | "succeeded" | "failed" | "canceled";
  transfer_reversal: string | null;
}

const REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;
const NO_SYSTEM = { id: null, idempotencyKey: null } satisfies RequestInfo;

const money = formatAmount;

function refundableCharge(ctx: RequestContext): ChargeObject {
  const { core, params } = ctx;
  const chargeId = params.string("charge");
  const piId = params.string("payment_intent");
  if (chargeId && piId) throw invalidRequest("You may only specify one of these parameters: charge, payment_intent.", { param: "payment_intent" });
  if (chargeId) return chargeOrThrow(ctx, chargeId, "charge");
  if (!piId) throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.");
  const pi = paymentIntentOrThrow(core, piId, "payment_intent");
  const charge = pi.latest_charge ? core.state.charges.get(pi.latest_charge) : undefined;
  if (!charge || pi.status !== "succeeded") {
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: "payment_intent" });
  }
  return charge;
}

export function create(ctx: RequestContext): RefundObject {
  const { core, params } = ctx;
  const charge = refundableCharge(ctx);
  if (charge.status !== "succeeded" || !charge.captured) {
    throw invalidRequest(`Charge ${charge.id} has not been captured or did not succeed, so it cannot be refunded.`, { param: "charge" });
  }
  const remaining = charge.amount_captured - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded", param: "charge" });
  }
  const amount = params.int("amount") ?? remaining;
  if (amount < 1) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  if (amount > remaining) {
    const message =
      charge.amount_refunded === 0
        ? `Refund amount (${money(amount, charge.currency)}) is greater than charge amount (${money(charge.amount_captured, charge.currency)})`
        : `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(remaining, charge.currency)})`;
    throw invalidRequest(message, { param: "amount" });
  }
  const reverse = params.bool("reverse_transfer") ?? false;
  const refundFee = params.bool("refund_application_fee") ?? false;
  const transfer = charge.transfer ? core.platform.transfers.get(charge.transfer) : undefined;
  if (reverse && !transfer) {
    throw invalidRequest(`Charge ${charge.id} has no transfer to reverse: reverse_transfer applies to destination charges (transfer_data[destination]).`, { param: "reverse_transfer" });
  }
  const applicationFee = charge.application_fee ? core.platform.applicationFees.get(charge.application_fee) : undefined;
  const behaviour = charge.payment_method ? behaviourFor(cardNumberOf(core, charge.payment_method)).refund : "normal";
  const refund: RefundObject = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
    metadata: applyMetadata({}, params),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: params.enumOf("reason", REASONS) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: behaviour === "pending_then_succeeds" ? "pending" : "succeeded",
    transfer_reversal: null,
  };
  refund.balance_transaction = record(core, core.account, { amount: -amount, currency: charge.currency, type: "refund", source: refund.id }).id;
  core.state.refunds.set(refund.id, refund);
  core.state.counters.refunds++;
  const before = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  // Connect: reverse the transfer and refund the application fee in proportion to the refund
  // (all of what is left when the charge is now fully refunded), as Stripe documents.
  if (reverse && transfer) {
    const left = transfer.amount - transfer.amount_reversed;
    const share = charge.refunded ? left : Math.min(left, Math.round((amount * transfer.amount) / charge.amount_captured));
    if (share > 0) refund.transfer_reversal = reverseTransfer(core, transfer, share, { sourceRefund: refund.id, metadata: {} }, ctx.request).id;
  }
  if (refundFee && applicationFee) {
    const left = applicationFee.amount - applicationFee.amount_refunded;
    const share = charge.refunded ? left : Math.min(left, Math.round((amount * applicationFee.amount) / charge.amount_captured));
    if (share > 0) refundApplicationFee(core, applicationFee, share, {}, ctx.request);
  }
  core.emit("refund.created", refund, ctx.request);
  core.emit("charge.refunded", charge, ctx.request, before);
  if (behaviour !== "normal") {
    core.platform.pendingRefunds.push({
      ...(core.account ? { account: core.account } : {}),
      refundId: refund.id,
      dueAt: Date.now() + core.config.refundTransitionMs,
      to: behaviour === "pending_then_succeeds" ? "succeeded" : "failed",
    });
    scheduleRefundTransitions(core);
  }
  return refund;
}

const timers = new WeakMap<Core, NodeJS.Timeout>();

/** Move asynchronous refunds (4000000000007726, 4000000000005126) when their time comes. */
export function scheduleRefundTransitions(core: Core): void {
  const existing = timers.get(core);
  if (existing) clearTimeout(existing);
  const pending = core.platform.pendingRefunds;
  if (!pending.length) return;
  const next = Math.min(...pending.map((p) => p.dueAt));
  const timer = setTimeout(() => {
    timers.delete(core);
    runDueRefundTransitions(core);
    scheduleRefundTransitions(core);
  }, Math.max(0, next - Date.now()));
  timer.unref();
  timers.set(core, timer);
}

export function cancelRefundTimer(core: Core): void {
  const t = timers.get(core);
  if (t) clearTimeout(t);
  timers.delete(core);
}

function runDueRefundTransitions(core: Core): void {
  const now = Date.now();
  const due = core.platform.pendingRefunds.filter((p) => p.dueAt <= now);
  core.platform.pendingRefunds = core.platform.pendingRefunds.filter((p) => p.dueAt > now);
  for (const transition of due) {
    core.as(transition.account ?? null, () => {
      const refund = core.state.refunds.get(transition.refundId);
      if (!refund) return;
      const charge = core.state.charges.get(refund.charge);
      const previous = { status: refund.status };
      refund.status = transition.to;
      if (transition.to === "failed") {
        refund.failure_reason = "expired_or_canceled_card";
        refund.failure_balance_transaction = record(core, core.account, { amount: refund.amount, currency: refund.currency, type: "refund_failure", source: refund.id }).id;
        refund.balance_transaction = refund.balance_transaction ?? null;
        if (charge) {
          charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
          charge.refunded = false;
        }
      }
      core.emit("charge.refund.updated", refund, NO_SYSTEM, previous);
      core.emit("refund.updated", refund, NO_SYSTEM, previous);
      if (transition.to === "failed") core.emit("refund.failed", refund, NO_SYSTEM, previous);
    });
  }
}

export function retrieve(ctx: RequestContext, id: string): RefundObject {
  const refund = ctx.core.state.refunds.get(id);
  if (!refund) throw noSuch("re", id);
  return refund;
}

export function update(ctx: RequestContext, id: string): RefundObject {
  const refund = retrieve(ctx, id);
  refund.metadata = applyMetadata(refund.metadata, ctx.params);
  ctx.core.store.markDirty();
  return refund;
}

export function list(ctx: RequestContext): ListObject<RefundObject> {
  const { core, params } = ctx;
  const charge = params.string("charge");
  const pi = params.string("payment_intent");
  const created = createdFilter(params);
  const items = newestFirst(core.state.refunds, (r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi) && created(r));
  return paginate(items, params, "/v1/refunds");
}

declare module "../registry.js" {
  interface Collections {
    refunds: Map<string, RefundObject>;
  }
}

defineResource({
  object: "refund",
  sdkType: "Refund",
  idPrefix: "re",
  displayName: "refund",
  collection: "refunds",
  routes: [
    { method: "POST", path: "/v1/refunds", handle: create, params: "RefundCreateParams" },
    { method: "GET", path: "/v1/refunds", handle: list, params: "RefundListParams" },
    { method: "GET", path: "/v1/refunds/:id", handle: retrieve, params: "RefundRetrieveParams" },
    { method: "POST", path: "/v1/refunds/:id", handle: update, params: "RefundUpdateParams" },
  ],
});
