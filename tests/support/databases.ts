/** Fresh, migrated databases inside the integration cluster, for tests that need an empty one. */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { applyMigrations, poolConfigFromUrl } from "@/scripts/lib/db/migrate";

async function admin(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ ...poolConfigFromUrl(baseUrl), database: "postgres" });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createMigratedDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `it_${randomUUID().replaceAll("-", "")}`;
  await admin(baseUrl, `CREATE DATABASE "${name}"`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await applyMigrations(url);
  return { url, drop: () => admin(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
