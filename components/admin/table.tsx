/**
 * The admin pages' tables: a caption (visible, it names the table for screen readers too),
 * column headers with scope, a row header per row, and an empty message inside the table.
 */
import Link from "@/components/ui/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { CaptionedTable } from "@/components/ui/table";

export function AdminTable({
  caption,
  columns,
  children,
  empty,
  sorted,
}: {
  caption: ReactNode;
  columns: readonly ReactNode[];
  children: ReactNode;
  empty?: string;
  /** The column the rows are sorted by (its index) and the direction, for aria-sort. */
  sorted?: { column: number; direction: "ascending" | "descending" };
}) {
  return (
    <CaptionedTable caption={caption}>
      <thead className="bg-birch-100 text-pine-700">
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" aria-sort={sorted?.column === i ? sorted.direction : undefined} className="px-3 py-2 whitespace-nowrap">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {children}
        {empty ? (
          <tr>
            <td colSpan={columns.length} className="px-3 py-6 text-center text-pine-600">
              {empty}
            </td>
          </tr>
        ) : null}
      </tbody>
    </CaptionedTable>
  );
}

export function Row({ children, highlight = false }: { children: ReactNode; highlight?: boolean }) {
  return <tr className={cx("border-t border-birch-200 align-top", highlight && "bg-ember-100/60")}>{children}</tr>;
}

export function RowHeader({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <th scope="row" className={cx("px-3 py-2 font-medium", className)}>
      {children}
    </th>
  );
}

export function Cell({ children, className }: { children?: ReactNode; className?: string }) {
  return <td className={cx("px-3 py-2", className)}>{children ?? "—"}</td>;
}

/**
 * Ids, keys and hashes: monospace and breakable, in pieces of 14 characters at least, so a
 * table squeezed onto a phone scrolls sideways instead of breaking an id after every letter.
 */
export function Code({ children }: { children?: string | null }) {
  return children ? <code className="inline-block min-w-[14ch] font-mono text-xs break-all">{children}</code> : <>—</>;
}

/**
 * The filter bar above an admin list: a search landmark with its fields, "Filter" to apply
 * (a plain GET form, so the filters live in the URL) and "Clear" back to the unfiltered list.
 */
export function FilterForm({ label, clearHref, className, children }: { label: string; clearHref: string; className: string; children: ReactNode }) {
  return (
    <form role="search" aria-label={label} className={cx("mb-6 grid items-end gap-3", className)}>
      {children}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        <Link href={clearHref} className={buttonClass("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}

/**
 * A sortable column's header: a link to the list sorted by it (the other way round when it
 * is the current sort). The arrow is decoration; the link says what it does.
 */
export function SortLink({ label, href, active }: { label: string; href: string; active?: "asc" | "desc" }) {
  const next = active === "desc" ? "ascending" : active === "asc" ? "descending" : undefined;
  return (
    <Link href={href} className="relative inline-flex items-center gap-1 text-pine-800">
      {label}
      <span aria-hidden="true">{active === "asc" ? "▲" : active === "desc" ? "▼" : "↕"}</span>
      <span className="sr-only">{next ? `, sort ${next}` : ", sort by this column"}</span>
    </Link>
  );
}
