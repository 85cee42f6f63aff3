import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { needsStorable, storable } from "@/lib/bitrix24/storable";

const CHUNK_ROWS = 2_000;

/**
 * Idempotent bulk upsert: INSERT … ON CONFLICT (key) DO UPDATE SET every non-key column from EXCLUDED.
 * Rows travel as ONE jsonb parameter expanded by jsonb_populate_recordset: binding tens of thousands of
 * parameters row by row cost several times more than Postgres parsing the JSON (see `npm run bench`).
 */
export async function upsertRows<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: T["$inferInsert"][],
  key: PgColumn[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const props = Object.keys(rows[0] as object).filter((p) => columns[p]);
  const names = props.map((p) => columns[p]!.name);
  const keyNames = new Set(key.map((c) => c.name));
  const quoted = names.map((n) => `"${n}"`).join(", ");
  const updates = names
    .filter((n) => !keyNames.has(n))
    .map((n) => `"${n}" = excluded."${n}"`)
    .join(", ");
  const target = key.map((c) => `"${c.name}"`).join(", ");
  const tableName = `"${getTableName(table)}"`;
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const payload = rows.slice(i, i + CHUNK_ROWS).map((row) => {
      const out: Record<string, unknown> = {};
      props.forEach((p, j) => {
        out[names[j]!] = (row as Record<string, unknown>)[p] ?? null;
      });
      return out;
    });
    // Rows from the client are storable already; this covers rows built from any other source.
    let json = JSON.stringify(payload);
    if (needsStorable(json)) json = JSON.stringify(storable(payload));
    await db.execute(
      sql`${sql.raw(`insert into ${tableName} (${quoted}) select ${quoted} from jsonb_populate_recordset(null::${tableName}, `)}${json}${sql.raw(`::jsonb) on conflict (${target}) do ${updates ? `update set ${updates}` : "nothing"}`)}`,
    );
  }
}
