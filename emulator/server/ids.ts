import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const POOL_SIZE = 64 * 1024;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** Random base62 string, drawn from a pooled buffer (cheap on the hot path). */
export function randomToken(length: number): string {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[(pool[offset++] ?? 0) % 62];
  return out;
}

/** Stripe-like object id: `pi_3Pq…` (24 characters after the prefix). */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

export function clientSecret(id: string): string {
  return `${id}_secret_${randomToken(25)}`;
}

export function requestId(): string {
  return `req_${randomToken(14)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
