"use client";
import { useActionState } from "react";
import { TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Button } from "@/components/ui/button";
import { fieldError, type FormState } from "@/lib/actions/form-state";
import { useFormStatus } from "react-dom";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Accept or decline one request, with an optional message to the customer. */
export function AnswerRequestForm({ accept, decline, requestLabel, fieldKey }: { accept: Action; decline: Action; requestLabel: string; fieldKey: string }) {
  const [acceptState, acceptAction] = useActionState(accept, null);
  const [declineState, declineAction] = useActionState(decline, null);
  const state = declineState ?? acceptState;
  const messageName = "message";
  return (
    <form className="space-y-3" aria-label={`Answer ${requestLabel}`}>
      <TextAreaField
        id={`message-${fieldKey}`}
        name={messageName}
        label="Message to the customer (optional)"
        className="[&_textarea]:min-h-16"
        maxLength={1000}
        error={fieldError(state, messageName)}
      />
      <div className="flex flex-wrap gap-2">
        <AnswerButton formAction={acceptAction} variant="primary" label={`Accept ${requestLabel}`}>
          Accept
        </AnswerButton>
        <AnswerButton formAction={declineAction} variant="danger" label={`Decline ${requestLabel}`}>
          Decline
        </AnswerButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

function AnswerButton({
  formAction,
  variant,
  label,
  children,
}: {
  formAction: (formData: FormData) => void;
  variant: "primary" | "danger";
  label: string;
  children: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" formAction={formAction} variant={variant} disabled={pending} aria-disabled={pending} aria-label={label}>
      {children}
    </Button>
  );
}
