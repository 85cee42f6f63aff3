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
 * Two levels. In the process, a bounded map of results (and of computations in flight). Behind it, for the six
 * report pages, the table report_cache in Postgres, shared by every web instance and worker: the warm-up job a
 * worker runs after a sync fills it, and a page on any instance reads it. Both levels are keyed by the same data
 * version, so neither can serve a result older than the facts. `LOSSLENS_REPORT_CACHE=off` disables both.
 */
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type Database, primaryOf, queryRows } from "@/db";
import { reportCache } from "@/db/schema";
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

/** The shared level: a result another process computed for this key and version, or undefined. */
async function readShared<R>(db: Database, portalId: number, keyHash: string, version: string) {
  const [row] = await db
    .select({ value: reportCache.value })
    .from(reportCache)
    .where(
      and(
        eq(reportCache.portalId, portalId),
        eq(reportCache.keyHash, keyHash),
        eq(reportCache.version, version),
      ),
    )
    .catch(() => []);
  return row ? (row.value as R) : undefined;
}

/** Best effort: a cache that cannot be written (a read-only connection, a failover) only means computing again. */
async function writeShared(db: Database, portalId: number, keyHash: string, version: string, value: unknown) {
  // Read on a replica, written on the primary (replicas are read-only).
  await primaryOf(db)
    .insert(reportCache)
    .values({ portalId, keyHash, version, value, computedAt: new Date() })
    .onConflictDoUpdate({
      target: [reportCache.portalId, reportCache.keyHash],
      set: { version, value, computedAt: new Date() },
    })
    .catch(() => {});
}

async function computeShared<R>(
  db: Database,
  portalId: number,
  key: string,
  version: string,
  compute: () => Promise<R>,
): Promise<R> {
  const keyHash = createHash("md5").update(key).digest("hex");
  const shared = await readShared<R>(db, portalId, keyHash, version);
  if (shared !== undefined) return shared;
  const value = await compute();
  await writeShared(db, portalId, keyHash, version, value);
  return value;
}

/**
 * Wraps a report function `(db, scope, filters, ...options)` with the versioned result cache. `shared`: the result
 * is also kept in Postgres for every process — only for results that are plain JSON (numbers, strings, arrays,
 * objects; pinned by tests/integration/analytics-cache.test.ts), so what is read back equals what was computed.
 */
export function cachedReport<A extends unknown[], R>(
  name: string,
  compute: (db: Database, scope: DataScope, filters: Filters, ...rest: A) => Promise<R>,
  { shared = false }: { shared?: boolean } = {},
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
      const run = () => compute(db, scope, filters, ...rest);
      const value = shared ? computeShared(db, scope.portalId, key, version, run) : run();
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

/** Drops the portal's shared results of older data versions (the warm-up job runs it after each sync). */
export async function pruneSharedReports(db: Database, portalId: number): Promise<number> {
  const version = await reportDataVersion(db, portalId);
  const gone = await db
    .delete(reportCache)
    .where(and(eq(reportCache.portalId, portalId), sql`${reportCache.version} <> ${version}`))
    .returning({ k: reportCache.keyHash });
  return gone.length;
}
