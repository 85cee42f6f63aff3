/**
 * The sync: reference data, then companies, contacts, deals, stage history, activities (each `>ID`-paged in
 * batches of 2,500 rows, one transaction and one saved cursor per page), the retry of quarantined records,
 * comments, deletions and the derived facts. A killed or failed run leaves its plan and cursors behind; the next
 * run resumes from them. Failures are stored as a short code and message (sync-errors.ts), never SQL or rows.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { type DbHandle, queryRows } from "@/db";
import { syncCursors, syncRuns } from "@/db/schema";
import type { ClientOptions } from "@/lib/bitrix24/client";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { factsRulesCurrent, vacuumFacts } from "@/lib/facts/version";
import { clientForPortal, getPortal } from "@/lib/portals";
import { COMMENT_SWEEP_DEALS, syncComments } from "./comment-pass";
import { readCursor, type SyncMode, writeCursor } from "./cursors";
import { LIST_ENTITIES } from "./entities";
import { type EntityProgress, retryQuarantined, syncEntity } from "./entity-pass";
import { acquireSyncLock } from "./lock";
import { QuarantineBox } from "./quarantine";
import { reconcileDeletions } from "./reconcile";
import { syncReference } from "./reference";
import { DbConnectionLostError, isConnectionLoss, SyncError, safeSyncError } from "./sync-errors";

export type { SyncMode } from "./cursors";
export type { EntityProgress } from "./entity-pass";
export type Trigger = (typeof syncRuns.$inferInsert)["trigger"];

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
  /** Deals whose comments an incremental run re-reads beyond those it changed (default 2,500). */
  commentSweep?: number;
}

interface Plan {
  mode: SyncMode;
  /** When this run began: rows it touched have synced_at ≥ epoch; a full run deletes what it did not touch. */
  epoch: string;
  /** Incremental runs fetch what changed since this instant. */
  since: string | null;
}

interface Watermark {
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

export async function runSync(
  handle: DbHandle,
  portalId: number,
  options: SyncOptions = {},
): Promise<SyncSummary> {
  const { db } = handle;
  const started = Date.now();
  // Losing the lock's connection loses the lock: stop, rather than race a run that may now take it.
  const lockLost = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, lockLost.signal]) : lockLost.signal;
  const release = await acquireSyncLock(handle, portalId, (err) =>
    lockLost.abort(new DbConnectionLostError(err)),
  );
  let runId = 0;
  try {
    const portal = await getPortal(db, portalId);
    if (!portal) throw new SyncError("PORTAL_NOT_FOUND", `portal ${portalId} not found`);
    const client = clientForPortal(portal, { signal, overrides: options.client, db });

    const pending = await readCursor<Plan>(db, portalId, "_plan");
    const watermark = await readCursor<Watermark>(db, portalId, "_watermark");
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
    // Runs still marked running died with their process (or lost the database before they could say so).
    await db
      .update(syncRuns)
      .set({ status: "aborted", finishedAt: new Date(), errorCode: "INTERRUPTED", errorMessage: INTERRUPTED })
      .where(and(eq(syncRuns.portalId, portalId), eq(syncRuns.status, "running")));
    const [run] = await db
      .insert(syncRuns)
      .values({ portalId, kind: plan.mode, status: "running", trigger: options.trigger ?? "manual" })
      .returning({ id: syncRuns.id });
    runId = run!.id;

    const progress: Record<string, EntityProgress> = {};
    const box = new QuarantineBox(portalId, runId);
    const report = async (tx: DbOrTx, entity: string, p: EntityProgress) => {
      progress[entity] = p;
      options.onProgress?.(entity, p);
      await tx
        .update(syncRuns)
        .set({ progress, apiCalls: client.stats.requests, quarantined: box.count })
        .where(eq(syncRuns.id, runId));
    };

    const ref = await syncReference(db, client, portalId, (entity, raw, reason) =>
      box.add(
        entity,
        raw,
        reason,
        (raw as Record<string, unknown>)?.ID ?? (raw as Record<string, unknown>)?.id,
      ),
    );
    await db.transaction(async (tx) => {
      await box.flush(tx);
      await report(tx, "reference", { pages: 1, rows: Object.values(ref).reduce((a, b) => a + b, 0) });
    });

    const ctx = {
      portalId,
      client,
      timezoneOffset: portal.timezoneOffset,
      lossCommentField: portal.settings.lossCommentField ?? null,
      box,
      signal,
      report,
    };
    for (const def of LIST_ENTITIES) await syncEntity(handle, def, plan, ctx);
    let recovered = 0;
    for (const def of LIST_ENTITIES) recovered += await retryQuarantined(handle, def, ctx);
    if (recovered) progress.recovered = { pages: 0, rows: recovered };
    const sweepAfter = await syncComments(
      handle,
      {
        mode: plan.mode,
        epoch: plan.epoch,
        sweepAfter: watermark?.commentSweepAfter ?? 0,
        sweep: options.commentSweep ?? COMMENT_SWEEP_DEALS,
      },
      { portalId, client, allDeals: portal.settings.commentsForAllDeals ?? false, box, signal, report },
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
    signal.throwIfAborted();
    // Facts derived by older rules (an upgrade changed a definition) or in another base currency (the portal
    // changed it since the last run) are derived again whole, even by an incremental run: a partial derive would
    // leave every deal it did not touch as the old rules or currency made it.
    const factsOptions = await factsOptionsFor(db, portal);
    const whole =
      plan.mode === "full" ||
      factsOptions.baseCurrency !== portal.baseCurrency ||
      !(await factsRulesCurrent(db, portalId));
    await deriveFacts(
      db,
      portalId,
      factsOptions,
      whole ? null : await changedDealIds(handle, portalId, new Date(plan.epoch)),
    );
    if (whole) await vacuumFacts(db);

    signal.throwIfAborted();
    await db.transaction(async (tx) => {
      await tx.delete(syncCursors).where(eq(syncCursors.portalId, portalId));
      await writeCursor(tx, portalId, "_watermark", plan.mode, {
        epoch: plan.epoch,
        mode: plan.mode,
        reconciledAt,
        commentSweepAfter: sweepAfter,
      });
      await tx
        .update(syncRuns)
        .set({
          status: "succeeded",
          finishedAt: new Date(),
          progress,
          apiCalls: client.stats.requests,
          quarantined: box.count,
        })
        .where(eq(syncRuns.id, runId));
    });
    return {
      runId,
      mode: plan.mode,
      resumed,
      progress,
      apiCalls: client.stats.requests,
      quarantined: box.count,
      durationMs: Date.now() - started,
    };
  } catch (thrown) {
    // An abort surfaces as its reason; the lock's loss is a database loss, not a cancellation.
    const err = lockLost.signal.aborted && !options.signal?.aborted ? lockLost.signal.reason : thrown;
    const safe = safeSyncError(err);
    const cancelled = Boolean(options.signal?.aborted) && !isConnectionLoss(err);
    if (runId) {
      // On a fresh pool connection: if the database is back, the run is marked now; if not, the next run
      // marks it aborted (above). A few tries: right after backends are ended the pool may still hand out a
      // connection it has not yet noticed is dead.
      for (let attempt = 0; attempt < 3; attempt++) {
        const marked = await db
          .update(syncRuns)
          .set({
            status: cancelled ? "aborted" : "failed",
            finishedAt: new Date(),
            errorCode: cancelled && safe.code === "SYNC_FAILED" ? "ABORTED" : safe.code,
            errorMessage: safe.message,
          })
          .where(eq(syncRuns.id, runId))
          .then(() => true)
          .catch(() => false);
        if (marked) break;
        await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
      }
    }
    throw err instanceof SyncError ? err : new SyncError(safe.code, safe.message, { cause: err });
  } finally {
    await release();
  }
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

export async function lastRuns(handle: DbHandle, portalId: number, limit = 20) {
  return handle.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.portalId, portalId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(limit);
}
