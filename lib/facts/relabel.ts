/**
 * Raw reason labels. A raw loss reason's label is a function of its key and the reference data (stage and
 * pipeline names, the reason field's options); a failure stage named like another reason is told apart by its
 * pipeline: "Дорого · Продажи" (docs/metrics.md). When they change, lib/reasons/map.ts relabels the facts.
 */
import { sql } from "drizzle-orm";
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
