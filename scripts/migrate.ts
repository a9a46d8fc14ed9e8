/**
 * Offline migrations (scripts/lib/db/migrate.ts), on DATABASE_URL or the embedded PostgreSQL.
 *
 *   npm run db:migrate                 apply pending migrations (like `prisma migrate deploy`)
 *   npm run db:migrate:new -- NAME     write prisma/migrations/<stamp>_NAME from the schema diff
 *   npm run db:reset                   drop everything, migrate, seed (only a database the
 *                                      embedded PostgreSQL created; `-- --force` for any other)
 *   tsx scripts/migrate.ts diff        print the SQL between the migrations and schema.prisma
 */
import path from "node:path";
import { loadDotenv } from "./lib/dotenv";
import { openDatabase, redactUrl } from "./lib/db/local";
import {
  applyMigrations,
  diffMigrationsToSchema,
  migrationFolderName,
  resetDatabase,
  writeMigration,
} from "./lib/db/migrate";

const USAGE = `usage: tsx scripts/migrate.ts [deploy | new NAME | diff | reset [--no-seed] [--force]]`;

loadDotenv();

async function main(argv: string[]): Promise<void> {
  const [command = "deploy", ...rest] = argv;
  if (!["deploy", "new", "diff", "reset"].includes(command)) throw new Error(USAGE);
  const unknown = command === "reset" ? rest.filter((arg) => arg !== "--no-seed" && arg !== "--force") : [];
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(" ")}; ${USAGE}`);
  const db = await openDatabase();
  console.log(`database: ${redactUrl(db.url)} (${db.kind})`);
  try {
    switch (command) {
      case "deploy": {
        const { applied } = await applyMigrations(db.url);
        console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
        break;
      }
      case "diff": {
        process.stdout.write((await diffMigrationsToSchema(db.url)) || "-- no changes\n");
        break;
      }
      case "new": {
        const name = rest.join("_");
        const folder = migrationFolderName(name);
        const sql = await diffMigrationsToSchema(db.url);
        if (!sql) {
          console.log("schema.prisma matches the migrations: nothing to write");
          break;
        }
        const file = await writeMigration(folder, sql);
        console.log(`wrote ${path.relative(process.cwd(), file)}:\n\n${sql}`);
        console.log("Review it, then apply with: npm run db:migrate");
        break;
      }
      case "reset": {
        await resetDatabase(db.url, { force: rest.includes("--force") });
        const { applied } = await applyMigrations(db.url);
        console.log(`reset; applied: ${applied.join(", ")}`);
        if (!rest.includes("--no-seed")) {
          const { seedDatabaseAt } = await import("../prisma/seed/index");
          const { withDemoStripe } = await import("../prisma/seed/emulator");
          const result = await withDemoStripe((stripe) => seedDatabaseAt(db.url, { stripe }));
          console.log(result.seeded ? `seeded: ${result.summary}` : "seed skipped: database not empty");
        }
        break;
      }
    }
  } finally {
    await db.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
