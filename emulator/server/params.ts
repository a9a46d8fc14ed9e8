import { invalidRequest, missingParam } from "./errors.js";
import type { FormObject, FormValue } from "./form.js";

/** Typed, Stripe-error-raising access to form parameters. `path` is the display name (`card[number]`). */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  string(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw invalidRequest(`Invalid string: ${JSON.stringify(v)}`, { param: this.name(key) });
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key);
    if (v === undefined || v === "") throw missingParam(this.name(key));
    return v;
  }

  /** A string that may be set to "" to clear (Stripe's Emptyable). Returns null for "". */
  emptyable(key: string): string | null | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    return v === "" ? null : v;
  }

  int(key: string): number | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidRequest(`Invalid integer: ${v}`, { param: this.name(key), code: "parameter_invalid_integer" });
    return Number(v);
  }

  requiredInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw missingParam(this.name(key));
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidRequest(`Invalid boolean: ${v}`, { param: this.name(key) });
  }

  enumOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${allowed.join(", ")}`, {
        param: this.name(key),
        code: "parameter_invalid_string",
      });
    }
    return v as T;
  }

  object(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v === "string") {
      if (v === "") return new Params({}, this.name(key));
      throw invalidRequest(`Invalid object`, { param: this.name(key) });
    }
    if (Array.isArray(v)) return new Params(Object.fromEntries(v.map((x, i) => [String(i), x])), this.name(key));
    return new Params(v, this.name(key));
  }

  /** Explicitly emptied (`key=`), as Stripe's Emptyable objects allow. */
  isEmptied(key: string): boolean {
    return this.raw[key] === "";
  }

  stringArray(key: string): string[] | undefined {
    const v: FormValue | undefined = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v === "string") return v === "" ? [] : [v];
    const values = Array.isArray(v) ? v : Object.values(v);
    return values.map((x) => {
      if (typeof x !== "string") throw invalidRequest("Invalid array", { param: this.name(key) });
      return x;
    });
  }

  /** `metadata[...]` as a string map (values may be "" meaning unset). */
  stringMap(key: string): Record<string, string> | null | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === "") return null;
    if (typeof v === "string" || Array.isArray(v)) throw invalidRequest("Invalid hash", { param: this.name(key) });
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== "string") throw invalidRequest("Invalid hash", { param: `${this.name(key)}[${k}]` });
      out[k] = x;
    }
    return out;
  }
}

/** Stripe metadata semantics: "" unsets a key; an emptied hash clears everything. */
export function applyMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) throw invalidRequest("Metadata can have up to 50 keys.", { param: "metadata" });
  return next;
}
