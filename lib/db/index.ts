/**
 * The app's one Prisma client (`prisma`) on PostgreSQL through `@prisma/adapter-pg`.
 *
 * The URL is DATABASE_URL, or the embedded PostgreSQL of `npm run dev` / `npm start` when
 * it is unset (lib/env.ts). Data-access functions take a `Db` so tests and transactions
 * can pass their own client:
 *
 *   export async function getListingOrThrow(id: string, db: Db = prisma) { … }
 *   await prisma.$transaction(async (tx) => { await getListingOrThrow(id, tx); … });
 */
import { databaseUrl, getEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "./client";

export { createPrismaClient, type Db } from "./client";
export { Prisma } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as typeof globalThis & { __loylyPrisma?: PrismaClient };

function makeClient(): PrismaClient {
  const env = getEnv();
  return createPrismaClient(databaseUrl(env), {
    log: env.NODE_ENV === "development" ? ["warn", "error"] : ["error"],
  });
}

/**
 * On globalThis: hot reloads in development reuse one connection pool, and proxy.ts (bundled
 * apart from the pages, in the same process) shares the app's pool instead of opening its own.
 */
export const prisma: PrismaClient = (globalForPrisma.__loylyPrisma ??= makeClient());
