/**
 * Shared rules for text that comes from outside. PostgreSQL refuses NUL in text, and no form
 * of ours expects control characters or broken UTF-16: such input gets a field error here
 * instead of reaching the database.
 */
import { z } from "zod";

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A surrogate half without its partner (not encodable as UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const CONTROL_CHARACTER_MESSAGE = "Remove the control characters (such as NUL) from this field.";

/** No NUL or other control characters (tab and line breaks are fine), no broken characters. */
export function isCleanText(value: string): boolean {
  return !CONTROL.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * `z.string()` that refuses control characters: the base of every text field. Chain
 * `.trim()`, `.min()`, `.max()` … as usual.
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(isCleanText, { error: CONTROL_CHARACTER_MESSAGE, abort: true });
}

/** Our row ids (cuid) and the like: letters, digits, `_` and `-`, at most 64. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isPlausibleId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/** A listing's URL slug (lib/listings/slug.ts makes them). */
export function isPlausibleSlug(value: unknown): value is string {
  return typeof value === "string" && /^[a-z0-9][a-z0-9-]{0,99}$/.test(value);
}

export const idSchema = text({ error: "That item was not found." }).trim().regex(ID_PATTERN, { error: "That item was not found." });
