import { getLocale } from "next-intl/server";
import { withRoute } from "@/lib/auth/action";
import { toLocale } from "@/lib/i18n/config";
import { exportCsv } from "@/lib/reports/exports";
import { loadContext, loadSeat } from "@/lib/reports/load";
import { mayOpenReport } from "@/lib/reports/registry";
import { parseSlice } from "@/lib/url-state/slice";

/** GET /api/export/<report>?<filters>&table=<name>[&sep=semicolon] — the signed-in viewer's scope only. */
export const GET = withRoute<{ params: Promise<{ report: string }> }>(
  ["admin", "director", "manager"],
  async (request, viewer, { params }) => {
    const { report } = await params;
    if (!mayOpenReport(viewer.role, report)) return new Response("forbidden", { status: 403 });
    const url = new URL(request.url);
    const seat = await loadSeat(viewer, toLocale(await getLocale()));
    if (!seat) return new Response("no portal", { status: 404 });
    const ctx = await loadContext(seat, url.searchParams);
    const separator = url.searchParams.get("sep") === "semicolon" ? ";" : ",";
    const file = await exportCsv(
      ctx,
      report,
      url.searchParams.get("table") ?? report,
      parseSlice(url.searchParams),
      separator,
    );
    if (!file) return new Response("unknown table", { status: 404 });
    return new Response(file.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.name}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
