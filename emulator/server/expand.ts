import type { Core } from "./core.js";
import { invalidRequest } from "./errors.js";
import { lookupById } from "./registry.js";
import { checkExpandDepth, expandableAt } from "./validation.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function notExpandable(full: string): Error {
  return invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
}

/**
 * Expand `segments` of `target` (an object of type `target.object`). Only the properties Stripe
 * documents as expandable expand (see validation.ts); ids of objects the emulator does not hold
 * (`txn_…`) stay ids, as does anything below them.
 */
function expandPath(core: Core, target: Json, segments: string[], full: string): Json {
  if (!segments.length) return target;
  const object = typeof target.object === "string" ? target.object : "";
  const split = expandableAt(object, segments);
  if (!split) throw notExpandable(full);
  const copy: Json = { ...target };
  let parent = copy;
  for (const key of split.property.slice(0, -1)) {
    const child = parent[key];
    if (!isObject(child)) return copy; // the nested shape is null here: nothing to expand
    const childCopy = { ...child };
    parent[key] = childCopy;
    parent = childCopy;
  }
  const last = split.property[split.property.length - 1] ?? "";
  let value = parent[last];
  if (typeof value === "string") value = lookupById(core, value) ?? value;
  if (isObject(value) && split.rest.length) value = expandPath(core, value, split.rest, full);
  parent[last] = value;
  return copy;
}

/** Apply `expand[]` paths to a response object or list (paths inside lists start with `data.`). */
export function expandResponse(core: Core, body: unknown, paths: string[]): unknown {
  checkExpandDepth(paths);
  return expandBody(
    core,
    body,
    paths.map((full) => ({ segments: full.split("."), full })),
  );
}

interface ExpandPath {
  segments: string[];
  /** as requested, for error messages */
  full: string;
}

function expandBody(core: Core, body: unknown, paths: ExpandPath[]): unknown {
  if (!paths.length || !isObject(body)) return body;
  if (body.object === "list" || body.object === "search_result") {
    const outside = paths.find((p) => p.segments[0] !== "data");
    if (outside) throw notExpandable(outside.full);
    const inner = paths.map((p) => ({ segments: p.segments.slice(1), full: p.full }));
    const data = Array.isArray(body.data) ? body.data : [];
    return { ...body, data: data.map((item) => expandBody(core, item, inner)) };
  }
  let out: Json = body;
  for (const p of paths) out = expandPath(core, out, p.segments, p.full);
  return out;
}
