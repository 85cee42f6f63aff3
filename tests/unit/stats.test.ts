import { describe, expect, it } from "vitest";
import {
  median,
  normalCdf,
  percentile,
  percentiles,
  ratio,
  round,
  twoProportionZTest,
  wilson,
} from "@/lib/stats";

describe("wilson", () => {
  // Reference values: statsmodels proportion_confint(k, n, alpha=0.05, method="wilson").
  it.each([
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [3, 4, 0.3006, 0.9544],
    [1, 4, 0.0456, 0.6994],
    [2, 8, 0.0715, 0.5907],
    [10, 10, 0.7225, 1],
    [81, 263, 0.2553, 0.3662],
  ])("%i of %i → %f – %f", (k, n, low, high) => {
    const i = wilson(k, n);
    expect(i?.low).toBeCloseTo(low, 4);
    expect(i?.high).toBeCloseTo(high, 4);
  });

  it("stays inside [0, 1] and is null for no trials", () => {
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 1)?.low).toBe(0);
    expect(wilson(1, 1)?.high).toBe(1);
  });
});

describe("median and percentiles", () => {
  it("median of odd, even and empty lists, unsorted input", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10.08, 33])).toBe(21.54);
    expect(median([])).toBeNull();
  });

  it("interpolates like NumPy's default (type 7)", () => {
    expect(percentile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentile([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 10);
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 0.9, 1])).toEqual([1, 9.1, 10]);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("normal CDF and the two-proportion z-test", () => {
  it("matches the standard normal table", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
  });

  it("45/100 vs 30/100: z = 2.1909, p = 0.0285", () => {
    const t = twoProportionZTest(45, 100, 30, 100);
    expect(t?.z).toBeCloseTo(2.1909, 4);
    expect(t?.p).toBeCloseTo(0.02846, 4);
  });

  it("says nothing without variance or samples", () => {
    expect(twoProportionZTest(0, 5, 0, 5)).toBeNull();
    expect(twoProportionZTest(1, 0, 1, 2)).toBeNull();
  });
});

describe("ratio and round", () => {
  it("a rate of nothing is null, not zero", () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
  });
  it("rounds money to kopecks without -0", () => {
    expect(round(36666.666666)).toBe(36666.67);
    expect(Object.is(round(-0.001), 0)).toBe(true);
  });
});
