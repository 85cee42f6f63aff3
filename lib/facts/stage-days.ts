/** deal_facts_stage_days (db/schema/facts.ts): one row per lost deal and stage it spent time in. */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows, textArray } from "@/db";

/**
 * From the facts, after the client flags: for the whole portal, or for a partial run's deals and every deal of
 * its clients (whose returning flag the run may have changed). Rows are written in index order, so a full
 * rebuild leaves each stage's values on neighbouring pages.
 */
export async function rebuildStageDays(
  tx: DbOrTx,
  portalId: number,
  dealIds: number[] | null,
  clientKeys: string[],
) {
  // A partial run's deals and its clients' deals, by two indexed lookups (one OR would scan every fact).
  const ids =
    dealIds === null
      ? null
      : intArray(
          (
            await queryRows<{ id: number }>(
              tx,
              sql`select unnest(${intArray(dealIds)}::int[]) as id
              union select deal_id from deal_facts
                where portal_id = ${portalId} and client_key = any(${textArray(clientKeys)}::text[])`,
            )
          ).map((r) => r.id),
        );
  const deals = ids === null ? sql`true` : sql`deal_id = any(${ids}::int[])`;
  const factDeals = ids === null ? sql`true` : sql`f.deal_id = any(${ids}::int[])`;
  await tx.execute(sql`delete from deal_facts_stage_days where portal_id = ${portalId} and ${deals}`);
  await tx.execute(sql`
    insert into deal_facts_stage_days (portal_id, deal_id, stage_id, days, outcome, pipeline_id, manager_id,
      department_id, source_id, closed_at, lost_at_stage_id, reason_key, is_returning_client, amount_base)
    select f.portal_id, f.deal_id, x.id, x.days, 'lost', f.pipeline_id, f.manager_id, f.department_id, f.source_id,
      f.closed_at, f.lost_at_stage_id, f.reason_key, f.is_returning_client, f.amount_base
    from deal_facts f cross join lateral unnest(f.span_stage_ids, f.span_stage_days) as x(id, days)
    where f.portal_id = ${portalId} and f.outcome = 'lost' and x.days is not null and ${factDeals}
    order by f.pipeline_id, x.id, x.days`);
}
