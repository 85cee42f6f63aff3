/**
 * The cluster script's view of scripts/cluster/postgres.ts (the primary + pg_basebackup replica tooling, written
 * and owned beside this script). Loaded at run time so this script type-checks on a branch where that module has
 * not landed yet; the interface below is the part of it the cluster uses.
 */
export interface PgPairOptions {
  dir: string;
  primaryPort: number;
  replicaPort: number;
  fsync?: boolean;
  quiet?: boolean;
}

export interface PgPair {
  dir: string;
  primaryPort: number;
  replicaPort: number;
  primaryUrl: string;
  replicaUrl: string;
}

export interface PgPairApi {
  pairOf(options: PgPairOptions): PgPair;
  up(options: PgPairOptions): Promise<PgPair>;
  stopReplica(pair: PgPair): Promise<void>;
  startReplica(pair: PgPair): Promise<void>;
  down(pair: PgPair, opts?: { remove?: boolean }): Promise<void>;
}

export async function loadPgPair(): Promise<PgPairApi> {
  const specifier = new URL("./postgres.ts", import.meta.url).href;
  try {
    return (await import(specifier)) as PgPairApi;
  } catch (err) {
    throw new Error(
      `scripts/cluster/postgres.ts is needed for the Postgres pair (${(err as Error).message}); merge main`,
    );
  }
}
