"use client";
import { useActionState } from "react";
import { TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";
import { MAX_MESSAGE_LENGTH } from "@/lib/conversations/limits";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Writes a message in a booking's conversation; the text comes back after a failed send. */
export function MessageForm({ action, otherName }: { action: Action; otherName: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3 rounded-2xl border border-birch-200 bg-white p-4">
      <TextAreaField
        key={state && !state.ok ? "retry" : "fresh"}
        name="message"
        label={`Message to ${otherName}`}
        hint={`Plain text, up to ${MAX_MESSAGE_LENGTH} characters. ${otherName} gets an e-mail with a link.`}
        maxLength={MAX_MESSAGE_LENGTH}
        required
        rows={3}
        className="[&_textarea]:min-h-24"
        defaultValue={submittedValue(state, "message")}
        error={fieldError(state, "message")}
      />
      <SubmitButton pendingText="Sending…">Send message</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
