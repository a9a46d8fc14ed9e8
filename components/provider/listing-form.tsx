"use client";
import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";
import type { OpeningSlot } from "@/lib/listings/opening-hours";
import { CANCELLATION_POLICIES, describePolicy, POLICY_TERMS, type CancellationPolicy } from "@/lib/bookings/cancellation-policy";
import { CURRENCIES } from "@/lib/money";
import { OpeningHoursFields } from "./opening-hours-fields";

export interface ListingFormValues {
  title: string;
  description: string;
  city: string;
  address: string;
  /** The entrance, parking and the like: shown to guests once their booking is paid. */
  arrivalNotes: string;
  timeZone: string;
  currency: string;
  /** Decimal text, e.g. "45.00". */
  price: string;
  capacity: string;
  minHours: string;
  /** "" for the marketplace default. */
  cancellationPolicy?: string;
}

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Listing details (create and edit); on create it also carries the weekly plan. */
export function ListingForm({
  action,
  initial,
  timeZones,
  openingHours,
  submitLabel,
  defaultPolicy,
}: {
  action: Action;
  initial: ListingFormValues;
  timeZones: readonly string[];
  /** Given on create: the plan fields are part of this form. */
  openingHours?: readonly OpeningSlot[];
  submitLabel: string;
  /** The marketplace default, named in the "no choice" option. */
  defaultPolicy: CancellationPolicy;
}) {
  const [state, formAction] = useActionState(action, null);
  const value = (name: keyof ListingFormValues) => submittedValue(state, name) ?? initial[name];
  const err = (name: string) => fieldError(state, name);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <TextField name="title" label="Title" required maxLength={120} defaultValue={value("title")} error={err("title")} />
      <TextAreaField
        name="description"
        label="Description"
        required
        hint="What makes it special: the stove, the view, the swim. At least 20 characters."
        defaultValue={value("description")}
        error={err("description")}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField name="city" label="City" required autoComplete="address-level2" defaultValue={value("city")} error={err("city")} />
        <TextField name="address" label="Street address" required autoComplete="street-address" defaultValue={value("address")} error={err("address")} />
      </div>
      <TextAreaField
        name="arrivalNotes"
        label="Entrance and parking (optional)"
        hint="Where to enter, where to park, door codes: shown to guests only once their booking is paid. At most 1000 characters."
        className="[&_textarea]:min-h-20"
        maxLength={1000}
        defaultValue={value("arrivalNotes")}
        error={err("arrivalNotes")}
      />
      <SelectField
        name="timeZone"
        label="Time zone"
        hint="Opening hours and bookings are in this zone."
        options={timeZones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))}
        defaultValue={value("timeZone")}
        error={err("timeZone")}
      />
      <div className="grid gap-5 sm:grid-cols-4">
        <TextField
          name="price"
          label="Price per hour"
          required
          inputMode="decimal"
          hint="For example 45 or 45.50"
          defaultValue={value("price")}
          error={err("price")}
        />
        <SelectField
          name="currency"
          label="Currency"
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
          defaultValue={value("currency")}
          error={err("currency")}
        />
        <TextField name="capacity" label="Capacity (guests)" type="number" min={1} max={50} required defaultValue={value("capacity")} error={err("capacity")} />
        <TextField name="minHours" label="Minimum hours" type="number" min={1} max={12} required defaultValue={value("minHours")} error={err("minHours")} />
        <SelectField
          name="cancellationPolicy"
          label="Cancellation policy"
          className="sm:col-span-2"
          hint={CANCELLATION_POLICIES.map((p) => describePolicy(p)).join(" ")}
          placeholder={`Marketplace default (${POLICY_TERMS[defaultPolicy].label})`}
          options={CANCELLATION_POLICIES.map((p) => ({ value: p, label: POLICY_TERMS[p].label }))}
          defaultValue={value("cancellationPolicy")}
          error={err("cancellationPolicy")}
        />
      </div>
      {openingHours ? (
        <OpeningHoursFields
          slots={openingHours}
          values={state && !state.ok ? state.values : undefined}
          errors={state && !state.ok ? state.fieldErrors : undefined}
        />
      ) : null}
      <SubmitButton>{submitLabel}</SubmitButton>
    </form>
  );
}
