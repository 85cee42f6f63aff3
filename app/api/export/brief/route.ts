import { withRoute } from "@/lib/auth/action";
import { toLocale } from "@/lib/i18n/config";
import { describeFilters } from "@/lib/i18n/describe-filters";
import { briefMessages } from "@/lib/i18n/sections/brief";
import { loadContext, loadSeat } from "@/lib/reports/load";
import { reportNow } from "@/lib/reports/portal";
import { briefMarkdown } from "@/lib/themes/brief";
import { getBriefData } from "@/lib/themes/brief-data";
import { briefDocx } from "@/lib/themes/brief-docx";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** `?theme=<id>`: a positive integer, else every theme with deals. */
function themeParam(v: string | null): number | null {
  const n = Number(v);
  return v && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The content brief of one theme (`?theme=<id>`) or of every theme with deals, as Markdown or, with
 * `?format=docx`, as a Word document — under the URL's filters and the viewer's data scope, re-checked here
 * (the link is just a URL). Anonymous by construction: no manager names, personal data stripped from quotes.
 */
export const GET = withRoute(["admin", "director", "manager"], async (request, viewer) => {
  const url = new URL(request.url);
  const locale = toLocale(url.searchParams.get("lang") ?? viewer.locale);
  const docx = url.searchParams.get("format") === "docx";
  const seat = await loadSeat(viewer, locale);
  if (!seat) return new Response("No portal", { status: 404 });
  const { db, scope, portal, filters, lookups } = await loadContext(seat, url.searchParams);
  const themeId = themeParam(url.searchParams.get("theme"));
  const data = await getBriefData(db, scope, filters, {
    placeholders: briefMessages[locale].placeholders,
    themeId,
  });
  if (themeId && !data.themes.length) return new Response("Not found", { status: 404 });
  const opts = { locale, currency: portal.baseCurrency, period: describeFilters(filters, lookups, locale) };
  const name = `losslens-brief-${themeId ? (data.themes[0]?.key ?? "theme") : "all"}-${reportNow().toISOString().slice(0, 10)}`;
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (docx)
    return new Response(new Uint8Array(await briefDocx(data, opts)), {
      headers: {
        ...headers,
        "Content-Type": DOCX,
        "Content-Disposition": `attachment; filename="${name}.docx"`,
      },
    });
  return new Response(briefMarkdown(data, opts), {
    headers: {
      ...headers,
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.md"`,
    },
  });
});
