import { invalidRequest } from "./errors.js";
import type { Params } from "./params.js";

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/** Stripe cursor pagination over items ordered newest first. */
export function paginate<T extends { id: string }>(newestFirst: T[], params: Params, url: string): ListObject<T> {
  const limit = params.int("limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest("Invalid limit: must be between 1 and 100", { param: "limit", code: "parameter_invalid_integer" });
  }
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  if (startingAfter && endingBefore) {
    throw invalidRequest("You may only specify one of these parameters: ending_before, starting_after.", { param: "ending_before" });
  }
  if (endingBefore) {
    const index = newestFirst.findIndex((x) => x.id === endingBefore);
    if (index < 0) throw invalidRequest(`No such object: '${endingBefore}'`, { param: "ending_before", code: "resource_missing" });
    const from = Math.max(0, index - limit);
    return { object: "list", data: newestFirst.slice(from, index), has_more: from > 0, url };
  }
  let from = 0;
  if (startingAfter) {
    const index = newestFirst.findIndex((x) => x.id === startingAfter);
    if (index < 0) throw invalidRequest(`No such object: '${startingAfter}'`, { param: "starting_after", code: "resource_missing" });
    from = index + 1;
  }
  const data = newestFirst.slice(from, from + limit);
  return { object: "list", data, has_more: from + limit < newestFirst.length, url };
}

/** Values of a Map (insertion = creation order), newest first, filtered. */
export function newestFirst<T>(map: Map<string, T>, keep: (item: T) => boolean = () => true): T[] {
  const out: T[] = [];
  for (const item of map.values()) if (keep(item)) out.push(item);
  return out.reverse();
}

/** `created` range filter: created=123 or created[gte]=… */
export function createdFilter(params: Params): (item: { created: number }) => boolean {
  const exact = params.raw.created;
  if (exact === undefined) return () => true;
  if (typeof exact === "string") {
    const n = Number(exact);
    return (item) => item.created === n;
  }
  const range = params.object("created");
  const gt = range?.int("gt");
  const gte = range?.int("gte");
  const lt = range?.int("lt");
  const lte = range?.int("lte");
  return (item) =>
    (gt === undefined || item.created > gt) &&
    (gte === undefined || item.created >= gte) &&
    (lt === undefined || item.created < lt) &&
    (lte === undefined || item.created <= lte);
}
