import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "@/db";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

/**
 * Idempotent bulk upsert: INSERT … ON CONFLICT (key) DO UPDATE SET every non-key column from EXCLUDED.
 * Rows go in chunks so the statement stays under Postgres' 65,535 bind parameters.
 */
export async function upsertRows<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: T["$inferInsert"][],
  key: PgColumn[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keyNames = new Set(key.map((c) => c.name));
  const set: Record<string, SQL> = {};
  for (const [prop, col] of Object.entries(columns)) {
    if (!keyNames.has(col.name)) set[prop] = sql.raw(`excluded."${col.name}"`);
  }
  const perRow = Object.keys(columns).length;
  const chunk = Math.max(1, Math.floor(60_000 / perRow));
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insert(table)
      .values(rows.slice(i, i + chunk))
      .onConflictDoUpdate({ target: key, set });
  }
}
