"use client";
import { useActionState, type ReactNode } from "react";
import type { FormState } from "@/lib/actions/form-state";
import type { ButtonVariant } from "./button";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** A one-button form for a bound server action (remove, deactivate, suspend …). */
export function ActionButton({
  action,
  fields = {},
  children,
  pendingText,
  variant = "secondary",
  label,
  showSuccess = false,
}: {
  action: Action;
  fields?: Record<string, string>;
  children: ReactNode;
  pendingText?: string;
  variant?: ButtonVariant;
  /** Accessible name when the visible text is ambiguous ("Remove" → "Remove photo 2"). */
  label?: string;
  showSuccess?: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="inline-flex flex-col gap-1">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} pendingText={pendingText ?? "Working…"} aria-label={label} className="px-3 py-1.5">
        {children}
      </SubmitButton>
      {state && (!state.ok || showSuccess) ? <FormMessage state={state} /> : null}
    </form>
  );
}
