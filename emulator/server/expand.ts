import { invalidRequest } from "./errors.js";
import type { Core } from "./core.js";
import { lookupById } from "./registry.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function expandPath(core: Core, target: Json, path: string[], full: string): Json {
  const [head, ...rest] = path;
  if (head === undefined) return target;
  if (!(head in target)) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
  const copy: Json = { ...target };
  let value = copy[head];
  if (typeof value === "string") value = lookupById(core, value) ?? value; // txn_, src_…: not emulated, left as an id
  if (isObject(value) && rest.length) value = expandPath(core, value, rest, full);
  copy[head] = value;
  return copy;
}

/** Apply `expand[]` paths to a response object or list (paths inside lists start with `data.`). */
export function expandResponse(core: Core, body: unknown, paths: string[]): unknown {
  if (!paths.length || !isObject(body)) return body;
  if (body.object === "list" || body.object === "search_result") {
    const inner = paths.filter((p) => p.startsWith("data.")).map((p) => p.slice(5));
    const data = Array.isArray(body.data) ? body.data : [];
    return { ...body, data: data.map((item) => expandResponse(core, item, inner)) };
  }
  let out: Json = body;
  for (const p of paths) out = expandPath(core, out, p.split("."), p);
  return out;
}
