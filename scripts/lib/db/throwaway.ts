/**
 * A migrated database that exists for one benchmark run: a fresh database inside
 * DATABASE_URL's server when it is set, else an ephemeral embedded PostgreSQL in a temporary
 * folder. `stop()` drops or removes it.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";

export interface ThrowawayDatabase {
  url: string;
  stop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `prefix` names the database (or temporary folder) so a left-over one says whose it was. */
export async function startThrowawayDatabase(prefix: string, options: { port?: number } = {}): Promise<ThrowawayDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
    await onServer(serverUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await applyMigrations(url.toString());
    return { url: url.toString(), stop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `loyly-${prefix}-`));
  const db = await startEmbeddedPostgres({ pgdata: path.join(dir, "pg"), port: options.port ?? (await freePort()), ephemeral: true, onLog: () => {} });
  await applyMigrations(db.url);
  return {
    url: db.url,
    async stop() {
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
