import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Client } from "pg";
import type { DbHandle } from "./index";
import { queryRows } from "./sql";

export const migrationsFolder = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export async function applyMigrations(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, config);
    return;
  }
  if (!handle.url) throw new Error("a Postgres handle without its connection string cannot be migrated");
  // Several processes may start at once against one Postgres (server, CLI, tests): serialise migrations on a
  // connection of their own, under a session advisory lock that closing the connection releases. (The migrator
  // runs its migrations in one transaction of that connection.)
  const client = new Client({ connectionString: handle.url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('losslens:migrate'))");
    await migratePg(drizzlePg({ client }), config);
  } finally {
    await client.end();
  }
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

/** Applied migration count and the tag of the newest applied migration. */
export async function migrationStatus(
  handle: DbHandle,
): Promise<{ applied: number; latest: string | null; pending: number }> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8"),
  ) as {
    entries: JournalEntry[];
  };
  const [row] = await queryRows<{ n: number; last: string | null }>(
    handle.db,
    sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  const applied = Number(row?.n ?? 0);
  const latest =
    journal.entries.find((e) => String(e.when) === row?.last)?.tag ??
    journal.entries[applied - 1]?.tag ??
    null;
  return { applied, latest, pending: Math.max(0, journal.entries.length - applied) };
}
