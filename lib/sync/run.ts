/**
 * The sync: reference data, then companies, contacts, deals, stage history, activities (each `>ID`-paged in
 * batches of 2,500 rows, one transaction and one saved cursor per page), the retry of quarantined records,
 * comments, deletions and the derived facts. A killed or failed run leaves its plan and cursors behind; the next
 * run resumes from them. Failures are stored as a short code and message (sync-errors.ts), never SQL or rows.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Database, DbHandle, DbOrTx } from "@/db";
import { syncRuns } from "@/db/schema";
import type { Bitrix24Client, ClientOptions } from "@/lib/bitrix24/client";
import { clientForPortal, getPortal } from "@/lib/portals";
import { COMMENT_SWEEP_DEALS, syncComments } from "./comment-pass";
import type { SyncMode } from "./cursors";
import { LIST_ENTITIES } from "./entities";
import { type EntityProgress, retryQuarantined, syncEntity } from "./entity-pass";
import { acquireSyncLock } from "./lock";
import { QuarantineBox } from "./quarantine";
import { syncReference } from "./reference";
import {
  catchDeletions,
  deriveRunFacts,
  failRun,
  finishRun,
  openRun,
  startPlan,
  type Trigger,
} from "./run-steps";
import { DbConnectionLostError, SyncError } from "./sync-errors";

export type { SyncMode } from "./cursors";
export type { EntityProgress } from "./entity-pass";

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
  /** Told when a phase starts ("deletions", "facts"): the sync bench times the writes apart from the facts. */
  onPhase?: (phase: "deletions" | "facts") => void;
}

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
    const { plan, resumed, watermark } = await startPlan(db, portalId, options.mode);
    runId = await openRun(db, portalId, plan.mode, options.trigger);
    const id = runId;
    const progress: Record<string, EntityProgress> = {};
    const box = new QuarantineBox(portalId, runId);
    const counts = () => ({ progress, apiCalls: client.stats.requests, quarantined: box.count });
    const report = async (tx: DbOrTx, entity: string, p: EntityProgress) => {
      progress[entity] = p;
      options.onProgress?.(entity, p);
      const { apiCalls, quarantined } = counts();
      await tx
        .update(syncRuns)
        .set({ progress, apiCalls, quarantined })
        .where(and(eq(syncRuns.portalId, portalId), eq(syncRuns.id, id)));
    };
    await referencePass(db, client, portalId, box, report);
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
    options.onPhase?.("deletions");
    const last = { reconciledAt: watermark?.reconciledAt ?? null, reconcile: options.reconcile };
    const reconciledAt = await catchDeletions(handle, client, portalId, plan, last, progress);
    signal.throwIfAborted();
    options.onPhase?.("facts");
    await deriveRunFacts(handle, portal, plan);
    signal.throwIfAborted();
    const mark = { epoch: plan.epoch, mode: plan.mode, reconciledAt, commentSweepAfter: sweepAfter };
    await finishRun(db, portalId, runId, mark, counts());
    return { runId, mode: plan.mode, resumed, ...counts(), durationMs: Date.now() - started };
  } catch (thrown) {
    // An abort surfaces as its reason; the lock's loss is a database loss, not a cancellation.
    const err = lockLost.signal.aborted && !options.signal?.aborted ? lockLost.signal.reason : thrown;
    throw await failRun(db, portalId, runId, err, options.signal);
  } finally {
    await release();
  }
}

/** Reference data first: every list after it maps onto its pipelines, stages and users. */
async function referencePass(
  db: Database,
  client: Bitrix24Client,
  portalId: number,
  box: QuarantineBox,
  report: (tx: DbOrTx, entity: string, p: EntityProgress) => Promise<void>,
) {
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
}

export async function lastRuns(handle: DbHandle, portalId: number, limit = 20) {
  return handle.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.portalId, portalId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(limit);
}
