/**
 * The one filter model (DESIGN.md §4): URL search params ⇄ a typed `Filters`, shared by every page, query,
 * share link and test. Parsing is strict but forgiving — a bad value falls back to its default and never
 * throws — so any link, however edited, opens a valid view. The period is resolved here, once, into
 * [from, to) instants in the portal's UTC offset (./period.ts).
 */
import { z } from "zod";
import { hasControlChars } from "@/lib/params";
import { FILTER_KEYS, MULTI_KEYS, type ViewFilterKey } from "./keys";
import { allValues, type ParamsInput } from "./params";
import {
  type DateRange,
  DEFAULT_OFFSET,
  DEFAULT_PERIOD,
  offsetMinutes,
  PERIOD_PRESETS,
  type PeriodPreset,
  previousPeriod,
  resolvePeriod,
} from "./period";
import { DEFAULT_PAGE_SIZE, pagingFragment, parseSort, type Sort, serializeSort } from "./table";

export const CLIENT_TYPES = ["all", "new", "returning"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];
/** The reasons filter value for deals lost with no reason recorded. */
export const REASON_NONE = "none";
/** The stage filter value for losses whose stage is unknown. */
export const STAGE_UNKNOWN = "unknown";
/** At most this many values of a multi-valued key are read (a real view names a few; 10,000 ids is an attack). */
export const MAX_LIST = 100;

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
  sort: Sort | null;
  /** Resolved from the period at parse time. */
  range: DateRange;
  /** The previous period of the same length, when `compare` is on and the period is bounded. */
  previous: DateRange | null;
  /** The portal's UTC offset, "+03:00". */
  offset: string;
}

export interface ParseOptions {
  /** The portal's UTC offset; default +03:00. */
  offset?: string;
  /** Sort keys the table accepts; any other `sort` is ignored. */
  sorts?: readonly string[];
}

// ---- zod fragments, one per key of VIEW_FILTER_KEYS (typed against it) ----

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
/** A canonical reason ("r:<id>"), or a raw one ("stage:…", "field:…") that the loader resolves to its canonical reason. */
const reasonKey = z.union([z.literal(REASON_NONE), key(/^r:\d{1,9}$/), key(/^(stage|field):[^,\s]{1,100}$/)]);
const money = z.coerce.number().finite().min(0).max(1e15);

function uniqSorted<T extends number | string>(xs: T[]): T[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const viewFragment = {
  period: z.enum(PERIOD_PRESETS).optional().catch(undefined),
  from: isoDate.nullable().catch(null),
  to: isoDate.nullable().catch(null),
  compare: flag.catch(false),
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
} satisfies Record<ViewFilterKey, z.ZodType>;
const filtersSchema = z.object({ ...viewFragment, ...pagingFragment });

const MULTI: ReadonlySet<string> = new Set(MULTI_KEYS);

/** Every value of every key; multi-valued keys accept both `a=1&a=2` and `a=1,2`. */
function normalise(params: ParamsInput): Record<string, string | string[] | null> {
  const out: Record<string, string | string[] | null> = {};
  for (const k of FILTER_KEYS) {
    const vs = allValues(params, k).filter((v) => typeof v === "string" && v.trim() !== "");
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
  const base = { period, from, to, offset };
  const range = resolvePeriod(base, now);
  // The field order is the original one: caches key on the serialised filters.
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
    sort: parseSort(raw.sort, options.sorts ?? []),
    range,
    previous: raw.compare ? previousPeriod(base, range) : null,
    offset,
  };
}

/** Each key's URL value, or null when it holds its default (defaults are omitted from links). */
function urlValues(f: Filters): Record<(typeof FILTER_KEYS)[number], string | null> {
  const custom = f.period === "custom";
  const text = (v: number | string | null) => (v === null ? null : String(v));
  const list = (xs: (number | string)[]) => (xs.length ? uniqSorted(xs).join(",") : null);
  return {
    period: custom || f.period === DEFAULT_PERIOD ? null : f.period,
    from: custom ? f.from : null,
    to: custom ? f.to : null,
    compare: f.compare ? "1" : null,
    pipeline: text(f.pipeline),
    stage: f.stage,
    managers: list(f.managers),
    department: text(f.department),
    reasons: list(f.reasons),
    source: f.source,
    client: f.client === "all" ? null : f.client,
    amountMin: text(f.amountMin),
    amountMax: text(f.amountMax),
    sort: f.sort ? serializeSort(f.sort) : null,
    page: f.page === 1 ? null : String(f.page),
    size: f.size === DEFAULT_PAGE_SIZE ? null : String(f.size),
  };
}

/** Stable order (FILTER_KEYS), defaults omitted: the same view always gives the same link. */
export function serializeFilters(f: Filters, into = new URLSearchParams()): URLSearchParams {
  const values = urlValues(f);
  for (const k of FILTER_KEYS) {
    const v = values[k];
    if (v) into.set(k, v);
  }
  return into;
}

/** Only the view's filters (no sort, no page): what moving between pages and a filter form's reset keep. */
export function serializeViewFilters(f: Filters, into = new URLSearchParams()): URLSearchParams {
  return serializeFilters({ ...f, sort: null, page: 1, size: DEFAULT_PAGE_SIZE }, into);
}
