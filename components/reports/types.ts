import type { ReactNode } from "react";
import type { ReportContext } from "@/lib/reports/context";
import type { ReportLinks } from "@/lib/reports/types";

export type { ReportKind } from "@/lib/reports/registry";
export type { ReportLinks };

export interface ReportProps {
  ctx: ReportContext;
  links: ReportLinks;
}

/** Page-only parts a report frame shows: the filter bar and the action buttons (absent on share pages). */
export interface ReportSlots {
  filterBar?: ReactNode;
  actions?: ReactNode;
}
