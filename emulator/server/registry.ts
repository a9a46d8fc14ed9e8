/**
 * The registry of Stripe resources. Each file in `resources/` describes one resource (or a few
 * closely tied ones) with `defineResource`: its object type, the state collection that holds its
 * objects, its routes (with the SDK type naming each route's parameters) and how its ids expand.
 * The core — the store, the router, `expand[]`, the parameter checks — reads only this registry,
 * so adding a resource is adding one file to `resources/`.
 */
import type { Core, RequestContext } from "./core.js";
import { noSuch, registerResourceName } from "./errors.js";

/**
 * Typed state collections, one Map per resource. Each resource file adds its own entry:
 *
 * ```ts
 * declare module "../registry.js" {
 *   interface Collections { payouts: Map<string, PayoutObject> }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Collections {}

export type CollectionName = keyof Collections & string;

/**
 * Who may call a route: `secret` keys only; `publishable` keys too; `client_secret`: a publishable
 * key with the intent's client secret (Stripe.js retrieving / confirming an intent).
 */
export type Access = "secret" | "publishable" | "client_secret";

export type Handler = (ctx: RequestContext, ...ids: string[]) => unknown;

export interface RouteDefinition {
  method: "GET" | "POST" | "DELETE";
  /** `/v1/customers/:id`; `:name` segments are passed to the handler in order */
  path: string;
  handle: Handler;
  access?: Access;
  /**
   * The `stripe` SDK's name for this endpoint's parameters (`PaymentIntentCreateParams`). Requests
   * are checked against the parameter tree generated from it (`generated/params.json`); null: no
   * parameters besides `expand`.
   */
  params: string | null;
}

export interface ResourceDefinition {
  /** the `object` value of its objects, `payment_intent` */
  object: string;
  /**
   * The `stripe` SDK's interface for the object (`PaymentIntent`): its required properties and
   * expandable properties are generated from it (`generated/objects.json`).
   */
  sdkType: string;
  /** id prefix without `_`, `pi` */
  idPrefix: string;
  /** Stripe's name in "No such …" messages, `payment_intent` */
  displayName: string;
  /** state collection holding the objects (absent for resources kept elsewhere) */
  collection?: CollectionName;
  /**
   * Further collections of the emulator's own records about these objects (never returned by the
   * API, such as an account's onboarding state): created, persisted and reset like `collection`.
   */
  internal?: CollectionName[];
  routes: RouteDefinition[];
  /**
   * How `expand[]` finds the object behind an id of this prefix. Default: the collection's entry.
   * Which properties may be expanded at all comes from the SDK's definitions (`generated/objects.json`).
   */
  lookup?: (core: Core, id: string) => unknown;
}

const definitions: ResourceDefinition[] = [];

/** Register a resource; called once at module load by each file in `resources/`. */
export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  if (definitions.some((d) => d.object === definition.object)) throw new Error(`resource ${definition.object} defined twice`);
  definitions.push(definition);
  registerResourceName(definition.idPrefix, definition.displayName);
  return definition;
}

export function resources(): readonly ResourceDefinition[] {
  return definitions;
}

export function collectionNames(): CollectionName[] {
  return definitions.flatMap((d) => [...(d.collection ? [d.collection] : []), ...(d.internal ?? [])]);
}

/** The object behind an id, by its prefix (`cus_…`), or undefined for ids the emulator does not hold. */
export function lookupById(core: Core, id: string): unknown {
  const prefix = id.slice(0, id.indexOf("_"));
  const def = definitions.find((d) => d.idPrefix === prefix);
  if (!def) return undefined;
  if (def.lookup) return def.lookup(core, id);
  return def.collection ? (core.state[def.collection] as Map<string, unknown>).get(id) : undefined;
}

/**
 * An object of a collection or Stripe's "No such …" error (`param` "id" → 404, else 400). Lets a
 * resource find another's objects without importing its module.
 */
export function findOrThrow<K extends CollectionName>(core: Core, collection: K, id: string, param = "id"): NonNullable<ReturnType<Collections[K]["get"]>> {
  const map = core.state[collection] as Map<string, unknown>;
  const found = map.get(id);
  if (found === undefined) {
    const def = definitions.find((d) => d.collection === collection);
    throw noSuch(def?.idPrefix ?? collection, id, param);
  }
  return found as NonNullable<ReturnType<Collections[K]["get"]>>;
}
