/**
 * A portal's reason map (loss_reason_map): every raw reason it produces — each failure stage of each pipeline,
 * each option of the reason field, and any other raw reason its deals carry — with the canonical reason it counts
 * as. A raw reason LossLens has not seen before gets the first mapping (names.ts): a generic failure name → not
 * specified; otherwise the canonical reason of the same normalised name, created when there is none, so "Дорого"
 * of two pipelines and the option "Дорого" are one reason. An admin's mapping (source 'admin') is never redone.
 */
import { sql } from "drizzle-orm";
import { type DbOrTx, intArray, queryRows } from "@/db";

import type { FactsOptions } from "@/lib/facts/options";
import { sameNamedSql, stageReasonLabel } from "@/lib/facts/relabel";
import { isGenericReasonName, normaliseReasonName } from "./names";
import { assignReasonThemes } from "./theme";

interface RawReason {
  rawKey: string;
  rawLabel: string;
  /** The name without the pipeline a same-named failure stage is told apart by. */
  name: string;
}

/** The raw reasons the reference data define, with their labels as the facts write them. */
async function referenceReasons(tx: DbOrTx, portalId: number, opts: FactsOptions): Promise<RawReason[]> {
  return queryRows<RawReason>(
    tx,
    // In a stable order (pipelines, their stages, then the options), so reasons are created in that order.
    sql`with same_named as (${sameNamedSql(portalId, opts)})
      select "rawKey", "rawLabel", name from (
        select 'stage:' || s.bitrix_id as "rawKey", ${stageReasonLabel("s", "pl")} as "rawLabel", s.name as name,
          0 as kind, coalesce(pl.sort, 0) as a, s.sort as b
        from stages s left join pipelines pl on pl.portal_id = s.portal_id and pl.bitrix_id = s.pipeline_id
        where s.portal_id = ${portalId} and s.semantics = 'F' and ${opts.reasonSource} <> 'field'
        union all
        select 'field:' || o.bitrix_id, o.value, o.value, 1, 0, o.sort from loss_reason_options o
        where o.portal_id = ${portalId} and o.field_name = ${opts.reasonField ?? ""}::text
          and ${opts.reasonSource} <> 'stage'
      ) x order by kind, a, b, "rawKey"`,
  );
}

/**
 * Brings the map up to the reference data: new raw reasons mapped, renamed ones relabelled (the map and the
 * facts' raw labels). Returns the raw keys whose canonical reason is new, for applyReasonMap.
 */
export async function syncReasonMap(tx: DbOrTx, portalId: number, opts: FactsOptions): Promise<string[]> {
  const raws = await referenceReasons(tx, portalId, opts);
  const known = new Map(
    (
      await queryRows<{ k: string; label: string }>(
        tx,
        sql`select raw_key as k, raw_label as label from loss_reason_map where portal_id = ${portalId}`,
      )
    ).map((r) => [r.k, r.label]),
  );
  for (const r of raws) {
    const label = known.get(r.rawKey);
    if (label === undefined || label === r.rawLabel) continue;
    await tx.execute(sql`update loss_reason_map set raw_label = ${r.rawLabel}, updated_at = now()
      where portal_id = ${portalId} and raw_key = ${r.rawKey}`);
    await tx.execute(sql`update deal_facts set raw_reason_label = ${r.rawLabel}
      where portal_id = ${portalId} and raw_reason_key = ${r.rawKey} and raw_reason_label is distinct from ${r.rawLabel}`);
  }
  return mapNew(
    tx,
    portalId,
    raws.filter((r) => !known.has(r.rawKey)),
  );
}

/** Raw reasons of these deals' facts (null: all) the map does not hold yet (an option since deleted, say). */
export async function mapUnseenReasons(tx: DbOrTx, portalId: number, dealIds: readonly number[] | null) {
  const deals = dealIds === null ? sql`true` : sql`f.deal_id = any(${intArray(dealIds)}::int[])`;
  const unseen = await queryRows<{ rawKey: string; rawLabel: string }>(
    tx,
    sql`select f.raw_reason_key as "rawKey", min(coalesce(f.raw_reason_label, f.raw_reason_key)) as "rawLabel"
      from deal_facts f
      where f.portal_id = ${portalId} and f.raw_reason_key is not null and ${deals}
        and not exists (select 1 from loss_reason_map m where m.portal_id = f.portal_id and m.raw_key = f.raw_reason_key)
      group by f.raw_reason_key`,
  );
  return mapNew(
    tx,
    portalId,
    unseen.map((u) => ({ ...u, name: u.rawLabel })),
  );
}

/** The first mapping of raw reasons new to the map; returns their keys. */
async function mapNew(tx: DbOrTx, portalId: number, raws: RawReason[]): Promise<string[]> {
  if (raws.length === 0) return [];
  const reasons = await queryRows<{ id: number; name: string }>(
    tx,
    sql`select id, name from loss_reasons where portal_id = ${portalId} and merged_into is null order by id`,
  );
  const byNorm = new Map<string, number>();
  for (const r of reasons)
    if (!byNorm.has(normaliseReasonName(r.name))) byNorm.set(normaliseReasonName(r.name), r.id);
  const created: number[] = [];
  for (const raw of raws) {
    let reasonId: number | null = null;
    if (!isGenericReasonName(raw.name)) {
      const norm = normaliseReasonName(raw.name);
      reasonId = byNorm.get(norm) ?? null;
      if (reasonId === null) {
        reasonId = await createReason(tx, portalId, raw.name.trim());
        created.push(reasonId);
      }
      byNorm.set(norm, reasonId);
    }
    await tx.execute(sql`insert into loss_reason_map (portal_id, raw_key, raw_label, reason_id, source)
      values (${portalId}, ${raw.rawKey}, ${raw.rawLabel}, ${reasonId}, 'auto')
      on conflict (portal_id, raw_key) do nothing`);
  }
  // The theme each new reason is about, so a comment contradicting it can be told (lib/reasons/capture.ts).
  await assignReasonThemes(tx, portalId, created);
  return raws.map((r) => r.rawKey);
}

/** A canonical reason of this name (the existing one when an admin already has it). */
export async function createReason(tx: DbOrTx, portalId: number, name: string): Promise<number> {
  const [made] = await queryRows<{ id: number }>(
    tx,
    sql`insert into loss_reasons (portal_id, name) values (${portalId}, ${name})
      on conflict (portal_id, name) where merged_into is null do nothing returning id`,
  );
  if (made) return made.id;
  const [found] = await queryRows<{ id: number }>(
    tx,
    sql`select id from loss_reasons where portal_id = ${portalId} and name = ${name} and merged_into is null`,
  );
  if (!found) throw new Error(`loss reason "${name}" neither created nor found`);
  return found.id;
}
