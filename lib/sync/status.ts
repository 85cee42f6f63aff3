/** What the Settings page shows about a portal's syncs: the latest runs with progress, counts and errors. */
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { syncRuns } from "@/db/schema";
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
}

export async function getSyncStatus(db: Database, portalId: number, limit = 10): Promise<SyncStatus> {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.portalId, portalId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(limit);
  return {
    running: isSyncRunning(portalId),
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
