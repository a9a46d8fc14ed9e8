import type { Access, Handler, RouteDefinition } from "./registry.js";
import { resources } from "./registry.js";
import "./resources/index.js";

export type { Access };

export interface Route {
  method: RouteDefinition["method"];
  pattern: RegExp;
  access: Access;
  handle: Handler;
  /** the SDK's parameter type name for this endpoint, or null */
  params: string | null;
  /** the `object` of the resource that registered the route */
  object: string;
}

function compile(def: RouteDefinition, object: string): Route {
  const source = def.path.replace(/:[a-z_]+/g, "([^/]+)");
  return { method: def.method, pattern: new RegExp(`^${source}/?$`), access: def.access ?? "secret", handle: def.handle, params: def.params, object };
}

let compiled: Route[] | null = null;

/** Every registered resource's routes, compiled once. */
export function routes(): Route[] {
  compiled ??= resources().flatMap((r) => r.routes.map((d) => compile(d, r.object)));
  return compiled;
}

export interface Match {
  route: Route;
  ids: string[];
}

/** Finds the route for a method and path. */
export function matchRoute(method: string, path: string): Match | "not_found" {
  for (const r of routes()) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, ids: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return "not_found";
}
