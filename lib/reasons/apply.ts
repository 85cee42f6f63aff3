/**
 * Applies the reason map to the stored facts in place — deal_facts, the monthly aggregate and the stage days —
 * for some raw reasons (null: all), so a mapping, merge, split or rename takes effect in seconds without a
 * derive. The caller bumps the facts version (lib/facts/version.ts) so cached reports are dropped.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, textArray } from "@/db";

export async function applyReasonMap(tx: DbOrTx, portalId: number, rawKeys: readonly string[] | null) {
  if (rawKeys?.length === 0) return;
  const keys = rawKeys === null ? sql`true` : sql`m.raw_key = any(${textArray(rawKeys)}::text[])`;
  const mapped = sql`select m.raw_key, case when m.reason_id is null then null else 'r:' || m.reason_id end as k,
      r.name as label
    from loss_reason_map m left join loss_reasons r on r.portal_id = m.portal_id and r.id = m.reason_id
    where m.portal_id = ${portalId} and ${keys}`;
  await tx.execute(sql`with m as (${mapped})
    update deal_facts f set reason_key = m.k, reason_label = m.label from m
    where f.portal_id = ${portalId} and f.outcome = 'lost' and f.raw_reason_key = m.raw_key
      and (f.reason_key is distinct from m.k or f.reason_label is distinct from m.label)`);
  await tx.execute(sql`with m as (${mapped})
    update deal_facts_monthly g set reason_key = m.k, reason_label = m.label from m
    where g.portal_id = ${portalId} and g.outcome = 'lost' and g.raw_reason_key = m.raw_key
      and (g.reason_key is distinct from m.k or g.reason_label is distinct from m.label)`);
  await tx.execute(sql`with m as (${mapped})
    update deal_facts_stage_days sd set reason_key = f.reason_key
    from deal_facts f join m on m.raw_key = f.raw_reason_key
    where sd.portal_id = ${portalId} and f.portal_id = sd.portal_id and f.deal_id = sd.deal_id
      and sd.reason_key is distinct from f.reason_key`);
}
