/**
 * Health, in two shapes. Anyone may learn whether the app and its database are up and which schema version
 * they run (`getPublicHealth`): that is what load balancers and the e2e server's readiness check need.
 * Row counts describe the business (how many deals, comments…), so only signed-in admins get them
 * (`getHealth`), and they are cached: the seven count(*) scans run again only when a portal was added or a
 * sync run started or finished since the last answer, or after HEALTH_COUNTS_TTL_MS — never on every hit.
 */
import { count, sql } from "drizzle-orm";
import { type DbHandle, queryRows } from "@/db";
import { migrationStatus } from "@/db/migrate";
import { activities, comments, dealFacts, deals, portals, stageHistory, syncRuns } from "@/db/schema";
import type { ReplicaReport } from "@/lib/replicas/set";

type MigrationStatus = Awaited<ReturnType<typeof migrationStatus>>;

export interface PublicHealth {
  ok: true;
  migrations: MigrationStatus;
}

export interface Health extends PublicHealth {
  db: DbHandle["kind"];
  counts: Record<
    "portals" | "deals" | "stageHistory" | "activities" | "comments" | "dealFacts" | "syncRuns",
    number
  >;
  /** Read replicas' state and lag, when DATABASE_REPLICA_URLS is set (host:port only, never credentials). */
  replicas: ReplicaReport | null;
}

export const HEALTH_COUNTS_TTL_MS = 30_000;

const counted = { portals, deals, stageHistory, activities, comments, dealFacts, syncRuns };

interface CachedCounts {
  stamp: string;
  at: number;
  counts: Health["counts"];
}
const cache = new WeakMap<DbHandle, CachedCounts>();

/**
 * How old an "up" answer may be. A balancer polling many times a second, or many callers at once, then cost one
 * database round trip per second instead of one each; a failed check is never kept, so "down" is always fresh.
 */
export const PUBLIC_HEALTH_TTL_MS = 1_000;
const publicCache = new WeakMap<DbHandle, { at: number; value: Promise<PublicHealth> }>();

/** Up (the database answered) and the schema version. Throws when the database is not usable. */
export function getPublicHealth(handle: DbHandle): Promise<PublicHealth> {
  const hit = publicCache.get(handle);
  if (hit && Date.now() - hit.at < PUBLIC_HEALTH_TTL_MS) return hit.value;
  const value = migrationStatus(handle).then((migrations) => ({ ok: true as const, migrations }));
  const own = { at: Date.now(), value };
  publicCache.set(handle, own);
  value.catch(() => {
    if (publicCache.get(handle) === own) publicCache.delete(handle);
  });
  return value;
}

/** Cheap: what changes whenever the counts change in bulk (a portal connected, a sync run begun or ended). */
async function countsStamp(handle: DbHandle): Promise<string> {
  const [row] = await queryRows<{ portals: number; last_run: number | null; running: number }>(
    handle.db,
    sql`select (select count(*)::int from ${portals}) as portals,
               (select max(id) from ${syncRuns}) as last_run,
               (select count(*)::int from ${syncRuns} where status = 'running') as running`,
  );
  return `${row?.portals}|${row?.last_run}|${row?.running}`;
}

async function freshCounts(handle: DbHandle): Promise<Health["counts"]> {
  const entries = await Promise.all(
    Object.entries(counted).map(async ([name, table]) => {
      const [row] = await handle.db.select({ n: count() }).from(table);
      return [name, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries) as Health["counts"];
}

/** The admin's view: database kind and row counts besides the public part. */
export async function getHealth(handle: DbHandle): Promise<Health> {
  const stamp = await countsStamp(handle);
  let cached = cache.get(handle);
  if (!cached || cached.stamp !== stamp || Date.now() - cached.at > HEALTH_COUNTS_TTL_MS) {
    cached = { stamp, at: Date.now(), counts: await freshCounts(handle) };
    cache.set(handle, cached);
  }
  return {
    ...(await getPublicHealth(handle)),
    db: handle.kind,
    counts: cached.counts,
    replicas: handle.replicas?.report() ?? null,
  };
}
