/**
 * The sync: reference data, then companies, contacts, deals, stage history, activities (each `>ID`-paged in
 * batches of 2,500 rows, one transaction and one saved cursor per page), then comments, deletions and the
 * derived facts. A killed run leaves its plan and cursors behind; the next run resumes from them.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type DbHandle, queryRows } from "@/db";
import { comments, deals, quarantine, syncCursors, syncRuns } from "@/db/schema";
import type { ClientOptions } from "@/lib/bitrix24/client";
import { listById } from "@/lib/bitrix24/list";
import { toPortalTime } from "@/lib/bitrix24/wire";
import { clientForPortal, getPortal } from "@/lib/portals";
import { fetchComments, replaceComments } from "./comments";
import { dealFieldComments, type EntityDef, LIST_ENTITIES } from "./entities";
import { deriveFacts, factsOptionsFor, vacuumFacts } from "./facts";
import { acquireSyncLock } from "./lock";
import { reconcileDeletions } from "./reconcile";
import { syncReference } from "./reference";
import { type DbOrTx, upsertRows } from "./upsert";

export type SyncMode = "full" | "incremental";
export type Trigger = (typeof syncRuns.$inferInsert)["trigger"];

export interface EntityProgress {
  pages: number;
  rows: number;
  total?: number;
}

export interface SyncSummary {
  runId: number;
  mode: SyncMode;
  resumed: boolean;
  progress: Record<string, EntityProgress>;
  apiCalls: number;
  quarantined: number;
  durationMs: number;
}

export interface SyncOptions {
  mode?: SyncMode;
  trigger?: Trigger;
  signal?: AbortSignal;
  onProgress?: (entity: string, progress: EntityProgress) => void;
  /** List every id to catch deletions (default: when the last reconciliation is over 6 hours old). */
  reconcile?: boolean;
  /** Client tuning (tests use short backoffs). */
  client?: Partial<ClientOptions>;
}

interface Plan {
  mode: SyncMode;
  /** When this run began: rows it touched have synced_at ≥ epoch; a full run deletes what it did not touch. */
  epoch: string;
  /** Incremental runs fetch what changed since this instant. */
  since: string | null;
}

/** Changes made while a previous run was in flight are caught by re-reading this much before its start. */
const OVERLAP_MS = 10 * 60_000;
const RECONCILE_EVERY_MS = 6 * 3600_000;

async function readCursor<T>(db: DbOrTx, portalId: number, entity: string): Promise<T | null> {
  const [row] = await db
    .select()
    .from(syncCursors)
    .where(and(eq(syncCursors.portalId, portalId), eq(syncCursors.entity, entity)));
  return (row?.cursor as T | undefined) ?? null;
}

async function writeCursor(db: DbOrTx, portalId: number, entity: string, mode: SyncMode, cursor: object) {
  await db
    .insert(syncCursors)
    .values({ portalId, entity, mode, cursor: cursor as Record<string, unknown>, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [syncCursors.portalId, syncCursors.entity],
      set: { mode, cursor: cursor as Record<string, unknown>, updatedAt: new Date() },
    });
}

export async function runSync(
  handle: DbHandle,
  portalId: number,
  options: SyncOptions = {},
): Promise<SyncSummary> {
  const { db } = handle;
  const started = Date.now();
  const release = await acquireSyncLock(handle, portalId);
  let runId = 0;
  try {
    const portal = await getPortal(db, portalId);
    if (!portal) throw new Error(`portal ${portalId} not found`);
    const client = clientForPortal(portal, { signal: options.signal, overrides: options.client, db });

    const pending = await readCursor<Plan>(db, portalId, "_plan");
    const watermark = await readCursor<{ epoch: string; reconciledAt?: string }>(db, portalId, "_watermark");
    const resumed = pending !== null && !(options.mode === "full" && pending.mode === "incremental");
    const plan: Plan = resumed
      ? pending
      : options.mode === "full" || !watermark
        ? { mode: "full", epoch: new Date().toISOString(), since: null }
        : {
            mode: "incremental",
            epoch: new Date().toISOString(),
            since: new Date(Date.parse(watermark.epoch) - OVERLAP_MS).toISOString(),
          };
    if (!resumed) {
      await db
        .delete(syncCursors)
        .where(and(eq(syncCursors.portalId, portalId), sql`${syncCursors.entity} not like '\\_%'`));
      await writeCursor(db, portalId, "_plan", plan.mode, plan);
    }
    // Runs still marked running died with their process.
    await db
      .update(syncRuns)
      .set({ status: "aborted", finishedAt: new Date() })
      .where(and(eq(syncRuns.portalId, portalId), eq(syncRuns.status, "running")));
    const [run] = await db
      .insert(syncRuns)
      .values({ portalId, kind: plan.mode, status: "running", trigger: options.trigger ?? "manual" })
      .returning({ id: syncRuns.id });
    runId = run!.id;

    const progress: Record<string, EntityProgress> = {};
    let quarantined = 0;
    const report = async (tx: DbOrTx, entity: string, p: EntityProgress) => {
      progress[entity] = p;
      options.onProgress?.(entity, p);
      await tx
        .update(syncRuns)
        .set({ progress, apiCalls: client.stats.requests, quarantined })
        .where(eq(syncRuns.id, runId));
    };
    const quarantineRows: (typeof quarantine.$inferInsert)[] = [];
    const toQuarantine = (entity: string, payload: unknown, reason: string, bitrixId?: unknown) => {
      quarantined += 1;
      quarantineRows.push({
        portalId,
        runId,
        entity,
        reason,
        payload: payload ?? {},
        bitrixId: bitrixId == null ? null : String(bitrixId),
      });
    };
    const flushQuarantine = async (tx: DbOrTx) => {
      if (quarantineRows.length) await tx.insert(quarantine).values(quarantineRows.splice(0));
    };

    const ref = await syncReference(db, client, portalId, (entity, raw, reason) =>
      toQuarantine(entity, raw, reason, (raw as Record<string, unknown>)?.ID),
    );
    await db.transaction(async (tx) => {
      await flushQuarantine(tx);
      await report(tx, "reference", { pages: 1, rows: Object.values(ref).reduce((a, b) => a + b, 0) });
    });

    for (const def of LIST_ENTITIES) {
      await syncEntity(handle, def, plan, portalId, {
        client,
        timezoneOffset: portal.timezoneOffset,
        lossCommentField: portal.settings.lossCommentField ?? null,
        toQuarantine,
        flushQuarantine,
        report,
      });
    }
    await syncComments(
      handle,
      portalId,
      plan,
      client,
      portal.settings.commentsForAllDeals ?? false,
      toQuarantine,
      flushQuarantine,
      report,
    );

    let reconciledAt = watermark?.reconciledAt ?? null;
    if (plan.mode === "full") {
      await deleteUntouched(handle, portalId, new Date(plan.epoch));
      reconciledAt = plan.epoch;
    } else if (
      options.reconcile ??
      (!reconciledAt || Date.now() - Date.parse(reconciledAt) > RECONCILE_EVERY_MS)
    ) {
      const removed = await reconcileDeletions(db, client, portalId);
      progress.deleted = { pages: 0, rows: Object.values(removed).reduce((a, b) => a + b, 0) };
      reconciledAt = new Date().toISOString();
    }
    await deriveFacts(
      db,
      portalId,
      await factsOptionsFor(db, portal),
      plan.mode === "full" ? null : await changedDealIds(handle, portalId, new Date(plan.epoch)),
    );
    if (plan.mode === "full") await vacuumFacts(db);

    await db.transaction(async (tx) => {
      await tx.delete(syncCursors).where(eq(syncCursors.portalId, portalId));
      await writeCursor(tx, portalId, "_watermark", plan.mode, {
        epoch: plan.epoch,
        mode: plan.mode,
        reconciledAt,
      });
      await tx
        .update(syncRuns)
        .set({
          status: "succeeded",
          finishedAt: new Date(),
          progress,
          apiCalls: client.stats.requests,
          quarantined,
        })
        .where(eq(syncRuns.id, runId));
    });
    return {
      runId,
      mode: plan.mode,
      resumed,
      progress,
      apiCalls: client.stats.requests,
      quarantined,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    if (runId) {
      const aborted = options.signal?.aborted;
      await db
        .update(syncRuns)
        .set({
          status: aborted ? "aborted" : "failed",
          finishedAt: new Date(),
          errorCode: (err as { code?: string }).code ?? (aborted ? "ABORTED" : "SYNC_FAILED"),
          errorMessage: String((err as Error).message ?? err).slice(0, 500),
        })
        .where(eq(syncRuns.id, runId))
        .catch(() => {});
    }
    throw err;
  } finally {
    await release();
  }
}

interface EntityContext {
  timezoneOffset: string;
  client: ReturnType<typeof clientForPortal>;
  lossCommentField: string | null;
  toQuarantine: (entity: string, payload: unknown, reason: string, bitrixId?: unknown) => void;
  flushQuarantine: (tx: DbOrTx) => Promise<void>;
  report: (tx: DbOrTx, entity: string, p: EntityProgress) => Promise<void>;
}

async function syncEntity(
  handle: DbHandle,
  def: EntityDef,
  plan: Plan,
  portalId: number,
  ctx: EntityContext,
) {
  const { db } = handle;
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
  for await (const page of listById(ctx.client, spec, fromId)) {
    const valid: Record<string, unknown>[] = [];
    for (const raw of page.rows) {
      const parsed = def.parse(portalId, raw);
      if (parsed.ok) valid.push(parsed.row as Record<string, unknown>);
      else ctx.toQuarantine(def.name, raw, parsed.reason, raw.ID ?? raw.id);
    }
    pages += 1;
    rowsDone += page.rows.length;
    await db.transaction(async (tx) => {
      await upsertRows(tx, def.table, valid as never[], def.key);
      if (def.name === "deals")
        await syncDealFieldComments(
          tx,
          portalId,
          valid as (typeof deals.$inferInsert)[],
          ctx.lossCommentField,
        );
      await ctx.flushQuarantine(tx);
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

async function syncDealFieldComments(
  tx: DbOrTx,
  portalId: number,
  rows: (typeof deals.$inferInsert)[],
  field: string | null,
) {
  const ids = rows.map((r) => r.bitrixId);
  if (ids.length === 0) return;
  await tx
    .delete(comments)
    .where(
      and(
        eq(comments.portalId, portalId),
        inArray(comments.source, ["deal_field", "user_field"]),
        inArray(comments.dealId, ids),
      ),
    );
  await upsertRows(
    tx,
    comments,
    rows.flatMap((d) => dealFieldComments(portalId, d, field)),
    [comments.portalId, comments.source, comments.bitrixId],
  );
}

async function syncComments(
  handle: DbHandle,
  portalId: number,
  plan: Plan,
  client: ReturnType<typeof clientForPortal>,
  allDeals: boolean,
  toQuarantine: EntityContext["toQuarantine"],
  flushQuarantine: EntityContext["flushQuarantine"],
  report: EntityContext["report"],
) {
  const { db } = handle;
  const cursor = await readCursor<{ lastDealId: number; done: boolean; pages: number; rows: number }>(
    db,
    portalId,
    "comments",
  );
  if (cursor?.done) return;
  const conditions = [eq(deals.portalId, portalId), sql`${deals.bitrixId} > ${cursor?.lastDealId ?? 0}`];
  if (!allDeals) conditions.push(eq(deals.stageSemantic, "F"));
  if (plan.mode === "incremental") conditions.push(sql`${deals.syncedAt} >= ${new Date(plan.epoch)}`);
  const ids = (
    await db
      .select({ id: deals.bitrixId })
      .from(deals)
      .where(and(...conditions))
      .orderBy(deals.bitrixId)
  ).map((r) => r.id);
  let pages = cursor?.pages ?? 0;
  let rows = cursor?.rows ?? 0;
  const total = ids.length + (cursor?.rows ?? 0);
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const fetched = await fetchComments(client, portalId, chunk, (raw, reason) =>
      toQuarantine("comments", raw, reason, (raw as { ID?: unknown })?.ID),
    );
    pages += 1;
    rows += chunk.length;
    await db.transaction(async (tx) => {
      await replaceComments(tx, portalId, chunk, fetched);
      await flushQuarantine(tx);
      await writeCursor(tx, portalId, "comments", plan.mode, {
        lastDealId: chunk.at(-1),
        done: false,
        pages,
        rows,
      });
      await report(tx, "comments", { pages, rows, total });
    });
  }
  await writeCursor(db, portalId, "comments", plan.mode, {
    lastDealId: ids.at(-1) ?? 0,
    done: true,
    pages,
    rows,
  });
}

/** After a full run, rows it did not touch are gone from the portal. */
async function deleteUntouched(handle: DbHandle, portalId: number, epoch: Date) {
  await handle.db.transaction(async (tx) => {
    for (const def of LIST_ENTITIES) {
      await tx.execute(sql`delete from ${def.table} where portal_id = ${portalId} and synced_at < ${epoch}`);
    }
    await tx.execute(sql`delete from comments c where c.portal_id = ${portalId}
      and not exists (select 1 from deals d where d.portal_id = c.portal_id and d.bitrix_id = c.deal_id)`);
  });
}

/** Deals touched by an incremental run: changed themselves, or got new history or activities. */
async function changedDealIds(handle: DbHandle, portalId: number, epoch: Date): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    handle.db,
    sql`
    select bitrix_id as id from deals where portal_id = ${portalId} and synced_at >= ${epoch}
    union select deal_id from stage_history where portal_id = ${portalId} and synced_at >= ${epoch}
    union select owner_id from activities where portal_id = ${portalId} and owner_type_id = 2 and synced_at >= ${epoch}
    union select deal_id from comments where portal_id = ${portalId} and synced_at >= ${epoch}`,
  );
  return rows.map((r) => Number(r.id));
}

export async function lastRuns(handle: DbHandle, portalId: number, limit = 20) {
  return handle.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.portalId, portalId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(limit);
}
