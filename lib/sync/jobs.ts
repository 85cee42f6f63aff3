/**
 * Background sync jobs inside the server process: "Sync now" and the scheduler start a run and return at once;
 * progress is read from sync_runs. Deal events that arrive while a run holds the portal are queued and
 * applied when it finishes, so an event is never lost to a busy lock.
 *
 * Event refreshes and facts rebuilds of one portal run one after another on a queue that never stays rejected:
 * a task that fails (the database was away, the portal answered 503) is logged, recorded in job_failures
 * (a code and a short message from safeSyncError, no SQL or row data),
 * retried with exponential backoff, and the tasks queued behind it run regardless. After MAX_ATTEMPTS the
 * failure stays recorded as dead; the scheduled incremental sync remains the safety net for its deal.
 */
import { and, desc, eq } from "drizzle-orm";
import type { DbHandle } from "@/db";
import { jobFailures, portals, syncRuns } from "@/db/schema";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { warmDefaultReports } from "../reports/warm";
import { refreshDeal } from "./refresh";
import { runSync, type SyncMode } from "./run";
import type { Trigger } from "./run-steps";
import { safeSyncError } from "./sync-errors";

/** One line for logs and job_failures: a code and a short message, never SQL text or row data. */
function safeErrorText(err: unknown): string {
  const { code, message } = safeSyncError(err);
  return `${code}: ${message}`;
}

interface Job {
  controller: AbortController;
  done: Promise<void>;
}

type FailureKind = (typeof jobFailures.$inferInsert)["kind"];

interface JobState {
  jobs: Map<number, Job>;
  /** Deal id → attempts already failed, per portal. */
  pendingDeals: Map<number, Map<number, number>>;
  /** The tail of each portal's serial queue; it always resolves. */
  refreshing: Map<number, Promise<void>>;
  /** Retries waiting for their backoff to pass, so settleJobs can wait for them too. */
  retries: Set<Promise<void>>;
  timer?: NodeJS.Timeout;
}

const g = globalThis as unknown as { __losslensJobs?: JobState };
g.__losslensJobs ??= { jobs: new Map(), pendingDeals: new Map(), refreshing: new Map(), retries: new Set() };
g.__losslensJobs.retries ??= new Set();
const state: JobState = g.__losslensJobs;

export const retryPolicy = { maxAttempts: 6, baseMs: 2_000, maxMs: 5 * 60_000 };

/** Delay before attempt n + 1 after n failures: base · 2^(n-1), capped, with ±20 % jitter. */
export function backoffMs(failures: number): number {
  const raw = Math.min(retryPolicy.maxMs, retryPolicy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

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
        console.error(`[reports] warm-up after the sync of portal ${portalId} failed:`, safeErrorText(err));
        return null;
      });
      if (ms !== null) console.log(`[reports] default views of portal ${portalId} computed in ${ms} ms`);
    })
    .catch((err: unknown) => {
      console.error(`[sync] portal ${portalId} ${opts.mode} sync failed:`, safeErrorText(err));
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

/** Appends a task to the portal's serial queue. The queue's tail never rejects, whatever the task does. */
function enqueue(portalId: number, task: () => Promise<void>): Promise<void> {
  const previous = state.refreshing.get(portalId) ?? Promise.resolve();
  const next = previous.then(task).catch((err: unknown) => {
    console.error(`[jobs] portal ${portalId}: a background task failed:`, safeErrorText(err));
  });
  state.refreshing.set(portalId, next);
  return next;
}

function later(ms: number, fn: () => Promise<void>): void {
  const waiting = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      fn().finally(() => {
        state.retries.delete(waiting);
        resolve();
      });
    }, ms);
    timer.unref();
  });
  state.retries.add(waiting);
}

/** Best effort: the database may be the thing that is down, and the failure is in the log either way. */
async function recordFailure(
  handle: DbHandle,
  portalId: number,
  kind: FailureKind,
  subject: string,
  attempts: number,
  err: unknown,
  retryInMs: number | null,
): Promise<void> {
  const values = {
    portalId,
    kind,
    subject,
    attempts,
    error: safeErrorText(err),
    dead: retryInMs === null,
    failedAt: new Date(),
    nextRetryAt: retryInMs === null ? null : new Date(Date.now() + retryInMs),
  };
  await handle.db
    .insert(jobFailures)
    .values(values)
    .onConflictDoUpdate({
      target: [jobFailures.portalId, jobFailures.kind, jobFailures.subject],
      set: values,
    })
    .catch(() => {});
}

async function clearFailure(handle: DbHandle, portalId: number, kind: FailureKind, subject: string) {
  await handle.db
    .delete(jobFailures)
    .where(
      and(eq(jobFailures.portalId, portalId), eq(jobFailures.kind, kind), eq(jobFailures.subject, subject)),
    )
    .catch(() => {});
}

/** Runs a task; on failure logs, records and schedules the retry (or gives up after retryPolicy.maxAttempts). */
async function attempt(
  handle: DbHandle,
  portalId: number,
  kind: FailureKind,
  subject: string,
  failedBefore: number,
  task: () => Promise<void>,
  retry: (failures: number) => void,
): Promise<void> {
  try {
    await task();
    // Also when this run was not itself a retry: a new event for a deal whose retries were spent succeeds.
    await clearFailure(handle, portalId, kind, subject);
  } catch (err) {
    const failures = failedBefore + 1;
    const dead = failures >= retryPolicy.maxAttempts;
    const wait = dead ? null : backoffMs(failures);
    console.error(
      `[jobs] portal ${portalId} ${kind} ${subject} failed (attempt ${failures}/${retryPolicy.maxAttempts}${
        dead ? ", giving up" : `, retry in ${Math.round((wait ?? 0) / 1000)} s`
      }):`,
      safeErrorText(err),
    );
    await recordFailure(handle, portalId, kind, subject, failures, err, wait);
    if (wait !== null) later(wait, async () => retry(failures));
  }
}

/** Refreshes one deal now, or after the running sync of its portal. Refreshes of one portal run one at a time. */
export function queueDealRefresh(handle: DbHandle, portalId: number, dealId: number, failedBefore = 0): void {
  const pending = state.pendingDeals.get(portalId) ?? new Map<number, number>();
  pending.set(dealId, Math.max(failedBefore, pending.get(dealId) ?? 0));
  state.pendingDeals.set(portalId, pending);
  if (!state.jobs.has(portalId)) void drainPendingDeals(handle, portalId);
}

function drainPendingDeals(handle: DbHandle, portalId: number): Promise<void> {
  return enqueue(portalId, async () => {
    const pending = state.pendingDeals.get(portalId);
    if (!pending?.size || state.jobs.has(portalId)) return;
    const batch = [...pending];
    pending.clear();
    let portal: typeof portals.$inferSelect | undefined;
    const requeue = (id: number) => (failures: number) => queueDealRefresh(handle, portalId, id, failures);
    for (const [id, failedBefore] of batch) {
      await attempt(
        handle,
        portalId,
        "deal_refresh",
        String(id),
        failedBefore,
        async () => {
          portal ??= (await handle.db.select().from(portals).where(eq(portals.id, portalId)))[0];
          if (portal) await refreshDeal(handle, portal, id);
        },
        requeue(id),
      );
    }
  });
}

/** Test helper and graceful shutdown: waits for the running jobs, refreshes and pending retries. */
export async function settleJobs(): Promise<void> {
  const inFlight = () => [
    ...[...state.jobs.values()].map((j) => j.done),
    ...state.refreshing.values(),
    ...state.retries,
  ];
  // A finished job drains its portal's queued events and a retry re-queues its task: wait until nothing new starts.
  for (let waiting = inFlight(); ; ) {
    await Promise.all(waiting);
    const now = inFlight();
    if (now.every((p) => waiting.includes(p))) return;
    waiting = now;
  }
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
    tick().catch((err: unknown) => console.error("[scheduler]", safeErrorText(err)));
  }, 60_000);
  state.timer.unref();
}

/** Loss-reason settings changed: rebuild the portal's facts in the background (after any running sync). */
export function queueFactsRebuild(handle: DbHandle, portalId: number, failedBefore = 0): Promise<void> {
  return enqueue(portalId, () =>
    attempt(
      handle,
      portalId,
      "facts_rebuild",
      "",
      failedBefore,
      async () => {
        const [portal] = await handle.db.select().from(portals).where(eq(portals.id, portalId));
        if (!portal) return;
        await deriveFacts(handle.db, portalId, await factsOptionsFor(handle.db, portal), null);
      },
      (failures) => void queueFactsRebuild(handle, portalId, failures),
    ),
  );
}
