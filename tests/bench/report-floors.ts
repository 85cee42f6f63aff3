// The floor of each report for `npm run bench:reports -- --floor` (issue 17, target 2): the cheapest single SQL
// that answers the report's question over deal_facts — one plain filtered group-by with the report's own filters
// and scope (lib/facts/where.ts), no pre-aggregate, no joins, no medians. A report at its floor does no more work
// than counting what it shows; one below it reads a pre-aggregate that is cheaper than deal_facts.
//
// Each floor runs as the reports' large queries do (queryRowsLarge: work_mem 64 MB, no JIT), so the floor is
// the cheapest the server can do, not a default-settings handicap.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db";
import { granularityFor } from "../../lib/analytics/overview";
import type { DataScope } from "../../lib/analytics/scope";
import { factsWhere, localTime, queryRowsLarge } from "../../lib/facts/where";
import type { Filters } from "../../lib/url-state/filters";

type FloorSql = (scope: DataScope, filters: Filters) => SQL;

/** Count and money of the deals in `where`, grouped by the columns `by`. */
const groupBy = (by: SQL[], where: SQL) =>
  sql`select ${sql.join(by, sql`, `)}, count(*)::int as n, sum(f.amount_base)::float8 as money
    from deal_facts f where ${where} group by ${sql.raw(by.map((_, i) => i + 1).join(", "))}`;

/** What each report answers, as one group-by (drilldown: the lost deals in view, counted per outcome). */
export const FLOORS: Record<string, FloorSql> = {
  // The trend: closed deals (a lost deal's loss date is its close date) per week or month bucket and outcome.
  overview: (scope, filters) =>
    groupBy(
      [
        sql`date_trunc('${sql.raw(granularityFor(filters.range))}', ${localTime(sql`f.closed_at`, filters)})`,
        sql`f.outcome`,
      ],
      factsWhere(scope, filters, { basis: "closed" }),
    ),
  // Lost deals by pipeline and the stage they were lost at.
  stages: (scope, filters) =>
    groupBy([sql`f.pipeline_id`, sql`f.lost_at_stage_id`], factsWhere(scope, filters, { basis: "loss" })),
  reasons: (scope, filters) => groupBy([sql`f.reason_key`], factsWhere(scope, filters, { basis: "loss" })),
  managers: (scope, filters) =>
    groupBy([sql`f.manager_id`, sql`f.outcome`], factsWhere(scope, filters, { basis: "closed" })),
  clients: (scope, filters) =>
    groupBy([sql`f.client_key`, sql`f.outcome`], factsWhere(scope, filters, { basis: "closed" })),
  strategies: (scope, filters) =>
    groupBy([sql`f.manager_id`], factsWhere(scope, filters, { basis: "worked" })),
  drilldown: (scope, filters) => groupBy([sql`f.outcome`], factsWhere(scope, filters, { basis: "loss" })),
};

/** Runs a report's floor once. */
export async function runFloor(db: Database, report: string, scope: DataScope, filters: Filters) {
  const floor = FLOORS[report];
  if (!floor) throw new Error(`no floor for report ${report}`);
  await queryRowsLarge(db, floor(scope, filters));
}
