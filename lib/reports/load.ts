/**
 * The read path's one entry: who is looking → which portal (read once) → their data scope → the view's URL state
 * → the role check. Pages, route handlers, server actions and share pages all start here; nothing else resolves
 * viewer, portal and scope by itself.
 */
import "server-only";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { type Database, getDb } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import { requireViewer } from "@/lib/auth/guards";
import { scopeFor, type Viewer } from "@/lib/auth/viewer";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { openShareLink } from "@/lib/share/links";
import { serializeFilters } from "@/lib/url-state/filters";
import { BACK_PARAM } from "@/lib/url-state/keys";
import type { ParamsInput } from "@/lib/url-state/params";
import { serializeSlice } from "@/lib/url-state/slice";
import { buildReportContext, type ReportContext } from "./context";
import { getReportPortal, type ReportPortal } from "./portal";
import { isReportKind, mayOpenReport, type PageKind, type ReportKind } from "./registry";
import type { ReportLinks } from "./types";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A viewer seated at their portal: what every read needs before any filter. */
export interface Seat {
  db: Database;
  viewer: Viewer;
  portal: ReportPortal;
  scope: DataScope;
  locale: Locale;
}

/**
 * The viewer's portal and data scope, or null when no portal is connected yet. A manager reads the portal they
 * are linked to; directors and admins the installation's portal.
 */
export async function loadSeat(viewer: Viewer, locale?: Locale): Promise<Seat | null> {
  const { db } = await getDb();
  const portal = await getReportPortal(db, viewer.portalId);
  if (!portal) return null;
  return {
    db,
    viewer,
    portal,
    scope: scopeFor(viewer, portal.id),
    locale: locale ?? toLocale(await getLocale()),
  };
}

/** The signed-in viewer's seat for a page (signed out → /login); `seat` null when no portal is connected. */
export async function loadPageSeat(): Promise<{ viewer: Viewer; seat: Seat | null }> {
  const viewer = await requireViewer();
  return { viewer, seat: await loadSeat(viewer) };
}

/** A seat's report context for the URL state in `params` (the drill-down's sort keys unless `sorts` says else). */
export function loadContext(seat: Seat, params: ParamsInput, opts: { sorts?: readonly string[] } = {}) {
  return buildReportContext({ ...seat, params, sorts: opts.sorts });
}

export interface ReportPage {
  viewer: Viewer;
  ctx: ReportContext | null;
  links: ReportLinks;
  /** The filters as a query string (defaults omitted), for share links and report-to-report navigation. */
  query: string;
}

const NO_LINKS: ReportLinks = { drill: null, csv: null };

/**
 * A report page's server side in one call: who is looking (signed out → /login, a team report for a manager →
 * /me), which portal, their data scope, the filters from the URL, and where numbers lead (drill-down, CSV) — all
 * under the same filters.
 */
export async function loadReportPage(
  kind: PageKind,
  searchParams: SearchParams,
  opts: { sorts?: readonly string[] } = {},
): Promise<ReportPage> {
  const viewer = await requireViewer();
  if (!mayOpenReport(viewer.role, kind)) redirect("/me");
  const seat = await loadSeat(viewer);
  if (!seat) return { viewer, ctx: null, links: NO_LINKS, query: "" };
  const ctx = await loadContext(seat, await searchParams, opts);
  const filterQuery = serializeFilters(ctx.filters);
  return { viewer, ctx, links: reportLinks(kind, filterQuery), query: filterQuery.toString() };
}

/** Where a number leads from page `kind`: the drill-down list and CSV exports under the same filters. */
function reportLinks(kind: PageKind | ReportKind, filterQuery: URLSearchParams): ReportLinks {
  return {
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
}

/** A public share page's view: the frozen filters and scope of a live link, or why there is none. */
export async function loadSharedReport(
  token: string,
  ip: string | null,
  locale: Locale,
): Promise<
  | { status: "not_found" | "gone" }
  | { status: "ok"; kind: ReportKind; ctx: ReportContext; link: { label: string | null; expiresAt: Date } }
> {
  const { db } = await getDb();
  // Expiry is a security fact: the real clock, never the report clock (LOSSLENS_NOW) the demo freezes.
  const res = await openShareLink(db, token, new Date(), ip);
  if (res.status === "not_found") return { status: "not_found" };
  if (res.status !== "ok") return { status: "gone" };
  const portal = await getReportPortal(db, res.link.portalId);
  if (!portal || !isReportKind(res.link.report)) return { status: "not_found" };
  const ctx = await buildReportContext({ db, portal, scope: res.scope, params: res.params, locale });
  return { status: "ok", kind: res.link.report, ctx, link: res.link };
}
