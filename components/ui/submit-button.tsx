"use client";
import { useFormStatus } from "react-dom";
import type { ComponentProps } from "react";
import { Button, type ButtonVariant } from "./button";

/**
 * A submit button that shows the pending state of its form. While pending, its name is the
 * pending text it shows (an `aria-label` naming what it does would no longer match the
 * visible words).
 */
export function SubmitButton({
  children,
  pendingText,
  variant,
  "aria-label": label,
  ...props
}: ComponentProps<"button"> & { pendingText?: string; variant?: ButtonVariant }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending} aria-label={pending ? undefined : label} {...props}>
      {pending ? (pendingText ?? "Saving…") : children}
    </Button>
  );
}
