/**
 * Names behind the filter ids (for the filter bar and `describeFilters`), and the portal's default pipeline.
 * Managers are limited to the viewer's scope: a manager never learns colleagues' names from the filter bar.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { intArray } from "@/lib/facts/where";
import type { FilterLookups } from "@/lib/i18n/describe-filters";
import type { DataScope } from "./scope";

/** The pipeline a report shows when none is chosen: the portal's default (Bitrix24 category 0). */
export async function getDefaultPipelineId(db: Database, portalId: number): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select bitrix_id as id from pipelines where portal_id = ${portalId}
      order by is_default desc, (bitrix_id = 0) desc, sort, bitrix_id limit 1`,
  );
  return row?.id ?? 0;
}

/**
 * A stage's name as a person reads it: with its pipeline («Новая · Тендеры») when another stage of the portal has
 * the same name, so two pipelines' "Новая" never read as one (the same rule as the reason labels).
 */
export function stageLabelSql(portalId: SQL, stageId: SQL): SQL {
  return sql`(select case when exists (select 1 from stages s2 where s2.portal_id = s.portal_id
        and lower(s2.name) = lower(s.name) and s2.bitrix_id <> s.bitrix_id)
      then s.name || ' · ' || coalesce(p.name, '#' || s.pipeline_id) else s.name end
    from stages s left join pipelines p on p.portal_id = s.portal_id and p.bitrix_id = s.pipeline_id
    where s.portal_id = ${portalId} and s.bitrix_id = ${stageId})`;
}

export async function getFilterLookups(db: Database, scope: DataScope): Promise<FilterLookups> {
  const p = scope.portalId;
  const managerScope =
    scope.managerIds === null ? sql`true` : sql`bitrix_id = any(${intArray(scope.managerIds)}::int[])`;
  const pairs = (rows: { k: string | number; v: string }[]) =>
    Object.fromEntries(rows.map((r) => [String(r.k), r.v]));
  const [pipelines, stages, lossStages, managers, departments, reasons, rawReasons, sources] =
    await Promise.all([
      queryRows<{ k: number; v: string }>(
        db,
        sql`select bitrix_id as k, name as v from pipelines where portal_id = ${p} order by sort, bitrix_id`,
      ),
      queryRows<{ k: string; v: string }>(
        db,
        sql`select bitrix_id as k, name as v from stages where portal_id = ${p} order by pipeline_id, sort, bitrix_id`,
      ),
      // The stage filter means "lost at stage": process stages only, named apart across pipelines.
      queryRows<{ k: string; v: string }>(
        db,
        sql`select st.bitrix_id as k, ${stageLabelSql(sql`${p}`, sql`st.bitrix_id`)} as v from stages st
        where st.portal_id = ${p} and st.semantics = 'P' order by st.pipeline_id, st.sort, st.bitrix_id`,
      ),
      queryRows<{ k: number; v: string }>(
        db,
        sql`select bitrix_id as k, coalesce(nullif(trim(concat_ws(' ', name, last_name)), ''), '#' || bitrix_id) as v
        from b24_users where portal_id = ${p} and ${managerScope} order by last_name, name, bitrix_id`,
      ),
      queryRows<{ k: number; v: string }>(
        db,
        sql`select bitrix_id as k, name as v from departments where portal_id = ${p} order by sort, bitrix_id`,
      ),
      // The portal's live canonical reasons (the dictionary, not a scan of the facts); "not specified" is added by
      // the filter bar. Reason names are the portal's vocabulary, the same for every viewer.
      queryRows<{ k: string; v: string }>(
        db,
        sql`select 'r:' || id as k, name as v from loss_reasons where portal_id = ${p} and merged_into is null
        order by sort, lower(name), id`,
      ),
      queryRows<{ k: string; v: string }>(
        db,
        sql`select raw_key as k, raw_label as v from loss_reason_map where portal_id = ${p} order by raw_key`,
      ),
      queryRows<{ k: string; v: string }>(
        db,
        sql`select bitrix_id as k, name as v from status_dictionary where portal_id = ${p} and entity_id = 'SOURCE'
        order by sort, bitrix_id`,
      ),
    ]);
  return {
    pipelines: pairs(pipelines),
    stages: pairs(stages),
    lossStages: pairs(lossStages),
    managers: pairs(managers),
    departments: pairs(departments),
    reasons: pairs(reasons),
    rawReasons: pairs(rawReasons),
    sources: pairs(sources),
  };
}
