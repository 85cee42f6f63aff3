/**
 * Period resolution: a preset ("last90", "thisQuarter") or custom local dates become [from, to) instants in the
 * portal's UTC offset, once at parse time, so every query of one view counts the same days.
 */

export const PERIOD_PRESETS = [
  "last30",
  "last90",
  "thisMonth",
  "lastMonth",
  "thisQuarter",
  "lastQuarter",
  "thisYear",
  "last12Months",
  "all",
  "custom",
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const DEFAULT_PERIOD: PeriodPreset = "last90";
/** Europe/Moscow: no DST since 2014, so a fixed offset is exact. */
export const DEFAULT_OFFSET = "+03:00";

/** Instants as ISO strings (JSON-able); `to` is exclusive; null = open end. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

/** What a period is: the preset, custom inclusive local dates (YYYY-MM-DD), and the portal's offset. */
export interface PeriodSpec {
  period: PeriodPreset;
  from: string | null;
  to: string | null;
  offset: string;
}

/** "+03:00" → 180; null when malformed. */
export function offsetMinutes(offset: string): number | null {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return mins > 14 * 60 ? null : m[1] === "-" ? -mins : mins;
}

/** Local midnight of y-m-d (month 0-based, overflow allowed) in the offset, as an epoch ms. */
const midnight = (y: number, m: number, d: number, off: number) => Date.UTC(y, m, d) - off * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The local calendar day of an instant (month 0-based). */
export function localDay(at: Date, off: number) {
  const t = new Date(at.getTime() + off * 60_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate() };
}

/** "2026-07-01" → { y: 2026, m: 6, d: 1 } (month 0-based). */
export function ymd(s: string) {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  return { y, m: m - 1, d };
}

/** The period as [from, to) instants; calendar presets ("this month") run to the end of today. */
export function resolvePeriod(spec: PeriodSpec, now: Date): DateRange {
  const off = offsetMinutes(spec.offset) ?? 180;
  const { y, m, d } = localDay(now, off);
  const tomorrow = midnight(y, m, d + 1, off);
  const q0 = Math.floor(m / 3) * 3;
  const r = (from: number, to: number): DateRange => ({ from: iso(from), to: iso(to) });
  switch (spec.period) {
    case "last30":
      return r(midnight(y, m, d - 29, off), tomorrow);
    case "last90":
      return r(midnight(y, m, d - 89, off), tomorrow);
    case "thisMonth":
      return r(midnight(y, m, 1, off), tomorrow);
    case "lastMonth":
      return r(midnight(y, m - 1, 1, off), midnight(y, m, 1, off));
    case "thisQuarter":
      return r(midnight(y, q0, 1, off), tomorrow);
    case "lastQuarter":
      return r(midnight(y, q0 - 3, 1, off), midnight(y, q0, 1, off));
    case "thisYear":
      return r(midnight(y, 0, 1, off), tomorrow);
    case "last12Months":
      return r(midnight(y - 1, m, d + 1, off), tomorrow);
    case "custom": {
      const a = spec.from ? ymd(spec.from) : null;
      const b = spec.to ? ymd(spec.to) : null;
      return {
        from: a ? iso(midnight(a.y, a.m, a.d, off)) : null,
        to: b ? iso(midnight(b.y, b.m, b.d + 1, off)) : null,
      };
    }
    default:
      return { from: null, to: null };
  }
}

/**
 * The period to compare with: the previous calendar unit for "last month/quarter", the same stretch of the
 * previous unit for "this month/quarter/year" (to date), else the same length just before.
 */
export function previousPeriod(spec: PeriodSpec, range: DateRange): DateRange | null {
  if (!range.from || !range.to) return null;
  const off = offsetMinutes(spec.offset) ?? 180;
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const start = localDay(new Date(from), off);
  const unit = (months: number, toDate: boolean) => {
    const prevFrom = midnight(start.y, start.m - months, 1, off);
    return { from: iso(prevFrom), to: toDate ? iso(Math.min(prevFrom + (to - from), from)) : range.from };
  };
  switch (spec.period) {
    case "thisMonth":
      return unit(1, true);
    case "lastMonth":
      return unit(1, false);
    case "thisQuarter":
      return unit(3, true);
    case "lastQuarter":
      return unit(3, false);
    case "thisYear":
      return unit(12, true);
    case "last12Months":
      return { from: iso(midnight(start.y - 1, start.m, start.d, off)), to: range.from };
    default:
      return { from: iso(from - (to - from)), to: range.from };
  }
}

/**
 * The view's period as inclusive local dates (YYYY-MM-DD) for the custom-period inputs: switching to "custom"
 * starts from the dates the person is looking at. An open end is today; an open start stays empty.
 */
export function localDateBounds(
  f: { range: DateRange; offset: string },
  now: Date,
): { from: string; to: string } {
  const off = offsetMinutes(f.offset) ?? 0;
  const day = (ms: number) => new Date(ms + off * 60_000).toISOString().slice(0, 10);
  return {
    from: f.range.from ? day(Date.parse(f.range.from)) : "",
    to: f.range.to ? day(Date.parse(f.range.to) - 1) : day(now.getTime()),
  };
}

/** Local calendar date (YYYY-MM-DD) of an instant in a fixed UTC offset. */
export function localDate(ms: number, offset: string): string {
  return new Date(ms + (offsetMinutes(offset) ?? 180) * 60_000).toISOString().slice(0, 10);
}
