"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions/form-state";
import { fieldId } from "@/components/ui/field";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function RoleForm({ action, role, userLabel }: { action: Action; role: string; userLabel: string }) {
  const [state, formAction] = useActionState(action, null);
  const id = fieldId(`role-${userLabel}`);
  return (
    <form action={formAction} className="space-y-1">
      <div className="flex items-center gap-2 whitespace-nowrap">
        <label htmlFor={id} className="sr-only">
          Role of {userLabel}
        </label>
        <select id={id} name="role" defaultValue={role} className="rounded-lg border border-birch-300 bg-white px-2 py-1.5 text-sm">
          <option value="CUSTOMER">Customer</option>
          <option value="PROVIDER">Provider</option>
          <option value="OPERATOR">Operator</option>
        </select>
        <SubmitButton variant="secondary" className="px-3 py-1.5" aria-label={`Change role of ${userLabel}`}>
          Change
        </SubmitButton>
      </div>
      {state ? <FormMessage state={state} /> : null}
    </form>
  );
}
