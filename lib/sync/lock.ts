import pg from "pg";
import type { DbHandle } from "@/db";

export class SyncBusyError extends Error {
  readonly code = "SYNC_BUSY";
  constructor(portalId: number) {
    super(`A sync of portal ${portalId} is already running / Синхронизация портала ${portalId} уже идёт`);
  }
}

const inProcess = new Set<number>();

/**
 * One sync per portal at a time. On Postgres a session advisory lock on a dedicated connection covers every
 * process and server; PGlite is single-process by construction (data-dir lock), so a process-local set suffices.
 */
export async function acquireSyncLock(
  handle: DbHandle,
  portalId: number,
  /** The lock's connection died (and with it the lock): the run must stop. */
  onLost: (err: Error) => void = () => {},
): Promise<() => Promise<void>> {
  if (inProcess.has(portalId)) throw new SyncBusyError(portalId);
  if (handle.kind === "pglite" || !handle.url) {
    inProcess.add(portalId);
    return async () => {
      inProcess.delete(portalId);
    };
  }
  const client = new pg.Client({ connectionString: handle.url });
  // Unheard, an 'error' on this idle connection (server restart, pg_terminate_backend) crashes the process.
  let released = false;
  client.on("error", (err) => {
    if (!released) onLost(err);
  });
  await client.connect();
  const res = await client.query<{ ok: boolean }>(
    "select pg_try_advisory_lock(hashtext('losslens:sync'), $1) as ok",
    [portalId],
  );
  if (!res.rows[0]?.ok) {
    await client.end();
    throw new SyncBusyError(portalId);
  }
  inProcess.add(portalId);
  return async () => {
    released = true;
    inProcess.delete(portalId);
    // Closing the session releases the lock even if the unlock call fails.
    await client
      .query("select pg_advisory_unlock(hashtext('losslens:sync'), $1)", [portalId])
      .catch(() => {});
    await client.end().catch(() => {});
  };
}

/**
 * Does nobody hold the portal's sync lock (anywhere, on Postgres)? Probes by taking and at once releasing it,
 * on a short connection of its own.
 */
export async function isSyncLockFree(handle: DbHandle, portalId: number): Promise<boolean> {
  if (inProcess.has(portalId)) return false;
  if (handle.kind === "pglite" || !handle.url) return true;
  const client = new pg.Client({ connectionString: handle.url });
  client.on("error", () => {});
  await client.connect();
  try {
    const res = await client.query<{ ok: boolean }>(
      "select pg_try_advisory_lock(hashtext('losslens:sync'), $1) as ok",
      [portalId],
    );
    if (res.rows[0]?.ok)
      await client.query("select pg_advisory_unlock(hashtext('losslens:sync'), $1)", [portalId]);
    return Boolean(res.rows[0]?.ok);
  } finally {
    await client.end().catch(() => {});
  }
}
