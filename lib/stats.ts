/**
 * Small, dependency-free statistics for the reports: Wilson intervals for rates, medians and percentiles for
 * durations and money, and a two-proportion z-test for "how sure can we be" sentences.
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion `successes / n`; null when n = 0 (no rate to judge).
 * Unlike the normal approximation it stays inside [0, 1] and is honest for small n and rates near 0 or 1.
 */
export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const k = Math.min(Math.max(successes, 0), n);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, center - margin), high: Math.min(1, center + margin) };
}

function sorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) with linear interpolation between closest ranks (Hyndman–Fan type 7: Excel
 * PERCENTILE.INC, NumPy's default); null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  const xs = sorted(values);
  if (xs.length === 0) return null;
  const q = Math.min(Math.max(p, 0), 1);
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = xs[lo] as number;
  const b = xs[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Several percentiles at once, e.g. `percentiles(xs, [0.25, 0.5, 0.75])`. */
export function percentiles(values: readonly number[], ps: readonly number[]): (number | null)[] {
  return ps.map((p) => percentile(values, p));
}

/** Median: the middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

/** Standard normal CDF via erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface ZTest {
  z: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Two-proportion z-test (pooled) of x1/n1 against x2/n2; null when either sample is empty or the pooled rate
 * is 0 or 1 (no variance: the test says nothing).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** a / b, or null when b is 0 — a rate of nothing is not zero. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** Rounds to `digits` decimals (money to kopecks, rates to 4 places) without -0. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}
