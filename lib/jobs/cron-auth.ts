/**
 * The cron routes' guard: `Authorization: Bearer $CRON_SECRET` (the Vercel Cron
 * convention), compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export function isAuthorizedCronRequest(authorization: string | null, secret: string): boolean {
  if (!authorization || !secret) return false;
  const match = /^Bearer (.+)$/.exec(authorization.trim());
  if (!match?.[1]) return false;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const given = createHash("sha256").update(match[1]).digest();
  const expected = createHash("sha256").update(secret).digest();
  return timingSafeEqual(given, expected);
}
