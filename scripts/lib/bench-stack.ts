/**
 * The production stack a web benchmark measures, started by the benchmark itself: the
 * production build (scripts/lib/build.ts, unless `--no-build`), then `scripts/start.ts --fresh` on a throwaway data dir —
 * its own embedded PostgreSQL, migrated and seeded with the demo data, its own Stripe
 * emulator, the scheduler off. Ports come from the environment so a benchmark runs beside
 * a development stack (and beside the e2e tests):
 *
 * | variable | default |
 * | --- | --- |
 * | `BENCH_PORT` | 3900 |
 * | `BENCH_POSTGRES_PORT` | 55900 |
 * | `BENCH_STRIPE_EMULATOR_PORT` | 12900 |
 * | `BENCH_DATA_DIR` | `<tmp>/loyly-bench-<port>` |
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { buildProduction } from "./build";
import { requestStatus } from "./http";

export interface BenchStack {
  url: string;
  port: number;
  /** The embedded PostgreSQL of the stack (demo data seeded). */
  databaseUrl: string;
  emulatorUrl: string;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  /** Run `next build` first (default); false reuses the build in .next. */
  build?: boolean;
  /** Progress lines (to stderr by default, so `--json` output stays clean). */
  log?: (line: string) => void;
}

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a port number (1–65535), got ${JSON.stringify(raw)}`);
  return port;
}

const require = createRequire(import.meta.url);

export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const port = portFrom("BENCH_PORT", 3900);
  const postgresPort = portFrom("BENCH_POSTGRES_PORT", 55900);
  const emulatorPort = portFrom("BENCH_STRIPE_EMULATOR_PORT", 12900);
  const dataDir = process.env.BENCH_DATA_DIR || path.join(os.tmpdir(), `loyly-bench-${port}`);
  const url = `http://localhost:${port}`;
  const emulatorUrl = `http://localhost:${emulatorPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: url,
    NEXTAUTH_URL: url,
    DATABASE_URL: "",
    EMBEDDED_POSTGRES_PORT: String(postgresPort),
    STRIPE_SECRET_KEY: "",
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "",
    STRIPE_EMULATOR_PORT: String(emulatorPort),
    STRIPE_EMULATOR_URL: emulatorUrl,
    STRIPE_WEBHOOK_SECRET: "whsec_bench_0123456789abcdef",
    CRON_SECRET: "bench-cron-secret-0123456789",
    NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789abcdef",
    SMTP_URL: "",
    SCHEDULER_ENABLED: "0",
    TEST_CLOCK_ENABLED: "0",
    LOYLY_DATA_DIR: dataDir,
    UPLOAD_DIR: path.join(dataDir, "uploads"),
  };

  if (options.build !== false) {
    log("bench: next build …");
    const started = performance.now();
    await buildProduction({ env, output: "stderr", log });
    log(`bench: built in ${Math.round((performance.now() - started) / 1000)} s`);
  }

  log(`bench: starting the production stack on ${url} (PostgreSQL :${postgresPort}, emulator :${emulatorPort}, data ${dataDir}) …`);
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/start.ts", "--fresh"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const stop = () => stopChild(child);
  try {
    await waitFor(url, child);
  } catch (error) {
    await stop();
    throw new Error(`the bench stack did not start: ${(error as Error).message}\n${output.join("").slice(-4000)}`);
  }
  log("bench: stack ready");
  return { url, port, databaseUrl: `postgresql://postgres:postgres@localhost:${postgresPort}/loyly`, emulatorUrl, stop };
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`scripts/start.ts exited (${child.signalCode ?? child.exitCode})`);
    try {
      if ((await requestStatus(`${url}/api/health`, { timeoutMs: 30_000 })) === 200 && (await requestStatus(`${url}/`, { timeoutMs: 120_000 })) === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within 10 minutes`);
}

/** SIGTERM (start.ts stops Next.js, the emulator and PostgreSQL), SIGKILL after 30 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
