/**
 * After a sync, compute each report's default view (all managers, default period) and its "all time" view — the
 * two a director opens first, and "all time" is the costliest to compute cold at a million deals (the Clients
 * report groups every closed deal by client: ~1.4 s on 2 cores) — so they are read from the result cache
 * instead of waiting for the cold queries.
 */
import type { Database } from "@/db";
import { parseFilters } from "@/lib/url-state/filters";
import { DRILLDOWN_SORTS } from "@/lib/url-state/slice";
import { getReportPortal, reportNow } from "./portal";
import { REPORT_KINDS, REPORTS } from "./registry";

export async function warmDefaultReports(db: Database, portalId: number): Promise<number> {
  const portal = await getReportPortal(db, portalId);
  if (!portal) return 0;
  // Parsed exactly as a report page parses its URL, so the page's request is a cache hit.
  const views = ["", "period=all"].map((query) =>
    parseFilters(new URLSearchParams(query), reportNow(), { offset: portal.offset, sorts: DRILLDOWN_SORTS }),
  );
  const scope = { portalId, managerIds: null };
  const started = Date.now();
  // One at a time: the server keeps answering pages while this runs.
  for (const filters of views) {
    for (const kind of REPORT_KINDS) await REPORTS[kind].get(db, scope, filters);
  }
  return Date.now() - started;
}
