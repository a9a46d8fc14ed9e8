import { describe, expect, it } from "vitest";
import { Semaphore, StripeGate, TokenBucket } from "./rate-limit";

/** A fake clock whose sleep advances time. */
function fakeTime() {
  let t = 0;
  return { clock: () => t, sleep: async (ms: number) => void (t += ms), now: () => t };
}

describe("TokenBucket", () => {
  it("lets the burst through at once, then paces at perSecond", async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ perSecond: 100, burst: 10, clock: time.clock, sleep: time.sleep });
    for (let i = 0; i < 10; i++) await bucket.take();
    expect(time.now()).toBe(0);
    for (let i = 0; i < 100; i++) await bucket.take();
    // 100 more tokens at 100/s take about one second.
    expect(time.now()).toBeGreaterThanOrEqual(990);
    expect(time.now()).toBeLessThanOrEqual(1010);
  });

  it("defaults the burst to a tenth of a second's worth", () => {
    expect(new TokenBucket({ perSecond: 100 }).burst).toBe(10);
    expect(new TokenBucket({ perSecond: 3 }).burst).toBe(1);
  });

  it("refuses a non-positive rate", () => {
    expect(() => new TokenBucket({ perSecond: 0 })).toThrow(RangeError);
  });
});

describe("Semaphore and StripeGate", () => {
  it("never has more than `limit` calls in flight", async () => {
    const gate = new StripeGate({ concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        gate.run(async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(gate.calls).toBe(20);
  });

  it("releases the slot when the call throws", async () => {
    const s = new Semaphore(1);
    const gate = new StripeGate({ concurrency: 1 });
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => "ok")).resolves.toBe("ok");
    const release = await s.acquire();
    release();
    release(); // twice is harmless
    expect(s.inFlight).toBe(0);
  });
});
