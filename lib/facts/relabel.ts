/**
 * Reason labels. A loss reason's label is a function of its key and the reference data (stage and pipeline
 * names, the reason field's options); a failure stage named like another reason is told apart by its pipeline:
 * "Дорого · Продажи" (docs/metrics.md).
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import type { FactsOptions } from "./options";

/**
 * Labels two or more possible reasons share: failure stages (unless reasons come from the field alone) and the
 * reason field's options (unless they come from stages alone). A stage reason with such a name is labelled
 * with its pipeline too.
 */
export function sameNamedSql(portalId: number, opts: FactsOptions) {
  return sql`select x.name from (
      select s.name from stages s
      where s.portal_id = ${portalId} and s.semantics = 'F' and ${opts.reasonSource} <> 'field'
      union all
      select o.value from loss_reason_options o
      where o.portal_id = ${portalId} and o.field_name = ${opts.reasonField ?? ""}::text and ${opts.reasonSource} <> 'stage'
    ) x group by x.name having count(*) > 1`;
}

/** A failure stage's reason label: stage alias `s`, its pipeline `p`, with `same_named` in the query. */
export const stageReasonLabel = (s: "fs" | "s", p: "pl") =>
  sql.raw(`case when ${s}.name in (select name from same_named) then concat_ws(' · ', ${s}.name, ${p}.name)
    else ${s}.name end`);

/**
 * When the reference data change, every deal of a key takes the new label — in deal_facts and in the monthly
 * aggregate — without a full run. The keys come from the aggregate (a few thousand rows) when it is complete.
 */
export async function relabelReasons(
  tx: DbOrTx,
  portalId: number,
  opts: FactsOptions,
  monthlyComplete: boolean,
) {
  const keys = monthlyComplete
    ? sql`select reason_key as k, min(reason_label) as lo, max(reason_label) as hi from deal_facts_monthly
        where portal_id = ${portalId} and reason_key is not null group by reason_key`
    : sql`select reason_key as k, min(reason_label) as lo, max(reason_label) as hi from deal_facts
        where portal_id = ${portalId} and reason_key is not null group by reason_key`;
  const changed = await queryRows<{ k: string; label: string | null }>(
    tx,
    sql`with same_named as (${sameNamedSql(portalId, opts)}),
      keys as (${keys}),
      cur as (
        select keys.k, keys.lo, keys.hi, case
          when keys.k like 'stage:%' then (
            select ${stageReasonLabel("s", "pl")}
            from stages s left join pipelines pl on pl.portal_id = s.portal_id and pl.bitrix_id = s.pipeline_id
            where s.portal_id = ${portalId} and s.bitrix_id = substr(keys.k, 7))
          else coalesce((select o.value from loss_reason_options o where o.portal_id = ${portalId}
            and o.field_name = ${opts.reasonField ?? ""}::text and o.bitrix_id = substr(keys.k, 7)), substr(keys.k, 7))
          end as label
        from keys)
      select k, label from cur where label is distinct from lo or label is distinct from hi`,
  );
  for (const { k, label } of changed) {
    await tx.execute(sql`update deal_facts set reason_label = ${label}
      where portal_id = ${portalId} and reason_key = ${k} and reason_label is distinct from ${label}`);
    await tx.execute(sql`update deal_facts_monthly set reason_label = ${label}
      where portal_id = ${portalId} and reason_key = ${k} and reason_label is distinct from ${label}`);
  }
}
