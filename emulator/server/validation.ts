/**
 * Checks every request against Stripe's own definitions, generated from the `stripe` SDK's types by
 * `emulator/scripts/generate.ts` into `generated/`: unknown parameters (at any depth), `expand[]`
 * paths (only expandable properties, at most four levels), the Idempotency-Key length.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { invalidRequest, type StripeError } from "./errors.js";
import type { FormObject, FormValue } from "./form.js";

/** 1: a value (scalar or array of scalars); 2: a free-form hash; {…}: these keys; [{…}]: array of such hashes. */
export type ParamNode = 1 | 2 | ParamTree | [ParamTree];
export interface ParamTree {
  [key: string]: ParamNode;
}

export interface FieldSpec {
  types: string[];
  enum?: string[];
}

export interface ObjectSpec {
  sdkType: string;
  required: Record<string, FieldSpec>;
  /** dotted path inside the object → the object type it expands into */
  expandable: Record<string, string>;
}

const generatedDir = join(dirname(fileURLToPath(import.meta.url)), "generated");

function readGenerated<T>(file: string): T {
  return JSON.parse(readFileSync(join(generatedDir, file), "utf8")) as T;
}

export const generatedParams = readGenerated<{ _source: string; apiVersion: string; params: Record<string, ParamTree> }>("params.json");
export const generatedObjects = readGenerated<{ _source: string; apiVersion: string; objects: Record<string, ObjectSpec> }>("objects.json");

/** Accepted on every request (Stripe takes `expand` everywhere, even where the SDK omits it). */
const ALWAYS: ParamTree = { expand: 1 };

function unknownParameter(name: string): StripeError {
  return invalidRequest(`Received unknown parameter: ${name}`, { param: name, code: "parameter_unknown" });
}

function isHash(v: FormValue): v is FormObject {
  return typeof v === "object" && !Array.isArray(v);
}

function checkTree(tree: ParamTree, form: FormObject, prefix: string): void {
  for (const [key, value] of Object.entries(form)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    const node = tree[key];
    if (node === undefined) throw unknownParameter(name);
    checkNode(node, value, name);
  }
}

function checkNode(node: ParamNode, value: FormValue, name: string): void {
  if (node === 1 || node === 2 || typeof value === "string") return; // values are type-checked by the handlers
  if (Array.isArray(node)) {
    const items = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [i, item] of items) if (typeof item !== "string") checkNode(node[0], item, `${name}[${i}]`);
    return;
  }
  if (isHash(value)) checkTree(node, value, name);
}

function merge(a: ParamTree, b: ParamTree): ParamTree {
  const out: ParamTree = { ...a };
  for (const [key, node] of Object.entries(b)) {
    const mine = out[key];
    out[key] = mine && typeof mine === "object" && !Array.isArray(mine) && typeof node === "object" && !Array.isArray(node) ? merge(mine, node) : (mine ?? node);
  }
  return out;
}

/** Client telemetry Stripe.js adds to what it creates (accepted from publishable keys only). */
const STRIPE_JS_TELEMETRY: ParamTree = { payment_user_agent: 1, time_on_page: 1, guid: 1, muid: 1, sid: 1, referrer: 1, pasted_fields: 1 };

/**
 * What Stripe.js sends with a publishable key besides the parameters of the server-side API (which
 * the SDK's types describe): the intent's client secret, raw card details in
 * `payment_method_data[card]` (see CONTRACT.md), and its telemetry fields.
 */
export const STRIPE_JS_PARAMS: ParamTree = {
  ...STRIPE_JS_TELEMETRY,
  client_secret: 1,
  payment_method_data: { ...STRIPE_JS_TELEMETRY, card: { number: 1, exp_month: 1, exp_year: 1, cvc: 1 } },
};

/**
 * Refuses parameters the endpoint does not define, like Stripe (400 `parameter_unknown`, `param`
 * naming the first one). `extra` adds what a caller may send besides the SDK's parameters.
 */
export function checkParameters(paramsType: string | null, form: FormObject, extra: ParamTree = {}): void {
  const tree = paramsType ? generatedParams.params[paramsType] : {};
  if (!tree) throw new Error(`no generated parameters for ${paramsType}; run npm run emulator:generate`);
  checkTree(merge(merge(ALWAYS, tree), extra), form, "");
}

export const MAX_EXPAND_DEPTH = 4;

/** Stripe: "Expansions have a maximum depth of four levels". */
export function checkExpandDepth(paths: readonly string[]): void {
  for (const path of paths) {
    if (path.split(".").length > MAX_EXPAND_DEPTH) {
      throw invalidRequest(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`, { param: "expand" });
    }
  }
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export function checkIdempotencyKey(key: string): void {
  if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalidRequest(
      `Idempotent key length is ${key.length}, which is outside accepted lengths. Idempotent Keys must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters long. If you're looking for a decent generator, try using a UUID defined by IETF RFC 4122.`,
    );
  }
}

/**
 * Splits an expand path at an object of type `object`: the documented expandable property it
 * starts with (possibly nested, `invoice_settings.default_payment_method`), the type it expands
 * into, and the rest of the path. Null when the path does not start with an expandable property.
 */
export function expandableAt(object: string, segments: readonly string[]): { property: string[]; target: string; rest: string[] } | null {
  const spec = generatedObjects.objects[object];
  if (!spec) return null;
  for (let i = 1; i <= segments.length; i++) {
    const target = spec.expandable[segments.slice(0, i).join(".")];
    if (target) return { property: segments.slice(0, i), target, rest: segments.slice(i) };
  }
  return null;
}
