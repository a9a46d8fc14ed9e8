"use client";
/**
 * The booking widget of a listing page: date, time range inside the opening hours (taken
 * times shown as taken), guests, the server-computed price, then "Request to book". The
 * selection travels in the URL of the payment step, so signing in or up on the way keeps it.
 *
 * The form is submitted from `onSubmit` (not as a form action) so React does not reset the
 * selects after the price comes back: what the form shows is what the price and the
 * "Request to book" link are for. A price is shown only while the selection is the one it
 * was calculated for.
 */
import Link from "@/components/ui/link";
import { useActionState, useState, useTransition, type FormEvent } from "react";
import { FieldError, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Button, buttonClass } from "@/components/ui/button";
import type { QuoteView } from "@/components/listings/quote-view";
import { fieldError, type FormState } from "@/lib/actions/form-state";
import type { TakenRange } from "@/lib/bookings/availability";
import { firstFreeRange, hhmm, overlapsAny, selectionProblem, toMinutes } from "./slot-choice";

type QuoteAction = (state: FormState<QuoteView>, formData: FormData) => Promise<FormState<QuoteView>>;
type TakenAction = (state: FormState<TakenRange[]>, formData: FormData) => Promise<FormState<TakenRange[]>>;

export interface BookingWidgetProps {
  slug: string;
  quote: QuoteAction;
  takenSlots: TakenAction;
  capacity: number;
  minHours: number;
  minDate: string;
  /** The last day that can be booked (a year ahead). */
  maxDate: string;
  initial: { date: string; start: string; end: string; guests: string };
  initialTaken: TakenRange[];
  startTimes: readonly string[];
  endTimes: readonly string[];
  /** "€95.00 per hour · minimum 2 h", for the phone's booking bar. */
  priceLine: string;
}

type Selection = BookingWidgetProps["initial"];

const sameSelection = (a: Selection, b: Selection) => a.date === b.date && a.start === b.start && a.end === b.end && a.guests === b.guests;

export function BookingWidget({ slug, quote, takenSlots, capacity, minHours, minDate, maxDate, initial, initialTaken, startTimes, endTimes, priceLine }: BookingWidgetProps) {
  const [state, formAction] = useActionState(quote, null);
  const [selection, setSelection] = useState(initial);
  const [quoted, setQuoted] = useState<Selection | null>(null);
  const [taken, setTaken] = useState(initialTaken);
  const [loadingTaken, startLoading] = useTransition();
  const [quoting, startQuoting] = useTransition();
  const result = state?.ok && quoted && sameSelection(quoted, selection) ? state.data : undefined;

  function set(name: keyof Selection, value: string) {
    setSelection((s) => ({ ...s, [name]: value }));
    if (name === "date" && value) {
      startLoading(async () => {
        const form = new FormData();
        form.set("date", value);
        const answer = await takenSlots(null, form);
        const ranges = answer?.ok && answer.data ? answer.data : [];
        setTaken(ranges);
        // Never leave a taken time selected on the new date: move to the first free one.
        setSelection((s) => {
          if (!overlapsAny(ranges, toMinutes(s.start), toMinutes(s.end))) return s;
          const free = firstFreeRange(ranges, startTimes, endTimes, minHours, s.start);
          return free ? { ...s, ...free } : s;
        });
      });
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault(); // a form action would reset the selects to their first options
    const data = new FormData(event.currentTarget);
    setQuoted(selection);
    startQuoting(() => formAction(data));
  }

  const startOptions = startTimes.map((t) => {
    const m = toMinutes(t);
    const isTaken = overlapsAny(taken, m, m + 30);
    return { value: t, label: isTaken ? `${t} taken` : t, disabled: isTaken };
  });
  const endOptions = endTimes.map((t) => {
    const m = toMinutes(t);
    const isTaken = overlapsAny(taken, m - 30, m);
    return { value: t, label: isTaken ? `${t} taken` : t, disabled: isTaken };
  });
  const problem = selectionProblem(taken, minHours, selection.start, selection.end);
  const bookHref = `/book/${slug}?${new URLSearchParams(quoted ?? selection).toString()}`;

  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby="calculator-title">
      <h2 id="calculator-title" tabIndex={-1} className="scroll-mt-4 text-xl font-semibold focus:outline-none">
        Book this sauna
      </h2>
      <TextField
        name="date"
        type="date"
        label="Date"
        min={minDate}
        max={maxDate}
        required
        value={selection.date}
        onChange={(e) => set("date", e.target.value)}
        error={fieldError(state, "date")}
      />
      <div className="grid grid-cols-2 gap-3">
        <TimeSelect name="start" label="From" options={startOptions} value={selection.start} onChange={(v) => set("start", v)} error={fieldError(state, "start")} />
        <TimeSelect name="end" label="Until" options={endOptions} value={selection.end} onChange={(v) => set("end", v)} error={fieldError(state, "end")} />
      </div>
      <div aria-live="polite" className="text-sm text-pine-700" id="taken-times">
        {loadingTaken ? (
          "Checking taken times…"
        ) : taken.length > 0 ? (
          <p>
            Taken on this date: {taken.map((r) => `${hhmm(r.startMinutes)}–${hhmm(r.endMinutes)}`).join(", ")}
          </p>
        ) : (
          <p>No bookings yet on this date.</p>
        )}
        {problem && !loadingTaken ? <p className="font-medium text-ember-700">{problem}</p> : null}
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
        value={selection.guests}
        onChange={(e) => set("guests", e.target.value)}
        error={fieldError(state, "guests")}
      />
      <Button type="submit" variant="secondary" className="w-full" disabled={quoting} aria-disabled={quoting}>
        {quoting ? "Calculating…" : "Calculate price"}
      </Button>
      <FormMessage state={quoted && sameSelection(quoted, selection) ? state : null} className={result ? "sr-only" : undefined} />
      {result ? (
        <>
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
          <Link href={bookHref} className={buttonClass("primary", "w-full")}>
            Request to book
          </Link>
          <p className="text-center text-xs text-pine-600">You will not be charged yet.</p>
        </>
      ) : null}
      {/* On a phone the widget is far down the page: a bar stays at the bottom of the screen. */}
      <div role="region" aria-label="Book" className="fixed inset-x-0 bottom-0 z-30 border-t border-birch-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_rgba(0,0,0,0.06)] lg:hidden">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3">
          <p className="text-sm text-pine-800">{result ? <span className="font-semibold text-pine-900">{result.total}</span> : priceLine}</p>
          {result ? (
            <Link href={bookHref} className={buttonClass("primary")}>
              Request to book
            </Link>
          ) : (
            <a href="#calculator-title" className={buttonClass("primary")}>
              Check availability
            </a>
          )}
        </div>
      </div>
    </form>
  );
}

function TimeSelect({
  name,
  label,
  options,
  value,
  onChange,
  error,
}: {
  name: string;
  label: string;
  options: { value: string; label: string; disabled: boolean }[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = `field-${name}`;
  const describedBy = [error ? `${id}-error` : null, "taken-times"].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-pine-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-lg border border-birch-300 bg-white px-3 py-2 text-base text-pine-900 shadow-xs aria-invalid:border-ember-500 aria-invalid:ring-1 aria-invalid:ring-ember-500"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}
