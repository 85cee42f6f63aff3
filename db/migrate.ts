import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DbHandle } from "./index";
import { queryRows } from "./sql";

export const migrationsFolder = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export async function applyMigrations(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, config);
    return;
  }
  // Several processes may start at once against one Postgres (server, CLI, tests): serialise migrations.
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('losslens:migrate'))`);
    await migratePg(tx as unknown as NodePgDatabase, config);
  });
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
