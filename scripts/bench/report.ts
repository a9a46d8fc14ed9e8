/**
 * The common shape of every benchmark's machine-readable report (`--json <file>`), read by
 * `npm run bench` (scripts/bench/run-all.ts) to write docs/benchmarks.md. See
 * scripts/bench/README.md.
 */
import fs from "node:fs";
import path from "node:path";

export interface Figure {
  /** What was measured, in words ("charges per second, 10,000 bookings"). */
  name: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the figure is a ratio to it. */
  baseline?: { name: string; value: number; unit: string };
}

export interface Goal {
  /** The goal in words, with its target ("statements per charged booking ≤ 3"). */
  name: string;
  /** What was measured, as shown ("1.2"). */
  value: string;
  met: boolean;
}

export interface BenchReport {
  /** The npm script ("bench:cron"). */
  title: string;
  /** One line on what was run (sizes, concurrency, limits). */
  setup: string;
  figures: Figure[];
  goals: Goal[];
  /** Markdown tables or notes to include as they are. */
  details?: string;
}

/** The `--json <file>` value from argv, when given. */
export function jsonTarget(argv: readonly string[] = process.argv): string | null {
  const i = argv.indexOf("--json");
  if (i < 0) return null;
  const file = argv[i + 1];
  if (!file || file.startsWith("--")) throw new Error("--json needs a file name");
  return file;
}

export function writeReport(file: string, report: BenchReport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
}

/** Reads and checks a report written by a benchmark. */
export function readReport(file: string): BenchReport {
  const data: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!isReport(data)) throw new Error(`${file} is not a benchmark report ({ title, setup, figures, goals })`);
  return data;
}

function isReport(x: unknown): x is BenchReport {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.title === "string" &&
    typeof r.setup === "string" &&
    Array.isArray(r.figures) &&
    r.figures.every((f: unknown) => typeof f === "object" && f !== null && typeof (f as Figure).name === "string" && typeof (f as Figure).value === "number") &&
    Array.isArray(r.goals) &&
    r.goals.every((g: unknown) => typeof g === "object" && g !== null && typeof (g as Goal).name === "string" && typeof (g as Goal).met === "boolean")
  );
}
