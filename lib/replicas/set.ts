/**
 * Read replicas behind one primary: a pool per replica, a health monitor that measures each one's lag every
 * `checkMs`, and the choice of where a unit of reads goes — a healthy replica (round robin), else the primary.
 *
 * A replica that errors, is not in recovery (promoted: its data no longer follows ours) or lags beyond `maxLagMs`
 * is skipped until a check finds it healthy again. A replica whose connection breaks is skipped at once, not at
 * the next check. The monitor's timer is unref'd (it never keeps a process alive) and stops on close.
 */
import type { Pool } from "pg";
import type { ReplicaState } from "./lag";
import {
  chooseReplica,
  classify,
  type LsnSample,
  lagMillis,
  parseLsn,
  pushSample,
  type ReplicaReading,
} from "./lag";

export type { ReplicaState };

export interface ReplicaStatus {
  /** host:port/database — never the credentials. */
  name: string;
  state: ReplicaState;
  lagMs: number | null;
  lagBytes: number | null;
  /** A short error code when down (ECONNREFUSED, not_in_recovery, timeout…), never server text. */
  error: string | null;
  checkedAt: string | null;
}

export interface ReplicaReport {
  maxLagMs: number;
  checkMs: number;
  replicas: ReplicaStatus[];
  /** The replicas reads go to now; empty means the primary. */
  readsTo: string[];
}

export interface ReplicaMember<D> {
  name: string;
  pool: Pool;
  db: D;
}

export interface ReplicaSetOptions {
  maxLagMs: number;
  checkMs: number;
  quiet?: boolean;
}

const REPLICA_SQL = `select pg_is_in_recovery() as in_recovery,
  pg_last_wal_replay_lsn()::text as replay_lsn,
  case when $1::text is null then null
       else pg_wal_lsn_diff($1::text::pg_lsn, pg_last_wal_replay_lsn())::float8 end as lag_bytes,
  (extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::float8 as replay_age_ms,
  coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false) as caught_up`;

interface ReplicaRow {
  in_recovery: boolean;
  replay_lsn: string | null;
  lag_bytes: number | null;
  replay_age_ms: number | null;
  caught_up: boolean;
}

/** Rejects after `ms` (a hung server must not hold the monitor). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "timeout" })), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const errorCode = (err: unknown) => {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && code ? code : "error";
};

export class ReplicaSet<D> {
  private statuses: ReplicaStatus[];
  private history: LsnSample[] = [];
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly primary: { pool: Pool; db: D },
    readonly members: ReplicaMember<D>[],
    readonly options: ReplicaSetOptions,
  ) {
    this.statuses = members.map((m) => ({
      name: m.name,
      state: "unknown",
      lagMs: null,
      lagBytes: null,
      error: null,
      checkedAt: null,
    }));
    members.forEach((m, i) => {
      // A broken connection (the replica stopped or restarted) takes it out of rotation now, not at the next check.
      m.pool.on("error", (err) =>
        this.update(i, { ...this.statuses[i]!, state: "down", error: errorCode(err) }),
      );
    });
  }

  /** Starts the periodic check (the first one runs now and is awaited). */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The database for the next unit of reads: a healthy replica in turn, else the primary. */
  pick(): D {
    const i = chooseReplica(
      this.statuses.map((s) => s.state),
      this.turn++,
    );
    return i === null ? this.primary.db : this.members[i]!.db;
  }

  report(): ReplicaReport {
    const replicas = this.statuses.map((s) => ({ ...s }));
    return {
      maxLagMs: this.options.maxLagMs,
      checkMs: this.options.checkMs,
      replicas,
      readsTo: replicas.filter((s) => s.state === "healthy").map((s) => s.name),
    };
  }

  /** One round of checks (concurrent callers share it). */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkAll() {
    const timeout = Math.max(1000, this.options.checkMs);
    let primaryLsn: string | null = null;
    try {
      const res = await withTimeout(
        this.primary.pool.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn"),
        timeout,
      );
      primaryLsn = res.rows[0]?.lsn ?? null;
      const lsn = parseLsn(primaryLsn);
      if (lsn !== null) this.history = pushSample(this.history, { lsn, at: Date.now() });
    } catch {
      // The primary did not answer: replicas are judged by what they know themselves.
    }
    await Promise.all(this.members.map((m, i) => this.checkOne(m, i, primaryLsn, timeout)));
  }

  private async checkOne(m: ReplicaMember<D>, i: number, primaryLsn: string | null, timeout: number) {
    const checkedAt = new Date().toISOString();
    try {
      const res = await withTimeout(m.pool.query<ReplicaRow>(REPLICA_SQL, [primaryLsn]), timeout);
      const row = res.rows[0]!;
      const reading: ReplicaReading = {
        inRecovery: row.in_recovery,
        replayLsn: parseLsn(row.replay_lsn),
        lagBytes: row.lag_bytes === null ? null : Math.max(0, Number(row.lag_bytes)),
        replayAgeMs: row.replay_age_ms === null ? null : Number(row.replay_age_ms),
        caughtUpWithReceived: row.caught_up,
      };
      const lagMs = lagMillis(reading, this.history, Date.now());
      this.update(i, {
        name: m.name,
        state: classify(lagMs, reading, this.options.maxLagMs),
        lagMs: lagMs === null ? null : Math.round(lagMs),
        lagBytes: reading.lagBytes,
        error: row.in_recovery ? null : "not_in_recovery",
        checkedAt,
      });
    } catch (err) {
      this.update(i, {
        name: m.name,
        state: "down",
        lagMs: null,
        lagBytes: null,
        error: errorCode(err),
        checkedAt,
      });
    }
  }

  private update(i: number, next: ReplicaStatus) {
    const before = this.statuses[i]!;
    this.statuses[i] = next;
    if (before.state !== next.state && !this.options.quiet) {
      const why = next.error ? ` (${next.error})` : next.lagMs !== null ? ` (lag ${next.lagMs} ms)` : "";
      const where = this.statuses.some((s) => s.state === "healthy") ? "replicas" : "the primary";
      console.log(`[db] replica ${next.name}: ${before.state} → ${next.state}${why}; reads go to ${where}`);
    }
  }
}
