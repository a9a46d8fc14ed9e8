/** What every server action hands back to `useActionState`. Safe to import from clients. */
import type { FieldErrors } from "@/lib/errors";

export type FormState =
  | null
  | { ok: true; message: string; values?: undefined; fieldErrors?: undefined }
  | { ok: false; message: string; fieldErrors: FieldErrors; values: Record<string, string> };

export const initialFormState: FormState = null;

export function fieldError(state: FormState, name: string): string | undefined {
  return state && !state.ok ? state.fieldErrors[name]?.[0] : undefined;
}

/** The value the user typed last time (forms reset after an action; this refills them). */
export function submittedValue(state: FormState, name: string): string | undefined {
  return state && !state.ok ? state.values[name] : undefined;
}
