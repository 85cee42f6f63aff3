/**
 * The one filter model (DESIGN.md §4): URL search params ⇄ a typed `Filters`, shared by every page, query,
 * share link and test. Parsing is strict but forgiving — a bad value falls back to its default and never
 * throws — so any link, however edited, opens a valid view. The period is resolved here, once, into
 * [from, to) instants in the portal's UTC offset, so every query of one view counts the same days.
 */
import { z } from "zod";
import { hasControlChars } from "@/lib/params";

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
export const CLIENT_TYPES = ["all", "new", "returning"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];
export const PAGE_SIZES = [10, 25, 50, 100] as const;

export const DEFAULT_PERIOD: PeriodPreset = "last90";
export const DEFAULT_PAGE_SIZE = 25;
/** Europe/Moscow: no DST since 2014, so a fixed offset is exact. */
export const DEFAULT_OFFSET = "+03:00";
/** The reasons filter value for deals lost with no reason recorded. */
export const REASON_NONE = "none";
/** The stage filter value for losses whose stage is unknown. */
export const STAGE_UNKNOWN = "unknown";

/** Instants as ISO strings (JSON-able); `to` is exclusive; null = open end. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

export interface Filters {
  period: PeriodPreset;
  /** Custom period bounds, inclusive local dates YYYY-MM-DD (only when period = "custom"). */
  from: string | null;
  to: string | null;
  compare: boolean;
  pipeline: number | null;
  /** STATUS_ID, or "unknown": narrows lost deals by the stage they were lost at (docs/metrics.md). */
  stage: string | null;
  managers: number[];
  department: number | null;
  /** Reason keys ("stage:LOSE", "field:102") and/or "none"; narrows lost deals. */
  reasons: string[];
  source: string | null;
  client: ClientType;
  amountMin: number | null;
  amountMax: number | null;
  page: number;
  size: number;
  sort: { key: string; dir: "asc" | "desc" } | null;
  /** Resolved from the period at parse time. */
  range: DateRange;
  /** The previous period of the same length, when `compare` is on and the period is bounded. */
  previous: DateRange | null;
  /** The portal's UTC offset, "+03:00". */
  offset: string;
}

export type ParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

export interface ParseOptions {
  /** The portal's UTC offset; default +03:00. */
  offset?: string;
  /** Sort keys the table accepts; any other `sort` is ignored. */
  sorts?: readonly string[];
}

// ---- zod fragments (composable: a page may parse only the part it needs) ----

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  });
const id = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const flag = z
  .enum(["1", "true", "on", "0", "false", "off"])
  .transform((v) => ["1", "true", "on"].includes(v));
/** A text key bound into SQL: NUL and other control characters would fail the query, so they never match. */
const key = (re: RegExp) =>
  z
    .string()
    .trim()
    .regex(re)
    .refine((s) => !hasControlChars(s));
const stageId = key(/^[A-Za-z0-9_:.-]{1,64}$/);
const reasonKey = z.union([z.literal(REASON_NONE), key(/^(stage|field):[^,\s]{1,100}$/)]);
const money = z.coerce.number().finite().min(0).max(1e15);

export const periodFragment = {
  period: z.enum(PERIOD_PRESETS).optional().catch(undefined),
  from: isoDate.nullable().catch(null),
  to: isoDate.nullable().catch(null),
  compare: flag.catch(false),
};
export const dimensionFragment = {
  pipeline: id.nullable().catch(null),
  stage: stageId.nullable().catch(null),
  managers: z.array(z.string()).transform((xs) => uniqSorted(xs.flatMap((x) => id.safeParse(x).data ?? []))),
  department: id.nullable().catch(null),
  reasons: z
    .array(z.string())
    .transform((xs) => uniqSorted(xs.flatMap((x) => reasonKey.safeParse(x).data ?? []))),
  source: key(/^[^,]{1,64}$/)
    .nullable()
    .catch(null),
  client: z.enum(CLIENT_TYPES).catch("all"),
  amountMin: money.nullable().catch(null),
  amountMax: money.nullable().catch(null),
};
export const pagingFragment = {
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE),
  sort: z.string().nullable().catch(null),
};
const filtersSchema = z.object({ ...periodFragment, ...dimensionFragment, ...pagingFragment });
/** Every URL key the filter model reads (the hostile suite feeds each of them). */
export const FILTER_KEYS = Object.keys(filtersSchema.shape) as readonly string[];

function uniqSorted<T extends number | string>(xs: T[]): T[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const MULTI = new Set(["managers", "reasons"]);
/** At most this many values of a multi-valued key are read (a real view names a few; 10,000 ids is an attack). */
export const MAX_LIST = 100;

/** Every value of every key; multi-valued keys accept both `a=1&a=2` and `a=1,2`. */
function normalise(params: ParamsInput): Record<string, string | string[] | null> {
  const all = new Map<string, string[]>();
  const push = (k: string, v: string) => all.set(k, [...(all.get(k) ?? []), v]);
  if (params instanceof URLSearchParams) for (const [k, v] of params) push(k, v);
  else
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) push(k, x);
    }
  const out: Record<string, string | string[] | null> = {};
  for (const k of Object.keys(filtersSchema.shape)) {
    const vs = (all.get(k) ?? []).filter((v) => typeof v === "string" && v.trim() !== "");
    out[k] = MULTI.has(k)
      ? vs
          .flatMap((v) => v.split(","))
          .filter(Boolean)
          .slice(0, MAX_LIST)
      : (vs[0] ?? null);
  }
  return out;
}

export function parseFilters(
  params: ParamsInput,
  now: Date = new Date(),
  options: ParseOptions = {},
): Filters {
  const raw = filtersSchema.parse(normalise(params));
  const wanted = options.offset ?? DEFAULT_OFFSET;
  const offset = offsetMinutes(wanted) === null ? DEFAULT_OFFSET : wanted;
  let { from, to } = raw;
  let period: PeriodPreset;
  if (raw.period && raw.period !== "custom") {
    period = raw.period;
    from = to = null;
  } else if (from || to) {
    period = "custom";
    if (from && to && from > to) [from, to] = [to, from];
  } else period = DEFAULT_PERIOD;
  let { amountMin, amountMax } = raw;
  if (amountMin !== null && amountMax !== null && amountMin > amountMax)
    [amountMin, amountMax] = [amountMax, amountMin];
  const sort = parseSort(raw.sort, options.sorts ?? []);
  const base = { period, from, to, offset };
  const range = resolvePeriod(base, now);
  return {
    period,
    from,
    to,
    compare: raw.compare,
    pipeline: raw.pipeline,
    stage: raw.stage,
    managers: raw.managers,
    department: raw.department,
    reasons: raw.reasons,
    source: raw.source,
    client: raw.client,
    amountMin,
    amountMax,
    page: raw.page,
    size: raw.size,
    sort,
    range,
    previous: raw.compare ? previousPeriod(base, range) : null,
    offset,
  };
}

function parseSort(value: string | null, sorts: readonly string[]): Filters["sort"] {
  if (!value) return null;
  const desc = value.startsWith("-");
  const k = desc ? value.slice(1) : value;
  return sorts.includes(k) ? { key: k, dir: desc ? "desc" : "asc" } : null;
}

/**
 * The URL keys of a view's filters (not its sort or page), in serializeFilters' order: what moving between reports
 * carries along, and the order a share link keeps them in.
 */
export const VIEW_FILTER_KEYS = [
  "from",
  "to",
  "period",
  "compare",
  "pipeline",
  "stage",
  "managers",
  "department",
  "reasons",
  "source",
  "client",
  "amountMin",
  "amountMax",
] as const;

/** Stable order, defaults omitted: the same view always gives the same link. */
export function serializeFilters(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.period === "custom") {
    if (f.from) p.set("from", f.from);
    if (f.to) p.set("to", f.to);
  } else if (f.period !== DEFAULT_PERIOD) p.set("period", f.period);
  if (f.compare) p.set("compare", "1");
  if (f.pipeline !== null) p.set("pipeline", String(f.pipeline));
  if (f.stage !== null) p.set("stage", f.stage);
  if (f.managers.length) p.set("managers", uniqSorted(f.managers).join(","));
  if (f.department !== null) p.set("department", String(f.department));
  if (f.reasons.length) p.set("reasons", uniqSorted(f.reasons).join(","));
  if (f.source !== null) p.set("source", f.source);
  if (f.client !== "all") p.set("client", f.client);
  if (f.amountMin !== null) p.set("amountMin", String(f.amountMin));
  if (f.amountMax !== null) p.set("amountMax", String(f.amountMax));
  if (f.sort) p.set("sort", `${f.sort.dir === "desc" ? "-" : ""}${f.sort.key}`);
  if (f.page !== 1) p.set("page", String(f.page));
  if (f.size !== DEFAULT_PAGE_SIZE) p.set("size", String(f.size));
  return p;
}

/**
 * The view's period as inclusive local dates (YYYY-MM-DD) for the custom-period inputs: switching to "custom"
 * starts from the dates the person is looking at. An open end is today; an open start stays empty.
 */
export function localDateBounds(f: Filters, now: Date): { from: string; to: string } {
  const off = offsetMinutes(f.offset) ?? 0;
  const day = (ms: number) => new Date(ms + off * 60_000).toISOString().slice(0, 10);
  return {
    from: f.range.from ? day(Date.parse(f.range.from)) : "",
    to: f.range.to ? day(Date.parse(f.range.to) - 1) : day(now.getTime()),
  };
}

// ---- period resolution ----

/** "+03:00" → 180; null when malformed. */
export function offsetMinutes(offset: string): number | null {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return mins > 14 * 60 ? null : m[1] === "-" ? -mins : mins;
}

type PeriodSpec = Pick<Filters, "period" | "from" | "to" | "offset">;

/** Local midnight of y-m-d (month 0-based, overflow allowed) in the offset, as an epoch ms. */
const midnight = (y: number, m: number, d: number, off: number) => Date.UTC(y, m, d) - off * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function localToday(now: Date, off: number) {
  const t = new Date(now.getTime() + off * 60_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate() };
}

function ymd(s: string) {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  return { y, m: m - 1, d };
}

/** The period as [from, to) instants; calendar presets ("this month") run to the end of today. */
export function resolvePeriod(spec: PeriodSpec, now: Date): DateRange {
  const off = offsetMinutes(spec.offset) ?? 180;
  const { y, m, d } = localToday(now, off);
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
  const start = localToday(new Date(from), off);
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

// ---- the active filters in words ----

/** Names for ids, keyed by the id as a string; anything missing reads as "#id" (or the reason key). */
export interface FilterLookups {
  pipelines?: Record<string, string>;
  stages?: Record<string, string>;
  /** Process stages a deal can be lost at, labelled apart across pipelines (the stage filter's choices). */
  lossStages?: Record<string, string>;
  managers?: Record<string, string>;
  departments?: Record<string, string>;
  reasons?: Record<string, string>;
  sources?: Record<string, string>;
}

const RU_MONTHS_IN = [
  "январе",
  "феврале",
  "марте",
  "апреле",
  "мае",
  "июне",
  "июле",
  "августе",
  "сентябре",
  "октябре",
  "ноябре",
  "декабре",
];
const RU_MONTHS_OF = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const ROMAN = ["I", "II", "III", "IV"];

type Locale = "ru" | "en";

function plural(n: number, locale: Locale, forms: { ru: [string, string, string]; en: [string, string] }) {
  if (locale === "en") return `${n} ${n === 1 ? forms.en[0] : forms.en[1]}`;
  const rule = new Intl.PluralRules("ru").select(n);
  return `${n} ${rule === "one" ? forms.ru[0] : rule === "few" ? forms.ru[1] : forms.ru[2]}`;
}

const quoted = (s: string) => `«${s}»`;

function dayWords(s: string, locale: Locale) {
  const { y, m, d } = ymd(s);
  return locale === "ru" ? `${d} ${RU_MONTHS_OF[m]} ${y}` : `${EN_MONTHS[m]?.slice(0, 3)} ${d}, ${y}`;
}

/** A whole calendar month, quarter or year between two local dates, else null. */
function calendarUnit(from: string, to: string, locale: Locale): string | null {
  const a = ymd(from);
  const endNext = new Date(Date.UTC(ymd(to).y, ymd(to).m, ymd(to).d + 1));
  if (a.d !== 1 || endNext.getUTCDate() !== 1) return null;
  const months = (endNext.getUTCFullYear() - a.y) * 12 + endNext.getUTCMonth() - a.m;
  if (months === 12 && a.m === 0) return locale === "ru" ? `в ${a.y} году` : `in ${a.y}`;
  if (months === 3 && a.m % 3 === 0) {
    const q = a.m / 3;
    return locale === "ru" ? `в ${ROMAN[q]} кв. ${a.y}` : `in Q${q + 1} ${a.y}`;
  }
  if (months === 1) return locale === "ru" ? `в ${RU_MONTHS_IN[a.m]} ${a.y}` : `in ${EN_MONTHS[a.m]} ${a.y}`;
  return null;
}

function periodWords(f: Filters, locale: Locale): string {
  const ru = locale === "ru";
  const localStart = () => {
    const off = offsetMinutes(f.offset) ?? 180;
    const t = localToday(new Date(Date.parse(f.range.from ?? "")), off);
    return t;
  };
  switch (f.period) {
    case "last30":
      return ru ? "за последние 30 дней" : "in the last 30 days";
    case "last90":
      return ru ? "за последние 90 дней" : "in the last 90 days";
    case "last12Months":
      return ru ? "за последние 12 месяцев" : "in the last 12 months";
    case "all":
      return ru ? "за всё время" : "over all time";
    case "thisMonth":
    case "lastMonth": {
      const { y, m } = localStart();
      return ru ? `в ${RU_MONTHS_IN[m]} ${y}` : `in ${EN_MONTHS[m]} ${y}`;
    }
    case "thisQuarter":
    case "lastQuarter": {
      const { y, m } = localStart();
      const q = Math.floor(m / 3);
      return ru ? `в ${ROMAN[q]} кв. ${y}` : `in Q${q + 1} ${y}`;
    }
    case "thisYear":
      return ru ? `в ${localStart().y} году` : `in ${localStart().y}`;
    default: {
      const { from, to } = f;
      if (from && to) {
        if (from === to) return ru ? dayWords(from, locale) : `on ${dayWords(from, locale)}`;
        return (
          calendarUnit(from, to, locale) ??
          (ru
            ? `с ${dayWords(from, locale)} по ${dayWords(to, locale)}`
            : `from ${dayWords(from, locale)} to ${dayWords(to, locale)}`)
        );
      }
      if (from) return ru ? `с ${dayWords(from, locale)}` : `since ${dayWords(from, locale)}`;
      if (to) return ru ? `по ${dayWords(to, locale)}` : `until ${dayWords(to, locale)}`;
      return ru ? "за всё время" : "over all time";
    }
  }
}

/** Which deals a view lists: a report reads losses; a drill-down names what its slice holds. */
export type ViewSubject = "lost" | "won" | "closed" | "open" | "worked" | "all";

const SUBJECT_WORDS: Record<ViewSubject, { ru: string; en: string }> = {
  lost: { ru: "Проигранные", en: "Lost" },
  won: { ru: "Выигранные", en: "Won" },
  closed: { ru: "Закрытые (выигранные и проигранные)", en: "Closed (won and lost)" },
  open: { ru: "Открытые, в работе", en: "Open, worked" },
  worked: { ru: "В работе", en: "Worked" },
  all: { ru: "Все сделки", en: "All deals" },
};

/** The active filters in words, e.g. "Проигранные в III кв. 2026 · Воронка «Продажи» · 3 менеджера". */
export function describeFilters(
  f: Filters,
  lookups: FilterLookups,
  locale: Locale,
  subject: ViewSubject = "lost",
): string {
  const ru = locale === "ru";
  const name = (dict: Record<string, string> | undefined, k: string | number) => dict?.[String(k)] ?? `#${k}`;
  const parts = [`${SUBJECT_WORDS[subject][locale]} ${periodWords(f, locale)}`];
  if (f.compare) parts.push(ru ? "сравнение с предыдущим периодом" : "vs previous period");
  if (f.pipeline !== null)
    parts.push(`${ru ? "Воронка" : "Pipeline"} ${quoted(name(lookups.pipelines, f.pipeline))}`);
  if (f.stage === STAGE_UNKNOWN) parts.push(ru ? "Стадия не известна" : "Stage unknown");
  else if (f.stage !== null)
    parts.push(
      `${ru ? "Стадия" : "Stage"} ${quoted(lookups.lossStages?.[f.stage] ?? lookups.stages?.[f.stage] ?? f.stage)}`,
    );
  if (f.managers.length === 1) parts.push(name(lookups.managers, f.managers[0] as number));
  else if (f.managers.length > 1)
    parts.push(
      plural(f.managers.length, locale, {
        ru: ["менеджер", "менеджера", "менеджеров"],
        en: ["manager", "managers"],
      }),
    );
  if (f.department !== null)
    parts.push(`${ru ? "Отдел" : "Department"} ${quoted(name(lookups.departments, f.department))}`);
  if (f.reasons.length === 1) {
    const r = f.reasons[0] as string;
    parts.push(
      r === REASON_NONE
        ? ru
          ? "Причина не указана"
          : "Reason not specified"
        : `${ru ? "Причина" : "Reason"} ${quoted(lookups.reasons?.[r] ?? r)}`,
    );
  } else if (f.reasons.length > 1)
    parts.push(
      plural(f.reasons.length, locale, { ru: ["причина", "причины", "причин"], en: ["reason", "reasons"] }),
    );
  if (f.source !== null)
    parts.push(`${ru ? "Источник" : "Source"} ${quoted(lookups.sources?.[f.source] ?? f.source)}`);
  if (f.client === "new") parts.push(ru ? "Новые клиенты" : "New clients");
  if (f.client === "returning") parts.push(ru ? "Повторные клиенты" : "Returning clients");
  if (f.amountMin !== null || f.amountMax !== null) {
    const n = (x: number) => new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-US").format(x);
    const { amountMin: lo, amountMax: hi } = f;
    if (ru) parts.push(`Сумма${lo !== null ? ` от ${n(lo)}` : ""}${hi !== null ? ` до ${n(hi)}` : ""}`);
    else
      parts.push(
        lo !== null && hi !== null
          ? `Amount ${n(lo)}–${n(hi)}`
          : lo !== null
            ? `Amount ≥ ${n(lo)}`
            : `Amount ≤ ${n(hi as number)}`,
      );
  }
  return parts.join(" · ");
}
