/** What the Settings page shows about a portal's syncs: the latest runs with progress, counts and errors. */
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { jobFailures, syncRuns } from "@/db/schema";
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

export interface JobFailureView {
  id: number;
  kind: "deal_refresh" | "facts_rebuild";
  subject: string;
  attempts: number;
  error: string;
  dead: boolean;
  failedAt: string;
  nextRetryAt: string | null;
}

export interface SyncStatus {
  running: boolean;
  runs: RunView[];
  failures: JobFailureView[];
}

export async function getSyncStatus(db: Database, portalId: number, limit = 10): Promise<SyncStatus> {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.portalId, portalId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(limit);
  const failed = await db
    .select()
    .from(jobFailures)
    .where(eq(jobFailures.portalId, portalId))
    .orderBy(desc(jobFailures.failedAt))
    .limit(limit);
  return {
    running: isSyncRunning(portalId),
    failures: failed.map((f) => ({
      id: f.id,
      kind: f.kind,
      subject: f.subject,
      attempts: f.attempts,
      error: f.error,
      dead: f.dead,
      failedAt: f.failedAt.toISOString(),
      nextRetryAt: f.nextRetryAt?.toISOString() ?? null,
    })),
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
