/** `npm run db:seed`: seeds demo data when the database is empty. */
import { loadDotenv } from "./lib/dotenv";
import { openDatabase, redactUrl } from "./lib/db/local";
import { withDemoStripe } from "../prisma/seed/emulator";
import { DEMO_PASSWORD, DEMO_USERS, seedDatabaseAt } from "../prisma/seed/index";

loadDotenv();

async function main(): Promise<void> {
  const db = await openDatabase();
  try {
    console.log(`database: ${redactUrl(db.url)} (${db.kind})`);
    const result = await withDemoStripe((stripe) => seedDatabaseAt(db.url, { stripe }));
    if (!result.seeded) {
      console.log("Seed skipped: the database already has users (npm run db:reset starts over).");
      return;
    }
    console.log(`Seeded ${result.summary}. Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const user of DEMO_USERS) console.log(`  ${user.role.padEnd(9)} ${user.email}`);
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
