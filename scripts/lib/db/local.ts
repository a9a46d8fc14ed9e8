/**
 * "The database" for a command-line tool or the dev/start scripts: DATABASE_URL when set,
 * else the embedded PostgreSQL under <LOYLY_DATA_DIR>/postgres (started for the duration of
 * the command, or reused when `npm run dev` already runs it on EMBEDDED_POSTGRES_PORT).
 */
import path from "node:path";
import { getEnv, type Env } from "@/lib/env";
import { embeddedUrl, isPortFree, startEmbeddedPostgres } from "./embedded";

export interface LocalDatabase {
  url: string;
  kind: "external" | "embedded" | "embedded-running";
  /** True when this call created a brand-new embedded cluster. */
  created: boolean;
  /** Stops the embedded PostgreSQL if this call started it; no-op otherwise. */
  stop(): Promise<void>;
}

export async function openDatabase(
  env: Pick<Env, "DATABASE_URL" | "EMBEDDED_POSTGRES_PORT" | "DATA_DIR"> = getEnv(),
): Promise<LocalDatabase> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, kind: "external", created: false, stop: async () => {} };
  }
  const port = env.EMBEDDED_POSTGRES_PORT;
  if (!(await isPortFree(port))) {
    // Most likely `npm run dev` is running: use its PostgreSQL.
    return { url: embeddedUrl(port), kind: "embedded-running", created: false, stop: async () => {} };
  }
  const db = await startEmbeddedPostgres({ pgdata: path.join(env.DATA_DIR, "postgres"), port });
  return { url: db.url, kind: "embedded", created: db.created, stop: () => db.stop() };
}

/** Logs where a URL points without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
