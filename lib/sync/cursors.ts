/** Saved progress of a run (sync_cursors): the plan, the watermark and one cursor per entity pass. */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { syncCursors } from "@/db/schema";

export type SyncMode = "full" | "incremental";

export async function readCursor<T>(db: DbOrTx, portalId: number, entity: string): Promise<T | null> {
  const [row] = await db
    .select()
    .from(syncCursors)
    .where(and(eq(syncCursors.portalId, portalId), eq(syncCursors.entity, entity)));
  return (row?.cursor as T | undefined) ?? null;
}

export async function writeCursor(
  db: DbOrTx,
  portalId: number,
  entity: string,
  mode: SyncMode,
  cursor: object,
) {
  await db
    .insert(syncCursors)
    .values({ portalId, entity, mode, cursor: cursor as Record<string, unknown>, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [syncCursors.portalId, syncCursors.entity],
      set: { mode, cursor: cursor as Record<string, unknown>, updatedAt: new Date() },
    });
}
