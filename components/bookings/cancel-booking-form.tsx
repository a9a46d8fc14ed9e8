"use client";
import { useActionState } from "react";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Cancel a request or an unpaid booking, with an optional reason for the host. */
export function CancelBookingForm({ action, isRequest }: { action: Action; isRequest: boolean }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3 rounded-2xl border border-birch-200 bg-white p-4" aria-labelledby="cancel-title">
      <h2 id="cancel-title" className="font-semibold">
        {isRequest ? "Cancel the request" : "Cancel the booking"}
      </h2>
      <p className="text-sm text-pine-700">Free of charge: nothing has been paid yet.</p>
      <TextField name="reason" label="Reason (optional)" maxLength={500} error={fieldError(state, "reason")} />
      <SubmitButton variant="danger" pendingText="Cancelling…">
        {isRequest ? "Cancel request" : "Cancel booking"}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
