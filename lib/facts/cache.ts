/**
 * Report results cached by (database, report, scope, filters, options) under the portal's facts version.
 *
 * Facts change only when deriveFacts runs (every sync, single-deal refresh or rebuild after a settings change),
 * and each run bumps `deal_facts_versions.version` (lib/facts/version.ts). A request reads the version (and a hash
 * of the portal's settings, which the strategies report reads directly) in one tiny query: when it matches the
 * cached entry's, the cached result is returned — a copy of exactly what the report computed, so no number can
 * differ from an uncached run. The first request after a sync computes and stores; identical requests in
 * flight at the same time share that one computation.
 *
 * The cache lives in the process (the sync runs in the same server) and is bounded; `LOSSLENS_REPORT_CACHE=off`
 * disables it.
 */
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import type { Filters } from "@/lib/url-state/filters";

/** Entries kept per database handle (least recently used dropped first). */
const MAX_ENTRIES = 300;

interface Entry {
  version: string;
  value: Promise<unknown>;
}

const caches = new WeakMap<object, Map<string, Entry>>();

const enabled = () => process.env.LOSSLENS_REPORT_CACHE !== "off";

/** The portal's data version as the cache sees it: facts version and settings hash. */
export async function reportDataVersion(db: Database, portalId: number): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select coalesce((select version from deal_facts_versions where portal_id = ${portalId}), 0)::text
      || ':' || coalesce((select md5(settings::text) from portals where id = ${portalId}), '') as v`,
  );
  return row?.v ?? "";
}

/** Drop every cached report of a database handle (tests, benchmarks). */
export function clearReportCache(db: Database) {
  caches.delete(db);
}

/** Cached report results in this process, for a database handle (tests). */
export function reportCacheSize(db: Database): number {
  return caches.get(db)?.size ?? 0;
}

/** Wraps a report function `(db, scope, filters, ...options)` with the versioned result cache. */
export function cachedReport<A extends unknown[], R>(
  name: string,
  compute: (db: Database, scope: DataScope, filters: Filters, ...rest: A) => Promise<R>,
): (db: Database, scope: DataScope, filters: Filters, ...rest: A) => Promise<R> {
  return async (db, scope, filters, ...rest) => {
    if (!enabled()) return compute(db, scope, filters, ...rest);
    const version = await reportDataVersion(db, scope.portalId);
    const key = JSON.stringify([name, scope.portalId, scope.managerIds, filters, rest]);
    let cache = caches.get(db);
    if (!cache) {
      cache = new Map();
      caches.set(db, cache);
    }
    let entry = cache.get(key);
    if (entry && entry.version !== version) entry = undefined;
    if (entry) {
      cache.delete(key); // re-inserted below: most recently used last
    } else {
      const value = compute(db, scope, filters, ...rest);
      entry = { version, value };
      const own = entry;
      value.catch(() => {
        if (cache.get(key) === own) cache.delete(key);
      });
    }
    cache.set(key, entry);
    while (cache.size > MAX_ENTRIES) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
    }
    // A copy: a caller that changes its result must not change what the next request sees.
    return structuredClone((await entry.value) as R);
  };
}
