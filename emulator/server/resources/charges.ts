import type { RequestContext } from "../core.js";
import { noSuch } from "../errors.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import type { BillingDetails, Metadata } from "../types.js";
import type { RefundObject } from "./refunds.js";
import { defineResource } from "../registry.js";

export interface ChargeOutcome {
  advice_code: string | null;
  network_advice_code: string | null;
  network_decline_code: string | null;
  network_status: "approved_by_network" | "declined_by_network" | "not_sent_to_network";
  reason: string | null;
  risk_level: string;
  risk_score: number;
  seller_message: string;
  type: "authorized" | "issuer_declined" | "blocked";
}

export interface ChargeObject {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: string | null;
  application_fee: string | null;
  application_fee_amount: number | null;
  balance_transaction: string | null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Metadata;
  on_behalf_of: string | null;
  outcome: ChargeOutcome | null;
  paid: boolean;
  payment_intent: string | null;
  payment_method: string | null;
  payment_method_details: { card: Record<string, unknown>; type: "card" } | { stripe_account: Record<string, never>; type: "stripe_account" };
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: string | null;
  refunded: boolean;
  review: null;
  shipping: unknown;
  source: null;
  source_transfer: string | null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: "succeeded" | "pending" | "failed";
  transfer?: string;
  transfer_data: { amount: number | null; destination: string } | null;
  transfer_group: string | null;
}

type ChargeWithRefunds = ChargeObject & { refunds: ListObject<RefundObject> };

/** Charges are rendered with their `refunds` sub-list, as Stripe does. */
export function renderCharge(ctx: RequestContext, charge: ChargeObject): ChargeWithRefunds {
  const refunds = newestFirst(ctx.core.state.refunds, (r) => r.charge === charge.id);
  return {
    ...charge,
    refunds: { object: "list", data: refunds.slice(0, 10), has_more: refunds.length > 10, url: `/v1/charges/${charge.id}/refunds` },
  };
}

export function chargeOrThrow(ctx: RequestContext, id: string, param = "id"): ChargeObject {
  const charge = ctx.core.state.charges.get(id);
  if (!charge) throw noSuch("ch", id, param);
  return charge;
}

export function retrieve(ctx: RequestContext, id: string): ChargeWithRefunds {
  return renderCharge(ctx, chargeOrThrow(ctx, id));
}

export function update(ctx: RequestContext, id: string): ChargeWithRefunds {
  const charge = chargeOrThrow(ctx, id);
  charge.metadata = applyMetadata(charge.metadata, ctx.params);
  const description = ctx.params.emptyable("description");
  if (description !== undefined) charge.description = description;
  ctx.core.store.markDirty();
  return renderCharge(ctx, charge);
}

export function list(ctx: RequestContext): ListObject<ChargeWithRefunds> {
  const { core, params } = ctx;
  const customer = params.string("customer");
  const paymentIntent = params.string("payment_intent");
  const created = createdFilter(params);
  const items = newestFirst(
    core.state.charges,
    (c) => (!customer || c.customer === customer) && (!paymentIntent || c.payment_intent === paymentIntent) && created(c),
  );
  const page = paginate(items, params, "/v1/charges");
  return { ...page, data: page.data.map((c) => renderCharge(ctx, c)) };
}

declare module "../registry.js" {
  interface Collections {
    charges: Map<string, ChargeObject>;
  }
}

defineResource({
  object: "charge",
  sdkType: "Charge",
  idPrefix: "ch",
  displayName: "charge",
  collection: "charges",
  routes: [
    { method: "GET", path: "/v1/charges", handle: list, params: "ChargeListParams" },
    { method: "GET", path: "/v1/charges/:id", handle: retrieve, params: "ChargeRetrieveParams" },
    { method: "POST", path: "/v1/charges/:id", handle: update, params: "ChargeUpdateParams" },
  ],
});
