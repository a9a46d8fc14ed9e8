import { invalidRequest, missingParam } from "./errors.js";
import type { FormObject, FormValue } from "./form.js";

/** Typed, Stripe-error-raising access to form parameters. `path` is the display name (`card[number]`). */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  /** The display name of one of these parameters (`payment_method_data[metadata]`). */
  nameOf(key: string): string {
    return this.name(key);
  }

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

/** Stripe's documented metadata limits. */
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

/**
 * `metadata` of a request applied to an object's metadata, with Stripe's semantics ("" unsets a
 * key; an emptied hash clears everything) and limits (50 keys, keys up to 40 characters, values
 * up to 500).
 */
export function applyMetadata(current: Record<string, string>, p: Params): Record<string, string> {
  const update = p.stringMap("metadata");
  if (update === undefined) return current;
  if (update === null) return {};
  const param = p.nameOf("metadata");
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (k.length > METADATA_LIMITS.keyLength) {
      throw invalidRequest(`Metadata keys can have up to ${METADATA_LIMITS.keyLength} characters, but you passed in a key that is ${k.length} characters: ${k}`, {
        param: `${param}[${k}]`,
      });
    }
    if (v.length > METADATA_LIMITS.valueLength) {
      throw invalidRequest(`Metadata values can have up to ${METADATA_LIMITS.valueLength} characters, but you passed in a value that is ${v.length} characters.`, {
        param: `${param}[${k}]`,
      });
    }
    if (v === "") delete next[k];
    else next[k] = v;
  }
  const count = Object.keys(next).length;
  if (count > METADATA_LIMITS.keys) {
    throw invalidRequest(`Metadata can have up to ${METADATA_LIMITS.keys} keys, but you've set ${count}.`, { param });
  }
  return next;
}
