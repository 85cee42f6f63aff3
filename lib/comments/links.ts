/** Where a comment leads: its deal's drill-down under the same filters, and the deal in Bitrix24. */
import { type Slice, serializeSlice } from "@/lib/analytics/drilldown";
import { type Filters, serializeFilters } from "@/lib/filters";

export interface DealRef {
  dealId: number;
  outcome: "won" | "lost" | "open";
  managerId: number | null;
  reasonKey: string | null;
  lossDate: string | null;
}

/** /deals under the view's filters narrowed to this one deal (its card: stage path, reason, comment, link). */
export function dealDrillHref(filters: Filters, deal: DealRef): string {
  const p = serializeFilters({ ...filters, page: 1, sort: null });
  const slice: Slice = { deal: deal.dealId, outcome: deal.outcome };
  serializeSlice(slice, p);
  p.set("back", "comments");
  return `/deals?${p.toString()}`;
}

/** /deals for one manager's lost deals in view (the missing-comments panel). */
export function managerLostHref(filters: Filters, managerId: number | null): string {
  const p = serializeFilters({ ...filters, page: 1, sort: null });
  serializeSlice({ outcome: "lost", manager: managerId ?? 0 }, p);
  p.set("back", "comments");
  return `/deals?${p.toString()}`;
}
