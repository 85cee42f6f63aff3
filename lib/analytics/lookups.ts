/**
 * Names behind the filter ids (for the filter bar and `describeFilters`), and the portal's default pipeline.
 * Managers are limited to the viewer's scope: a manager never learns colleagues' names from the filter bar.
 *
 * Every report request needs the names, and they change only when a sync writes the portal's reference data or
 * someone edits the reason dictionary — both followed by a new facts version (deriveFacts, changeDictionary). So
 * they are kept per (database handle, portal, scope) under the facts version, the key the report cache uses
 * (lib/facts/cache.ts): one tiny version query instead of eight per request. The scope is part of the key, so a
 * manager's entry only ever holds the names their own query returned. A TTL bounds what a reference write
 * without a new version (a sync that failed before its derive) could leave stale.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import { reportDataVersion } from "@/lib/facts/cache";
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

/** How long an entry is trusted even when the facts version has not moved. */
export const LOOKUPS_TTL_MS = 60_000;
/** Entries per database handle: one per portal and scope (a director's, each manager's). */
const MAX_ENTRIES = 500;

interface Entry {
  version: string;
  at: number;
  value: Promise<FilterLookups>;
}
const caches = new WeakMap<object, Map<string, Entry>>();

const cacheEnabled = () => process.env.LOSSLENS_REPORT_CACHE !== "off";

const scopeKey = (scope: DataScope) =>
  `${scope.portalId}|${scope.managerIds === null ? "all" : [...scope.managerIds].sort((a, b) => a - b).join(",")}`;

/** The viewer's filter lookups, from the per-version cache when the portal's facts have not changed since. */
export async function getFilterLookups(db: Database, scope: DataScope): Promise<FilterLookups> {
  if (!cacheEnabled()) return readFilterLookups(db, scope);
  const version = await reportDataVersion(db, scope.portalId);
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = scopeKey(scope);
  let entry = cache.get(key);
  if (entry && (entry.version !== version || Date.now() - entry.at > LOOKUPS_TTL_MS)) entry = undefined;
  if (entry)
    cache.delete(key); // re-inserted below: most recently used last
  else {
    const own: Entry = { version, at: Date.now(), value: readFilterLookups(db, scope) };
    own.value.catch(() => {
      if (cache.get(key) === own) cache.delete(key);
    });
    entry = own;
  }
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  // A copy: a caller that changes its lookups must not change what the next request sees.
  return structuredClone(await entry.value);
}

/** Drops every cached lookup of a database handle (tests that write reference rows without a facts version). */
export function clearLookupsCache(db: Database): void {
  caches.delete(db);
}

/** The lookups straight from the reference tables, eight small queries. */
export async function readFilterLookups(db: Database, scope: DataScope): Promise<FilterLookups> {
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
