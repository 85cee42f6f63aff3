import type { DataScope } from "@/lib/analytics/scope";
import type { Locale } from "@/lib/i18n/config";
import type { FilterLookups } from "@/lib/i18n/describe-filters";
import type { Filters } from "@/lib/url-state/filters";
import type { Slice } from "@/lib/url-state/slice";
import type { ReportPortal } from "./portal";
import type { ReportData, ReportKind } from "./registry";

/**
 * Where a number leads. In the app: the drill-down list and CSV exports under the same filters. On a public
 * share page both are null — the frozen view is all it shows.
 */
export interface ReportLinks {
  drill: ((slice: Slice) => string) | null;
  csv: ((table: string, separator?: ";") => string) | null;
}

/** Everything a report view shows besides its data: whose portal, which filters in words, in which language. */
export interface ReportView {
  locale: Locale;
  portal: ReportPortal;
  filters: Filters;
  lookups: FilterLookups;
  scope: DataScope;
  /** The report clock (LOSSLENS_NOW in the demo): which chart buckets the period covers only in part. */
  now: Date;
}

/** One report, read: what its page and its share page render. */
export interface LoadedReport<K extends ReportKind> {
  kind: K;
  data: ReportData<K>;
  /** The same report over the previous period, when the report compares and "compare" is on; else null. */
  previous: ReportData<K> | null;
  links: ReportLinks;
  view: ReportView;
}

/** Any one report, told apart by `kind`. */
export type AnyLoadedReport = { [K in ReportKind]: LoadedReport<K> }[ReportKind];
