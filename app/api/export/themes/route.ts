import { withRoute } from "@/lib/auth/action";
import { toLocale } from "@/lib/i18n/config";
import { describeFilters } from "@/lib/i18n/describe-filters";
import { loadContext, loadSeat } from "@/lib/reports/load";
import { themeBrief } from "@/lib/themes/brief";
import { getCompetitorStats } from "@/lib/themes/competitors";
import { getThemeOverview } from "@/lib/themes/stats";

/**
 * The Markdown content brief of one theme (`?theme=<id>`), or of every theme with deals, under the URL's
 * filters and the viewer's data scope (re-checked here: the link is just a URL).
 */
export const GET = withRoute(["admin", "director", "manager"], async (request, viewer) => {
  const url = new URL(request.url);
  const locale = toLocale(url.searchParams.get("lang") ?? viewer.locale);
  const seat = await loadSeat(viewer, locale);
  if (!seat) return new Response("No portal", { status: 404 });
  const { db, scope, portal, filters, lookups } = await loadContext(seat, url.searchParams);
  const [overview, competitors] = await Promise.all([
    getThemeOverview(db, scope, filters),
    getCompetitorStats(db, scope, filters),
  ]);
  const themeId = Number(url.searchParams.get("theme"));
  const chosen = overview.themes.filter((t) => (themeId ? t.id === themeId : t.deals > 0));
  if (themeId && !chosen.length) return new Response("Not found", { status: 404 });
  const period = describeFilters(filters, lookups, locale);
  const body = chosen
    .map((t) => themeBrief(t, overview, competitors, { locale, currency: portal.baseCurrency, period }))
    .join("\n---\n\n");
  const name = chosen.length === 1 ? chosen[0]?.key : "all";
  return new Response(body, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="losslens-brief-${name}.md"`,
      "Cache-Control": "no-store",
    },
  });
});
