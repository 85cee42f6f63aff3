/**
 * Links into and out of the drill-down (/deals): the way back to the page a number was clicked on, the table's
 * sort and page links, its CSV, and the deals behind a comment or a manager's missing comments.
 */
import { REPORT_KINDS } from "@/lib/reports/registry";
import { type Filters, serializeFilters } from "./filters";
import { BACK_PARAM, SLICE_PREFIX, TABLE_KEYS } from "./keys";
import { allValues, href, type ParamsInput, pickParams, withChanges } from "./params";
import { type DrilldownSort, type Slice, serializeSlice } from "./slice";
import { nextSort, type Sort, serializeSort } from "./table";

const BACK_TARGETS = new Set<string>([...REPORT_KINDS, "comments", "themes", "me"]);

/** Where "← Back to the report" leads: a known page only (never a URL from the query), else Overview. */
export function backTarget(value: unknown): string {
  return typeof value === "string" && BACK_TARGETS.has(value) ? `/${value}` : "/overview";
}

export interface DealsLinks {
  /** The same list on page `n`. */
  page(n: number): string;
  /** The list sorted by `key`: descending first, the current key flips. */
  sort(key: DrilldownSort): string;
  /** The whole list as CSV. */
  csv: string;
  /** The page the number was clicked on, under the same filters (no slice, sort or page). */
  back: string;
}

/** Every link the /deals page shows, from its own search params and the sort it was answered with. */
export function dealsLinks(params: ParamsInput, sort: Sort<DrilldownSort>): DealsLinks {
  const deals = (changes: Record<string, string | null>) =>
    `/deals?${withChanges(params, changes).toString()}`;
  const table: readonly string[] = TABLE_KEYS;
  const backValues = allValues(params, BACK_PARAM);
  const kept = pickParams(
    params,
    (k) => !k.startsWith(SLICE_PREFIX) && !table.includes(k) && k !== BACK_PARAM,
  );
  return {
    page: (n) => deals({ page: String(n) }),
    sort: (key) => deals({ sort: serializeSort(nextSort(sort, key)), page: null }),
    csv: `/api/export/deals?${withChanges(params, { table: "deals" }).toString()}`,
    back: href(backTarget(backValues.length === 1 ? backValues[0] : undefined), kept),
  };
}

/** /deals under the view's filters narrowed to `slice`, with the way back to `from`. */
export function drillHref(filters: Filters, slice: Slice, from: string): string {
  const p = serializeFilters({ ...filters, page: 1, sort: null });
  serializeSlice(slice, p);
  p.set(BACK_PARAM, from);
  return `/deals?${p.toString()}`;
}

export interface DealRef {
  dealId: number;
  outcome: "won" | "lost" | "open";
  managerId: number | null;
  reasonKey: string | null;
  lossDate: string | null;
}

/** /deals under the view's filters narrowed to this one deal (its card: stage path, reason, comment, link). */
export function dealDrillHref(filters: Filters, deal: DealRef): string {
  return drillHref(filters, { deal: deal.dealId, outcome: deal.outcome }, "comments");
}

/** /deals for one manager's lost deals in view (the missing-comments panel). */
export function managerLostHref(filters: Filters, managerId: number | null): string {
  return drillHref(filters, { outcome: "lost", manager: managerId ?? 0 }, "comments");
}
