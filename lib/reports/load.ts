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
import { resolveReasonFilter } from "@/lib/reasons/resolve";
import { openShareLink } from "@/lib/share/links";
import { serializeFilters } from "@/lib/url-state/filters";
import { BACK_PARAM } from "@/lib/url-state/keys";
import type { ParamsInput } from "@/lib/url-state/params";
import { parseSlice, serializeSlice } from "@/lib/url-state/slice";
import { buildReportContext, previousFilters, type ReportContext } from "./context";
import { type CsvFile, exportCsv } from "./exports";
import { getReportPortal, type ReportPortal, reportNow } from "./portal";
import { isReportKind, mayOpenReport, type PageKind, REPORTS, type ReportKind } from "./registry";
import type { AnyLoadedReport, LoadedReport, ReportLinks, ReportView } from "./types";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A viewer seated at their portal: what every read needs before any filter. */
export interface Seat {
  /** The primary: writes, and reads that must see a write just made. */
  db: Database;
  /**
   * Where this request's report and search reads go: one healthy read replica for the whole request (so a
   * report's cache version and its data come from the same server), else the primary.
   */
  reads: Database;
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
  const handle = await getDb();
  // The portal and its settings from the primary: a setting just saved applies to this very request.
  const portal = await getReportPortal(handle.db, viewer.portalId);
  if (!portal) return null;
  return {
    db: handle.db,
    reads: handle.pinReads(),
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

/**
 * A seat's report context for the URL state in `params` (the drill-down's sort keys unless `sorts` says else).
 * Its `db` is the seat's read replica, or the primary with `primary` (a page where people edit what they read).
 */
export function loadContext(
  seat: Seat,
  params: ParamsInput,
  opts: { sorts?: readonly string[]; primary?: boolean } = {},
) {
  return canonicalContext({ ...seat, db: opts.primary ? seat.db : seat.reads, params, sorts: opts.sorts });
}

/** Pages whose readers also edit what they read (themes, competitors): they read the primary, to see each edit. */
const EDITED_WHERE_READ: ReadonlySet<PageKind> = new Set(["themes"]);

/**
 * The report context with a canonical reasons filter: a raw reason from a link made before canonical reasons, or a
 * reason since merged, reads as its canonical reason — on pages, exports and share pages alike.
 */
async function canonicalContext(input: Parameters<typeof buildReportContext>[0]): Promise<ReportContext> {
  const ctx = await buildReportContext(input);
  ctx.filters.reasons = await resolveReasonFilter(ctx.db, ctx.portal.id, ctx.filters.reasons);
  return ctx;
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
  const ctx = await loadContext(seat, await searchParams, { ...opts, primary: EDITED_WHERE_READ.has(kind) });
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

/** What a report view shows besides the data: plain values, no database. */
function viewOf(ctx: ReportContext): ReportView {
  const { portal, filters, lookups, scope, locale } = ctx;
  return { portal, filters, lookups, scope, locale, now: reportNow() };
}

/**
 * Report `kind` under the context's filters: its data and, when it compares and "compare" is on, the same over the
 * previous period — both at once.
 */
async function readReport<K extends ReportKind>(
  kind: K,
  ctx: ReportContext,
  links: ReportLinks,
): Promise<LoadedReport<K>> {
  const def = REPORTS[kind];
  const before = def.comparesPrevious ? previousFilters(ctx.filters) : null;
  const [data, previous] = await Promise.all([
    def.get(ctx.db, ctx.scope, ctx.filters),
    before ? def.get(ctx.db, ctx.scope, before) : null,
  ]);
  return { kind, data, previous, links, view: viewOf(ctx) };
}

export type ReportPageResult<K extends ReportKind> =
  | { status: "ok"; viewer: Viewer; ctx: ReportContext; report: LoadedReport<K>; query: string }
  | { status: "no_portal"; viewer: Viewer; locale: Locale };

/**
 * A report page in one call: viewer (signed out → /login) → role check (a team report for a manager → /me) →
 * portal (read once) → scope → the URL's filters → the report's data, the previous period's when it compares, and
 * where its numbers lead (drill-down, CSV) — all under the same filters. The page renders `report`; `ctx` and
 * `query` feed the filter bar and the links to the other reports.
 */
export async function loadReport<K extends ReportKind>(
  kind: K,
  source: { searchParams: SearchParams },
): Promise<ReportPageResult<K>> {
  const page = await loadReportPage(kind, source.searchParams);
  if (!page.ctx) return { status: "no_portal", viewer: page.viewer, locale: toLocale(await getLocale()) };
  const report = await readReport(kind, page.ctx, page.links);
  return { status: "ok", viewer: page.viewer, ctx: page.ctx, report, query: page.query };
}

/**
 * A CSV export request: the signed-in viewer's role for `report`, their portal and scope, the URL's filters, then
 * the table `?table=` (the report's name by default) under them.
 */
export async function loadReportCsv(
  viewer: Viewer,
  report: string,
  url: URL,
): Promise<{ status: "forbidden" | "no_portal" | "unknown_table" } | { status: "ok"; file: CsvFile }> {
  if (!mayOpenReport(viewer.role, report)) return { status: "forbidden" };
  const seat = await loadSeat(viewer);
  if (!seat) return { status: "no_portal" };
  const ctx = await loadContext(seat, url.searchParams);
  const separator = url.searchParams.get("sep") === "semicolon" ? ";" : ",";
  const table = url.searchParams.get("table") ?? report;
  const file = await exportCsv(ctx, report, table, parseSlice(url.searchParams), separator);
  return file ? { status: "ok", file } : { status: "unknown_table" };
}

/** A public share page's report: the frozen filters and scope of a live link, or why there is none. */
export async function loadSharedReport(
  token: string,
  ip: string | null,
  locale: Locale,
): Promise<
  | { status: "not_found" | "gone" }
  | { status: "ok"; report: AnyLoadedReport; link: { label: string | null; expiresAt: Date } }
> {
  const handle = await getDb();
  const { db } = handle;
  // Expiry is a security fact: the real clock, never the report clock (LOSSLENS_NOW) the demo freezes.
  const res = await openShareLink(db, token, new Date(), ip);
  if (res.status === "not_found") return { status: "not_found" };
  if (res.status !== "ok") return { status: "gone" };
  const portal = await getReportPortal(db, res.link.portalId);
  if (!portal || !isReportKind(res.link.report)) return { status: "not_found" };
  // The link and its portal came from the primary (a link just created opens at once); the report from a replica.
  const reads = handle.pinReads();
  const ctx = await canonicalContext({ db: reads, portal, scope: res.scope, params: res.params, locale });
  const report = (await readReport(res.link.report, ctx, NO_LINKS)) as AnyLoadedReport;
  return { status: "ok", report, link: res.link };
}
