import type { ReactNode } from "react";
import type { ReportKind } from "@/lib/reports/registry";
import type { LoadedReport } from "@/lib/reports/types";

/** Page-only parts a report frame shows: the filter bar and the action buttons (absent on share pages). */
export interface ReportSlots {
  filterBar?: ReactNode;
  actions?: ReactNode;
}

/** What a report view is given: its data, the previous period's, where numbers lead, and the view's settings. */
export type ReportProps<K extends ReportKind> = LoadedReport<K> & ReportSlots;
