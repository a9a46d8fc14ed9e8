/**
 * The Stripe rate limit shared through PostgreSQL (lib/stripe/shared-rate-limit.ts): two
 * "instances" (clients of their own) take turns from one schedule, never closer together
 * than the configured rate allows, and a quiet spell gives at most `burst` turns at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { SharedRateLimit } from "@/lib/stripe/shared-rate-limit";
import { createMigratedDatabase } from "@/tests/support/databases";

let database: { url: string; drop(): Promise<void> };
let a: PrismaClient;
let b: PrismaClient;
beforeAll(async () => {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is required for integration tests");
  database = await createMigratedDatabase(base);
  a = createPrismaClient(database.url, { max: 4 });
  b = createPrismaClient(database.url, { max: 4 });
});
afterAll(async () => {
  await Promise.all([a.$disconnect(), b.$disconnect()]);
  await database.drop();
});

describe("SharedRateLimit", () => {
  it("hands two instances turns from one schedule, 1/perSecond apart", async () => {
    const perSecond = 50;
    const one = new SharedRateLimit(a, { perSecond, key: "test-spacing" });
    const two = new SharedRateLimit(b, { perSecond, key: "test-spacing" });
    const turns = (await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).reserve()))).map((r) => r.turnMs).sort((x, y) => x - y);
    const interval = 1000 / perSecond;
    for (let i = 1; i < turns.length; i++) {
      const gap = (turns[i] ?? 0) - (turns[i - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(interval - 1e-6);
    }
    expect(one.taken + two.taken).toBe(40);
    // The next turn comes after all of them, whoever asks.
    const next = await one.reserve();
    expect(next.turnMs).toBeGreaterThanOrEqual((turns.at(-1) ?? 0) + interval - 1e-6);
  });

  it("take() waits for its turn: 30 turns at 100/s from two instances take at least ~0.2 s", async () => {
    const one = new SharedRateLimit(a, { perSecond: 100, key: "test-take" });
    const two = new SharedRateLimit(b, { perSecond: 100, key: "test-take" });
    const started = performance.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).take()));
    const elapsed = performance.now() - started;
    // 30 turns, 1000 / 98 ms apart (2 % headroom), no burst: the last is ≥ 295 ms out.
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it("after a quiet spell, at most `burst` turns are free at once", async () => {
    // Turns 200 ms apart: five reserves in a row take far less, even on a busy machine.
    const limit = new SharedRateLimit(a, { perSecond: 5, burst: 3, headroom: 0, key: "test-burst" });
    await limit.reserve();
    await new Promise((r) => setTimeout(r, 1_000)); // longer than 3 intervals (600 ms)
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push((await limit.reserve()).waitMs);
    expect(waits.filter((w) => w <= 0)).toHaveLength(3);
    expect(waits[3]).toBeGreaterThan(0);
  });

  it("refuses a rate that is not a positive number", () => {
    expect(() => new SharedRateLimit(a, { perSecond: 0 })).toThrow(RangeError);
    expect(() => new SharedRateLimit(a, { perSecond: Number.NaN })).toThrow(RangeError);
  });
});
