import Link from "@/components/ui/link";
import type { ComponentProps } from "react";
import { cx } from "./cx";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

const base =
  "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold no-underline transition-colors disabled:cursor-not-allowed disabled:opacity-60";
const variants: Record<ButtonVariant, string> = {
  primary: "bg-pine-700 text-white hover:bg-pine-800",
  secondary: "border border-birch-300 bg-white text-pine-800 hover:bg-birch-100",
  danger: "border border-ember-500 bg-white text-ember-700 hover:bg-ember-100",
  ghost: "text-pine-700 hover:bg-birch-100",
};

export function buttonClass(variant: ButtonVariant = "primary", className?: string) {
  return cx(base, variants[variant], className);
}

export function Button({ variant = "primary", className, type = "button", ...props }: ComponentProps<"button"> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />;
}

export function ButtonLink({ variant = "primary", className, ...props }: ComponentProps<typeof Link> & { variant?: ButtonVariant }) {
  return <Link className={buttonClass(variant, className)} {...props} />;
}
