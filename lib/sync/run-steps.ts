/**
 * The steps of a sync run around the entity passes (run.ts): its plan and run record, the deletions it catches,
 * the facts it derives, and how it ends — succeeded, failed or aborted.
 */
import { and, eq, sql } from "drizzle-orm";
import { type Database, type DbHandle, queryRows } from "@/db";
import { type portals, syncCursors, syncRuns } from "@/db/schema";
import type { Bitrix24Client } from "@/lib/bitrix24/client";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { factsRulesCurrent, vacuumFacts } from "@/lib/facts/version";
import { readCursor, type SyncMode, writeCursor } from "./cursors";
import { LIST_ENTITIES } from "./entities";
import type { EntityProgress } from "./entity-pass";
import { reconcileDeletions } from "./reconcile";
import { isConnectionLoss, SyncError, safeSyncError } from "./sync-errors";

export type Trigger = (typeof syncRuns.$inferInsert)["trigger"];

export interface Plan {
  mode: SyncMode;
  /** When this run began: rows it touched have synced_at ≥ epoch; a full run deletes what it did not touch. */
  epoch: string;
  /** Incremental runs fetch what changed since this instant. */
  since: string | null;
}

export interface Watermark {
  epoch: string;
  reconciledAt?: string | null;
  commentSweepAfter?: number;
}

/** Changes made while a previous run was in flight are caught by re-reading this much before its start. */
const OVERLAP_MS = 10 * 60_000;
const RECONCILE_EVERY_MS = 6 * 3600_000;

const INTERRUPTED =
  "Interrupted (its process or database connection was lost); the next run resumed from its cursors / " +
  "Прервано (процесс или соединение с базой потеряны); следующий запуск продолжил с сохранённого места";

/** The run's plan: a killed or failed run's, resumed, else a new one (full without a watermark). */
export async function startPlan(db: Database, portalId: number, mode: SyncMode | undefined) {
  const pending = await readCursor<Plan>(db, portalId, "_plan");
  const watermark = await readCursor<Watermark>(db, portalId, "_watermark");
  const resumed = pending !== null && !(mode === "full" && pending.mode === "incremental");
  const plan: Plan = resumed
    ? pending
    : mode === "full" || !watermark
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
  return { plan, resumed, watermark };
}

/** The run's record; runs still marked running died with their process (or lost the database first). */
export async function openRun(db: Database, portalId: number, mode: SyncMode, trigger: Trigger | undefined) {
  await db
    .update(syncRuns)
    .set({ status: "aborted", finishedAt: new Date(), errorCode: "INTERRUPTED", errorMessage: INTERRUPTED })
    .where(and(eq(syncRuns.portalId, portalId), eq(syncRuns.status, "running")));
  const [run] = await db
    .insert(syncRuns)
    .values({ portalId, kind: mode, status: "running", trigger: trigger ?? "manual" })
    .returning({ id: syncRuns.id });
  return run!.id;
}

/**
 * Deletions: a full run deletes what it did not touch; an incremental one lists every id when asked or when the
 * last reconciliation is old. Returns when the portal was last reconciled.
 */
export async function catchDeletions(
  handle: DbHandle,
  client: Bitrix24Client,
  portalId: number,
  plan: Plan,
  last: { reconciledAt: string | null; reconcile?: boolean },
  progress: Record<string, EntityProgress>,
): Promise<string | null> {
  if (plan.mode === "full") {
    await deleteUntouched(handle, portalId, new Date(plan.epoch));
    return plan.epoch;
  }
  const due = !last.reconciledAt || Date.now() - Date.parse(last.reconciledAt) > RECONCILE_EVERY_MS;
  if (!(last.reconcile ?? due)) return last.reconciledAt;
  const removed = await reconcileDeletions(handle.db, client, portalId);
  progress.deleted = { pages: 0, rows: Object.values(removed).reduce((a, b) => a + b, 0) };
  return new Date().toISOString();
}

/**
 * The run's facts. Facts derived by older rules (an upgrade changed a definition) or in another base currency
 * (the portal changed it since the last run) are derived again whole, even by an incremental run: a partial
 * derive would leave every deal it did not touch as the old rules or currency made it.
 */
export async function deriveRunFacts(handle: DbHandle, portal: typeof portals.$inferSelect, plan: Plan) {
  const { db } = handle;
  const factsOptions = await factsOptionsFor(db, portal);
  const whole =
    plan.mode === "full" ||
    factsOptions.baseCurrency !== portal.baseCurrency ||
    !(await factsRulesCurrent(db, portal.id));
  await deriveFacts(
    db,
    portal.id,
    factsOptions,
    whole ? null : await changedDealIds(handle, portal.id, new Date(plan.epoch)),
  );
  if (whole) await vacuumFacts(db);
}

/**
 * After a full run, rows it did not touch are gone from the portal; rows in quarantine are not (the portal
 * served them, malformed): their last good copy stays.
 */
async function deleteUntouched(handle: DbHandle, portalId: number, epoch: Date) {
  await handle.db.transaction(async (tx) => {
    for (const def of LIST_ENTITIES) {
      await tx.execute(sql`delete from ${def.table} t where t.portal_id = ${portalId} and t.synced_at < ${epoch}
        and not exists (select 1 from quarantine q where q.portal_id = ${portalId} and q.entity = ${def.name}
          and q.bitrix_id = t.bitrix_id::text)`);
    }
    await tx.execute(sql`delete from comments c where c.portal_id = ${portalId}
      and not exists (select 1 from deals d where d.portal_id = c.portal_id and d.bitrix_id = c.deal_id)`);
  });
}

/** Deals touched by an incremental run: changed themselves, or got new history, activities or comments. */
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

/** A successful end: the cursors give way to the watermark the next run starts from. */
export async function finishRun(
  db: Database,
  portalId: number,
  runId: number,
  watermark: Watermark & { mode: SyncMode },
  counts: { progress: Record<string, EntityProgress>; apiCalls: number; quarantined: number },
) {
  await db.transaction(async (tx) => {
    await tx.delete(syncCursors).where(eq(syncCursors.portalId, portalId));
    await writeCursor(tx, portalId, "_watermark", watermark.mode, watermark);
    await tx
      .update(syncRuns)
      .set({ status: "succeeded", finishedAt: new Date(), ...counts })
      .where(and(eq(syncRuns.portalId, portalId), eq(syncRuns.id, runId)));
  });
}

/**
 * A failed or cancelled run is marked on a fresh pool connection: if the database is back, the run is marked
 * now; if not, the next run marks it aborted (openRun). A few tries: right after backends are ended the pool
 * may still hand out a connection it has not yet noticed is dead. Returns the error to throw.
 */
export async function failRun(
  db: Database,
  portalId: number,
  runId: number,
  err: unknown,
  cancelledBy?: AbortSignal,
) {
  const safe = safeSyncError(err);
  const cancelled = Boolean(cancelledBy?.aborted) && !isConnectionLoss(err);
  for (let attempt = 0; runId && attempt < 3; attempt++) {
    const marked = await db
      .update(syncRuns)
      .set({
        status: cancelled ? "aborted" : "failed",
        finishedAt: new Date(),
        errorCode: cancelled && safe.code === "SYNC_FAILED" ? "ABORTED" : safe.code,
        errorMessage: safe.message,
      })
      .where(and(eq(syncRuns.portalId, portalId), eq(syncRuns.id, runId)))
      .then(() => true)
      .catch(() => false);
    if (marked) break;
    await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
  }
  return err instanceof SyncError ? err : new SyncError(safe.code, safe.message, { cause: err });
}
