/**
 * The one clock. Domain code reads the time from its context (`ctx.clock.now()`, see
 * lib/context.ts); pages and scripts outside a context use `now()`, which is the same
 * `appClock`. Never `new Date()` / SQL `now()` where a time decides behaviour (charge due,
 * pay-by passed, request expired), so tests can move time:
 *
 * - `appClock`: real time shifted by the test clock, when it is enabled (below);
 * - `ManualClock`: a clock a test sets and advances itself, for a context of its own.
 *
 * The test clock is an offset in milliseconds stored in `<LOYLY_DATA_DIR>/test-clock.json`.
 * A file (not the database) so the Next server, the scheduler, Playwright and vitest on one
 * machine share it without a table or a migration, and reading it needs no await. It is
 * honoured only when TEST_CLOCK_ENABLED=1, which lib/env.ts refuses with a live Stripe key.
 */
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

export const TEST_CLOCK_FILE = "test-clock.json";

interface TestClockState {
  offsetMs: number;
}

export class TestClockDisabled extends Error {
  constructor() {
    super("The test clock is disabled: set TEST_CLOCK_ENABLED=1 (never with a live Stripe key)");
    this.name = "TestClockDisabled";
  }
}

function clockFile(dataDir: string = getEnv().DATA_DIR): string {
  return path.join(dataDir, TEST_CLOCK_FILE);
}

function readOffset(file: string): number {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  const parsed: unknown = JSON.parse(raw);
  const offset = (parsed as Partial<TestClockState> | null)?.offsetMs;
  if (typeof offset !== "number" || !Number.isFinite(offset)) {
    throw new Error(`${file}: expected {"offsetMs": <number>}`);
  }
  return offset;
}

/** The test clock offset in ms (0 when the test clock is disabled or unset). */
export function testClockOffsetMs(): number {
  const env = getEnv();
  return env.TEST_CLOCK_ENABLED ? readOffset(clockFile(env.DATA_DIR)) : 0;
}

export interface Clock {
  now(): Date;
}

/** Real time, shifted by the test clock when it is enabled. */
export const appClock: Clock = {
  now: () => new Date(Date.now() + testClockOffsetMs()),
};

/** The current time of the app clock. */
export function now(): Date {
  return appClock.now();
}

/** A clock that only moves when told to (a test's own context). */
export class ManualClock implements Clock {
  private at: Date;
  constructor(at: Date = new Date()) {
    this.at = new Date(at);
  }
  now = (): Date => new Date(this.at);
  set(at: Date): void {
    this.at = new Date(at);
  }
  advance(ms: number): Date {
    this.at = new Date(this.at.getTime() + ms);
    return this.now();
  }
}

function assertEnabled(): void {
  if (!getEnv().TEST_CLOCK_ENABLED) throw new TestClockDisabled();
}

/** Sets the test clock offset (ms) from real time. */
export function setTestClockOffset(offsetMs: number): void {
  assertEnabled();
  const file = clockFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const state: TestClockState = { offsetMs: Math.round(offsetMs) };
  // Write then rename so a concurrent reader never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}

/** Moves the test clock so that now() returns `at`. */
export function setTestClockTo(at: Date): void {
  setTestClockOffset(at.getTime() - Date.now());
}

/** Moves the test clock forward by `ms` (negative moves back). */
export function advanceTestClock(ms: number): Date {
  setTestClockOffset(testClockOffsetMs() + ms);
  return now();
}

/** Back to real time. */
export function resetTestClock(): void {
  assertEnabled();
  fs.rmSync(clockFile(), { force: true });
}
