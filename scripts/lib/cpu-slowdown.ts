/**
 * The CPU slowdown that makes this host a mid-tier phone, Lighthouse's mobile target, from
 * the host's `benchmarkIndex`. Lighthouse's default, 4×, assumes a high-end desktop; its
 * docs (docs/throttling.md, "Calibrating the CPU slowdown") send a slower or faster host to
 * the Lighthouse CPU slowdown calculator, whose formula this is:
 *
 * | benchmarkIndex | slowdown |
 * | --- | --- |
 * | 1300 and up | 3×, and 1× more per 233 (4× at 1533, 6× at 2000) |
 * | 800–1300 | 2× to 3× |
 * | 150–800 | 1× to 2× |
 * | below 150 | 1× (too slow a host to emulate the phone) |
 *
 * Rounded to a tenth.
 */
export function calibratedCpuSlowdown(benchmarkIndex: number): number {
  if (!(benchmarkIndex > 0)) throw new RangeError(`benchmarkIndex must be positive, got ${benchmarkIndex}`);
  const i = benchmarkIndex;
  const slowdown = i >= 1300 ? 3 + (i - 1300) / 233 : i >= 800 ? 2 + (i - 800) / 500 : i >= 150 ? 1 + (i - 150) / 650 : 1;
  return Math.round(slowdown * 10) / 10;
}

export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("the median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
