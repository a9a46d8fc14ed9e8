/**
 * The whole local stack behind `npm run dev` and `npm start`:
 * PostgreSQL (embedded unless DATABASE_URL) → migrations → Stripe emulator (unless
 * STRIPE_SECRET_KEY) → seed when empty → Next.js → scheduler. Ctrl+C (or SIGTERM)
 * stops everything in reverse order; data stays under LOYLY_DATA_DIR for the next start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { applyMigrations } from "./db/migrate";
import { redactUrl } from "./db/local";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./db/embedded";
import { EnvError, loadEnv, type Env } from "@/lib/env";
import { EmulatorControl } from "@/emulator/client";
import { createStripe } from "@/lib/stripe/client";
import { DEMO_PASSWORD, DEMO_USERS, seedDatabaseAt, type DemoStripe } from "../../prisma/seed/index";
import { startScheduler, type Scheduler } from "../scheduler";
import { loadDotenv } from "./dotenv";
import { requestStatus } from "./http";
import { resolveSecrets } from "./secrets";
import { buildProduction } from "./build";

export type StackMode = "dev" | "start";

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

const say = (line: string) => console.log(`[loyly] ${line}`);

export interface StackOptions {
  /** Start from nothing: delete LOYLY_DATA_DIR first (refused for the default `.data`). */
  fresh?: boolean;
}

export async function runStack(mode: StackMode, options: StackOptions = {}): Promise<void> {
  const startedAt = performance.now();
  const stoppables: Stoppable[] = [];
  let shuttingDown = false;

  const shutdown = async (reason: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`stopping (${reason})…`);
    for (const s of stoppables.reverse()) {
      try {
        await s.stop();
      } catch (error) {
        console.error(`[loyly] stopping ${s.name} failed:`, error);
      }
    }
    say("stopped");
    process.exit(code);
  };

  const envFiles = loadDotenv(mode === "dev" ? "development" : "production");
  if (envFiles.length) say(`environment from ${envFiles.join(", ")}`);
  let env: Env;
  try {
    env = loadEnv({ ...process.env, NODE_ENV: mode === "dev" ? "development" : "production" }, { building: true });
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (options.fresh) {
    if (env.DATA_DIR === path.resolve(".data")) {
      console.error("[loyly] --fresh refuses to delete the default .data; set LOYLY_DATA_DIR to a throwaway dir");
      process.exit(1);
    }
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    say(`fresh start: removed ${rel(env.DATA_DIR)}`);
  }
  fs.mkdirSync(env.DATA_DIR, { recursive: true });

  try {
    // 1. PostgreSQL.
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const t = performance.now();
      const db: EmbeddedDatabase = await startEmbeddedPostgres({
        pgdata: path.join(env.DATA_DIR, "postgres"),
        port: env.EMBEDDED_POSTGRES_PORT,
      });
      stoppables.push({ name: "PostgreSQL", stop: () => db.stop() });
      databaseUrl = db.url;
      say(`embedded PostgreSQL ${db.created ? "created" : "started"} on port ${db.port} (${ms(t)}, data in ${rel(db.pgdata)})`);
    } else {
      say(`database: ${redactUrl(databaseUrl)}`);
    }
    installSignalHandlers(shutdown);

    // 2. Migrations.
    let t = performance.now();
    const { applied } = await applyMigrations(databaseUrl);
    say(applied.length ? `migrations applied: ${applied.join(", ")} (${ms(t)})` : `database schema up to date (${ms(t)})`);

    // 3. Secrets and the Stripe emulator (before the demo data: its bookings are paid there).
    const secrets = resolveSecrets(process.env, env.DATA_DIR);
    let demoStripe: DemoStripe | undefined;
    if (env.STRIPE_MODE === "emulator") {
      const emulator = await startStripeEmulator(env, secrets.STRIPE_WEBHOOK_SECRET);
      if (emulator) {
        stoppables.push(emulator);
        demoStripe = {
          stripe: createStripe(env, { maxNetworkRetries: 1 }),
          control: new EmulatorControl(env.STRIPE_EMULATOR_URL, env.STRIPE_SECRET_KEY),
        };
      }
    } else {
      say("Stripe: using STRIPE_SECRET_KEY (real Stripe); webhooks need `stripe listen --forward-to " +
        `${env.APP_URL}/api/stripe/webhook\`; demo data without bookings`);
    }

    // 4. Demo data into an empty database: users, saunas and (with the emulator) bookings.
    t = performance.now();
    const seed = await seedDatabaseAt(databaseUrl, { stripe: demoStripe });
    if (seed.seeded) say(`seeded demo data: ${seed.summary} (${ms(t)})`);

    // 5. Next.js.
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: mode === "dev" ? "development" : "production",
      PORT: String(env.PORT),
      APP_URL: env.APP_URL,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? env.APP_URL,
      DATABASE_URL: databaseUrl,
      LOYLY_DATA_DIR: env.DATA_DIR,
      STRIPE_EMULATOR_URL: env.STRIPE_EMULATOR_URL,
      ...secrets,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    if (mode === "start" && !fs.existsSync(path.resolve(".next/BUILD_ID"))) {
      say("no production build yet: building it (once)…");
      t = performance.now();
      await buildProduction({ env: childEnv, log: say });
      say(`built (${ms(t)})`);
    }
    const next = spawn(process.execPath, [NEXT_BIN, mode, "--port", String(env.PORT)], {
      env: childEnv,
      stdio: "inherit",
    });
    stoppables.push({ name: "Next.js", stop: () => stopChild(next) });
    next.once("exit", (code, signal) => {
      if (!shuttingDown) void shutdown(`Next.js exited (${signal ?? code})`, code ?? 1);
    });

    // 6. Ready: first page served.
    await waitForFirstPage(env.APP_URL, next);
    const readyIn = ((performance.now() - startedAt) / 1000).toFixed(1);

    // 7. Scheduler.
    let scheduler: Scheduler | undefined;
    if (env.SCHEDULER_ENABLED) {
      scheduler = startScheduler({ appUrl: env.APP_URL, cronSecret: secrets.CRON_SECRET, log: say });
      stoppables.push({ name: "scheduler", stop: async () => scheduler?.stop() });
    }

    printBanner(env, readyIn, Boolean(scheduler));
  } catch (error) {
    console.error("[loyly] start failed:", error instanceof Error ? error.message : error);
    if (error instanceof Error && error.cause) console.error("  cause:", error.cause);
    await shutdown("start failed", 1);
  }
}

function installSignalHandlers(shutdown: (reason: string) => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // embedded-postgres registers exit hooks that stop PostgreSQL and exit at once on
    // SIGINT/SIGTERM; we stop everything in order ourselves instead, so drop them. Only
    // the listeners `process.listeners` reports: tsx keeps its own handler out of that list,
    // and it must stay — it tells the tsx parent process that we received the signal its
    // parent relayed, or the parent SIGKILLs us 30 ms later and leaves PostgreSQL and
    // Next.js running.
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void shutdown(signal));
  }
}

async function startStripeEmulator(env: Env, webhookSecret: string): Promise<Stoppable | null> {
  type EmulatorModule = {
    startEmulator(options: {
      port?: number;
      host?: string;
      dataDir?: string | null;
      publicUrl?: string;
      webhooks?: { url: string; secret: string }[];
      quiet?: boolean;
    }): Promise<{ url: string; close(): Promise<void> }>;
  };
  let mod: EmulatorModule;
  try {
    mod = (await import("../../emulator/server/index")) as EmulatorModule;
  } catch (error) {
    say(
      `Stripe emulator unavailable (emulator/server/index.ts: ${error instanceof Error ? error.message : error}); ` +
        "payments will not work. Set STRIPE_SECRET_KEY to use Stripe test mode instead.",
    );
    return null;
  }
  const t = performance.now();
  const emulator = await mod.startEmulator({
    port: env.STRIPE_EMULATOR_PORT,
    host: "127.0.0.1",
    dataDir: path.join(env.DATA_DIR, "stripe-emulator"),
    publicUrl: env.STRIPE_EMULATOR_URL,
    webhooks: [{ url: `${env.APP_URL}/api/stripe/webhook`, secret: webhookSecret }],
    quiet: true,
  });
  say(`Stripe emulator on ${env.STRIPE_EMULATOR_URL} (${ms(t)}), webhooks → ${env.APP_URL}/api/stripe/webhook`);
  return { name: "Stripe emulator", stop: () => emulator.close() };
}

async function waitForFirstPage(appUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error("Next.js exited before serving a page");
    try {
      if ((await requestStatus(appUrl + "/", { timeoutMs: 120_000 })) === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${appUrl}/ did not answer 200 within 10 minutes`);
}

function printBanner(env: Env, readyIn: string, scheduler: boolean): void {
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  const lines = [
    "",
    `  Löyly is ready in ${readyIn} s → ${env.APP_URL}`,
    "",
    `  Demo logins (password: ${DEMO_PASSWORD})`,
    ...DEMO_USERS.map((u) => `    ${u.role.padEnd(9)} ${u.email.padEnd(width)}  ${u.name}`),
    "",
    `  Stripe: ${env.STRIPE_MODE === "emulator" ? `emulator at ${env.STRIPE_EMULATOR_URL} — test card 4242 4242 4242 4242` : "Stripe API (STRIPE_SECRET_KEY)"}`,
    `  Email:  ${env.SMTP_URL ? "SMTP_URL" : "outbox only (operators read it in the admin area)"}`,
    `  Cron:   ${scheduler ? "in-process scheduler, every minute" : "scheduler disabled (SCHEDULER_ENABLED=0)"}`,
    "  Ctrl+C stops everything; data stays in " + rel(env.DATA_DIR),
    "",
  ];
  console.log(lines.join("\n"));
}

/** SIGTERM, then SIGKILL after 8 s. Resolves when the child is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 8_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

const sleep = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));
const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;
const rel = (p: string) => path.relative(process.cwd(), p) || ".";
