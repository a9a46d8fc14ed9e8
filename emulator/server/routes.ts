import type { RequestContext } from "./core.js";
import * as charges from "./resources/charges.js";
import * as customers from "./resources/customers.js";
import * as events from "./resources/events.js";
import * as paymentIntents from "./resources/paymentIntents.js";
import * as paymentMethods from "./resources/paymentMethods.js";
import * as refunds from "./resources/refunds.js";
import * as setupIntents from "./resources/setupIntents.js";
import * as webhookEndpoints from "./resources/webhookEndpoints.js";

/**
 * Who may call a route: `secret` keys only; `publishable` keys too; `client_secret`: a publishable
 * key with the intent's client secret (Stripe.js retrieving / confirming an intent).
 */
export type Access = "secret" | "publishable" | "client_secret";

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  access: Access;
  handle: (ctx: RequestContext, ...ids: string[]) => unknown;
}

function route(method: Route["method"], path: string, handle: Route["handle"], access: Access = "secret"): Route {
  const source = path.replace(/:[a-z_]+/g, "([^/]+)");
  return { method, pattern: new RegExp(`^${source}/?$`), access, handle };
}

export const routes: Route[] = [
  route("POST", "/v1/customers", customers.create),
  route("GET", "/v1/customers", customers.list),
  route("GET", "/v1/customers/:id", customers.retrieve),
  route("POST", "/v1/customers/:id", customers.update),
  route("DELETE", "/v1/customers/:id", customers.del),
  route("GET", "/v1/customers/:id/payment_methods", paymentMethods.listForCustomer),
  route("GET", "/v1/customers/:id/payment_methods/:pm", paymentMethods.retrieveForCustomer),

  route("POST", "/v1/payment_methods", paymentMethods.create, "publishable"),
  route("GET", "/v1/payment_methods", paymentMethods.list),
  route("GET", "/v1/payment_methods/:id", paymentMethods.retrieve),
  route("POST", "/v1/payment_methods/:id", paymentMethods.update),
  route("POST", "/v1/payment_methods/:id/attach", paymentMethods.attach),
  route("POST", "/v1/payment_methods/:id/detach", paymentMethods.detach),

  route("POST", "/v1/setup_intents", setupIntents.create),
  route("GET", "/v1/setup_intents", setupIntents.list),
  route("GET", "/v1/setup_intents/:id", setupIntents.retrieve, "client_secret"),
  route("POST", "/v1/setup_intents/:id", setupIntents.update),
  route("POST", "/v1/setup_intents/:id/confirm", setupIntents.confirm, "client_secret"),
  route("POST", "/v1/setup_intents/:id/cancel", setupIntents.cancel),
  route("GET", "/v1/setup_attempts", setupIntents.listAttempts),

  route("POST", "/v1/payment_intents", paymentIntents.create),
  route("GET", "/v1/payment_intents", paymentIntents.list),
  route("GET", "/v1/payment_intents/search", paymentIntents.search),
  route("GET", "/v1/payment_intents/:id", paymentIntents.retrieve, "client_secret"),
  route("POST", "/v1/payment_intents/:id", paymentIntents.update),
  route("POST", "/v1/payment_intents/:id/confirm", paymentIntents.confirm, "client_secret"),
  route("POST", "/v1/payment_intents/:id/cancel", paymentIntents.cancel),
  route("POST", "/v1/payment_intents/:id/capture", paymentIntents.capture),

  route("GET", "/v1/charges", charges.list),
  route("GET", "/v1/charges/:id", charges.retrieve),
  route("POST", "/v1/charges/:id", charges.update),

  route("POST", "/v1/refunds", refunds.create),
  route("GET", "/v1/refunds", refunds.list),
  route("GET", "/v1/refunds/:id", refunds.retrieve),
  route("POST", "/v1/refunds/:id", refunds.update),

  route("GET", "/v1/events", events.list),
  route("GET", "/v1/events/:id", events.retrieve),

  route("POST", "/v1/webhook_endpoints", webhookEndpoints.create),
  route("GET", "/v1/webhook_endpoints", webhookEndpoints.list),
  route("GET", "/v1/webhook_endpoints/:id", webhookEndpoints.retrieve),
  route("POST", "/v1/webhook_endpoints/:id", webhookEndpoints.update),
  route("DELETE", "/v1/webhook_endpoints/:id", webhookEndpoints.del),
];

export interface Match {
  route: Route;
  ids: string[];
}

/** Finds the route; `methodMismatch` when the path exists under another method. */
export function matchRoute(method: string, path: string): Match | "not_found" {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, ids: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return "not_found";
}
