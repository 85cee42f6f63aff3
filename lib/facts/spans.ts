/** deal_stage_spans: time in each stage, from stage history. */
import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, intArray } from "@/db";
import { replaceRows } from "./replace";

const COLS = ["portal_id", "deal_id", "seq", "pipeline_id", "stage_id", "entered_at", "left_at"];

/** A history row enters a stage, the next row of the same deal leaves it. */
const spansSql = (portalId: number, scope: SQL) => sql`
    select portal_id, deal_id, (row_number() over w)::int as seq, pipeline_id, stage_id, created_time as entered_at,
      lead(created_time) over w as left_at
    from stage_history where portal_id = ${portalId} and ${scope}
    window w as (partition by deal_id order by bitrix_id)`;

/** For the portal (only the spans that changed are written), or these deals (theirs rewritten). */
export async function deriveSpans(tx: DbOrTx, portalId: number, dealIds: number[] | null) {
  if (dealIds === null) {
    await replaceRows(tx, portalId, {
      table: "deal_stage_spans",
      cols: COLS,
      rows: spansSql(portalId, sql`true`),
      match: ["deal_id", "seq"],
      key: ["deal_id", "seq"],
    });
    return;
  }
  const scope = sql`deal_id = any(${intArray(dealIds)}::int[])`;
  await tx.execute(sql`delete from deal_stage_spans where portal_id = ${portalId} and ${scope}`);
  await tx.execute(
    sql`insert into deal_stage_spans (${sql.raw(COLS.join(", "))}) ${spansSql(portalId, scope)}`,
  );
}
