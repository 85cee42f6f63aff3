/**
 * Which time buckets of a chart (weeks starting Monday, or months, as local dates YYYY-MM-DD / YYYY-MM) the
 * period covers only in part: a 90-day period starts mid-week and ends today, so its first and last weeks hold
 * fewer days and their bars would read as dips. The chart marks them instead (issue 13 item 18).
 */
import { type DateRange, offsetMinutes } from "@/lib/url-state/period";

const DAY = 86_400_000;

/** Start and end (exclusive) of a bucket as instants, in the portal's offset. */
function bucketSpan(bucket: string, offsetMins: number): { start: number; end: number } | null {
  const [y, m, d] = bucket.split("-").map(Number) as [number, number, number | undefined];
  if (!y || !m) return null;
  const shift = offsetMins * 60_000;
  if (d === undefined || bucket.length === 7) {
    return { start: Date.UTC(y, m - 1, 1) - shift, end: Date.UTC(y, m, 1) - shift };
  }
  const start = Date.UTC(y, m - 1, d) - shift;
  return { start, end: start + 7 * DAY };
}

/**
 * For each bucket: does the period (its range; an open end runs to `now`, since nothing is known after it) miss
 * part of it? `granularity` says whether a YYYY-MM-DD bucket is a week or a month's first day.
 */
export function partialBuckets(
  buckets: readonly string[],
  granularity: "week" | "month",
  range: DateRange,
  offset: string,
  now: Date,
): boolean[] {
  const mins = offsetMinutes(offset) ?? 180;
  const from = range.from ? Date.parse(range.from) : Number.NEGATIVE_INFINITY;
  const to = Math.min(range.to ? Date.parse(range.to) : Number.POSITIVE_INFINITY, now.getTime());
  return buckets.map((b) => {
    const span = bucketSpan(granularity === "month" ? b.slice(0, 7) : b, mins);
    return span !== null && (span.start < from || span.end > to);
  });
}
