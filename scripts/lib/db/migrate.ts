/**
 * Offline migrations: Prisma's schema engine compiled to WebAssembly
 * (`@prisma/schema-engine-wasm`), talking to PostgreSQL through the pg driver adapter.
 * The Prisma CLI would download a native engine, which these machines cannot fetch.
 *
 * The migrations are ordinary Prisma migrations (prisma/migrations/<name>/migration.sql,
 * migration_lock.toml) and the engine records them in the usual `_prisma_migrations`
 * table, so `prisma migrate deploy` accepts the same folder and database.
 *
 * Development tooling, Node-only: used by scripts/migrate.ts, the dev/start stack, the
 * benchmarks and the integration test harness; never by the app (lib/, app/).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQueryable,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type {
  MigrationDirectory,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm";
import pg from "pg";
import { isProjectDatabase } from "./marker";

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
const LOCKFILE = "migration_lock.toml";
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let gluePromise: Promise<Glue> | undefined;

/** Instantiates the engine's WebAssembly module once per process (wasm-bindgen glue by hand). */
function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    installPanicRegistry();
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue: Glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await fs.readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(glue as unknown as WebAssembly.ModuleImports),
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

/**
 * The engine leaves timers behind (pool timeouts) that would keep a command-line process
 * alive for ~10 s after its work is done: let them not hold the event loop.
 */
function withUnrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const patched: WebAssembly.ModuleImports = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof value === "function") {
      const setTimer = value as (...args: unknown[]) => unknown;
      patched[name] = (...args: unknown[]) => {
        const timer = setTimer(...args);
        (timer as Partial<NodeJS.Timeout> | null)?.unref?.();
        return timer;
      };
    }
  }
  return patched;
}

/** The engine reports a Rust panic's message here before trapping (as the Prisma CLI does). */
const panicRegistry = {
  message: "",
  get(): string {
    return this.message;
  },
  set_message(message: string): void {
    this.message = message;
  },
};

function installPanicRegistry(): void {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY =
    panicRegistry;
}

/**
 * pg pool config from a URL, as separate fields: PrismaPg's shadow database overrides
 * `database`, which a `connectionString` would silently win over.
 */
export function poolConfigFromUrl(url: string): pg.PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
    max: 4,
  };
}

export interface EngineHandle {
  engine: SchemaEngine;
  schemaFiles: { path: string; content: string }[];
}

/** Runs `fn` with a schema engine connected to `databaseUrl`, freeing it afterwards. */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  fn: (handle: EngineHandle) => Promise<T>,
  options: { schemaPath?: string; log?: (line: string) => void } = {},
): Promise<T> {
  const glue = await loadGlue();
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const content = await fs.readFile(schemaPath, "utf8");
  const log = options.log ?? (() => {});
  const factory = new EngineAdapterFactory(poolConfigFromUrl(databaseUrl), log);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: [[schemaPath, content]] },
      (line: string) => log(line),
      adapter,
    );
  } catch (error) {
    throw new MigrationError(`Could not start the schema engine: ${describe(error)}`, { cause: error });
  }
  try {
    return await fn({ engine, schemaFiles: [{ path: schemaPath, content }] });
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(describe(error), { cause: error });
  } finally {
    engine.free();
    await factory.disposeAll();
  }
}

/**
 * The pg adapter factory for the engine, remembering every pool it opens so all are closed
 * afterwards. It makes the shadow database itself: PrismaPg's own drops the database
 * before closing its pool, which PostgreSQL refuses ("being accessed by other users").
 */
class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  private readonly opened: SqlDriverAdapter[] = [];

  constructor(
    private readonly config: pg.PoolConfig,
    private readonly log: (line: string) => void,
  ) {}

  private readonly pools: pg.Pool[] = [];

  private factory(config: pg.PoolConfig): PrismaPg {
    const pool = new pg.Pool(config);
    pool.on("error", (error) => this.log(`pool error: ${error.message}`));
    pool.on("connect", patchCatalogTypes);
    this.pools.push(pool);
    return new PrismaPg(pool, {
      onConnectionError: (error) => this.log(`connection error: ${error.message}`),
    });
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = withCharColumnsEverywhere(await this.factory(this.config).connect());
    this.opened.push(adapter);
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.admin(`CREATE DATABASE "${database}"`);
    const adapter = withCharColumnsEverywhere(
      await this.factory({ ...this.config, database }).connect(),
    );
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      // FORCE: the pool's idle connections are closed with it.
      await this.admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    };
    this.opened.push(adapter);
    return adapter;
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client(this.config);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async disposeAll(): Promise<void> {
    for (const adapter of this.opened.splice(0).reverse()) {
      await adapter.dispose().catch((error: unknown) => this.log(`dispose: ${describe(error)}`));
    }
    for (const pool of this.pools.splice(0)) {
      await pool.end().catch((error: unknown) => this.log(`pool end: ${describe(error)}`));
    }
  }
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
/** Result rows (the adapter passes pg's array through) → indices of `"char"` columns. */
const charColumns = new WeakMap<object, number[]>();

/**
 * The engine describes a database by reading pg_catalog, whose `"char"` columns
 * (pg_constraint.contype, pg_class.relkind, …) @prisma/adapter-pg refuses to map
 * ("Column type 'char' could not be deserialized"), while the engine reads them as
 * ColumnType Character. Two halves: the pg client reports them as text so the adapter
 * accepts them (remembering which columns they were), and `withCharColumns` tells the
 * engine they are Character. Only the engine's own connections get this.
 */
function patchCatalogTypes(client: pg.PoolClient): void {
  type Query = (...args: unknown[]) => unknown;
  const original = client.query.bind(client) as unknown as Query;
  const fix = (value: unknown): unknown => {
    const result = value as Partial<pg.QueryResult> | null;
    const indices: number[] = [];
    result?.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indices.push(index);
      }
    });
    if (indices.length > 0 && result?.rows) charColumns.set(result.rows, indices);
    return value;
  };
  const patched: Query = (...args) => {
    // pg.Pool#query calls client.query(text, values, callback): patch the callback too.
    const last = args.at(-1);
    if (typeof last === "function") {
      const callback = last as (error: unknown, value: unknown) => void;
      args[args.length - 1] = (error: unknown, value: unknown) => callback(error, fix(value));
    }
    const result = original(...args);
    return result instanceof Promise ? result.then(fix) : result;
  };
  (client as unknown as { query: Query }).query = patched;
}

function withCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? []) {
      result.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return result;
  };
  return queryable;
}

/**
 * A migration runs as one script, as psql or Prisma's own engine would run it. PrismaPg splits
 * a script at every `;`, which cuts a function's dollar-quoted body (a trigger's) apart.
 * PostgreSQL's simple protocol takes the whole script and runs its statements in order.
 */
function withWholeScripts(adapter: SqlDriverAdapter): void {
  const internals = adapter as unknown as { client?: { query(sql: string): Promise<unknown> }; onError?: (error: unknown) => never };
  const client = internals.client;
  if (typeof client?.query !== "function" || typeof internals.onError !== "function") throw new Error("@prisma/adapter-pg changed: its client or onError is gone");
  const onError = internals.onError.bind(adapter);
  adapter.executeScript = async (script) => {
    try {
      await client.query(script);
    } catch (error) {
      onError(error);
    }
  };
}

function withCharColumnsEverywhere(adapter: SqlDriverAdapter): SqlDriverAdapter {
  withCharColumns(adapter);
  withWholeScripts(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    withCharColumns(await startTransaction(isolationLevel));
  return adapter;
}

/** Reads prisma/migrations the way the Prisma CLI does. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationList> {
  let entries: string[] = [];
  try {
    entries = (await fs.readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const migrationDirectories: MigrationDirectory[] = [];
  for (const name of entries) {
    const file = path.join(dir, name, "migration.sql");
    let content: { tag: "ok"; value: string } | { tag: "error"; value: string };
    try {
      content = { tag: "ok", value: await fs.readFile(file, "utf8") };
    } catch (error) {
      content = { tag: "error", value: describe(error) };
    }
    migrationDirectories.push({ path: name, migrationFile: { path: "migration.sql", content } });
  }
  let lockContent: string | null = null;
  try {
    lockContent = await fs.readFile(path.join(dir, LOCKFILE), "utf8");
  } catch {
    lockContent = null;
  }
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export interface ApplyResult {
  applied: string[];
}

/** Applies every migration not yet recorded in `_prisma_migrations` (like `migrate deploy`). */
export async function applyMigrations(
  databaseUrl: string,
  options: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<ApplyResult> {
  const migrationsList = await readMigrations(options.migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError(`No migrations in ${migrationsList.baseDir}`);
  }
  return withSchemaEngine(
    databaseUrl,
    async ({ engine }) => {
      const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      return { applied: result.appliedMigrationNames };
    },
    options,
  );
}

/**
 * The SQL that takes a database with every migration applied to schema.prisma (empty when
 * they agree). The engine replays the migrations on a temporary shadow database.
 */
export async function diffMigrationsToSchema(
  databaseUrl: string,
  options: { migrationsDir?: string; schemaPath?: string } = {},
): Promise<string> {
  const migrationsList = await readMigrations(options.migrationsDir);
  return withSchemaEngine(
    databaseUrl,
    async ({ engine, schemaFiles }) => {
      const from =
        migrationsList.migrationDirectories.length > 0
          ? ({ tag: "migrations", ...migrationsList } as const)
          : ({ tag: "empty" } as const);
      const result = await engine.diff({
        from,
        to: { tag: "schemaDatamodel", files: schemaFiles },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      return normalizeEmptyScript(result.stdout ?? "");
    },
    options,
  );
}

/** The engine answers "-- This is an empty migration." for no changes. */
function normalizeEmptyScript(script: string): string {
  const meaningful = script
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"));
  return meaningful.length === 0 ? "" : script.trimEnd() + "\n";
}

/** `20240102030405_name`: the CLI's folder naming. */
export function migrationFolderName(name: string, at: Date = new Date()): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new MigrationError("A migration needs a name: npm run db:migrate:new -- add_reviews");
  const stamp = at.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${stamp}_${slug}`;
}

/** Writes a migration folder with `sql`; creates migration_lock.toml when missing. */
export async function writeMigration(
  folder: string,
  sql: string,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<string> {
  const dir = path.join(migrationsDir, folder);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, "migration.sql");
  await fs.writeFile(file, sql);
  const lock = path.join(migrationsDir, LOCKFILE);
  try {
    await fs.access(lock);
  } catch {
    await fs.writeFile(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return file;
}

/**
 * Drops everything in the database's public schema, including `_prisma_migrations`.
 * Refuses a database Löyly's embedded PostgreSQL did not create (scripts/lib/db/marker.ts)
 * unless `force`: a PostgreSQL of something else answering on the embedded port, or a
 * DATABASE_URL, is not ours to wipe.
 */
export async function resetDatabase(databaseUrl: string, options: { force?: boolean } = {}): Promise<void> {
  const client = new pg.Client(poolConfigFromUrl(databaseUrl));
  await client.connect();
  try {
    if (!options.force && !(await isProjectDatabase(client))) {
      throw new MigrationError(
        `Refusing to reset database "${client.database}" on ${client.host}:${client.port}: Löyly did not ` +
          "create it (it lacks the mark the embedded PostgreSQL puts on its database). If you really " +
          "want everything in it dropped, run: npm run db:reset -- --force",
      );
    }
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

function describe(error: unknown): string {
  if (error instanceof WebAssembly.RuntimeError && panicRegistry.message) {
    return `schema engine panicked: ${panicRegistry.message}`;
  }
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null) {
    const e = error as { message?: unknown; error?: unknown };
    if (typeof e.message === "string") return e.message;
    return JSON.stringify(error);
  }
  return String(error);
}
