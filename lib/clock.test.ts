import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceTestClock, now, resetTestClock, setTestClockTo, TestClockDisabled, TEST_CLOCK_FILE } from "./clock";
import { resetEnvCache } from "./env";

let dir: string;
const HOUR = 3_600_000;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "loyly-clock-"));
  process.env.LOYLY_DATA_DIR = dir;
});
afterEach(() => {
  delete process.env.TEST_CLOCK_ENABLED;
  delete process.env.LOYLY_DATA_DIR;
  resetEnvCache();
  fs.rmSync(dir, { recursive: true, force: true });
});

function enable(on: boolean) {
  process.env.TEST_CLOCK_ENABLED = on ? "1" : "0";
  resetEnvCache();
}

describe("now()", () => {
  it("is real time without a test clock", () => {
    enable(true);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("moves with the test clock and back", () => {
    enable(true);
    const later = advanceTestClock(48 * HOUR);
    expect(later.getTime() - Date.now()).toBeGreaterThan(48 * HOUR - 1000);
    advanceTestClock(2 * HOUR);
    expect(now().getTime() - Date.now()).toBeGreaterThan(50 * HOUR - 1000);
    setTestClockTo(new Date("2030-06-20T12:00:00Z"));
    expect(Math.abs(now().getTime() - Date.parse("2030-06-20T12:00:00Z"))).toBeLessThan(1000);
    resetTestClock();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("ignores a clock file, and refuses to set one, unless TEST_CLOCK_ENABLED", () => {
    fs.writeFileSync(path.join(dir, TEST_CLOCK_FILE), JSON.stringify({ offsetMs: 100 * HOUR }));
    enable(false);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
    expect(() => advanceTestClock(HOUR)).toThrow(TestClockDisabled);
    enable(true);
    expect(now().getTime() - Date.now()).toBeGreaterThan(99 * HOUR);
  });

  it("rejects a malformed clock file loudly", () => {
    enable(true);
    fs.writeFileSync(path.join(dir, TEST_CLOCK_FILE), JSON.stringify({ offset: "soon" }));
    expect(() => now()).toThrow(/offsetMs/);
  });
});
