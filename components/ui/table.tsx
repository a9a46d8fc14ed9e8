import { useId, type ReactNode } from "react";
import { cx } from "./cx";

/**
 * The box around a table that scrolls sideways when the table is wider than the screen.
 * It takes focus, so keyboard users can scroll it with the arrow keys too, and is named
 * for screen readers: by the table's caption (`labelledBy`, its id) or by `label`. It is the
 * containing block of what is positioned inside (a visually hidden column header), which
 * would otherwise stick out of it and widen the whole page on a phone.
 */
export function ScrollRegion({
  children,
  className,
  ...name
}: { children: ReactNode; className?: string } & ({ labelledBy: string } | { label: string })) {
  return (
    <div
      role="region"
      tabIndex={0}
      aria-labelledby={"labelledBy" in name ? name.labelledBy : undefined}
      aria-label={"label" in name ? name.label : undefined}
      className={cx("relative overflow-x-auto rounded-2xl border border-birch-200 bg-white", className)}
    >
      {children}
    </div>
  );
}

/** A table with a visible caption that names it, in a `ScrollRegion` named by that caption. */
export function CaptionedTable({ caption, className, children }: { caption: ReactNode; className?: string; children: ReactNode }) {
  const captionId = useId();
  return (
    <ScrollRegion labelledBy={captionId} className={className}>
      <table className="w-full text-left text-sm">
        <caption id={captionId} className="px-4 py-3 text-left font-semibold text-pine-900">
          {caption}
        </caption>
        {children}
      </table>
    </ScrollRegion>
  );
}
