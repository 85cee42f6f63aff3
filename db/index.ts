/**
 * The one database module: DATABASE_URL set → node-postgres pool on a real Postgres; unset → embedded PGlite
 * persisted under ./data/pglite. Same schema, same migrations, same queries.
 *
 * With DATABASE_REPLICA_URLS (comma-separated, Postgres only) reports and search read from streaming replicas:
 * `handle.reads` routes each query to a healthy replica and `handle.pinReads()` hands one unit of work (a request)
 * a single replica, so everything it reads comes from one snapshot of the data. `handle.db` stays the primary:
 * writes and whatever must read its own write (settings, share links, sessions, the job queue) never see a replica.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { Pool } from "pg";
import { ReplicaSet } from "../lib/replicas/set";
import { acquireDataDirLock } from "./lock";
import { applyMigrations } from "./migrate";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "postgres" | "pglite";

export interface DbHandle {
  /** The primary: every write, and every read that must see a write just made. */
  db: Database;
  /** Report and search reads: each query to a healthy replica, else the primary (`db` itself without replicas). */
  reads: Database;
  /** One database for a unit of reads (a request): a healthy replica in turn, else the primary. */
  pinReads(): Database;
  /** The replicas and their measured lag, when DATABASE_REPLICA_URLS is set. */
  replicas?: ReplicaSet<Database>;
  kind: DbKind;
  /** Human-readable location without secrets. */
  where: string;
  /** Connection string when on Postgres (for side connections such as session advisory locks). */
  url?: string;
  /** The embedded database's client when on PGlite (the job queue talks to it directly). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Postgres connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory, or "memory://" for an in-memory database. */
  dataDir?: string;
  /** Who is opening it, shown to a second process that finds the PGlite dir locked. */
  purpose?: string;
  migrate?: boolean;
  quiet?: boolean;
  /** Streaming replicas of `url` for report and search reads (ignored on PGlite). */
  replicaUrls?: string[];
  /** A replica lagging more than this is skipped (DATABASE_REPLICA_MAX_LAG_MS, default 5000). */
  replicaMaxLagMs?: number;
  /** How often replica lag is measured (DATABASE_REPLICA_CHECK_MS, default 1000). */
  replicaCheckMs?: number;
}

/** DATABASE_REPLICA_URLS as a list (blank entries dropped). */
export function replicaUrlsFromEnv(value = process.env.DATABASE_REPLICA_URLS): string[] {
  return (value ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
}

const envMs = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export const defaultDataDir = () =>
  process.env.PGLITE_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "pglite");

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  const { url, migrate = true } = options;
  let handle: DbHandle;
  if (url) {
    handle = await openPostgres(url, options);
  } else {
    const dataDir = options.dataDir ?? defaultDataDir();
    const inMemory = dataDir.startsWith("memory://");
    let release = () => {};
    if (!inMemory) {
      release = acquireDataDirLock(dataDir, options.purpose ?? "losslens");
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    }
    // pg_trgm backs the comment search's fuzzy fallback (migration 0002 creates the extension); btree_gin lets
    // the comment search index key the manager beside the words (migration 0007).
    const client = await PGlite.create(inMemory ? undefined : dataDir, {
      extensions: { pg_trgm, btree_gin },
    });
    const db = drizzlePglite({ client, schema }) as unknown as Database;
    handle = {
      db,
      reads: db,
      pinReads: () => db,
      kind: "pglite",
      pglite: client,
      where: inMemory ? "in memory" : path.relative(process.cwd(), dataDir) || dataDir,
      close: async () => {
        await client.close();
        release();
      },
    };
  }
  if (migrate) await applyMigrations(handle);
  if (!options.quiet)
    console.log(`[db] using ${handle.kind === "pglite" ? "embedded PGlite" : "Postgres"} (${handle.where})`);
  return handle;
}

function openPool(
  url: string,
  options: OpenOptions,
  what: string,
  extra: { connectionTimeoutMillis?: number } = {},
) {
  const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10), ...extra });
  // An idle client that loses its server (a restart, a dropped database) emits "error" on the pool; unheard,
  // that crashes the process. The pool replaces the client, and the next query reports any lasting problem.
  pool.on("error", (err) => {
    if (!options.quiet) console.warn(`[db] idle ${what} connection lost: ${err.message}`);
  });
  // A client checked out of the pool (a transaction between two statements) that loses its server emits "error"
  // on itself, where the pool does not listen: heard here, the transaction's next statement fails instead (the
  // client is not queryable any more), and the caller reports it as a lost connection.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return pool;
}

async function openPostgres(url: string, options: OpenOptions): Promise<DbHandle> {
  const pool = openPool(url, options, "Postgres");
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  const base = { db, kind: "postgres" as const, where: describeUrl(url), url };
  const replicaUrls = options.replicaUrls ?? [];
  if (!replicaUrls.length) return { ...base, reads: db, pinReads: () => db, close: () => pool.end() };
  const members = replicaUrls.map((replicaUrl) => {
    const name = describeUrl(replicaUrl);
    // A stopped replica refuses at once; a vanished host must not hold a report for the OS's long timeout.
    const replicaPool = openPool(replicaUrl, options, `replica ${name}`, { connectionTimeoutMillis: 2000 });
    return { name, pool: replicaPool, db: drizzlePg({ client: replicaPool, schema }) as unknown as Database };
  });
  const replicas = new ReplicaSet({ pool, db }, members, {
    maxLagMs: options.replicaMaxLagMs ?? envMs("DATABASE_REPLICA_MAX_LAG_MS", 5000),
    checkMs: options.replicaCheckMs ?? envMs("DATABASE_REPLICA_CHECK_MS", 1000),
    quiet: options.quiet,
  });
  await replicas.start();
  const reads = routedReads(() => replicas.pick());
  for (const reader of [reads, ...members.map((m) => m.db)]) writers.set(reader, db);
  return {
    ...base,
    reads,
    pinReads: () => replicas.pick(),
    replicas,
    where: `${base.where} + ${members.length} replica(s)`,
    close: async () => {
      replicas.stop();
      await Promise.all([pool.end(), ...members.map((m) => m.pool.end())]);
    },
  };
}

/**
 * A database whose every query goes to `pick()`'s choice. Drizzle's own `withReplicas` is not enough here: it sends
 * `execute` (all our raw-SQL reports) and `transaction` to the primary and only routes the query builders.
 */
/** Each read-only database (a replica's, the routed reads) → its primary, for the few writes a read path makes. */
const writers = new WeakMap<object, Database>();

/**
 * The database to write through when all a function holds is a read database: the primary behind a replica (or
 * behind the routed reads), else the database itself. Used by caches that read on the read path and write what
 * they computed.
 */
export function primaryOf(db: Database): Database {
  return writers.get(db) ?? db;
}

function routedReads(pick: () => Database): Database {
  return new Proxy({} as Database, {
    get(_target, prop) {
      const db = pick();
      const value = Reflect.get(db, prop, db) as unknown;
      return typeof value === "function" ? value.bind(db) : value;
    },
  });
}

const g = globalThis as unknown as { __losslensDb?: Promise<DbHandle> };

/** The process-wide database, opened and migrated on first use (one instance per process, survives HMR). */
export function getDb(): Promise<DbHandle> {
  g.__losslensDb ??= openDatabase({
    url: process.env.DATABASE_URL || undefined,
    replicaUrls: replicaUrlsFromEnv(),
    purpose: "losslens server",
  }).catch((err) => {
    g.__losslensDb = undefined;
    throw err;
  });
  return g.__losslensDb;
}

export { type DbOrTx, intArray, queryRows, type Transaction, textArray } from "./sql";
export { schema };
