import type { RequestContext } from "../core.js";
import { noSuch } from "../errors.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import type { ChargeObject, RefundObject } from "../types.js";

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
  charge.metadata = applyMetadata(charge.metadata, ctx.params.stringMap("metadata"));
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
