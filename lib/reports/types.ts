import type { Slice } from "@/lib/url-state/slice";

/**
 * Where a number leads. In the app: the drill-down list and CSV exports under the same filters. On a public
 * share page both are null — the frozen view is all it shows.
 */
export interface ReportLinks {
  drill: ((slice: Slice) => string) | null;
  csv: ((table: string, separator?: ";") => string) | null;
}
