/**
 * What one benchmark hands to a report: a title, its figures as Markdown (a table and the
 * goals), each goal met or not, and the raw figures. `npm run bench:web` and
 * `npm run bench:lighthouse` return one from `run()`; `emitSection` writes it as the common
 * report (`--json <file>`, scripts/bench/README.md) or prints it.
 */
import { jsonTarget, writeReport, type Figure } from "../bench/report";

export interface BenchSection {
  /** Short and stable: "web", "lighthouse". */
  id: string;
  title: string;
  /** One line on what was run. */
  setup: string;
  markdown: string;
  goals: { goal: string; met: boolean; figure: string }[];
  /** The headline figures, each with the baseline of its ratio when it has one. */
  figures: Figure[];
  data: unknown;
}

/** `--json <file>`: the common report for `npm run bench`; otherwise the Markdown on stdout. */
export function emitSection(script: string, section: BenchSection, argv: readonly string[] = process.argv): void {
  const file = jsonTarget(argv);
  if (file) {
    writeReport(file, {
      title: script,
      setup: section.setup,
      figures: section.figures,
      goals: section.goals.map((g) => ({ name: g.goal, value: g.figure, met: g.met })),
      details: section.markdown,
    });
  }
  console.log(`\n## ${section.title}\n\n${section.markdown}\n`);
}
