import { diff, type Core, type RequestContext } from "../core.js";
import { invalidRequest } from "../errors.js";
import { newId, nowSeconds, randomToken } from "../ids.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata, type Params } from "../params.js";
import type { Address, Metadata } from "../types.js";
import { attachPaymentMethod, parseAddress, resolvePaymentMethod } from "./paymentMethods.js";
import { defineResource, findOrThrow } from "../registry.js";

export interface CustomerObject {
  id: string;
  object: "customer";
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  customer_account: string | null;
  default_source: string | null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: string | null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: unknown;
  tax_exempt: "none" | "exempt" | "reverse";
  test_clock: null;
}

export interface DeletedCustomer {
  id: string;
  object: "customer";
  deleted: true;
}

/** A live customer; `param` names the parameter in the error (`id` → 404, else 400). */
export function customerOrThrow(core: Core, id: string, param = "id"): CustomerObject {
  return findOrThrow(core, "customers", id, param);
}

function applyFields(core: Core, customer: CustomerObject, p: Params): void {
  for (const key of ["email", "name", "description", "phone"] as const) {
    const v = p.emptyable(key);
    if (v !== undefined) customer[key] = v;
  }
  if (p.has("address")) customer.address = p.isEmptied("address") ? null : parseAddress(p.object("address"), customer.address ?? undefined);
  if (p.has("shipping")) customer.shipping = p.isEmptied("shipping") ? null : p.raw.shipping;
  const locales = p.stringArray("preferred_locales");
  if (locales) customer.preferred_locales = locales;
  const balance = p.int("balance");
  if (balance !== undefined) customer.balance = balance;
  const taxExempt = p.enumOf("tax_exempt", ["none", "exempt", "reverse"] as const);
  if (taxExempt) customer.tax_exempt = taxExempt;
  customer.metadata = applyMetadata(customer.metadata, p);
  const invoice = p.object("invoice_settings");
  if (invoice) {
    const footer = invoice.emptyable("footer");
    if (footer !== undefined) customer.invoice_settings.footer = footer;
    const pmId = invoice.emptyable("default_payment_method");
    if (pmId === null) customer.invoice_settings.default_payment_method = null;
    else if (pmId !== undefined) {
      const pm = core.state.paymentMethods.get(pmId);
      if (!pm || pm.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
          { param: "invoice_settings[default_payment_method]", code: "resource_missing" },
        );
      }
      customer.invoice_settings.default_payment_method = pmId;
    }
  }
}

export function create(ctx: RequestContext): CustomerObject {
  const { core, params } = ctx;
  const customer: CustomerObject = {
    id: newId("cus").slice(0, 18),
    object: "customer",
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  // payment_method is attached before invoice_settings[default_payment_method] is checked
  const pmId = params.string("payment_method");
  const pm = pmId ? resolvePaymentMethod(core, pmId) : undefined;
  core.state.customers.set(customer.id, customer);
  try {
    if (pm) attachPaymentMethod(core, pm, customer.id, ctx.request);
    applyFields(core, customer, params);
  } catch (error) {
    core.state.customers.delete(customer.id);
    throw error;
  }
  core.emit("customer.created", customer, ctx.request);
  return customer;
}

export function retrieve(ctx: RequestContext, id: string): CustomerObject | DeletedCustomer {
  if (ctx.core.state.deletedCustomers.has(id)) return { id, object: "customer", deleted: true };
  return customerOrThrow(ctx.core, id);
}

export function update(ctx: RequestContext, id: string): CustomerObject {
  const { core, params } = ctx;
  const customer = customerOrThrow(core, id);
  const before = JSON.parse(JSON.stringify(customer)) as CustomerObject;
  const draft = JSON.parse(JSON.stringify(customer)) as CustomerObject;
  applyFields(core, draft, params); // validate on a copy: a failed update changes nothing
  Object.assign(customer, draft);
  const changes = diff(before, customer);
  if (Object.keys(changes).length) core.emit("customer.updated", customer, ctx.request, changes);
  return customer;
}

export function del(ctx: RequestContext, id: string): DeletedCustomer {
  const { core } = ctx;
  const customer = customerOrThrow(core, id);
  core.state.customers.delete(id);
  core.state.deletedCustomers.add(id);
  core.emit("customer.deleted", customer, ctx.request);
  return { id, object: "customer", deleted: true };
}

export function list(ctx: RequestContext): ListObject<CustomerObject> {
  const { core, params } = ctx;
  const email = params.string("email");
  const created = createdFilter(params);
  const items = newestFirst(core.state.customers, (c) => (!email || c.email === email) && created(c));
  return paginate(items, params, "/v1/customers");
}

declare module "../registry.js" {
  interface Collections {
    customers: Map<string, CustomerObject>;
  }
}

defineResource({
  object: "customer",
  sdkType: "Customer",
  idPrefix: "cus",
  displayName: "customer",
  collection: "customers",
  lookup: (core, id) => (core.state.deletedCustomers.has(id) ? { id, object: "customer", deleted: true } : core.state.customers.get(id)),
  routes: [
    { method: "POST", path: "/v1/customers", handle: create, params: "CustomerCreateParams" },
    { method: "GET", path: "/v1/customers", handle: list, params: "CustomerListParams" },
    { method: "GET", path: "/v1/customers/:id", handle: retrieve, params: "CustomerRetrieveParams" },
    { method: "POST", path: "/v1/customers/:id", handle: update, params: "CustomerUpdateParams" },
    { method: "DELETE", path: "/v1/customers/:id", handle: del, params: "CustomerDeleteParams" },
  ],
});
