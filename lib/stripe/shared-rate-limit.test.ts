import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { configuredRateLimit } from "@/lib/context";
import { TokenBucket } from "./rate-limit";
import { SharedRateLimit } from "./shared-rate-limit";

/** A database that answers the turn statement with the given rows and records its parameters. */
function fakeDb(rows: { turn_ms: number; wait_ms: number }[][]) {
  const params: unknown[][] = [];
  const db = {
    $queryRaw: (_strings: TemplateStringsArray, ...values: unknown[]) => {
      params.push(values);
      return Promise.resolve(rows.shift() ?? []);
    },
  } as unknown as Pick<PrismaClient, "$queryRaw">;
  return { db, params };
}

describe("SharedRateLimit.take", () => {
  it("sleeps until its turn, and not at all when the turn has come", async () => {
    const slept: number[] = [];
    const { db, params } = fakeDb([[{ turn_ms: 1000, wait_ms: 34.2 }], [{ turn_ms: 1010, wait_ms: -3 }]]);
    const limit = new SharedRateLimit(db, { perSecond: 100, burst: 10, headroom: 0, sleep: async (ms) => void slept.push(ms) });
    await limit.take();
    await limit.take();
    expect(slept).toEqual([35]);
    expect(limit.taken).toBe(2);
    // key, the interval (10 ms) and the burst's slack ((10 − 1) × 10 ms) go to the statement.
    expect(params[0]).toContain("stripe");
    expect(params[0]).toContain(10);
    expect(params[0]).toContain(90);
  });

  it("by default leaves 2 % of the limit unused and saves up no burst", async () => {
    const { db, params } = fakeDb([[{ turn_ms: 0, wait_ms: 0 }]]);
    const limit = new SharedRateLimit(db, { perSecond: 100 });
    await limit.take();
    expect(limit.burst).toBe(1);
    expect(params[0]).toContain(1000 / 98); // the interval: 100/s less 2 %
    expect(params[0]).toContain(0); // no slack
  });

  it("fails loudly when the database gives no turn, and refuses bad settings", async () => {
    const { db } = fakeDb([[]]);
    await expect(new SharedRateLimit(db, { perSecond: 10 }).take()).rejects.toThrow(/no turn/);
    expect(() => new SharedRateLimit(db, { perSecond: -1 })).toThrow(RangeError);
    expect(() => new SharedRateLimit(db, { perSecond: 10, key: "a b; drop" })).toThrow(RangeError);
    expect(() => new SharedRateLimit(db, { perSecond: 10, headroom: 0.9 })).toThrow(RangeError);
  });
});

describe("configuredRateLimit", () => {
  it("is shared through the database by default, a bucket of this process on request", () => {
    const { db } = fakeDb([]);
    const shared = configuredRateLimit(db as PrismaClient, { STRIPE_RATE_LIMIT_PER_SECOND: 25, STRIPE_RATE_LIMIT_SCOPE: "shared" });
    expect(shared).toBeInstanceOf(SharedRateLimit);
    expect(shared.perSecond).toBe(25);
    expect(configuredRateLimit(db as PrismaClient, { STRIPE_RATE_LIMIT_PER_SECOND: 25, STRIPE_RATE_LIMIT_SCOPE: "instance" })).toBeInstanceOf(TokenBucket);
  });
});
