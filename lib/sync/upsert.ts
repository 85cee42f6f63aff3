import { getTableColumns, getTableName, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { intArray, queryRows, textArray } from "@/db";
import { needsStorable, storable } from "@/lib/bitrix24/storable";
import { type CopyKind, copyKind, copyRows, copyTarget } from "./copy";

const CHUNK_ROWS = 2_000;

/** How rows are written: `auto` COPYs a chunk none of whose keys exist yet, else upserts it (tests force each). */
export type WritePath = "auto" | "insert";
let writePath: WritePath = (process.env.LOSSLENS_SYNC_WRITE as WritePath) === "insert" ? "insert" : "auto";

/** Rows written by each path since the process started (the bench prints them; tests check the path taken). */
export const writeStats = { copied: 0, upserted: 0 };

/** Tests pin a path to check both write the same rows; returns the previous one. */
export function setWritePath(path: WritePath): WritePath {
  const before = writePath;
  writePath = path;
  return before;
}

interface Shape {
  tableName: string;
  props: string[];
  names: string[];
  kinds: CopyKind[];
  key: PgColumn[];
}

/**
 * Idempotent bulk upsert of a page. A chunk whose keys are all new (a first full sync, new records on an
 * incremental one) goes in by COPY, the bulk path that costs Postgres least; a chunk with any existing key by
 * INSERT … ON CONFLICT (key) DO UPDATE SET every non-key column from EXCLUDED, the rows travelling as ONE jsonb
 * parameter expanded by jsonb_populate_recordset (binding each value cost several times more than parsing JSON).
 * Both write the same values; a key that appears between the check and the COPY (a deal event's refresh) fails
 * the COPY with a unique violation, a data error the caller's per-row fallback (quarantine.ts) stores by upsert.
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
  const shape: Shape = {
    tableName: getTableName(table),
    props,
    names: props.map((p) => columns[p]!.name),
    kinds: props.map((p) => copyKind(columns[p]!.getSQLType())),
    key,
  };
  const target = writePath === "auto" ? copyTarget(db) : null;
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const chunk = rows.slice(i, i + CHUNK_ROWS) as Record<string, unknown>[];
    if (target && !(await anyKeyExists(db, shape, chunk))) {
      await copyRows(target, shape.tableName, shape.names, props, shape.kinds, chunk);
      writeStats.copied += chunk.length;
    } else {
      await insertOnConflict(db, shape, chunk);
      writeStats.upserted += chunk.length;
    }
  }
}

/** Whether any row's key may already be stored: each key column matched against its values in the chunk. */
async function anyKeyExists(db: DbOrTx, shape: Shape, rows: Record<string, unknown>[]): Promise<boolean> {
  const tests: (SQL | null)[] = shape.key.map((col) => {
    const prop = shape.props[shape.names.indexOf(col.name)];
    if (prop === undefined) return null;
    const values = [...new Set(rows.map((r) => r[prop!]))];
    return col.getSQLType() === "integer"
      ? sql`${sql.identifier(col.name)} = any(${intArray(values as number[])}::int[])`
      : sql`${sql.identifier(col.name)} = any(${textArray(values.map(String))}::text[])`;
  });
  // A key column the rows do not carry: assume it exists (the upsert is always right).
  if (tests.some((t) => t === null)) return true;
  // A superset test (each column in its own set): "none" is exact, "some" may be a cross match — then upsert.
  const found = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from ${sql.identifier(shape.tableName)} where ${sql.join(tests as SQL[], sql` and `)} limit 1`,
  );
  return found.length > 0;
}

async function insertOnConflict(db: DbOrTx, shape: Shape, rows: Record<string, unknown>[]): Promise<void> {
  const { names, props, tableName } = shape;
  const keyNames = new Set(shape.key.map((c) => c.name));
  const quoted = names.map((n) => `"${n}"`).join(", ");
  const updates = names
    .filter((n) => !keyNames.has(n))
    .map((n) => `"${n}" = excluded."${n}"`)
    .join(", ");
  const target = shape.key.map((c) => `"${c.name}"`).join(", ");
  const payload = rows.map((row) => {
    const out: Record<string, unknown> = {};
    props.forEach((p, j) => {
      out[names[j]!] = row[p] ?? null;
    });
    return out;
  });
  // Rows from the client are storable already; this covers rows built from any other source.
  let json = JSON.stringify(payload);
  if (needsStorable(json)) json = JSON.stringify(storable(payload));
  await db.execute(
    sql`${sql.raw(`insert into "${tableName}" (${quoted}) select ${quoted} from jsonb_populate_recordset(null::"${tableName}", `)}${json}${sql.raw(`::jsonb) on conflict (${target}) do ${updates ? `update set ${updates}` : "nothing"}`)}`,
  );
}
