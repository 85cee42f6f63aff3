/**
 * After a sync, compute each report's default view (all managers, default period) so the first director to
 * open the dashboard reads it from the result cache instead of waiting for the cold queries.
 */

import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { queryRows } from "@/db";
import { DEFAULT_OFFSET, parseFilters } from "@/lib/filters";
import { getClients } from "./clients";
import { getManagers } from "./managers";
import { getOverview } from "./overview";
import { getReasons } from "./reasons";
import { getStages } from "./stages";
import { getStrategies } from "./strategies";

/** The clock reports read (LOSSLENS_NOW freezes it for the demo and the e2e suite). */
function now(): Date {
  const frozen = process.env.LOSSLENS_NOW ? new Date(process.env.LOSSLENS_NOW) : null;
  return frozen && !Number.isNaN(frozen.getTime()) ? frozen : new Date();
}

export async function warmDefaultReports(db: Database, portalId: number): Promise<number> {
  const [portal] = await queryRows<{ offset: string }>(
    db,
    sql`select timezone_offset as offset from portals where id = ${portalId}`,
  );
  if (!portal) return 0;
  const filters = parseFilters(new URLSearchParams(), now(), { offset: portal.offset ?? DEFAULT_OFFSET });
  const scope = { portalId, managerIds: null };
  const started = Date.now();
  // One at a time: the server keeps answering pages while this runs.
  await getOverview(db, scope, filters);
  await getStages(db, scope, filters);
  await getReasons(db, scope, filters);
  await getManagers(db, scope, filters);
  await getClients(db, scope, filters);
  await getStrategies(db, scope, filters);
  return Date.now() - started;
}
