/**
 * The one database module: DATABASE_URL set → node-postgres pool on a real Postgres; unset → embedded PGlite
 * persisted under ./data/pglite. Same schema, same migrations, same queries.
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
import { acquireDataDirLock } from "./lock";
import { applyMigrations } from "./migrate";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "postgres" | "pglite";

export interface DbHandle {
  db: Database;
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
}

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
    const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) });
    // An idle client that loses its server (a restart, a dropped database) emits "error" on the pool; unheard,
    // that crashes the process. The pool replaces the client, and the next query reports any lasting problem.
    pool.on("error", (err) => {
      if (!options.quiet) console.warn(`[db] idle Postgres connection lost: ${err.message}`);
    });
    handle = {
      db: drizzlePg({ client: pool, schema }) as unknown as Database,
      kind: "postgres",
      where: describeUrl(url),
      url,
      close: () => pool.end(),
    };
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
    handle = {
      db: drizzlePglite({ client, schema }) as unknown as Database,
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

const g = globalThis as unknown as { __losslensDb?: Promise<DbHandle> };

/** The process-wide database, opened and migrated on first use (one instance per process, survives HMR). */
export function getDb(): Promise<DbHandle> {
  g.__losslensDb ??= openDatabase({
    url: process.env.DATABASE_URL || undefined,
    purpose: "losslens server",
  }).catch((err) => {
    g.__losslensDb = undefined;
    throw err;
  });
  return g.__losslensDb;
}

export { type DbOrTx, intArray, queryRows, type Transaction, textArray } from "./sql";
export { schema };
