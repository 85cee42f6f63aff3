/**
 * What every report view needs, built once per request: the portal, the viewer's data scope, the parsed
 * filters (in the portal's UTC offset) and the names behind the filter ids. Pages build it from the URL;
 * share links build it from their frozen filters — the report components cannot tell the difference.
 */
import "server-only";
import type { Database } from "@/db";
import { getFilterLookups } from "@/lib/analytics/lookups";
import type { DataScope } from "@/lib/analytics/scope";
import type { Locale } from "@/lib/i18n/config";
import type { FilterLookups } from "@/lib/i18n/describe-filters";
import { type Filters, parseFilters } from "@/lib/url-state/filters";
import type { ParamsInput } from "@/lib/url-state/params";
import { DRILLDOWN_SORTS } from "@/lib/url-state/slice";
import { getReportPortal, type ReportPortal, reportNow } from "./portal";

export { getReportPortal, type ReportPortal, reportNow };

export interface ReportContext {
  db: Database;
  portal: ReportPortal;
  scope: DataScope;
  filters: Filters;
  lookups: FilterLookups;
  locale: Locale;
}

export async function buildReportContext(input: {
  db: Database;
  portal: ReportPortal;
  scope: DataScope;
  params: ParamsInput;
  locale: Locale;
  /** The sort keys the page knows; the drill-down's by default. */
  sorts?: readonly string[];
}): Promise<ReportContext> {
  const { db, portal } = input;
  const filters = parseFilters(input.params, reportNow(), {
    offset: portal.offset,
    sorts: input.sorts ?? DRILLDOWN_SORTS,
  });
  // A manager's filter can only narrow within their own scope: foreign manager ids are dropped here too.
  if (input.scope.managerIds !== null) {
    const allowed = new Set(input.scope.managerIds);
    filters.managers = filters.managers.filter((m) => allowed.has(m));
  }
  const lookups = await getFilterLookups(db, input.scope);
  return { db, portal, scope: input.scope, filters, lookups, locale: input.locale };
}

/** The same view over the previous period (when "compare" is on and the period is bounded), else null. */
export function previousFilters(filters: Filters): Filters | null {
  return filters.previous ? { ...filters, range: filters.previous, previous: null, compare: false } : null;
}
