/**
 * A report page's server side in one call: who is looking (signed out → /login), which portal, their data
 * scope, the filters from the URL, and where numbers lead (drill-down, CSV) — all under the same filters.
 */
import "server-only";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import type { ReportKind, ReportLinks } from "@/components/reports/types";
import { getDb } from "@/db";
import { serializeSlice } from "@/lib/analytics/drilldown";
import { requireViewer, scopeFor, type Viewer } from "@/lib/auth/guards";
import { type ParamsInput, serializeFilters } from "@/lib/filters";
import { toLocale } from "@/lib/i18n/config";
import { buildReportContext, getReportPortal, type ReportContext } from "./context";
import { mayOpenReport } from "./roles";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export interface ReportPage {
  viewer: Viewer;
  ctx: ReportContext | null;
  links: ReportLinks;
  /** The filters as a query string (defaults omitted), for share links and report-to-report navigation. */
  query: string;
}

const NO_LINKS: ReportLinks = { drill: null, csv: null };

/** The drill-down's way back: the page a number was clicked on. */
export const BACK_PARAM = "back";
const BACK_TARGETS = new Set([
  "overview",
  "stages",
  "reasons",
  "managers",
  "clients",
  "strategies",
  "comments",
  "themes",
  "me",
]);

/** Where "← Back to the report" leads: a known page only (never a URL from the query), else Overview. */
export function backTarget(value: unknown): string {
  return typeof value === "string" && BACK_TARGETS.has(value) ? `/${value}` : "/overview";
}

export async function loadReportPage(
  kind: ReportKind | "deals" | "comments" | "themes",
  searchParams: SearchParams,
): Promise<ReportPage> {
  const viewer = await requireViewer();
  const params: ParamsInput = await searchParams;
  if (!mayOpenReport(viewer.role, kind)) redirect("/me");
  const locale = toLocale(await getLocale());
  const { db } = await getDb();
  const portal = await getReportPortal(db, viewer.portalId);
  if (!portal) return { viewer, ctx: null, links: NO_LINKS, query: "" };
  const ctx = await buildReportContext({
    portalId: portal.id,
    scope: scopeFor(viewer, portal.id),
    params,
    locale,
  });
  const filterQuery = serializeFilters(ctx.filters);
  const query = filterQuery.toString();
  const links: ReportLinks = {
    drill: (slice) => {
      const p = new URLSearchParams(filterQuery);
      p.delete("page");
      p.delete("sort");
      // "← Back to the report" returns to the page the number was on.
      if (kind !== "deals") p.set(BACK_PARAM, kind);
      return `/deals?${serializeSlice(slice, p).toString()}`;
    },
    csv: (table, separator) => {
      const p = new URLSearchParams(filterQuery);
      p.set("table", table);
      if (separator) p.set("sep", "semicolon");
      return `/api/export/${kind}?${p.toString()}`;
    },
  };
  return { viewer, ctx, links, query };
}
