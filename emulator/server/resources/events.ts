import type { RequestContext } from "../core.js";
import { noSuch } from "../errors.js";
import { createdFilter, newestFirst, paginate, type ListObject } from "../list.js";
import { defineResource } from "../registry.js";

export interface EventObject {
  id: string;
  object: "event";
  /** the connected account the event happened on (Connect events only) */
  account?: string;
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

function typeMatcher(pattern: string): (type: string) => boolean {
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    return (t) => t.startsWith(prefix);
  }
  return (t) => t === pattern;
}

export function retrieve(ctx: RequestContext, id: string): EventObject {
  const event = ctx.core.state.events.get(id);
  if (!event) throw noSuch("evt", id);
  return event;
}

export function list(ctx: RequestContext): ListObject<EventObject> {
  const { core, params } = ctx;
  const type = params.string("type");
  const types = params.stringArray("types");
  const matchers = [...(type ? [type] : []), ...(types ?? [])].map(typeMatcher);
  const created = createdFilter(params);
  const items = newestFirst(core.state.events, (e) => (!matchers.length || matchers.some((m) => m(e.type))) && created(e));
  return paginate(items, params, "/v1/events");
}

declare module "../registry.js" {
  interface Collections {
    events: Map<string, EventObject>;
  }
}

defineResource({
  object: "event",
  sdkType: "Event",
  idPrefix: "evt",
  displayName: "event",
  collection: "events",
  routes: [
    { method: "GET", path: "/v1/events", handle: list, params: "EventListParams" },
    { method: "GET", path: "/v1/events/:id", handle: retrieve, params: "EventRetrieveParams" },
  ],
});
