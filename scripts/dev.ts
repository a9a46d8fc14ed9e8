/** `npm run dev`: PostgreSQL, migrations, demo data, Stripe emulator, `next dev`, scheduler. */
import { runStack } from "./lib/stack";

await runStack("dev", { fresh: process.argv.includes("--fresh") });
