/** Where a comment leads: its deal's drill-down under the same filters, and the deal in Bitrix24. */
import { type Slice, serializeSlice } from "@/lib/analytics/drilldown";
import { type Filters, REASON_NONE, serializeFilters } from "@/lib/filters";

export interface DealRef {
  dealId: number;
  outcome: "won" | "lost" | "open";
  managerId: number | null;
  reasonKey: string | null;
  lossDate: string | null;
}

/** The lost month in the portal's offset ("2026-03"), so the drill-down narrows to the deal's slice. */
function localMonth(iso: string, offset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  const mins = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 180;
  return new Date(Date.parse(iso) + mins * 60_000).toISOString().slice(0, 7);
}

/**
 * /deals under the view's filters plus the deal's own slice (manager, outcome, reason, month), and `card=<id>`
 * naming the deal whose card to open.
 */
export function dealDrillHref(filters: Filters, deal: DealRef): string {
  const p = serializeFilters({ ...filters, page: 1, sort: null });
  const slice: Slice = {
    outcome: deal.outcome,
    manager: deal.managerId ?? 0,
    ...(deal.outcome === "lost" ? { reason: deal.reasonKey ?? REASON_NONE } : {}),
    ...(deal.lossDate ? { month: localMonth(deal.lossDate, filters.offset) } : {}),
  };
  serializeSlice(slice, p);
  p.set("card", String(deal.dealId));
  return `/deals?${p.toString()}`;
}

/** /deals for one manager's lost deals in view (the missing-comments panel). */
export function managerLostHref(filters: Filters, managerId: number | null): string {
  const p = serializeFilters({ ...filters, page: 1, sort: null });
  serializeSlice({ outcome: "lost", manager: managerId ?? 0 }, p);
  return `/deals?${p.toString()}`;
}
