import { invalidRequest } from "./errors.js";
import type { State } from "./store.js";

type Json = Record<string, unknown>;

function lookup(state: State, id: string): unknown {
  const prefix = id.slice(0, id.indexOf("_"));
  switch (prefix) {
    case "cus":
      if (state.deletedCustomers.has(id)) return { id, object: "customer", deleted: true };
      return state.customers.get(id);
    case "pm":
      return state.paymentMethods.get(id);
    case "pi":
      return state.paymentIntents.get(id);
    case "ch":
      return state.charges.get(id);
    case "seti":
      return state.setupIntents.get(id);
    case "setatt":
      return state.setupAttempts.get(id);
    case "re":
      return state.refunds.get(id);
    default:
      return undefined; // txn_, src_…: not emulated, left as an id
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function expandPath(state: State, target: Json, path: string[], full: string): Json {
  const [head, ...rest] = path;
  if (head === undefined) return target;
  if (!(head in target)) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
  const copy: Json = { ...target };
  let value = copy[head];
  if (typeof value === "string") value = lookup(state, value) ?? value;
  if (isObject(value) && rest.length) value = expandPath(state, value, rest, full);
  copy[head] = value;
  return copy;
}

/** Apply `expand[]` paths to a response object or list (paths inside lists start with `data.`). */
export function expandResponse(state: State, body: unknown, paths: string[]): unknown {
  if (!paths.length || !isObject(body)) return body;
  if (body.object === "list" || body.object === "search_result") {
    const inner = paths.filter((p) => p.startsWith("data.")).map((p) => p.slice(5));
    const data = Array.isArray(body.data) ? body.data : [];
    return { ...body, data: data.map((item) => expandResponse(state, item, inner)) };
  }
  let out: Json = body;
  for (const p of paths) out = expandPath(state, out, p.split("."), p);
  return out;
}
