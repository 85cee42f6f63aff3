/** Deal creation times over the window: seasonality, weekdays, working hours, slow growth. */
import type { Clock } from "./clock";
import type { Rng } from "./random";

/** Relative deal intake per month (Jan..Dec): January and May holidays dip, year-end budget rush. */
const SEASON = [0.6, 0.9, 1.1, 1.05, 0.82, 0.92, 0.8, 0.85, 1.1, 1.15, 1.15, 1.25];
const HOURS = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.03, 0.08, 0.3, 0.8, 1.2, 1.3, 1.1, 0.8, 1.1, 1.2, 1.1, 0.9, 0.5, 0.2,
  0.08, 0.05, 0.04, 0.03,
];

function cumulative(weights: number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    cdf[i] = sum;
  }
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / sum;
  return cdf;
}

function draw(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `count` creation minutes in [startMin, nowMin - 1], sorted ascending. */
export function creationTimes(rng: Rng, clock: Clock, count: number): Int32Array {
  const firstDay = clock.localDay(clock.startMin) + 1;
  const lastDay = clock.localDay(clock.nowMin - 1);
  const dayWeights: number[] = [];
  for (let d = firstDay; d <= lastDay; d++) {
    const m = clock.dayStart(d);
    const wd = clock.weekday(m);
    const weekday = wd === 0 ? 0.04 : wd === 6 ? 0.08 : wd === 1 ? 1.1 : 1;
    const trend = 0.85 + (0.3 * (d - firstDay)) / Math.max(1, lastDay - firstDay);
    dayWeights.push(SEASON[clock.month(m) - 1]! * weekday * trend);
  }
  const dayCdf = cumulative(dayWeights);
  const hourCdf = cumulative(HOURS);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let t: number;
    do {
      const day = firstDay + draw(dayCdf, rng.next());
      const hour = draw(hourCdf, rng.next());
      t = clock.dayStart(day) + hour * 60 + rng.int(0, 59);
    } while (t >= clock.nowMin - 1);
    out[i] = t;
  }
  out.sort();
  return out;
}
