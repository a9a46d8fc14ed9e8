"use client";
import { useActionState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function BlockedDates({
  dates,
  add,
  remove,
  minDate,
}: {
  dates: readonly { id: string; day: string; label: string; reason: string | null }[];
  add: Action;
  remove: Action;
  minDate: string;
}) {
  const [state, formAction] = useActionState(add, null);
  return (
    <div className="space-y-4">
      {dates.length === 0 ? (
        <p className="text-pine-700">No blocked dates.</p>
      ) : (
        <ul className="divide-y divide-birch-200 rounded-xl border border-birch-200 bg-white" aria-label="Blocked dates">
          {dates.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-4 px-4 py-2">
              <span>
                {d.label}
                {d.reason ? <span className="text-pine-600"> — {d.reason}</span> : null}
              </span>
              <ActionButton action={remove} fields={{ blockedDateId: d.id }} variant="ghost" label={`Unblock ${d.label}`}>
                Unblock
              </ActionButton>
            </li>
          ))}
        </ul>
      )}
      <form action={formAction} className="flex flex-wrap items-end gap-3" aria-label="Block a date" noValidate>
        <TextField name="date" type="date" label="Date to block" min={minDate} required error={fieldError(state, "date")} />
        <TextField name="reason" label="Reason (optional), shown on the listing" maxLength={200} error={fieldError(state, "reason")} />
        <SubmitButton>Block date</SubmitButton>
        <div className="basis-full">
          <FormMessage state={state} />
        </div>
      </form>
    </div>
  );
}
