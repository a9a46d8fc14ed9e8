"use client";
import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";
import type { QuoteView } from "./quote-view";

type QuoteAction = (state: FormState<QuoteView>, formData: FormData) => Promise<FormState<QuoteView>>;

interface Props {
  quote: QuoteAction;
  capacity: number;
  minHours: number;
  minDate: string;
  defaultDate: string;
  defaultStart: string;
  defaultEnd: string;
  /** "HH:MM" values the start and end selects offer. */
  startTimes: readonly string[];
  endTimes: readonly string[];
}

export function PriceCalculator({ quote, capacity, minHours, minDate, defaultDate, defaultStart, defaultEnd, startTimes, endTimes }: Props) {
  const [state, formAction] = useActionState(quote, null);
  const value = (name: string, fallback: string) => submittedValue(state, name) ?? fallback;
  const result = state?.ok ? state.data : undefined;

  return (
    <form action={formAction} className="space-y-4" noValidate aria-labelledby="calculator-title">
      <h2 id="calculator-title" className="text-xl font-semibold">
        Price calculator
      </h2>
      <TextField name="date" type="date" label="Date" min={minDate} required defaultValue={value("date", defaultDate)} error={fieldError(state, "date")} />
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          name="start"
          label="From"
          options={startTimes.map((t) => ({ value: t, label: t }))}
          defaultValue={value("start", defaultStart)}
          error={fieldError(state, "start")}
        />
        <SelectField
          name="end"
          label="Until"
          options={endTimes.map((t) => ({ value: t, label: t }))}
          defaultValue={value("end", defaultEnd)}
          error={fieldError(state, "end")}
        />
      </div>
      <TextField
        name="guests"
        type="number"
        label="Guests"
        min={1}
        max={capacity}
        inputMode="numeric"
        required
        hint={`Up to ${capacity}. Minimum booking ${minHours} h.`}
        defaultValue={value("guests", "2")}
        error={fieldError(state, "guests")}
      />
      <SubmitButton pendingText="Calculating…" className="w-full">
        Calculate price
      </SubmitButton>
      <FormMessage state={state} className={result ? "sr-only" : undefined} />
      {result ? (
        <section aria-label="Price breakdown" className="rounded-xl bg-birch-100 p-4">
          <p className="text-sm text-pine-700">
            {result.when} · {result.guests} guest{result.guests === 1 ? "" : "s"}
          </p>
          <dl className="mt-3 space-y-1 text-sm">
            {result.lines.map((line) => (
              <div key={line.label} className="flex justify-between gap-4">
                <dt className="text-pine-700">{line.label}</dt>
                <dd className="tabular-nums">{line.amount}</dd>
              </div>
            ))}
            <div className="flex justify-between gap-4 border-t border-birch-300 pt-2 text-base font-semibold">
              <dt>Total</dt>
              <dd className="tabular-nums">{result.total}</dd>
            </div>
          </dl>
        </section>
      ) : null}
    </form>
  );
}
