/**
 * What one benchmark hands to a report: a title, its figures as Markdown (a table and the
 * goals), each goal met or not, and the raw figures. `npm run bench:web` and
 * `npm run bench:lighthouse` return one from `run()` and print it as JSON with `--json`.
 */
export interface BenchSection {
  /** Short and stable: "web", "lighthouse". */
  id: string;
  title: string;
  markdown: string;
  goals: { goal: string; met: boolean; figure: string }[];
  data: unknown;
}
