import type { Core, RequestContext } from "../core.js";
import { invalidRequest, noSuch } from "../errors.js";
import { newId, nowSeconds, randomToken } from "../ids.js";
import { newestFirst, paginate, type ListObject } from "../list.js";
import { applyMetadata } from "../params.js";
import type { WebhookScope } from "../store.js";
import type { Metadata } from "../types.js";
import { defineResource } from "../registry.js";

export interface WebhookEndpointObject {
  id: string;
  object: "webhook_endpoint";
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Metadata;
  secret?: string;
  status: "enabled" | "disabled";
  url: string;
}

function validUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** Register an endpoint (API, env or control API). Returns it with its `secret`. */
export function addEndpoint(
  core: Core,
  input: { url: string; enabledEvents: string[]; secret?: string; description?: string | null; metadata?: Record<string, string>; scope?: WebhookScope },
): WebhookEndpointObject {
  const endpoint: WebhookEndpointObject = {
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: null,
    application: null,
    created: nowSeconds(),
    description: input.description ?? null,
    enabled_events: input.enabledEvents,
    livemode: false,
    metadata: input.metadata ?? {},
    status: "enabled",
    url: input.url,
  };
  const secret = input.secret ?? `whsec_${randomToken(32)}`;
  const platform = core.platform;
  platform.webhookEndpoints.set(endpoint.id, endpoint);
  platform.webhookSecrets.set(endpoint.id, secret);
  platform.webhookScopes.set(endpoint.id, input.scope ?? "account");
  core.store.markDirty();
  return { ...endpoint, secret };
}

function endpointOrThrow(core: Core, id: string): WebhookEndpointObject {
  const endpoint = core.platform.webhookEndpoints.get(id);
  if (!endpoint) throw noSuch("we", id);
  return endpoint;
}

export function create(ctx: RequestContext): WebhookEndpointObject {
  const { params } = ctx;
  const url = params.requiredString("url");
  if (!validUrl(url)) throw invalidRequest(`Invalid URL: ${url}`, { param: "url", code: "url_invalid" });
  const enabledEvents = params.stringArray("enabled_events");
  if (!enabledEvents?.length) throw invalidRequest("Missing required param: enabled_events.", { param: "enabled_events", code: "parameter_missing" });
  const endpoint = addEndpoint(ctx.core, {
    url,
    enabledEvents,
    description: params.string("description") ?? null,
    metadata: applyMetadata({}, params),
    scope: params.bool("connect") ? "connect" : "account",
  });
  const apiVersion = params.string("api_version");
  if (apiVersion) {
    const stored = ctx.core.platform.webhookEndpoints.get(endpoint.id);
    if (stored) stored.api_version = apiVersion;
    endpoint.api_version = apiVersion;
  }
  return endpoint;
}

export function retrieve(ctx: RequestContext, id: string): WebhookEndpointObject {
  return endpointOrThrow(ctx.core, id);
}

export function update(ctx: RequestContext, id: string): WebhookEndpointObject {
  const { params, core } = ctx;
  const endpoint = endpointOrThrow(core, id);
  const url = params.string("url");
  if (url !== undefined) {
    if (!validUrl(url)) throw invalidRequest(`Invalid URL: ${url}`, { param: "url", code: "url_invalid" });
    endpoint.url = url;
  }
  const events = params.stringArray("enabled_events");
  if (events?.length) endpoint.enabled_events = events;
  const disabled = params.bool("disabled");
  if (disabled !== undefined) endpoint.status = disabled ? "disabled" : "enabled";
  const description = params.emptyable("description");
  if (description !== undefined) endpoint.description = description;
  endpoint.metadata = applyMetadata(endpoint.metadata, params);
  core.store.markDirty();
  return endpoint;
}

export function del(ctx: RequestContext, id: string): { id: string; object: "webhook_endpoint"; deleted: true } {
  const { core } = ctx;
  endpointOrThrow(core, id);
  core.platform.webhookEndpoints.delete(id);
  core.platform.webhookSecrets.delete(id);
  core.platform.webhookScopes.delete(id);
  core.store.markDirty();
  return { id, object: "webhook_endpoint", deleted: true };
}

export function list(ctx: RequestContext): ListObject<WebhookEndpointObject> {
  return paginate(newestFirst(ctx.core.platform.webhookEndpoints), ctx.params, "/v1/webhook_endpoints");
}

declare module "../registry.js" {
  interface Collections {
    webhookEndpoints: Map<string, WebhookEndpointObject>;
  }
}

defineResource({
  object: "webhook_endpoint",
  sdkType: "WebhookEndpoint",
  idPrefix: "we",
  displayName: "webhook endpoint",
  collection: "webhookEndpoints",
  routes: [
    { method: "POST", path: "/v1/webhook_endpoints", handle: create, params: "WebhookEndpointCreateParams" },
    { method: "GET", path: "/v1/webhook_endpoints", handle: list, params: "WebhookEndpointListParams" },
    { method: "GET", path: "/v1/webhook_endpoints/:id", handle: retrieve, params: "WebhookEndpointRetrieveParams" },
    { method: "POST", path: "/v1/webhook_endpoints/:id", handle: update, params: "WebhookEndpointUpdateParams" },
    { method: "DELETE", path: "/v1/webhook_endpoints/:id", handle: del, params: "WebhookEndpointDeleteParams" },
  ],
});
