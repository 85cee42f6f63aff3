/** deal_stage_spans: time in each stage, from stage history. */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray } from "@/db";

/** A history row enters a stage, the next row of the same deal leaves it. For the portal, or these deals. */
export async function deriveSpans(tx: DbOrTx, portalId: number, dealIds: number[] | null) {
  const scope = dealIds === null ? sql`true` : sql`deal_id = any(${intArray(dealIds)}::int[])`;
  await tx.execute(sql`delete from deal_stage_spans where portal_id = ${portalId} and ${scope}`);
  await tx.execute(sql`
    insert into deal_stage_spans (portal_id, deal_id, seq, pipeline_id, stage_id, entered_at, left_at)
    select portal_id, deal_id, row_number() over w, pipeline_id, stage_id, created_time, lead(created_time) over w
    from stage_history where portal_id = ${portalId} and ${scope}
    window w as (partition by deal_id order by bitrix_id)`);
}
