import { withRoute } from "@/lib/auth/action";
import { loadReportCsv } from "@/lib/reports/load";

const REFUSED = { forbidden: 403, no_portal: 404, unknown_table: 404 } as const;
const WHY = { forbidden: "forbidden", no_portal: "no portal", unknown_table: "unknown table" } as const;

/** GET /api/export/<report>?<filters>&table=<name>[&sep=semicolon] — the signed-in viewer's scope only. */
export const GET = withRoute<{ params: Promise<{ report: string }> }>(
  ["admin", "director", "manager"],
  async (request, viewer, { params }) => {
    const { report } = await params;
    const res = await loadReportCsv(viewer, report, new URL(request.url));
    if (res.status !== "ok") return new Response(WHY[res.status], { status: REFUSED[res.status] });
    return new Response(res.file.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${res.file.name}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
