/** What every server action hands back to `useActionState`. Safe to import from clients. */
import type { FieldErrors } from "@/lib/errors";

export type FormState<D = undefined> =
  | null
  | { ok: true; message: string; data?: D; values?: undefined; fieldErrors?: undefined }
  | { ok: false; message: string; fieldErrors: FieldErrors; values: Record<string, string>; data?: undefined };

export function fieldError<D>(state: FormState<D>, name: string): string | undefined {
  return state && !state.ok ? state.fieldErrors[name]?.[0] : undefined;
}

/** The value the user typed last time (forms reset after an action; this refills them). */
export function submittedValue<D>(state: FormState<D>, name: string): string | undefined {
  return state && !state.ok ? state.values[name] : undefined;
}
