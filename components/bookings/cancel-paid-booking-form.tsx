"use client";
import { useActionState } from "react";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/**
 * The customer cancels a paid booking. The refund the policy gives right now is stated
 * before the button, and sent with the form: if it changed meanwhile (a band ended), the
 * server refuses and the page shows the new amount.
 */
export function CancelPaidBookingForm({
  action,
  refundMinor,
  refundText,
  explanation,
}: {
  action: Action;
  refundMinor: number;
  refundText: string;
  explanation: string;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <details className="rounded-2xl border border-birch-200 bg-white p-4" open={state !== null && !state.ok ? true : undefined}>
      <summary id="cancel-paid-title" className="cursor-pointer font-semibold">
        Cancel this booking
      </summary>
      <form action={formAction} className="mt-3 space-y-3" aria-labelledby="cancel-paid-title">
        <p className="text-sm text-pine-800" data-testid="cancel-refund">
          If you cancel now, you get back <strong className="tabular-nums">{refundText}</strong>.
        </p>
        <p className="text-sm text-pine-700">{explanation}</p>
        <input type="hidden" name="expectedRefund" value={String(refundMinor)} />
        <TextField name="reason" label="Reason for the host (optional)" maxLength={500} error={fieldError(state, "reason")} />
        <SubmitButton variant="danger" pendingText="Cancelling…">
          {refundMinor > 0 ? `Cancel and refund ${refundText}` : "Cancel without refund"}
        </SubmitButton>
        <FormMessage state={state} />
      </form>
    </details>
  );
}
