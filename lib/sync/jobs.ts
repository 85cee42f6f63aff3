/**
 * Background sync jobs inside the server process: "Sync now" and the scheduler start a run and return at once;
 * progress is read from sync_runs. Deal events that arrive while a run holds the portal are queued and
 * applied when it finishes, so an event is never lost to a busy lock.
 */
import { desc, eq } from "drizzle-orm";
import type { DbHandle } from "@/db";
import { portals, syncRuns } from "@/db/schema";
import { warmDefaultReports } from "../reports/warm";
import { deriveFacts, factsOptionsFor } from "./facts";
import { refreshDeal } from "./refresh";
import { runSync, type SyncMode, type Trigger } from "./run";
import { safeSyncError } from "./sync-errors";

interface Job {
  controller: AbortController;
  done: Promise<void>;
}

interface JobState {
  jobs: Map<number, Job>;
  pendingDeals: Map<number, Set<number>>;
  refreshing: Map<number, Promise<void>>;
  timer?: NodeJS.Timeout;
}

const g = globalThis as unknown as { __losslensJobs?: JobState };
g.__losslensJobs ??= { jobs: new Map(), pendingDeals: new Map(), refreshing: new Map() };
const state: JobState = g.__losslensJobs;

export function isSyncRunning(portalId: number): boolean {
  return state.jobs.has(portalId);
}

export function startSyncJob(
  handle: DbHandle,
  portalId: number,
  opts: { mode: SyncMode; trigger: Trigger },
): { started: boolean } {
  if (state.jobs.has(portalId)) return { started: false };
  const controller = new AbortController();
  const done = runSync(handle, portalId, { ...opts, signal: controller.signal })
    .then(async () => {
      if (process.env.LOSSLENS_REPORT_WARMUP === "0") return;
      const ms = await warmDefaultReports(handle.db, portalId).catch((err: unknown) => {
        console.error(
          `[reports] warm-up after the sync of portal ${portalId} failed:`,
          (err as Error).message,
        );
        return null;
      });
      if (ms !== null) console.log(`[reports] default views of portal ${portalId} computed in ${ms} ms`);
    })
    .catch((err: unknown) => {
      const safe = safeSyncError(err);
      console.error(`[sync] portal ${portalId} ${opts.mode} sync failed: ${safe.code}: ${safe.message}`);
    })
    .finally(() => {
      state.jobs.delete(portalId);
      void drainPendingDeals(handle, portalId);
    });
  state.jobs.set(portalId, { controller, done });
  return { started: true };
}

export function cancelSyncJob(portalId: number): boolean {
  const job = state.jobs.get(portalId);
  job?.controller.abort(new Error("cancelled by an admin"));
  return Boolean(job);
}

/** Refreshes one deal now, or after the running sync of its portal. Refreshes of one portal run one at a time. */
export function queueDealRefresh(handle: DbHandle, portalId: number, dealId: number): void {
  const pending = state.pendingDeals.get(portalId) ?? new Set<number>();
  pending.add(dealId);
  state.pendingDeals.set(portalId, pending);
  if (!state.jobs.has(portalId)) void drainPendingDeals(handle, portalId);
}

function drainPendingDeals(handle: DbHandle, portalId: number): Promise<void> {
  const previous = state.refreshing.get(portalId) ?? Promise.resolve();
  const next = previous.then(async () => {
    const pending = state.pendingDeals.get(portalId);
    if (!pending?.size || state.jobs.has(portalId)) return;
    const ids = [...pending];
    pending.clear();
    const [portal] = await handle.db.select().from(portals).where(eq(portals.id, portalId));
    if (!portal) return;
    for (const id of ids) {
      await refreshDeal(handle, portal, id).catch((err: unknown) => {
        console.error(`[events] refresh of deal ${id} failed:`, safeSyncError(err).message);
      });
    }
  });
  state.refreshing.set(portalId, next);
  return next;
}

/** Test helper and graceful shutdown: waits for the running jobs and refreshes. */
export async function settleJobs(): Promise<void> {
  await Promise.all([...state.jobs.values()].map((j) => j.done));
  await Promise.all([...state.refreshing.values()]);
}

const DEFAULT_INTERVAL_MIN = 15;

/** Every minute, start an incremental sync of each portal whose interval (Settings, default 15 min) has passed. */
export function startScheduler(getHandle: () => Promise<DbHandle>): void {
  if (state.timer) return;
  const tick = async () => {
    const handle = await getHandle();
    for (const portal of await handle.db.select().from(portals)) {
      const minutes = portal.settings.syncIntervalMinutes ?? DEFAULT_INTERVAL_MIN;
      if (minutes <= 0 || state.jobs.has(portal.id)) continue;
      const [last] = await handle.db
        .select({ startedAt: syncRuns.startedAt })
        .from(syncRuns)
        .where(eq(syncRuns.portalId, portal.id))
        .orderBy(desc(syncRuns.startedAt))
        .limit(1);
      if (last && Date.now() - last.startedAt.getTime() < minutes * 60_000) continue;
      startSyncJob(handle, portal.id, { mode: "incremental", trigger: "schedule" });
    }
  };
  state.timer = setInterval(() => {
    tick().catch((err: unknown) => console.error("[scheduler]", (err as Error).message));
  }, 60_000);
  state.timer.unref();
}

/** Loss-reason settings changed: rebuild the portal's facts in the background (after any running sync). */
export function queueFactsRebuild(handle: DbHandle, portalId: number): Promise<void> {
  const previous = state.refreshing.get(portalId) ?? Promise.resolve();
  const next = previous.then(async () => {
    const [portal] = await handle.db.select().from(portals).where(eq(portals.id, portalId));
    if (!portal) return;
    await deriveFacts(handle.db, portalId, await factsOptionsFor(handle.db, portal), null).catch(
      (err: unknown) => {
        console.error(`[facts] rebuild of portal ${portalId} failed:`, safeSyncError(err).message);
      },
    );
  });
  state.refreshing.set(portalId, next);
  return next;
}
