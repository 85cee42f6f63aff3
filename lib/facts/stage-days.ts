/** deal_facts_stage_days (db/schema/facts.ts): one row per lost deal and stage it spent time in. */
import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows, textArray } from "@/db";
import { replaceRows } from "./replace";

// biome-ignore format: a column list
const COLS = ["portal_id", "deal_id", "stage_id", "days", "outcome", "pipeline_id", "manager_id", "department_id",
  "source_id", "closed_at", "lost_at_stage_id", "reason_key", "is_returning_client", "amount_base"];

/** Rows are written in index order, so a full rebuild leaves each stage's values on neighbouring pages. */
const ORDER = "pipeline_id, stage_id, days";

/** The facts' lost deals (of `factDeals`), one row per stage with days. */
const stageDaysSql = (portalId: number, factDeals: SQL) => sql`
    select f.portal_id, f.deal_id, x.id as stage_id, x.days, 'lost'::text as outcome, f.pipeline_id, f.manager_id,
      f.department_id, f.source_id, f.closed_at, f.lost_at_stage_id, f.reason_key, f.is_returning_client, f.amount_base
    from deal_facts f cross join lateral unnest(f.span_stage_ids, f.span_stage_days) as x(id, days)
    where f.portal_id = ${portalId} and f.outcome = 'lost' and x.days is not null and ${factDeals}`;

/**
 * From the facts, after the client flags: for the whole portal (only the rows that changed are written), or for a
 * partial run's deals and every deal of its clients (whose returning flag the run may have changed).
 */
export async function rebuildStageDays(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[] | null,
  clientKeys: string[],
) {
  if (dealIds === null) {
    await replaceRows(tx, portalId, {
      table: "deal_facts_stage_days",
      cols: COLS,
      rows: stageDaysSql(portalId, sql`true`),
      // A deal stands in a stage once (its spans are summed per stage).
      match: ["deal_id", "stage_id"],
      key: ["id"],
      order: ORDER,
    });
    return;
  }
  // A partial run's deals and its clients' deals, by two indexed lookups (one OR would scan every fact).
  const ids = intArray(
    (
      await queryRows<{ id: number }>(
        tx,
        sql`select unnest(${intArray(dealIds)}::int[]) as id
          union select deal_id from deal_facts
            where portal_id = ${portalId} and client_key = any(${textArray(clientKeys)}::text[])`,
      )
    ).map((r) => r.id),
  );
  await tx.execute(
    sql`delete from deal_facts_stage_days where portal_id = ${portalId} and deal_id = any(${ids}::int[])`,
  );
  await tx.execute(sql`insert into deal_facts_stage_days (${sql.raw(COLS.join(", "))})
    ${stageDaysSql(portalId, sql`f.deal_id = any(${ids}::int[])`)}
    order by ${sql.raw(ORDER)}`);
}
