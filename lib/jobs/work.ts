/**
 * What each queue's jobs do, and the workers that run them. The same code runs in `npm run worker` processes
 * and, on the embedded default or a single server, inside the web process (lib/jobs/queue.ts: runsWorkerHere).
 *
 * - sync: one portal's full or incremental sync. The run holds the portal's sync lock (a session advisory lock
 *   on Postgres), so two syncs of one portal never run at once across the cluster; a job that finds the lock
 *   taken waits and comes back. A failed run is retried by whichever worker fetches it next and resumes from
 *   the run's saved plan and cursors (lib/sync/run.ts). A worker that dies mid-sync leaves its job active with
 *   the lock released (the lock's connection died with it): the schedule's tick finds such jobs and fails
 *   them, so pg-boss retries them on a living worker without waiting for the job's expiry.
 * - deal-refresh: one deal after a Bitrix24 event; while its portal syncs, it waits (the sync brings the deal).
 * - facts-rebuild: a portal's facts after a settings change.
 * - report-warmup: the default report views after a sync, into the shared report cache.
 * - sync-schedule: pg-boss cron, every minute, once across the cluster: sends the syncs that are due.
 */
import { and, desc, eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { DbHandle } from "@/db";
import { portals, syncRuns } from "@/db/schema";
import { pruneSharedReports } from "@/lib/facts/cache";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { warmDefaultReports } from "@/lib/reports/warm";
import { isSyncLockFree, SyncBusyError } from "@/lib/sync/lock";
import { refreshDeal } from "@/lib/sync/refresh";
import { runSync, type SyncMode } from "@/lib/sync/run";
import type { Trigger } from "@/lib/sync/run-steps";
import {
  type JobData,
  JobError,
  jobQueue,
  QUEUES,
  type QueueName,
  schedulesHere,
  sendJob,
  WORK_QUEUES,
} from "./queue";

export const DEFAULT_SYNC_INTERVAL_MIN = 15;
/** A deal event that arrives during its portal's sync comes back after this. */
const WAIT_FOR_SYNC_SECONDS = 5;
/** A sync job that found its portal's lock taken (a run started outside the queue) tries again after this. */
const BUSY_RETRY_SECONDS = 30;
/** An active sync job older than this whose portal lock nobody holds lost its worker. */
const ORPHAN_AFTER_SECONDS = 30;
/** How often each worker looks for such jobs. */
const ORPHAN_CHECK_MS = 15_000;

export interface SyncJobData extends JobData {
  mode: SyncMode;
  trigger: Trigger;
}

/** Is a sync job of this portal running anywhere in the cluster? */
export async function syncJobActive(handle: DbHandle, portalId: number): Promise<boolean> {
  const rt = await jobQueue(handle);
  const rows = await rt.boss
    .getDb()
    .executeSql(
      `select 1 from pgboss.job where name = $1 and state = 'active' and singleton_key = $2 limit 1`,
      [QUEUES.sync, String(portalId)],
    );
  return rows.rows.length > 0;
}

export function sendSync(handle: DbHandle, portalId: number, mode: SyncMode, trigger: Trigger) {
  return sendJob(handle, QUEUES.sync, { portalId, mode, trigger });
}

async function syncHandler(handle: DbHandle, data: SyncJobData) {
  try {
    await runSync(handle, data.portalId, { mode: data.mode, trigger: data.trigger });
  } catch (err) {
    if (err instanceof SyncBusyError) {
      // A run outside the queue (the CLI on Postgres) holds the portal: a scheduled sync is moot, others wait.
      if (data.trigger !== "schedule")
        await sendJob(
          handle,
          QUEUES.sync,
          { portalId: data.portalId, mode: data.mode, trigger: data.trigger },
          { startAfterSeconds: BUSY_RETRY_SECONDS },
        );
      return;
    }
    throw err;
  }
  if (process.env.LOSSLENS_REPORT_WARMUP !== "0")
    await sendJob(handle, QUEUES.reportWarmup, { portalId: data.portalId });
  console.log(`[jobs] portal ${data.portalId}: ${data.mode} sync done`);
}

async function dealRefreshHandler(handle: DbHandle, data: JobData & { dealId: number }) {
  if (await syncJobActive(handle, data.portalId)) {
    await sendJob(
      handle,
      QUEUES.dealRefresh,
      { portalId: data.portalId, dealId: data.dealId },
      { startAfterSeconds: WAIT_FOR_SYNC_SECONDS },
    );
    return;
  }
  const [portal] = await handle.db.select().from(portals).where(eq(portals.id, data.portalId));
  if (portal) await refreshDeal(handle, portal, data.dealId);
}

async function factsRebuildHandler(handle: DbHandle, data: JobData) {
  const [portal] = await handle.db.select().from(portals).where(eq(portals.id, data.portalId));
  if (!portal) return;
  await deriveFacts(handle.db, data.portalId, await factsOptionsFor(handle.db, portal), null);
}

async function warmupHandler(handle: DbHandle, data: JobData) {
  await pruneSharedReports(handle.db, data.portalId);
  const ms = await warmDefaultReports(handle.db, data.portalId);
  console.log(`[reports] default views of portal ${data.portalId} computed in ${ms} ms`);
}

/** The schedule's tick: each portal whose interval (Settings, default 15 min) has passed gets a sync. */
export async function scheduleTick(handle: DbHandle): Promise<void> {
  await failOrphanedSyncs(handle);
  for (const portal of await handle.db.select().from(portals)) {
    const minutes = portal.settings.syncIntervalMinutes ?? DEFAULT_SYNC_INTERVAL_MIN;
    if (minutes <= 0) continue;
    const [last] = await handle.db
      .select({ startedAt: syncRuns.startedAt })
      .from(syncRuns)
      .where(and(eq(syncRuns.portalId, portal.id)))
      .orderBy(desc(syncRuns.startedAt))
      .limit(1);
    if (last && Date.now() - last.startedAt.getTime() < minutes * 60_000) continue;
    if (await syncJobActive(handle, portal.id)) continue;
    await sendSync(handle, portal.id, "incremental", "schedule");
  }
}

/**
 * Active sync jobs whose worker is gone: on Postgres, the job's portal lock is free (a running sync holds it
 * on a connection of its own, which dies with its process); on PGlite there is one process, so at its start
 * every active job is an orphan of the previous one. pg-boss then retries them (they count as a failed try).
 */
export async function failOrphanedSyncs(handle: DbHandle, atStart = false): Promise<number> {
  const rt = await jobQueue(handle);
  const db = rt.boss.getDb();
  const embeddedStart = atStart && Boolean(handle.pglite);
  const { rows } = await db.executeSql(
    `select id, name, (data->>'portalId')::int as portal_id, started_on::text as started from pgboss.job
      where state = 'active' and name = any($1::text[])
        and started_on <= now() - make_interval(secs => $2)`,
    [embeddedStart ? WORK_QUEUES : [QUEUES.sync], embeddedStart ? 0 : ORPHAN_AFTER_SECONDS],
  );
  let failed = 0;
  for (const row of rows as { id: string; name: QueueName; portal_id: number; started: string }[]) {
    if (!embeddedStart && !(await isSyncLockFree(handle, row.portal_id))) continue;
    // Every worker looks: one claims the orphan (compare-and-set on its start), so it is failed once.
    const claimed = await db.executeSql(
      `update pgboss.job set started_on = now() where name = $1 and id = $2::uuid and state = 'active'
         and started_on = $3::timestamptz returning id`,
      [row.name, row.id, row.started],
    );
    if (!claimed.rows.length) continue;
    await rt.boss.fail(row.name, row.id, new JobError(new Error("the worker running this job stopped")));
    console.warn(`[jobs] ${row.name} job of portal ${row.portal_id} lost its worker: retrying it`);
    failed++;
  }
  return failed;
}

type Handler = (handle: DbHandle, data: never) => Promise<void>;
const HANDLERS: Partial<Record<QueueName, Handler>> = {
  [QUEUES.sync]: syncHandler as Handler,
  [QUEUES.dealRefresh]: dealRefreshHandler as Handler,
  [QUEUES.factsRebuild]: factsRebuildHandler as Handler,
  [QUEUES.reportWarmup]: warmupHandler as Handler,
  [QUEUES.schedule]: ((handle: DbHandle) => scheduleTick(handle)) as Handler,
};

/** Starts this process's workers on every queue, and the schedule (idempotent). */
export async function startWorkers(handle: DbHandle): Promise<void> {
  const rt = await jobQueue(handle);
  if (rt.workers.size) return;
  // Before this process fetches anything: on PGlite every job still active belongs to a process that is gone.
  await failOrphanedSyncs(handle, true).catch((err: unknown) =>
    console.error("[jobs] checking for orphaned jobs failed:", new JobError(err).message),
  );
  for (const [queue, handler] of Object.entries(HANDLERS) as [QueueName, Handler][]) {
    const id = await rt.boss.work<JobData>(
      queue,
      { batchSize: 1, pollingIntervalSeconds: queue === QUEUES.sync ? 2 : 1 },
      async ([job]: PgBoss.Job<JobData>[]) => {
        if (!job) return;
        try {
          await handler(handle, job.data as never);
        } catch (err) {
          const safe = new JobError(err);
          console.error(`[jobs] ${queue} job of portal ${job.data.portalId} failed:`, safe.message);
          throw safe;
        }
      },
    );
    rt.workers.set(queue, id);
  }
  if (schedulesHere())
    await rt.boss.schedule(QUEUES.schedule, "* * * * *", { portalId: 0, queue: QUEUES.schedule });
  // A killed worker's sync is found within ORPHAN_CHECK_MS + ORPHAN_AFTER_SECONDS, by whichever worker looks first.
  if (!handle.pglite) {
    const timer = setInterval(() => {
      failOrphanedSyncs(handle).catch((err: unknown) =>
        console.error("[jobs] checking for orphaned jobs failed:", new JobError(err).message),
      );
    }, ORPHAN_CHECK_MS);
    timer.unref();
    rt.timers.push(timer);
  }
}
