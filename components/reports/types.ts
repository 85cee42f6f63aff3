import type { ReactNode } from "react";
import type { Slice } from "@/lib/analytics/drilldown";
import type { ReportContext } from "@/lib/reports/context";

export const REPORT_KINDS = ["overview", "stages", "reasons", "managers", "clients", "strategies"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Where a number leads. In the app: the drill-down list and CSV exports under the same filters. On a public
 * share page both are null — the frozen view is all it shows.
 */
export interface ReportLinks {
  drill: ((slice: Slice) => string) | null;
  csv: ((table: string, separator?: ";") => string) | null;
}

export interface ReportProps {
  ctx: ReportContext;
  links: ReportLinks;
}

/** Page-only parts a report frame shows: the filter bar and the action buttons (absent on share pages). */
export interface ReportSlots {
  filterBar?: ReactNode;
  actions?: ReactNode;
}
