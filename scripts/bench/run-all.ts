/**
 * `npm run bench [-- --only bench:cron,bench:emulator] [--out docs/benchmarks.md] [--cron-args="--n 1000 --rate-limit 20"]`
 *
 * Runs every benchmark of the repository one after the other (bench:web, bench:lighthouse,
 * bench:cron, bench:emulator, bench:admin — those that exist in package.json), passes their
 * output through as they run (each prints its own progress) and writes one Markdown report:
 * date, machine, commit, and per benchmark its figures (with the baseline each ratio is
 * measured against, in the same run), its goals met or not, and its tables.
 *
 * A benchmark that supports `--json <file>` (scripts/bench/README.md) is read from that
 * file; one that does not is reported by its output (the last lines), and bench:emulator's
 * "PI/s" lines are read as figures.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readReport, type BenchReport, type Figure } from "./report";

interface Bench {
  script: string;
  /** Takes `--json <file>`. */
  json: boolean;
  /** Extra arguments (after --). */
  args?: string[];
}

const BENCHES: Bench[] = [
  { script: "bench:web", json: true },
  { script: "bench:lighthouse", json: true },
  { script: "bench:cron", json: true },
  { script: "bench:emulator", json: false },
  { script: "bench:admin", json: false },
];

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    out: { type: "string", default: "docs/benchmarks.md" },
    /** Arguments for bench:cron (sizes, rate limit), e.g. a limit a busy machine can reach. */
    "cron-args": { type: "string" },
  },
});
const cron = BENCHES.find((b) => b.script === "bench:cron");
if (cron && args["cron-args"]) cron.args = args["cron-args"].split(/\s+/).filter(Boolean);

const root = process.cwd();
const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const only = args.only ? new Set(args.only.split(",").map((s) => s.trim())) : null;
if (only) for (const name of only) if (!BENCHES.some((b) => b.script === name)) throw new Error(`--only: unknown benchmark ${name} (known: ${BENCHES.map((b) => b.script).join(", ")})`);
const selected = BENCHES.filter((b) => (only ? only.has(b.script) : true));
const present = selected.filter((b) => scripts[b.script]);
const missing = selected.filter((b) => !scripts[b.script]).map((b) => b.script);

interface Outcome {
  bench: Bench;
  exitCode: number;
  seconds: number;
  report: BenchReport | null;
  tail: string[];
}

function git(...a: string[]): string {
  try {
    return execFileSync("git", a, { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
}

async function runOne(bench: Bench, index: number, total: number): Promise<Outcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyly-bench-"));
  const jsonFile = path.join(dir, "report.json");
  const extra = [...(bench.json ? ["--json", jsonFile] : []), ...(bench.args ?? [])];
  console.log(`\n=== [${index}/${total}] npm run ${bench.script}${extra.length ? ` -- ${extra.join(" ")}` : ""}`);
  const started = performance.now();
  const lines: string[] = [];
  let partial = "";
  const keep = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split(/\r?\n|\r/);
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 400) lines.shift();
    }
  };
  const child = spawn("npm", ["run", "--silent", bench.script, ...(extra.length ? ["--", ...extra] : [])], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d: Buffer) => {
    process.stdout.write(d);
    keep(d);
  });
  child.stderr.on("data", (d: Buffer) => {
    process.stderr.write(d);
    keep(d);
  });
  const exitCode = await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  if (partial) lines.push(partial);
  const seconds = (performance.now() - started) / 1000;
  let report: BenchReport | null = null;
  if (bench.json && fs.existsSync(jsonFile)) report = readReport(jsonFile);
  else if (bench.script === "bench:emulator") report = emulatorReport(lines);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`=== ${bench.script}: exit ${exitCode} after ${seconds.toFixed(0)} s`);
  return { bench, exitCode, seconds, report, tail: lines.filter((l) => l.trim() !== "").slice(-40) };
}

/** bench:emulator prints "<label> <n> PI/s wall, <m> PI per emulator CPU-second (...)" lines. */
function emulatorReport(lines: string[]): BenchReport | null {
  const figures: Figure[] = [];
  for (const line of lines) {
    const m = /^(.*?)\s+(\d+) PI\/s wall(?:,\s+(\d+) PI per emulator CPU-second)?/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const label = m[1].trim().replace(/\s+/g, " ");
    figures.push({ name: `${label}: PaymentIntents per second`, value: Number(m[2]), unit: "/s" });
    if (m[3]) figures.push({ name: `${label}: per emulator CPU-second`, value: Number(m[3]), unit: "" });
  }
  return figures.length ? { title: "bench:emulator", setup: "emulator in its own process; SDK and raw keep-alive HTTP", figures, goals: [] } : null;
}

const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });

function section(o: Outcome): string {
  const out: string[] = [`## ${o.bench.script}`, ""];
  out.push(`${o.report?.setup ? `${o.report.setup}. ` : ""}Exit ${o.exitCode}, ${o.seconds.toFixed(0)} s.`, "");
  if (o.report) {
    if (o.report.figures.length) {
      out.push("| figure | value | baseline (same run) | ratio |", "|---|---|---|---|");
      for (const f of o.report.figures) {
        const base = f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit} (${f.baseline.name})` : "—";
        const ratio = f.baseline && f.baseline.value ? `${fmt((f.value / f.baseline.value) * 100)} %` : "—";
        out.push(`| ${f.name} | ${fmt(f.value)} ${f.unit} | ${base} | ${ratio} |`);
      }
      out.push("");
    }
    if (o.report.goals.length) {
      out.push("| goal | measured | met |", "|---|---|---|");
      for (const g of o.report.goals) out.push(`| ${g.name} | ${g.value} | ${g.met ? "yes" : "**no**"} |`);
      out.push("");
    }
    if (o.report.details) out.push(o.report.details, "");
  }
  if (!o.report || o.exitCode !== 0) out.push("Output (last lines):", "", "```", ...o.tail, "```", "");
  return out.join("\n");
}

const started = new Date();
const commit = git("rev-parse", "--short", "HEAD");
const dirty = git("status", "--porcelain") ? " (with uncommitted changes)" : "";
const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? "CPU"}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} at start`;
console.log(`npm run bench — ${present.map((b) => b.script).join(", ")}${missing.length ? ` (not in package.json: ${missing.join(", ")})` : ""}`);
console.log(machine);

const outcomes: Outcome[] = [];
for (const [i, bench] of present.entries()) outcomes.push(await runOne(bench, i + 1, present.length));

const goals = outcomes.flatMap((o) => (o.report?.goals ?? []).map((g) => ({ bench: o.bench.script, ...g })));
const doc = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (scripts/bench/run-all.ts); each section by its benchmark, every ratio against a baseline measured in the same run. Figures depend on the machine and on what else runs on it (the load average at the start is below).",
  "",
  `- date: ${started.toISOString()} (UTC), ${((Date.now() - started.getTime()) / 60000).toFixed(0)} min`,
  `- machine: ${machine}`,
  `- commit: ${commit}${dirty}`,
  ...(missing.length ? [`- not run (no such script in package.json): ${missing.join(", ")}`] : []),
  "",
  "## Goals",
  "",
  ...(goals.length ? ["| benchmark | goal | measured | met |", "|---|---|---|---|", ...goals.map((g) => `| ${g.bench} | ${g.name} | ${g.value} | ${g.met ? "yes" : "**no**"} |`)] : ["No benchmark reported goals."]),
  "",
  ...outcomes.map(section),
].join("\n");
fs.mkdirSync(path.dirname(path.resolve(root, args.out)), { recursive: true });
fs.writeFileSync(path.resolve(root, args.out), doc);
console.log(`\nwrote ${args.out}`);
if (outcomes.some((o) => o.exitCode !== 0)) process.exitCode = 1;
