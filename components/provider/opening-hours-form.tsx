"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions/form-state";
import type { OpeningSlot } from "@/lib/listings/opening-hours";
import { OpeningHoursFields } from "./opening-hours-fields";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function OpeningHoursForm({ action, slots }: { action: Action; slots: readonly OpeningSlot[] }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label="Opening hours">
      <FormMessage state={state} />
      <OpeningHoursFields
        slots={slots}
        values={state && !state.ok ? state.values : undefined}
        errors={state && !state.ok ? state.fieldErrors : undefined}
      />
      <SubmitButton>Save opening hours</SubmitButton>
    </form>
  );
}
