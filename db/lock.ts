/**
 * PGlite has no cross-process lock: two processes on one data dir silently corrupt it (STACK.md G5).
 * We take an exclusive lock file beside the dir (O_EXCL create) holding the owner's pid and command.
 * A lock whose pid is dead is stale and reclaimed, so a killed process never blocks the next start;
 * a live holder makes every other process fail at once, naming that holder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface LockHolder {
  pid: number;
  host: string;
  purpose: string;
  command: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  readonly code = "DATA_DIR_LOCKED";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database ${dataDir} is in use by another process: ${holder.purpose} ` +
        `(pid ${holder.pid}, "${holder.command}", since ${holder.startedAt}). ` +
        "PGlite allows one process per data directory. Stop that process, or ask it to do the work " +
        "(e.g. the running server syncs via Settings), or set DATABASE_URL to use a Postgres server. / " +
        `Встроенная база ${dataDir} занята другим процессом: ${holder.purpose} (pid ${holder.pid}).`,
    );
    this.name = "DataDirLockedError";
  }
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/** The live holder of the lock other than this process, or null when the dir is free. */
export function liveLockHolder(dataDir: string): LockHolder | null {
  const holder = readLockHolder(dataDir);
  if (!holder || holder.pid === process.pid) return null;
  if (holder.host === os.hostname() && !isAlive(holder.pid)) return null;
  return holder;
}

const held = new Map<string, () => void>();

/** Takes the lock or throws DataDirLockedError. Returns a release function; the lock is also freed on exit. */
export function acquireDataDirLock(dataDir: string, purpose: string): () => void {
  const lockPath = lockPathFor(dataDir);
  const existing = held.get(lockPath);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    purpose,
    command: process.argv.slice(1).join(" ").slice(0, 200),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx" });
      const release = () => {
        held.delete(lockPath);
        process.removeListener("exit", release);
        if (readLockHolder(dataDir)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      held.set(lockPath, release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = liveLockHolder(dataDir);
      if (holder) throw new DataDirLockedError(dataDir, holder);
      // Stale (dead pid) or our own leftover: remove and try again.
      fs.rmSync(lockPath, { force: true });
    }
  }
  const holder = readLockHolder(dataDir);
  throw new DataDirLockedError(dataDir, holder ?? { ...me, purpose: "unknown" });
}
