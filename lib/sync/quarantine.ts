/**
 * Quarantine: records the portal served but we could not take (failed validation, or a value the database
 * refused). A quarantined record is not a deleted one: its last good copy stays (full runs spare it), every run
 * asks the portal for it again, and its entry is cleared when it comes back good or is gone from the portal.
 * One live entry per record: quarantining it again replaces the entry.
 */
import { and, eq, ne, or, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { type Database, queryRows, textArray } from "@/db";
import { quarantine } from "@/db/schema";
import { storable, storableText } from "@/lib/bitrix24/storable";
import { describeDbError, isDataError } from "./sync-errors";
import { upsertRows } from "./upsert";

type Entry = typeof quarantine.$inferInsert;

const MAX_REASON = 300;

export class QuarantineBox {
  count = 0;
  private pending: Entry[] = [];

  constructor(
    private readonly portalId: number,
    readonly runId: number | null,
  ) {}

  add(entity: string, payload: unknown, reason: string, bitrixId?: unknown): void {
    this.count += 1;
    this.pending.push({
      portalId: this.portalId,
      runId: this.runId,
      entity,
      reason: storableText(reason).slice(0, MAX_REASON),
      payload: storable(payload ?? {}) as object,
      bitrixId: bitrixId === null || bitrixId === undefined || bitrixId === "" ? null : String(bitrixId),
    });
  }

  async flush(tx: DbOrTx): Promise<void> {
    if (this.pending.length === 0) return;
    const entries = this.pending.splice(0);
    const byEntity = new Map<string, string[]>();
    for (const e of entries) {
      if (e.bitrixId) byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e.bitrixId]);
    }
    for (const [entity, ids] of byEntity) await clearQuarantine(tx, this.portalId, entity, ids);
    await tx.insert(quarantine).values(entries);
  }
}

/** These records came back good (or are gone): their entries go. */
export async function clearQuarantine(
  tx: DbOrTx,
  portalId: number,
  entity: string,
  ids: (number | string)[],
): Promise<void> {
  if (ids.length === 0) return;
  await tx.delete(quarantine).where(
    and(
      eq(quarantine.portalId, portalId),
      eq(quarantine.entity, entity),
      // One array parameter: a page clears up to 2,500 ids, and 2,500 binds cost more than the delete.
      sql`${quarantine.bitrixId} = any(${textArray(ids.map(String))}::text[])`,
    ),
  );
}

/** Numeric ids of an entity's live entries, except those this run already judged. */
export async function quarantinedIds(
  db: DbOrTx,
  portalId: number,
  entity: string,
  exceptRunId: number | null,
): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: quarantine.bitrixId })
    .from(quarantine)
    .where(
      and(
        eq(quarantine.portalId, portalId),
        eq(quarantine.entity, entity),
        sql`${quarantine.bitrixId} ~ '^[0-9]{1,9}$'`,
        exceptRunId === null
          ? undefined
          : or(sql`${quarantine.runId} is null`, ne(quarantine.runId, exceptRunId)),
      ),
    );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Deals whose timeline comments sit in quarantine (their comments are fetched again every run). */
export async function dealsWithQuarantinedComments(db: Database, portalId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select distinct (payload->>'ENTITY_ID')::int as id from quarantine
        where portal_id = ${portalId} and entity = 'comments' and payload->>'ENTITY_ID' ~ '^[0-9]{1,9}$'`,
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Upserts rows; when the database refuses the page (a value it cannot store), stores them one by one, each in a
 * savepoint, and hands each refused row to `reject` with a reason that names the SQLSTATE, not the value. The
 * page goes on with the rest. Other failures (the connection) are thrown.
 */
export async function upsertOrReject<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: T["$inferInsert"][],
  key: PgColumn[],
  reject: (row: T["$inferInsert"], reason: string) => void,
): Promise<T["$inferInsert"][]> {
  if (rows.length === 0) return rows;
  try {
    await tx.transaction((sp) => upsertRows(sp, table, rows, key));
    return rows;
  } catch (err) {
    if (!isDataError(err)) throw err;
  }
  const stored: T["$inferInsert"][] = [];
  for (const row of rows) {
    try {
      await tx.transaction((sp) => upsertRows(sp, table, [row], key));
      stored.push(row);
    } catch (err) {
      if (!isDataError(err)) throw err;
      reject(row, `not storable: ${describeDbError(err)}`);
    }
  }
  return stored;
}
