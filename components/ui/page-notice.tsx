"use client";
/**
 * A page-level confirmation shown after a redirect ("Request accepted…"). A live region that
 * arrives with the page is not read out, so the notice takes focus: screen readers read it
 * and keyboard users continue from there.
 */
import { useEffect, useRef, type ReactNode } from "react";
import { cx } from "./cx";

export function PageNotice({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (children) ref.current?.focus();
  }, [children]);
  return (
    <p ref={ref} role="status" tabIndex={-1} className={cx(children ? "mb-6 rounded-lg bg-pine-500/10 px-4 py-3 font-medium text-pine-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-lake-500" : "sr-only", className)}>
      {children}
    </p>
  );
}
