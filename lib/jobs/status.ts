/**
 * What Settings shows about a portal's background jobs: how many are queued, running, waiting for a retry and
 * failed, the latest jobs, and the dead letters (jobs that used up their tries) with their errors, which an
 * admin can send again.
 */
import type { DbHandle } from "@/db";
import { type JobData, jobQueue, QUEUES, type QueueName, sendJob, WORK_QUEUES } from "./queue";

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface JobView {
  id: string;
  queue: QueueName;
  state: JobState;
  /** Tries already failed (pg-boss retry_count). */
  retries: number;
  subject: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When a job waiting for a retry (or a deferred one) may start. */
  startAfter: string;
  error: string | null;
}

export interface DeadJobView {
  id: string;
  queue: QueueName;
  subject: string | null;
  error: string | null;
  deadAt: string;
}

export interface JobsStatus {
  counts: Record<"queued" | "running" | "retrying" | "failed", number>;
  recent: JobView[];
  dead: DeadJobView[];
}

interface Row {
  id: string;
  name: QueueName;
  state: JobState;
  retry_count: number;
  data: JobData;
  created_on: Date | string;
  started_on: Date | string | null;
  completed_on: Date | string | null;
  start_after: Date | string;
  output: { message?: string; value?: { message?: string } } | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const errorOf = (o: Row["output"]) => o?.message ?? o?.value?.message ?? null;
const subjectOf = (d: JobData) =>
  typeof d.dealId === "number" ? `#${d.dealId}` : typeof d.mode === "string" ? d.mode : null;

export async function getJobsStatus(handle: DbHandle, portalId: number, limit = 15): Promise<JobsStatus> {
  const db = (await jobQueue(handle)).boss.getDb();
  const mine = `(data->>'portalId') = $1`;
  const counts = await db.executeSql(
    `select state, count(*)::int as n from pgboss.job
      where name = any($2::text[]) and ${mine} and state <> 'completed' group by state`,
    [String(portalId), WORK_QUEUES],
  );
  const by = new Map((counts.rows as { state: JobState; n: number }[]).map((r) => [r.state, r.n]));
  const recent = await db.executeSql(
    `select id, name, state, retry_count, data, created_on, started_on, completed_on, start_after, output
       from pgboss.job where name = any($2::text[]) and ${mine} order by created_on desc limit $3`,
    [String(portalId), WORK_QUEUES, limit],
  );
  const dead = await db.executeSql(
    `select id, name, state, retry_count, data, created_on, started_on, completed_on, start_after, output
       from pgboss.job where name = $2 and ${mine} and state = 'created' order by created_on desc limit $3`,
    [String(portalId), QUEUES.dead, limit],
  );
  return {
    counts: {
      queued: by.get("created") ?? 0,
      running: by.get("active") ?? 0,
      retrying: by.get("retry") ?? 0,
      failed: by.get("failed") ?? 0,
    },
    recent: (recent.rows as Row[]).map((r) => ({
      id: r.id,
      queue: r.name,
      state: r.state,
      retries: r.retry_count,
      subject: subjectOf(r.data),
      createdAt: iso(r.created_on) as string,
      startedAt: iso(r.started_on),
      finishedAt: iso(r.completed_on),
      startAfter: iso(r.start_after) as string,
      error: r.state === "completed" ? null : errorOf(r.output),
    })),
    dead: (dead.rows as Row[]).map((r) => ({
      id: r.id,
      queue: r.data.queue,
      subject: subjectOf(r.data),
      error: errorOf(r.output),
      deadAt: iso(r.created_on) as string,
    })),
  };
}

/**
 * Sends a dead letter of this portal back to its queue as a new job (fresh tries) and removes the letter.
 * Returns false when there is no such letter for the portal.
 */
export async function retryDeadJob(handle: DbHandle, portalId: number, deadId: string): Promise<boolean> {
  const rt = await jobQueue(handle);
  const db = rt.boss.getDb();
  // Taking the letter first: two admins pressing "send again" at once send it once.
  const taken = await db.executeSql(
    `delete from pgboss.job where name = $1 and id = $2::uuid and state = 'created'
       and (data->>'portalId') = $3 returning data`,
    [QUEUES.dead, deadId, String(portalId)],
  );
  const data = (taken.rows[0] as { data: JobData } | undefined)?.data;
  if (!data || !WORK_QUEUES.includes(data.queue)) return false;
  const { queue, ...rest } = data;
  await sendJob(handle, queue, { ...rest, portalId });
  return true;
}
