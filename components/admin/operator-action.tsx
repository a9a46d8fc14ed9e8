"use client";
/**
 * One operator action on a booking with a confirm step: a button opens the form (reason,
 * and an amount for refunds) and moves focus into it; "Confirm …" submits. The outcome is
 * announced (role=status / alert) and focused by FormMessage. The panel stays mounted when
 * the action stops applying (a retried booking is paid now) so its confirmation stays visible.
 */
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export interface AmountField {
  label: string;
  defaultValue: string;
  hint: string;
}

/** A local date and time (datetime-local), e.g. a new deadline in the listing's zone. */
export interface DateTimeField {
  name: string;
  label: string;
  defaultValue: string;
  min: string;
  max: string;
  hint: string;
}

export function OperatorAction({
  action,
  title,
  description,
  confirmLabel,
  variant = "secondary",
  unavailable,
  amount,
  dateTime,
}: {
  action: Action;
  title: string;
  description: string;
  confirmLabel: string;
  variant?: ButtonVariant;
  /** Why the action does not apply now; the button is then not offered. */
  unavailable?: string;
  amount?: AmountField;
  dateTime?: DateTimeField;
}) {
  const [open, setOpen] = useState(false);
  const [state, formAction] = useActionState(async (previous: FormState, formData: FormData) => {
    const next = await action(previous, formData);
    if (next?.ok) setOpen(false); // done: the confirmation stays, the form closes
    return next;
  }, null);
  const firstField = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const backPressed = useRef(false);
  const id = useId();
  const panelId = `${id}-panel`;

  useEffect(() => {
    if (open) firstField.current?.focus();
    else if (backPressed.current) {
      backPressed.current = false;
      opener.current?.focus();
    }
  }, [open]);
  useEffect(() => {
    // FormMessage (a child, its effect ran first) focused the message; a field to fix wins.
    if (state && !state.ok) form.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [state]);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 rounded-2xl border border-birch-200 bg-white p-4">
      <h3 id={`${id}-title`} className="font-semibold">
        {title}
      </h3>
      <p className="text-sm text-pine-700">{description}</p>
      {unavailable ? (
        <p className="text-sm text-pine-600">Not available: {unavailable}</p>
      ) : !open ? (
        <Button ref={opener} variant={variant} aria-expanded={false} aria-controls={panelId} onClick={() => setOpen(true)}>
          {title}…
        </Button>
      ) : null}
      <form ref={form} key={amount?.defaultValue ?? dateTime?.defaultValue} action={formAction} id={panelId} hidden={!open || Boolean(unavailable)} className="space-y-3" noValidate>
        {amount ? (
          <TextField
            ref={firstField}
            name="amount"
            label={amount.label}
            hint={amount.hint}
            inputMode="decimal"
            autoComplete="off"
            defaultValue={submittedValue(state, "amount") ?? amount.defaultValue}
            error={fieldError(state, "amount")}
            id={`${id}-amount`}
          />
        ) : null}
        {dateTime ? (
          <TextField
            ref={amount ? undefined : firstField}
            type="datetime-local"
            name={dateTime.name}
            label={dateTime.label}
            hint={dateTime.hint}
            min={dateTime.min}
            max={dateTime.max}
            required
            defaultValue={submittedValue(state, dateTime.name) ?? dateTime.defaultValue}
            error={fieldError(state, dateTime.name)}
            id={`${id}-${dateTime.name}`}
          />
        ) : null}
        <TextAreaField
          ref={amount || dateTime ? undefined : firstField}
          name="reason"
          label="Reason, required (written on the timeline and in the emails)"
          required
          minLength={3}
          maxLength={500}
          defaultValue={submittedValue(state, "reason")}
          error={fieldError(state, "reason")}
          id={`${id}-reason`}
        />
        <div className="flex gap-2">
          <SubmitButton variant={variant === "secondary" ? "primary" : variant} pendingText="Working…">
            {confirmLabel}
          </SubmitButton>
          <Button
            variant="ghost"
            onClick={() => {
              backPressed.current = true;
              setOpen(false);
            }}
          >
            Back
          </Button>
        </div>
      </form>
      <FormMessage state={state} />
    </section>
  );
}
