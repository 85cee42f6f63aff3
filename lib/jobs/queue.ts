/**
 * Background work on a Postgres-backed job queue: pg-boss (docs/scaling.md says why pg-boss and not
 * graphile-worker). Every job lives in the `pgboss` schema of the app's own database, so it survives a restart,
 * is retried with backoff, and after its last try is copied to the dead-letter queue with its error, where an
 * admin sees it in Settings and can send it again. Any process may send a job; a process with a worker
 * (`npm run worker`, or the web server itself unless LOSSLENS_WORKER=0) fetches and runs jobs with
 * `FOR UPDATE SKIP LOCKED`, so each job runs once across the cluster. The schedule is pg-boss's cron, which
 * fires once per minute across all instances.
 *
 * On Postgres pg-boss opens its own small pool from the connection string; on the embedded PGlite it talks to
 * the one PGlite client through `executeSql`, so `npm start` runs the very same queue inside its one process.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import type { DbHandle } from "@/db";
import { safeSyncError } from "@/lib/sync/sync-errors";

export const QUEUES = {
  sync: "sync",
  dealRefresh: "deal-refresh",
  factsRebuild: "facts-rebuild",
  reportWarmup: "report-warmup",
  schedule: "sync-schedule",
  dead: "dead-jobs",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The queues whose jobs do the work (not the schedule's tick, not the dead letters). */
export const WORK_QUEUES: QueueName[] = [
  QUEUES.sync,
  QUEUES.dealRefresh,
  QUEUES.factsRebuild,
  QUEUES.reportWarmup,
];

/** Tries per job and the backoff between them (pg-boss: delay · 2^n with jitter). Tests shorten it. */
export const retryPolicy = { retryLimit: 5, retryDelaySeconds: 2 };

/** How long a job may stay active before pg-boss fails it as expired (a sync of a million deals fits). */
const EXPIRE_SECONDS: Record<QueueName, number> = {
  sync: 4 * 3600,
  "deal-refresh": 300,
  "facts-rebuild": 3600,
  "report-warmup": 1800,
  "sync-schedule": 120,
  "dead-jobs": 300,
};

export interface JobData {
  portalId: number;
  /** The queue it was sent to: a dead letter keeps it, so "send again" knows where. */
  queue: QueueName;
  [key: string]: unknown;
}

/** What pg-boss stores as a failed job's output: a code and a short message, never SQL, rows or a stack. */
export class JobError extends Error {
  constructor(err: unknown) {
    const { code, message } = safeSyncError(err);
    super(`${code}: ${message}`);
    this.name = "JobError";
    this.stack = undefined;
  }
}

interface Runtime {
  boss: PgBoss;
  started: Promise<void>;
  working: boolean;
  workers: Map<string, string>;
  /** This process's own timers beside pg-boss's (stopped with the queue). */
  timers: NodeJS.Timeout[];
}

const runtimes = new WeakMap<DbHandle["db"], Runtime>();

/** Does this process run jobs? Yes unless LOSSLENS_WORKER=0 (web instances of a cluster with separate workers). */
export const runsWorkerHere = () => process.env.LOSSLENS_WORKER !== "0";
/** Does this process fire the sync schedule? Not with LOSSLENS_SCHEDULER=0 (tests that must not sync on a timer). */
export const schedulesHere = () => process.env.LOSSLENS_SCHEDULER !== "0";

function newBoss(handle: DbHandle, working: boolean): PgBoss {
  const common = {
    schema: "pgboss",
    // Only processes that work also keep the queue tidy and run the cron; web-only instances just send.
    supervise: working,
    schedule: working && schedulesHere(),
    // Dead letters and failed jobs stay in the live table for a week, where Settings shows them.
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    archiveCompletedAfterSeconds: 24 * 3600,
    retentionDays: 14,
  };
  if (handle.pglite) {
    const client = handle.pglite;
    return new PgBoss({
      ...common,
      db: {
        // pg-boss sends its migrations as one multi-statement text without parameters: PGlite runs those with
        // exec, everything else as one prepared query.
        executeSql: async (text: string, values: unknown[]) =>
          values?.length
            ? ((await client.query(text, values as never[])) as { rows: unknown[] })
            : ((await client.exec(text)).at(-1) ?? { rows: [] }),
      },
    });
  }
  if (!handle.url) throw new Error("the job queue needs a Postgres connection string or PGlite");
  return new PgBoss({ ...common, connectionString: handle.url, max: Number(process.env.JOBS_POOL_MAX ?? 4) });
}

async function createQueues(boss: PgBoss) {
  // The dead-letter queue first: the others name it.
  await boss.createQueue(QUEUES.dead, { name: QUEUES.dead, retentionDays: 14 });
  const policies: Record<string, PgBoss.QueuePolicy> = {
    // One waiting job per portal (a second "sync now" while one waits is the same request); the run itself is
    // guarded by the portal's sync lock, so two syncs of one portal never run at once anywhere.
    [QUEUES.sync]: "short",
    [QUEUES.dealRefresh]: "short",
    [QUEUES.factsRebuild]: "short",
    [QUEUES.reportWarmup]: "short",
    [QUEUES.schedule]: "short",
  };
  for (const [name, policy] of Object.entries(policies)) {
    await boss.createQueue(name, {
      name,
      policy,
      retryLimit: retryPolicy.retryLimit,
      retryDelay: retryPolicy.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: EXPIRE_SECONDS[name as QueueName],
      ...(name === QUEUES.schedule ? {} : { deadLetter: QUEUES.dead }),
    });
  }
}

/**
 * Processes starting together against one Postgres (web instances, workers) would create pg-boss's schema and its
 * queue partitions at the same time and deadlock (40P01, seen on the scripted cluster): the setup runs under a
 * session advisory lock on a connection of its own, as the migrations do. PGlite is one process.
 */
async function serialised(handle: DbHandle, setup: () => Promise<void>): Promise<void> {
  if (!handle.url || handle.pglite) return setup();
  const client = new pg.Client({ connectionString: handle.url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('losslens:jobs-setup'))");
    await setup();
  } finally {
    await client.end().catch(() => {});
  }
}

/** The queue of a database handle, started once (its schema migrated, queues created). */
export async function jobQueue(handle: DbHandle): Promise<Runtime> {
  let rt = runtimes.get(handle.db);
  if (!rt) {
    const working = runsWorkerHere();
    const boss = newBoss(handle, working);
    boss.on("error", (err: unknown) => console.error("[jobs] queue error:", new JobError(err).message));
    rt = {
      boss,
      working,
      workers: new Map(),
      timers: [],
      started: serialised(handle, async () => {
        await boss.start();
        await createQueues(boss);
      }),
    };
    runtimes.set(handle.db, rt);
    rt.started.catch(() => runtimes.delete(handle.db));
  }
  await rt.started;
  return rt;
}

export interface SendOptions {
  startAfterSeconds?: number;
}

/**
 * The job's key in its queue: while a job with the same key waits, another is not added (policy `short`). One per
 * portal; a deal refresh, one per portal and deal.
 */
function singletonKeyOf(data: Omit<JobData, "queue">): string {
  return typeof data.dealId === "number" ? `${data.portalId}:${data.dealId}` : String(data.portalId);
}

/** Adds a job; returns its id, or null when one with its key is already waiting. Wakes a local worker. */
export async function sendJob(
  handle: DbHandle,
  queue: QueueName,
  data: Omit<JobData, "queue">,
  options: SendOptions = {},
): Promise<string | null> {
  const rt = await jobQueue(handle);
  const id = await rt.boss.send(queue, { ...data, queue } as JobData, {
    singletonKey: singletonKeyOf(data),
    startAfter: options.startAfterSeconds,
    retryLimit: retryPolicy.retryLimit,
    retryDelay: retryPolicy.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: EXPIRE_SECONDS[queue],
  });
  const worker = rt.workers.get(queue);
  if (id && worker && !options.startAfterSeconds) rt.boss.notifyWorker(worker);
  return id;
}

/** Stops this handle's queue (graceful: running jobs finish first, up to `timeoutMs`). */
export async function stopJobQueue(handle: DbHandle, timeoutMs = 30_000): Promise<void> {
  const rt = runtimes.get(handle.db);
  if (!rt) return;
  runtimes.delete(handle.db);
  for (const timer of rt.timers) clearInterval(timer);
  await rt.started.catch(() => {});
  await rt.boss.stop({ graceful: true, wait: true, timeout: timeoutMs }).catch(() => {});
}
