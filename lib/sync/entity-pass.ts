/**
 * One `>ID`-paged pass over a CRM list (companies, contacts, deals, stage history, activities): each page of up
 * to 2,500 rows is validated, stored in one transaction with its cursor, and its bad records quarantined. Then
 * the retry of the records quarantined by earlier runs, asked for by id.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { type DbHandle, intArray, queryRows } from "@/db";
import { comments, type deals } from "@/db/schema";
import type { Bitrix24Client } from "@/lib/bitrix24/client";
import { batchCommandError } from "@/lib/bitrix24/errors";
import { listById, rowsFromResult, type WireRow } from "@/lib/bitrix24/list";
import { toPortalTime } from "@/lib/bitrix24/wire";
import { oneAhead } from "./ahead";
import { readCursor, type SyncMode, writeCursor } from "./cursors";
import { dealFieldComments, type EntityDef } from "./entities";
import { clearQuarantine, type QuarantineBox, quarantinedIds, upsertOrReject } from "./quarantine";

export interface EntityProgress {
  pages: number;
  rows: number;
  total?: number;
}

export interface PassPlan {
  mode: SyncMode;
  since: string | null;
}

export interface PassContext {
  portalId: number;
  timezoneOffset: string;
  client: Bitrix24Client;
  lossCommentField: string | null;
  box: QuarantineBox;
  signal: AbortSignal;
  report: (tx: DbOrTx, entity: string, p: EntityProgress) => Promise<void>;
}

/** Validates, stores and clears-or-quarantines one page of wire rows; returns the ids stored. */
async function storePage(tx: DbOrTx, def: EntityDef, raws: WireRow[], ctx: PassContext): Promise<number[]> {
  const valid: Record<string, unknown>[] = [];
  for (const raw of raws) {
    const parsed = def.parse(ctx.portalId, raw);
    if (parsed.ok) valid.push(parsed.row as Record<string, unknown>);
    else ctx.box.add(def.name, raw, parsed.reason, raw.ID ?? raw.id);
  }
  const stored = await upsertOrReject(tx, def.table, valid as never[], def.key, (row, reason) => {
    const r = row as { raw?: unknown; bitrixId?: unknown };
    ctx.box.add(def.name, r.raw, reason, r.bitrixId);
  });
  const ids = (stored as { bitrixId: number }[]).map((r) => r.bitrixId);
  await clearQuarantine(tx, ctx.portalId, def.name, ids);
  if (def.name === "deals") await syncDealFieldComments(tx, stored as (typeof deals.$inferInsert)[], ctx);
  await ctx.box.flush(tx);
  return ids;
}

export async function syncEntity(handle: DbHandle, def: EntityDef, plan: PassPlan, ctx: PassContext) {
  const { db } = handle;
  const { portalId } = ctx;
  const cursor = await readCursor<{ lastId: number; done: boolean; pages: number; rows: number }>(
    db,
    portalId,
    def.name,
  );
  if (cursor?.done) return;
  let fromId = cursor?.lastId ?? 0;
  const filter: Record<string, unknown> = { ...((def.spec.params?.filter as object) ?? {}) };
  if (plan.mode === "incremental") {
    if (def.changedSince && plan.since)
      Object.assign(filter, def.changedSince(toPortalTime(new Date(plan.since), ctx.timezoneOffset)));
    else if (!cursor) {
      // Append-only lists (stage history) continue after the newest row we have.
      const [res] = await queryRows<{ m: number }>(
        db,
        sql`select coalesce(max(bitrix_id), 0)::int as m from ${def.table} where portal_id = ${portalId}`,
      );
      fromId = res?.m ?? 0;
    }
  }
  const spec = { ...def.spec, params: { ...def.spec.params, filter } };
  let pages = cursor?.pages ?? 0;
  let rowsDone = cursor?.rows ?? 0;
  for await (const page of oneAhead(listById(ctx.client, spec, fromId))) {
    ctx.signal.throwIfAborted();
    pages += 1;
    rowsDone += page.rows.length;
    await db.transaction(async (tx) => {
      await storePage(tx, def, page.rows, ctx);
      await writeCursor(tx, portalId, def.name, plan.mode, {
        lastId: page.lastId,
        done: false,
        pages,
        rows: rowsDone,
      });
      await ctx.report(tx, def.name, {
        pages,
        rows: rowsDone,
        total: page.total === null ? undefined : page.total + (cursor?.rows ?? 0),
      });
    });
  }
  await writeCursor(db, portalId, def.name, plan.mode, { lastId: fromId, done: true, pages, rows: rowsDone });
}

/**
 * Asks the portal again for the records earlier runs quarantined (50 ids per command, 50 commands per
 * request): good ones are stored and leave quarantine, bad ones stay, ids the portal no longer returns leave
 * quarantine (deletion catches their rows). Returns how many came back good.
 */
export async function retryQuarantined(handle: DbHandle, def: EntityDef, ctx: PassContext): Promise<number> {
  const ids = await quarantinedIds(handle.db, ctx.portalId, def.name, ctx.box.runId);
  if (ids.length === 0) return 0;
  const baseFilter = (def.spec.params?.filter as object | undefined) ?? {};
  const idKey = def.spec.idField ?? "ID";
  let recovered = 0;
  for (let i = 0; i < ids.length; i += 2500) {
    ctx.signal.throwIfAborted();
    const slice = ids.slice(i, i + 2500);
    const commands: Record<string, { method: string; params: Record<string, unknown> }> = {};
    for (let k = 0; k < slice.length; k += 50) {
      commands[`q${k / 50}`] = {
        method: def.spec.method,
        params: {
          ...def.spec.params,
          filter: { ...baseFilter, [`@${idKey}`]: slice.slice(k, k + 50) },
          order: { [idKey]: "ASC" },
          start: -1,
        },
      };
    }
    const res = await ctx.client.batch(commands);
    const raws: WireRow[] = [];
    for (const key of Object.keys(commands)) {
      const err = res.error[key];
      if (err) throw batchCommandError(def.spec.method, err);
      raws.push(...rowsFromResult(res.result[key], def.spec.itemsKey));
    }
    await handle.db.transaction(async (tx) => {
      const stored = await storePage(tx, def, raws, ctx);
      recovered += stored.length;
      const served = new Set(raws.map((r) => Number(r[idKey])));
      await clearQuarantine(
        tx,
        ctx.portalId,
        def.name,
        slice.filter((id) => !served.has(id)),
      );
    });
  }
  return recovered;
}

async function syncDealFieldComments(tx: DbOrTx, rows: (typeof deals.$inferInsert)[], ctx: PassContext) {
  const ids = rows.map((r) => r.bitrixId);
  if (ids.length === 0) return;
  await tx
    .delete(comments)
    .where(
      and(
        eq(comments.portalId, ctx.portalId),
        inArray(comments.source, ["deal_field", "user_field"]),
        sql`${comments.dealId} = any(${intArray(ids)}::int[])`,
      ),
    );
  await upsertOrReject(
    tx,
    comments,
    rows.flatMap((d) => dealFieldComments(ctx.portalId, d, ctx.lossCommentField)),
    [comments.portalId, comments.source, comments.bitrixId],
    (row, reason) => ctx.box.add("dealFieldComments", { body: row.body }, reason, row.dealId),
  );
}
