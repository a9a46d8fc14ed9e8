import { describe, expect, it } from "vitest";
import { calibratedCpuSlowdown, medianOf } from "./cpu-slowdown";

describe("calibratedCpuSlowdown", () => {
  it("follows the calculator's anchors", () => {
    expect(calibratedCpuSlowdown(2000)).toBe(6);
    expect(calibratedCpuSlowdown(1533)).toBe(4);
    expect(calibratedCpuSlowdown(1300)).toBe(3);
    expect(calibratedCpuSlowdown(800)).toBe(2);
    expect(calibratedCpuSlowdown(150)).toBe(1);
  });

  it("grows with the host's speed between them, and never goes under 1×", () => {
    expect(calibratedCpuSlowdown(1135)).toBe(2.7);
    expect(calibratedCpuSlowdown(1851)).toBe(5.4);
    expect(calibratedCpuSlowdown(475)).toBe(1.5);
    expect(calibratedCpuSlowdown(90)).toBe(1);
  });

  it("refuses an index that is no measurement", () => {
    expect(() => calibratedCpuSlowdown(0)).toThrow(RangeError);
    expect(() => calibratedCpuSlowdown(Number.NaN)).toThrow(RangeError);
  });
});

describe("medianOf", () => {
  it("is the middle value, or the mean of the middle two", () => {
    expect(medianOf([1851, 1135, 1300])).toBe(1300);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(() => medianOf([])).toThrow(RangeError);
  });
});
