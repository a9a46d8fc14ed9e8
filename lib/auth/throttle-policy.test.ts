import { describe, expect, it } from "vitest";
import {
  attempt,
  freshState,
  isLocked,
  lockDurationMs,
  refund,
  settle,
  tooManyAttemptsMessage,
  type ThrottleRule,
  type ThrottleState,
} from "./throttle-policy";

const MIN = 60_000;
const rule: ThrottleRule = { limit: 5, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 24 * 60 * MIN };
const t0 = new Date("2026-01-10T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

function failTimes(n: number, start: ThrottleState, when: Date) {
  let state = start;
  const decisions = [];
  for (let i = 0; i < n; i++) {
    const d = attempt(state, when, rule);
    decisions.push(d);
    state = d.next;
  }
  return { state, decisions };
}

describe("attempt", () => {
  it("lets the first attempts through and locks on the one that reaches the limit", () => {
    const { state, decisions } = failTimes(5, freshState(t0), t0);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true]);
    expect(decisions.map((d) => d.lockedNow)).toEqual([false, false, false, false, true]);
    expect(state.lockedUntil).toEqual(at(15 * MIN));
    expect(state.lockCount).toBe(1);
    expect(isLocked(state, at(15 * MIN - 1))).toBe(true);
    expect(isLocked(state, at(15 * MIN))).toBe(false);
  });

  it("refuses every attempt while locked, without counting it or extending the lock", () => {
    const { state } = failTimes(5, freshState(t0), t0);
    const refused = attempt(state, at(10 * MIN), rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(5 * MIN);
    expect(refused.next.lockedUntil).toEqual(state.lockedUntil);
    expect(refused.next.count).toBe(0);
  });

  it("30 attempts in a row: 5 are checked, 25 refused", () => {
    const { decisions } = failTimes(30, freshState(t0), t0);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it("forgets attempts when the window has passed", () => {
    const { state } = failTimes(4, freshState(t0), t0);
    const later = attempt(state, at(15 * MIN), rule);
    expect(later.allowed).toBe(true);
    expect(later.lockedNow).toBe(false);
    expect(later.next.count).toBe(1);
  });

  it("doubles each lock in a row, up to the cap, and forgets the streak after a quiet day", () => {
    expect([0, 1, 2, 3].map((n) => lockDurationMs(n, rule) / MIN)).toEqual([15, 30, 60, 120]);
    expect(lockDurationMs(50, rule)).toBe(rule.maxLockMs);

    let { state } = failTimes(5, freshState(t0), t0); // first lock: 15 min
    ({ state } = failTimes(5, state, at(15 * MIN))); // second: 30 min
    expect(state.lockedUntil).toEqual(at(45 * MIN));
    ({ state } = failTimes(5, state, at(45 * MIN))); // third: 60 min
    expect(state.lockedUntil).toEqual(at(105 * MIN));

    const nextDay = at(105 * MIN + 24 * 60 * MIN);
    ({ state } = failTimes(5, state, nextDay));
    expect(state.lockedUntil).toEqual(new Date(nextDay.getTime() + 15 * MIN));
  });

  it("says how long to wait, in whole minutes rounded up", () => {
    expect(tooManyAttemptsMessage(15 * MIN)).toBe("Too many attempts — try again in 15 minutes.");
    expect(tooManyAttemptsMessage(14 * MIN + 1)).toBe("Too many attempts — try again in 15 minutes.");
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts — try again in 1 minute.");
    expect(tooManyAttemptsMessage(0)).toBe("Too many attempts — try again in 1 minute.");
  });
});

describe("refund", () => {
  it("gives back an attempt that succeeded", () => {
    const { state } = failTimes(3, freshState(t0), t0);
    expect(refund(state).count).toBe(2);
    expect(refund(freshState(t0)).count).toBe(0);
  });

  it("keeps a lock in place", () => {
    const { state } = failTimes(5, freshState(t0), t0);
    expect(refund(state)).toEqual(state);
  });
});

describe("settle", () => {
  it("lifts an ended lock and starts the next window when it ends", () => {
    const { state } = failTimes(5, freshState(t0), t0);
    const settled = settle(state, at(16 * MIN), rule);
    expect(settled.lockedUntil).toBeNull();
    expect(settled.count).toBe(0);
    expect(settled.lockCount).toBe(1);
  });
});
