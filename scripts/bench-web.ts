/**
 * `npm run bench:web`: how fast the public pages are served by a production build, next to
 * a static file from the same server. autocannon, 50 connections (`--connections`), a warm-up
 * then `--duration` seconds per route (default 10), one route at a time:
 *
 *   /icon.svg (static baseline), /api/health (one database query), /, /search?city=Helsinki,
 *   /saunas/<the first demo listing>
 *
 * For each: requests/s, p50/p95/p99 latency, non-2xx answers, Cache-Control, and a page's
 * requests/s as a share of the static file's in the same run. Goals: each page ≥ 50 % of
 * the static file and p99 < 200 ms.
 *
 * Starts its own stack (scripts/lib/bench-stack.ts: `next build`, embedded PostgreSQL,
 * emulator; ports from BENCH_PORT, BENCH_POSTGRES_PORT, BENCH_STRIPE_EMULATOR_PORT);
 * `--url http://…` measures a running server instead, `--no-build` reuses .next.
 * Progress goes to stderr; `--json <file>` writes the common report for `npm run bench`.
 * Programmatic: `import { run } from "./bench-web"` → `run(): Promise<BenchSection>`.
 */
import autocannon from "autocannon";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { startBenchStack } from "./lib/bench-stack";
import { emitSection, type BenchSection } from "./lib/bench-section";

export interface RouteFigures {
  label: string;
  path: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  cacheControl: string | null;
  /** requests/s as a share of the static file's (1 = as fast). */
  shareOfStatic: number | null;
}

export interface WebBenchOptions {
  url?: string;
  build?: boolean;
  connections?: number;
  durationSeconds?: number;
  warmupSeconds?: number;
  log?: (line: string) => void;
}

const PAGE_SHARE_GOAL = 0.5;
const PAGE_P99_GOAL_MS = 200;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function measure(url: string, connections: number, duration: number): Promise<Omit<RouteFigures, "label" | "path" | "cacheControl" | "shareOfStatic">> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // Asking for HTML as a browser loading the page does (the public page cache answers only those).
    const instance = autocannon({ url, connections, duration, timeout: 10, headers: { accept: "text/html" } }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const ms = (p: number) => Math.round(percentile(latencies, p) * 10) / 10;
  return {
    requestsPerSecond: result.requests.total / duration,
    p50: ms(50),
    p95: ms(95),
    p99: ms(99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function firstListingPath(base: string): Promise<string> {
  const html = await (await fetch(`${base}/search`)).text();
  const slug = /href="\/saunas\/([a-z0-9-]+)"/.exec(html)?.[1];
  if (!slug) throw new Error(`no /saunas/<slug> link on ${base}/search: is the demo data seeded?`);
  return `/saunas/${slug}`;
}

export async function measureWeb(options: WebBenchOptions = {}): Promise<{ routes: RouteFigures[]; connections: number; durationSeconds: number; url: string }> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const connections = options.connections ?? 50;
  const duration = options.durationSeconds ?? 10;
  const warmup = options.warmupSeconds ?? 3;
  const stack = options.url ? null : await startBenchStack({ build: options.build, log });
  const base = options.url ?? stack!.url;
  try {
    const routes: { label: string; path: string }[] = [
      { label: "static file", path: "/icon.svg" },
      { label: "health (one query)", path: "/api/health" },
      { label: "home", path: "/" },
      { label: "search", path: "/search?city=Helsinki" },
      { label: "listing", path: await firstListingPath(base) },
    ];
    const figures: RouteFigures[] = [];
    for (const [i, route] of routes.entries()) {
      // As a browser loads the page (the Cache-Control reported is the one it gets).
      const response = await fetch(base + route.path, { headers: { accept: "text/html" } });
      if (!response.ok) throw new Error(`${route.path} answered ${response.status}`);
      await response.arrayBuffer();
      log(`bench:web [${i + 1}/${routes.length}] ${route.path}: warm-up ${warmup} s, then ${duration} s at ${connections} connections …`);
      await measure(base + route.path, connections, warmup);
      const m = await measure(base + route.path, connections, duration);
      figures.push({ label: route.label, path: route.path, ...m, cacheControl: response.headers.get("cache-control"), shareOfStatic: null });
      log(`bench:web   ${Math.round(m.requestsPerSecond)} req/s, p50 ${m.p50} ms, p95 ${m.p95} ms, p99 ${m.p99} ms${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ""}`);
    }
    const staticRps = figures[0]!.requestsPerSecond;
    for (const f of figures) f.shareOfStatic = staticRps > 0 ? f.requestsPerSecond / staticRps : null;
    return { routes: figures, connections, durationSeconds: duration, url: base };
  } finally {
    await stack?.stop();
  }
}

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)} %`);

export function webSection(measured: Awaited<ReturnType<typeof measureWeb>>): BenchSection {
  const pages = measured.routes.filter((r) => ["home", "search", "listing"].includes(r.label));
  const goals = pages.map((p) => ({
    goal: `${p.label}: ≥ ${PAGE_SHARE_GOAL * 100} % of the static file's req/s and p99 < ${PAGE_P99_GOAL_MS} ms`,
    met: (p.shareOfStatic ?? 0) >= PAGE_SHARE_GOAL && p.p99 < PAGE_P99_GOAL_MS,
    figure: `${pct(p.shareOfStatic)}, p99 ${p.p99} ms`,
  }));
  const rows = measured.routes.map(
    (r) =>
      `| ${r.label} | \`${r.path}\` | ${Math.round(r.requestsPerSecond)} | ${pct(r.shareOfStatic)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.non2xx + r.errors} | \`${r.cacheControl ?? "—"}\` |`,
  );
  const markdown = [
    `autocannon, ${measured.connections} connections, ${measured.durationSeconds} s per route after a warm-up, against a production build (\`npm run bench:web\`), ${os.cpus().length} CPUs.`,
    "",
    "| route | path | req/s | share of static | p50 ms | p95 ms | p99 ms | failed | Cache-Control |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...goals.map((g) => `- ${g.met ? "met" : "NOT met"}: ${g.goal} (${g.figure})`),
  ].join("\n");
  const staticRoute = measured.routes[0];
  return {
    id: "web",
    title: "Public pages under load (bench:web)",
    setup: `autocannon, ${measured.connections} connections, ${measured.durationSeconds} s per route, production build, ${os.cpus().length} CPUs`,
    markdown,
    goals,
    figures: measured.routes.flatMap((r) => [
      {
        name: `${r.label}: requests per second`,
        value: Math.round(r.requestsPerSecond),
        unit: "/s",
        ...(staticRoute && r !== staticRoute ? { baseline: { name: "static file", value: Math.round(staticRoute.requestsPerSecond), unit: "/s" } } : {}),
      },
      { name: `${r.label}: p99`, value: r.p99, unit: "ms" },
    ]),
    data: measured,
  };
}

export async function run(options: WebBenchOptions = {}): Promise<BenchSection> {
  return webSection(await measureWeb(options));
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const number = (name: string) => {
    const raw = argValue(args, name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const section = await run({
    url: argValue(args, "--url"),
    build: !args.includes("--no-build"),
    connections: number("--connections"),
    durationSeconds: number("--duration"),
  });
  emitSection("bench:web", section);
  process.exit(0);
}
