import { cappedSuffix } from "@/lib/analytics/csv";
import { withRoute } from "@/lib/auth/action";
import { exportCommentsCsv } from "@/lib/comments/export";
import { toLocale } from "@/lib/i18n/config";
import { reportNow } from "@/lib/reports/context";
import { loadContext, loadSeat } from "@/lib/reports/load";
import { COMMENT_SORTS, parseCommentParams } from "@/lib/url-state/comments";

/**
 * CSV of the comments the browser's URL selects, with their themes and competitors. The session and the data
 * scope are checked here again: the link is just a URL, anyone can call it.
 */
export const GET = withRoute(["admin", "director", "manager"], async (request, viewer) => {
  const url = new URL(request.url);
  const locale = toLocale(url.searchParams.get("lang") ?? viewer.locale);
  const seat = await loadSeat(viewer, locale);
  if (!seat) return new Response("No portal", { status: 404 });
  const { db, scope, portal, filters } = await loadContext(seat, url.searchParams, { sorts: COMMENT_SORTS });
  // A manager's own filter cannot widen their scope (the SQL applies the scope anyway).
  const params = parseCommentParams(url.searchParams);
  const { csv, rows, total } = await exportCommentsCsv(
    db,
    scope,
    filters,
    params,
    locale,
    portal.baseCurrency,
  );
  const day = reportNow().toISOString().slice(0, 10);
  // Never silently short: a capped file says how much of the list it holds.
  const capped = cappedSuffix(rows, total);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="losslens-comments${capped}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
