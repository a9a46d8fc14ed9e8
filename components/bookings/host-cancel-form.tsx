"use client";
import { useActionState, useId } from "react";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** The host cancels a paid booking: a full refund to the customer, who is told the reason. */
export function HostCancelForm({ action, refundText, customerName }: { action: Action; refundText: string; customerName: string }) {
  const [state, formAction] = useActionState(action, null);
  // One form per paid booking on the page: each reason field needs an id of its own.
  const reasonId = useId();
  return (
    <details open={state !== null && !state.ok ? true : undefined}>
      <summary className="cursor-pointer font-medium text-ember-700">Cancel…</summary>
      <form action={formAction} className="mt-2 w-64 space-y-2">
        <p className="text-xs text-pine-700">
          {customerName} gets a full refund of <strong>{refundText}</strong>. Löyly support is told.
        </p>
        <TextField id={reasonId} name="reason" label="Reason for the customer" required maxLength={500} error={fieldError(state, "reason")} />
        <SubmitButton variant="danger" pendingText="Cancelling…">
          Cancel and refund in full
        </SubmitButton>
        <FormMessage state={state} />
      </form>
    </details>
  );
}
