/**
 * Replica lag and the choice of where reads go — pure, so the rules are unit-tested without servers.
 *
 * Lag in bytes is the WAL the primary has written that the replica has not replayed yet. Lag in time is the age
 * of the oldest change the replica has not replayed, and 0 when it has replayed everything: an idle primary does
 * not make a replica "lagging". `now() - pg_last_xact_replay_timestamp()` alone overstates it after a quiet spell
 * (the last replayed commit is old, the first new one is seconds away from replay), so the primary's WAL position
 * is also sampled every check: when the primary stood at or before the replica's replay position at time T,
 * everything unreplayed was written after T, and the lag is at most now − T. The smaller bound wins.
 */

export type ReplicaState = "healthy" | "lagging" | "down" | "unknown";

/** The primary's WAL position at one moment (Date.now()). */
export interface LsnSample {
  lsn: bigint;
  at: number;
}

/** What one check read from a replica (null fields: the server could not say). */
export interface ReplicaReading {
  inRecovery: boolean;
  /** pg_last_wal_replay_lsn() */
  replayLsn: bigint | null;
  /** pg_wal_lsn_diff(primary's pg_current_wal_lsn(), replay lsn); null when the primary did not answer. */
  lagBytes: number | null;
  /** now() − pg_last_xact_replay_timestamp() on the replica, ms; null before the first replayed commit. */
  replayAgeMs: number | null;
  /** pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(): all it has received is replayed. */
  caughtUpWithReceived: boolean;
}

/** "0/3000060" → 0x3000060n */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text ?? "");
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** The lag in milliseconds by the rules above; null when nothing bounds it. */
export function lagMillis(
  reading: ReplicaReading,
  history: readonly LsnSample[],
  now: number,
): number | null {
  if (reading.lagBytes !== null) {
    if (reading.lagBytes <= 0) return 0;
  } else if (reading.caughtUpWithReceived) {
    // The primary did not answer: the best we know is that the replica replayed all it received.
    return 0;
  }
  const bounds: number[] = [];
  if (reading.replayAgeMs !== null) bounds.push(Math.max(0, reading.replayAgeMs));
  const replay = reading.replayLsn;
  if (replay !== null) {
    let at: number | null = null;
    for (const s of history) if (s.lsn <= replay && (at === null || s.at > at)) at = s.at;
    if (at !== null) bounds.push(Math.max(0, now - at));
  }
  return bounds.length ? Math.min(...bounds) : null;
}

/** A replica's state from one check: an error or a server not in recovery is down; beyond the bound, lagging. */
export function classify(
  lagMs: number | null,
  reading: ReplicaReading | null,
  maxLagMs: number,
): ReplicaState {
  if (!reading?.inRecovery) return "down";
  if (lagMs === null || lagMs > maxLagMs) return "lagging";
  return "healthy";
}

/**
 * Which replica serves the next unit of reads: round robin over the healthy ones (`turn` counts the picks), or
 * null — the primary — when none is healthy.
 */
export function chooseReplica(states: readonly ReplicaState[], turn: number): number | null {
  const healthy = states.flatMap((s, i) => (s === "healthy" ? [i] : []));
  if (!healthy.length) return null;
  return healthy[Math.abs(turn) % healthy.length]!;
}

/** Keeps the samples a lag bound can still use: the newest `keep`. */
export function pushSample(history: LsnSample[], sample: LsnSample, keep = 120): LsnSample[] {
  const next = [...history, sample];
  return next.length > keep ? next.slice(next.length - keep) : next;
}
