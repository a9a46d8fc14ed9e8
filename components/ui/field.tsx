/**
 * Labelled form controls. Every control has a visible label; hints and errors are linked
 * with aria-describedby and errors set aria-invalid. Usable from server and client components.
 */
import type { ComponentProps, ReactNode } from "react";
import { cx } from "./cx";

const control =
  "block w-full rounded-lg border bg-white px-3 py-2 text-base text-pine-900 shadow-xs placeholder:text-pine-500/60 aria-invalid:border-ember-500 aria-invalid:ring-1 aria-invalid:ring-ember-500";

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Defaults to `field-<name>`. */
  id?: string;
  className?: string;
}

/** What every control carries: its id and name, and its hint and error wired for screen readers. */
function a11yProps({ id, name, hint, error }: { id: string; name: string; hint?: ReactNode; error?: string }) {
  return {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined,
  } as const;
}

export function fieldId(name: string) {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

function FieldFrame({ id, label, hint, error, className, children }: Omit<FieldProps, "name"> & { id: string; children: ReactNode }) {
  return (
    <div className={cx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-pine-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-pine-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="text-sm font-medium text-ember-700">
      {error}
    </p>
  ) : null;
}

export function TextField({
  name,
  label,
  hint,
  error,
  id = fieldId(name),
  className,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name" | "id">) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <input
        {...a11yProps({ id, name, hint, error })}
        className={cx(control, "border-birch-300")}
        {...input}
      />
    </FieldFrame>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  error,
  id = fieldId(name),
  className,
  ...textarea
}: FieldProps & Omit<ComponentProps<"textarea">, "name" | "id">) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <textarea
        {...a11yProps({ id, name, hint, error })}
        className={cx(control, "min-h-32 border-birch-300")}
        {...textarea}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  error,
  id = fieldId(name),
  className,
  options,
  placeholder,
  ...select
}: FieldProps & Omit<ComponentProps<"select">, "name" | "id"> & { options: readonly Option[]; placeholder?: string }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <select
        {...a11yProps({ id, name, hint, error })}
        className={cx(control, "border-birch-300")}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
