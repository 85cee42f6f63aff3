/**
 * The active filters in words, e.g. "Проигранные в III кв. 2026 · Воронка «Продажи» · 3 менеджера": the words
 * are message data (./sections/filters.ts), numbers go through lib/format.ts, and the filters come parsed from
 * the URL state (lib/url-state).
 */
import { formatNumber } from "@/lib/format";
import { type Filters, REASON_NONE, STAGE_UNKNOWN } from "@/lib/url-state/filters";
import { localDay, offsetMinutes, ymd } from "@/lib/url-state/period";
import type { Locale } from "./config";
import { type FilterWords, filterWordsMessages } from "./sections/filters";

/** Names for ids, keyed by the id as a string; anything missing reads as "#id" (or the reason key). */
export interface FilterLookups {
  pipelines?: Record<string, string>;
  stages?: Record<string, string>;
  /** Process stages a deal can be lost at, labelled apart across pipelines (the stage filter's choices). */
  lossStages?: Record<string, string>;
  managers?: Record<string, string>;
  departments?: Record<string, string>;
  /** Live canonical reasons ("r:<id>"), the filter's choices. */
  reasons?: Record<string, string>;
  /** Raw reasons ("stage:…", "field:…") as Bitrix24 names them: the drill-down's d_raw slice. */
  rawReasons?: Record<string, string>;
  sources?: Record<string, string>;
}

/** Which deals a view lists: a report reads losses; a drill-down names what its slice holds. */
export type ViewSubject = "lost" | "won" | "closed" | "open" | "worked" | "all";

/** "{n} менеджер" with {n} = 3 → "3 менеджер". */
const fill = (template: string, vars: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));

function plural(n: number, locale: Locale, forms: readonly [string, string, string]): string {
  const rule = new Intl.PluralRules(locale).select(n);
  return fill(rule === "one" ? forms[0] : rule === "few" ? forms[1] : forms[2], { n });
}

function dayWords(s: string, w: FilterWords): string {
  const { y, m, d } = ymd(s);
  return fill(w.day, { d, y, monthOf: w.monthsOf[m] ?? "" });
}

const monthWords = (y: number, m: number, w: FilterWords) =>
  fill(w.month, { y, monthIn: w.monthsIn[m] ?? "" });
const quarterWords = (y: number, m: number, w: FilterWords) =>
  fill(w.quarter, { y, quarter: w.quarters[Math.floor(m / 3)] ?? "" });

/** A whole calendar month, quarter or year between two local dates, else null. */
function calendarUnit(from: string, to: string, w: FilterWords): string | null {
  const a = ymd(from);
  const b = ymd(to);
  const endNext = new Date(Date.UTC(b.y, b.m, b.d + 1));
  if (a.d !== 1 || endNext.getUTCDate() !== 1) return null;
  const months = (endNext.getUTCFullYear() - a.y) * 12 + endNext.getUTCMonth() - a.m;
  if (months === 12 && a.m === 0) return fill(w.year, { y: a.y });
  if (months === 3 && a.m % 3 === 0) return quarterWords(a.y, a.m, w);
  if (months === 1) return monthWords(a.y, a.m, w);
  return null;
}

function customWords(from: string | null, to: string | null, w: FilterWords): string {
  if (from && to) {
    if (from === to) return fill(w.onDay, { day: dayWords(from, w) });
    return calendarUnit(from, to, w) ?? fill(w.between, { from: dayWords(from, w), to: dayWords(to, w) });
  }
  if (from) return fill(w.since, { from: dayWords(from, w) });
  if (to) return fill(w.until, { to: dayWords(to, w) });
  return w.allTime;
}

function periodWords(f: Filters, w: FilterWords): string {
  const start = () => localDay(new Date(Date.parse(f.range.from ?? "")), offsetMinutes(f.offset) ?? 180);
  switch (f.period) {
    case "last30":
    case "last90":
    case "last12Months":
      return w[f.period];
    case "all":
      return w.allTime;
    case "thisMonth":
    case "lastMonth":
      return monthWords(start().y, start().m, w);
    case "thisQuarter":
    case "lastQuarter":
      return quarterWords(start().y, start().m, w);
    case "thisYear":
      return fill(w.year, { y: start().y });
    default:
      return customWords(f.from, f.to, w);
  }
}

function amountWords(lo: number | null, hi: number | null, locale: Locale, w: FilterWords): string | null {
  const n = (x: number) => formatNumber(x, locale, 3);
  if (lo !== null && hi !== null) return fill(w.amountBetween, { lo: n(lo), hi: n(hi) });
  if (lo !== null) return fill(w.amountFrom, { lo: n(lo) });
  if (hi !== null) return fill(w.amountTo, { hi: n(hi) });
  return null;
}

/** The active filters in words, e.g. "Проигранные в III кв. 2026 · Воронка «Продажи» · 3 менеджера". */
export function describeFilters(
  f: Filters,
  lookups: FilterLookups,
  locale: Locale,
  subject: ViewSubject = "lost",
): string {
  const w: FilterWords = filterWordsMessages[locale];
  const name = (dict: Record<string, string> | undefined, k: string | number) => dict?.[String(k)] ?? `#${k}`;
  const parts = [`${w.subjects[subject]} ${periodWords(f, w)}`];
  if (f.compare) parts.push(w.compare);
  if (f.pipeline !== null) parts.push(fill(w.pipeline, { name: name(lookups.pipelines, f.pipeline) }));
  if (f.stage === STAGE_UNKNOWN) parts.push(w.stageUnknown);
  else if (f.stage !== null)
    parts.push(
      fill(w.stage, { name: lookups.lossStages?.[f.stage] ?? lookups.stages?.[f.stage] ?? f.stage }),
    );
  if (f.managers.length === 1) parts.push(name(lookups.managers, f.managers[0] as number));
  else if (f.managers.length > 1) parts.push(plural(f.managers.length, locale, w.managers));
  if (f.department !== null)
    parts.push(fill(w.department, { name: name(lookups.departments, f.department) }));
  const [reason] = f.reasons;
  if (f.reasons.length === 1 && reason !== undefined)
    parts.push(
      reason === REASON_NONE
        ? w.reasonNone
        : fill(w.reason, { name: lookups.reasons?.[reason] ?? lookups.rawReasons?.[reason] ?? reason }),
    );
  else if (f.reasons.length > 1) parts.push(plural(f.reasons.length, locale, w.reasons));
  if (f.source !== null) parts.push(fill(w.source, { name: lookups.sources?.[f.source] ?? f.source }));
  if (f.client === "new") parts.push(w.clientNew);
  if (f.client === "returning") parts.push(w.clientReturning);
  const amount = amountWords(f.amountMin, f.amountMax, locale, w);
  if (amount) parts.push(amount);
  return parts.join(" · ");
}
