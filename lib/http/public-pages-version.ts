/**
 * The database's version of what the public pages show (the `cache_versions` row
 * "public-pages", bumped by triggers: prisma/migrations/…_public_pages_version). Every
 * instance reads it at most once a second before answering from its page cache
 * (lib/http/public-html-cache.ts).
 */
import { prisma, type Db } from "@/lib/db";

export const PUBLIC_PAGES_VERSION_KEY = "public-pages";

export async function readPublicPagesVersion(db: Db = prisma): Promise<string> {
  const row = await db.cacheVersion.findUnique({ where: { key: PUBLIC_PAGES_VERSION_KEY }, select: { version: true } });
  return String(row?.version ?? 0n);
}
