/**
 * What the Settings page shows about a portal's syncs: the latest runs with progress, counts and errors, and
 * its background jobs (queued, running, retrying, dead letters).
 */
import { desc, eq } from "drizzle-orm";
import type { DbHandle } from "@/db";
import { syncRuns } from "@/db/schema";
import { getJobsStatus, type JobsStatus } from "@/lib/jobs/status";
import { isSyncRunning } from "./jobs";

export interface RunView {
  id: number;
  kind: string;
  status: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number;
  progress: Record<string, { pages: number; rows: number; total?: number }>;
  apiCalls: number;
  quarantined: number;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface SyncStatus {
  running: boolean;
  runs: RunView[];
  jobs: JobsStatus;
}

export async function getSyncStatus(handle: DbHandle, portalId: number, limit = 10): Promise<SyncStatus> {
  const { db } = handle;
  const rows = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.portalId, portalId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(limit);
  return {
    running: await isSyncRunning(handle, portalId),
    jobs: await getJobsStatus(handle, portalId),
    runs: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      trigger: r.trigger,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      durationMs: (r.finishedAt ?? new Date()).getTime() - r.startedAt.getTime(),
      progress: r.progress,
      apiCalls: r.apiCalls,
      quarantined: r.quarantined,
      errorCode: r.errorCode,
      // Stored messages are ours (sync errors), but keep them short for the table.
      errorMessage: r.errorMessage?.slice(0, 200) ?? null,
    })),
  };
}
