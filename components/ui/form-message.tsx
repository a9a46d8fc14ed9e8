"use client";
import { useEffect, useRef } from "react";
import type { FormState } from "@/lib/actions/form-state";
import { cx } from "./cx";

/**
 * The outcome of a form action, announced to screen readers. After a failed submit the
 * first invalid control gets focus (or this message, when no field is to blame); after a
 * successful one this message gets focus so keyboard users land on the confirmation.
 */
export function FormMessage<D>({ state, className, id }: { state: FormState<D>; className?: string; id?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state) return;
    const form = ref.current?.closest("form");
    const invalid = !state.ok ? form?.querySelector<HTMLElement>("[aria-invalid='true']") : null;
    (invalid ?? ref.current)?.focus();
  }, [state]);

  return (
    <div
      ref={ref}
      id={id}
      tabIndex={-1}
      role={state && !state.ok ? "alert" : "status"}
      className={cx(
        state ? "rounded-lg px-3 py-2 text-sm font-medium" : "sr-only",
        state?.ok === true && "bg-pine-500/10 text-pine-800",
        state?.ok === false && "bg-ember-100 text-ember-700",
        className,
      )}
    >
      {state?.message}
    </div>
  );
}
