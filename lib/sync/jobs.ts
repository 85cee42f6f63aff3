/**
 * The app's way to ask for background work: a sync, a deal refresh after a Bitrix24 event, a facts rebuild.
 * Each request is a job on the Postgres-backed queue (lib/jobs/queue.ts), run by whichever worker fetches it,
 * in this process or another (lib/jobs/work.ts). The request returns at once; progress is read from sync_runs
 * and the queue.
 */
import type { DbHandle } from "@/db";
import { jobQueue, QUEUES, sendJob, WORK_QUEUES } from "@/lib/jobs/queue";
import { sendSync, syncJobActive } from "@/lib/jobs/work";
import type { SyncMode } from "./run";
import type { Trigger } from "./run-steps";

export { retryPolicy } from "@/lib/jobs/queue";

/** Is a sync of this portal running anywhere in the cluster? */
export function isSyncRunning(handle: DbHandle, portalId: number): Promise<boolean> {
  return syncJobActive(handle, portalId);
}

/**
 * Queues a sync of the portal. `started: false` when one is already running or waiting: the request is the
 * same, and the waiting one will do.
 */
export async function startSyncJob(
  handle: DbHandle,
  portalId: number,
  opts: { mode: SyncMode; trigger: Trigger },
): Promise<{ started: boolean }> {
  if (await syncJobActive(handle, portalId)) return { started: false };
  const id = await sendSync(handle, portalId, opts.mode, opts.trigger);
  return { started: id !== null };
}

/** Refreshes one deal after an event: now, or once its portal's running sync is over. */
export async function queueDealRefresh(handle: DbHandle, portalId: number, dealId: number): Promise<void> {
  await sendJob(handle, QUEUES.dealRefresh, { portalId, dealId });
}

/** Loss-reason settings changed: rebuild the portal's facts in the background. */
export async function queueFactsRebuild(handle: DbHandle, portalId: number): Promise<void> {
  await sendJob(handle, QUEUES.factsRebuild, { portalId });
}

/**
 * Tests and scripts: waits until no job of the work queues is queued, running or waiting for a retry (a
 * dead-lettered job has left them). Polls the queue; throws after `timeoutMs`.
 */
export async function settleJobs(handle: DbHandle, timeoutMs = 60_000): Promise<void> {
  const db = (await jobQueue(handle)).boss.getDb();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.executeSql(
      `select count(*)::int as n from pgboss.job where name = any($1::text[]) and state < 'completed'`,
      [WORK_QUEUES],
    );
    if ((rows[0] as { n: number }).n === 0) return;
    if (Date.now() > deadline) throw new Error("background jobs did not settle in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
