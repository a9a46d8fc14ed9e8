/**
 * `npm run db:reset` drops only a database Löyly's embedded PostgreSQL created (it marks it);
 * any other — something else answering on the port, a DATABASE_URL — needs `--force`.
 */
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { isProjectDatabase, markProjectDatabase } from "@/scripts/lib/db/marker";
import { poolConfigFromUrl, resetDatabase } from "@/scripts/lib/db/migrate";
import { createMigratedDatabase } from "../support/databases";
import { commandEnv, runCommand } from "../support/processes";

const baseUrl = inject("databaseUrl");
const dropAfter: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const drop of dropAfter.splice(0)) await drop();
});

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(poolConfigFromUrl(url));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A migrated database with one row of ours in a table of ours, not marked as the project's. */
async function foreignDatabase(): Promise<string> {
  const db = await createMigratedDatabase(baseUrl);
  dropAfter.push(db.drop);
  await withClient(db.url, (c) => c.query("CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (1)"));
  return db.url;
}

const rowsKept = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ table: string | null }>("SELECT to_regclass('public.keep_me')::text AS table");
    return rows[0]?.table === "keep_me";
  });

describe("resetDatabase", () => {
  it("the embedded PostgreSQL marks the database it creates", async () => {
    expect(await withClient(baseUrl, isProjectDatabase)).toBe(true);
  });

  it("refuses a database Löyly did not create, and leaves it untouched", async () => {
    const url = await foreignDatabase();
    expect(await withClient(url, isProjectDatabase)).toBe(false);
    await expect(resetDatabase(url)).rejects.toThrow(/Refusing to reset database "it_[0-9a-f]+".*--force/s);
    expect(await rowsKept(url)).toBe(true);
  });

  it("drops it when forced", async () => {
    const url = await foreignDatabase();
    await resetDatabase(url, { force: true });
    expect(await rowsKept(url)).toBe(false);
  });

  it("drops a marked database without being forced", async () => {
    const url = await foreignDatabase();
    await withClient(url, (c) => markProjectDatabase(c, c.database ?? "", "test"));
    await resetDatabase(url);
    expect(await rowsKept(url)).toBe(false);
  });
});

describe("npm run db:reset", () => {
  const run = async (url: string, args: string[]) => {
    const command = runCommand(
      "npm",
      ["run", "db:reset", "--", "--no-seed", ...args],
      commandEnv({ DATABASE_URL: url, LOYLY_DATA_DIR: path.join(inject("dataDir"), "db-reset-cli") }),
    );
    const code = await command.exited;
    return { code, output: command.output() };
  };

  it("refuses a foreign database (exit 1, says how to force), then resets it with --force", async () => {
    const url = await foreignDatabase();

    const refused = await run(url, []);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/Refusing to reset/);
    expect(refused.output).toMatch(/npm run db:reset -- --force/);
    expect(await rowsKept(url)).toBe(true);

    const forced = await run(url, ["--force"]);
    expect(forced.code, forced.output).toBe(0);
    expect(forced.output).toMatch(/reset; applied: \d+_init/);
    expect(await rowsKept(url)).toBe(false);
  }, 120_000);

  it("refuses an unknown option instead of ignoring it", async () => {
    const url = await foreignDatabase();
    const typo = await run(url, ["--froce"]);
    expect(typo.code, typo.output).toBe(1);
    expect(typo.output).toMatch(/unknown option --froce/);
    expect(await rowsKept(url)).toBe(true);
  }, 60_000);
});
