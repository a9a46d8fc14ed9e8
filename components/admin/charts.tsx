/**
 * Charts of the dashboard, rendered on the server (SVG, or HTML bars): no client JavaScript, no
 * layout shift (each is sized when the page is rendered), and accessible — the drawing is one image
 * with a summary as its name (role="img" + aria-label), and the numbers behind it are in a
 * table under "Show the data".
 */
import type { ReactNode } from "react";

export interface Series {
  name: string;
  /** A Tailwind fill class, e.g. "fill-pine-600". */
  fill: string;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function DataTable({ caption, head, rows }: { caption: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-pine-700">Show the data</summary>
      <div className="mt-2 max-h-72 overflow-auto">
        <table className="w-full text-left">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col" className="px-2 py-1 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="border-t border-birch-200">
                {r.map((c, j) =>
                  j === 0 ? (
                    <th key={j} scope="row" className="px-2 py-1 font-normal">
                      {c}
                    </th>
                  ) : (
                    <td key={j} className="px-2 py-1 tabular-nums">
                      {c}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Grouped bars per day (e.g. charged and refunded), with a y axis of formatted values. */
export function DailyBarChart({
  title,
  summary,
  days,
  series,
  values,
  format,
  dayLabel,
}: {
  title: string;
  summary: string;
  days: readonly string[];
  series: readonly Series[];
  /** values[dayIndex][seriesIndex] */
  values: readonly (readonly number[])[];
  format: (value: number) => string;
  dayLabel: (day: string) => string;
}) {
  // About the drawn size on a phone and in half a desktop row, so text stays ~11 px.
  const W = 360;
  const H = 200;
  const left = 74;
  const bottom = 24;
  const top = 8;
  const plotW = W - left - 8;
  const plotH = H - top - bottom;
  const max = niceMax(Math.max(0, ...values.flat()));
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const labelEvery = Math.max(1, Math.ceil(days.length / 5));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  return (
    <figure className="rounded-2xl border border-birch-200 bg-white p-4">
      <figcaption className="font-semibold text-pine-900">{title}</figcaption>
      <ul className="mt-1 flex gap-4 text-sm text-pine-700" aria-hidden="true">
        {series.map((s) => (
          <li key={s.name} className="flex items-center gap-1">
            <svg width="12" height="12" className={s.fill}>
              <rect width="12" height="12" rx="2" />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      <div className="mt-2 h-56">
        <svg viewBox={`0 0 ${W} ${H}`} className="h-full w-full" role="img" aria-label={summary}>
          {[0, 0.5, 1].map((f) => (
            <g key={f}>
              <line x1={left} x2={W - 8} y1={y(max * f)} y2={y(max * f)} className="stroke-birch-300" strokeWidth="1" />
              <text x={left - 6} y={y(max * f) + 4} textAnchor="end" className="fill-pine-700 text-[10px]">
                {format(Math.round(max * f))}
              </text>
            </g>
          ))}
          {days.map((day, i) => (
            <g key={day}>
              {series.map((s, j) => {
                const v = values[i]?.[j] ?? 0;
                return v > 0 ? <rect key={s.name} x={left + i * slot + slot * 0.1 + j * barW} y={y(v)} width={barW} height={top + plotH - y(v)} className={s.fill} /> : null;
              })}
              {i % labelEvery === 0 ? (
                <text x={left + i * slot + slot / 2} y={H - 6} textAnchor="middle" className="fill-pine-700 text-[11px]">
                  {dayLabel(day)}
                </text>
              ) : null}
            </g>
          ))}
        </svg>
      </div>
      <DataTable caption={title} head={["Day", ...series.map((s) => s.name)]} rows={days.map((d, i) => [dayLabel(d), ...series.map((_, j) => format(values[i]?.[j] ?? 0))])} />
    </figure>
  );
}

/**
 * Horizontal bars, one per category (e.g. failures by decline code), largest first. The rows
 * are HTML rather than SVG, so a long label wraps on a phone instead of being cut off and
 * the text keeps its size however wide the figure is.
 */
export function CategoryBarChart({ title, summary, rows, unit }: { title: string; summary: string; rows: readonly { label: string; value: number }[]; unit: string }) {
  const maxRows = 12;
  const shown = rows.slice(0, maxRows);
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className="rounded-2xl border border-birch-200 bg-white p-4">
      <figcaption className="font-semibold text-pine-900">{title}</figcaption>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-pine-600">Nothing in this period.</p>
      ) : (
        <div role="img" aria-label={summary} className="mt-2 space-y-1.5 text-xs text-pine-800">
          {shown.map((r) => (
            <div key={r.label} className="grid grid-cols-[minmax(6rem,35%)_1fr] items-center gap-2">
              <span className="text-right break-words">{r.label}</span>
              <span className="flex items-center gap-1.5">
                {/* The bar takes at most 85 % of its track, so the count beside it always fits. */}
                <span className="h-3.5 min-w-0.5 rounded-sm bg-ember-500" style={{ width: `${(85 * r.value) / max}%` }} />
                <span className="tabular-nums">{r.value}</span>
              </span>
            </div>
          ))}
        </div>
      )}
      <DataTable caption={title} head={["Reason", unit]} rows={rows.map((r) => [r.label, r.value])} />
    </figure>
  );
}
