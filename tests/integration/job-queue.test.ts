/**
 * Background work on the Postgres job queue (issue 16): jobs survive a restart, are retried with backoff, end as
 * dead letters with a safe error that an admin can send again, a failing job never blocks the next, one sync
 * per portal runs at a time across instances, a sync whose worker died is retried by a living one, and the
 * schedule fires once across instances.
 */
import { and, eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, openDatabase } from "@/db";
import { dealFacts, deals, portals, syncRuns } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { jobQueue, QUEUES, retryPolicy, stopJobQueue } from "@/lib/jobs/queue";
import { getJobsStatus, retryDeadJob } from "@/lib/jobs/status";
import { failOrphanedSyncs, scheduleTick, startWorkers } from "@/lib/jobs/work";
import { connectWebhookPortal } from "@/lib/portals";
import {
  isSyncRunning,
  queueDealRefresh,
  queueFactsRebuild,
  settleJobs,
  startSyncJob,
} from "@/lib/sync/jobs";
import { runSync } from "@/lib/sync/run";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

async function until(cond: () => Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface JobRow {
  id: string;
  state: string;
  retry_count: number;
  output: unknown;
}

/** The queue's own rows, read through the queue's connection (Postgres or PGlite alike). */
async function jobRows(t: TestDb, name: string): Promise<JobRow[]> {
  const { rows } = await (await jobQueue(t)).boss
    .getDb()
    .executeSql("select id, state, retry_count, output from pgboss.job where name = $1 order by created_on", [
      name,
    ]);
  return rows as JobRow[];
}

async function exec(t: TestDb, text: string, values: unknown[]) {
  await (await jobQueue(t)).boss.getDb().executeSql(text, values);
}

describe("background jobs on the Postgres queue", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;
  let credentials: string;
  const saved = { ...retryPolicy };

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    portalId = (await connectWebhookPortal(t.db, emu.webhookUrl)).id;
    await runSync(t, portalId, { mode: "full" });
    credentials = (await t.db.select().from(portals).where(eq(portals.id, portalId)))[0]!.credentialsEnc;
    Object.assign(retryPolicy, { retryLimit: 2, retryDelaySeconds: 0 });
  });
  afterEach(async () => {
    await t.db.update(portals).set({ credentialsEnc: credentials }).where(eq(portals.id, portalId));
  });
  afterAll(async () => {
    Object.assign(retryPolicy, saved);
    await emu?.close();
    await t?.destroy();
  });

  const outcome = async (dealId: number) =>
    (
      await t.db
        .select()
        .from(dealFacts)
        .where(and(eq(dealFacts.portalId, portalId), eq(dealFacts.dealId, dealId)))
    )[0]?.outcome;
  const breakCredentials = () =>
    t.db.update(portals).set({ credentialsEnc: "v1:garbage" }).where(eq(portals.id, portalId));

  it("processes starting together on a fresh database set the queue up once, without deadlocking", async ({
    skip,
  }) => {
    if (!t.url) skip("needs a real Postgres server");
    const fresh = await createTestDb();
    const more = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ url: fresh.url, quiet: true, migrate: false })),
    );
    try {
      await Promise.all([fresh, ...more].map((h) => jobQueue(h)));
      const queues = await (await jobQueue(fresh)).boss.getQueues();
      // Ours, beside pg-boss's own internal queue.
      const ours = queues.map((q) => q.name).filter((n) => !n.startsWith("__pgboss"));
      expect(ours.sort()).toEqual(Object.values(QUEUES).sort());
    } finally {
      for (const h of more) {
        await stopJobQueue(h);
        await h.close();
      }
      await fresh.destroy();
    }
  });

  it("a job sent while no worker runs is kept in Postgres and runs when a worker starts", async ({
    skip,
  }) => {
    if (!t.url) skip("needs a real Postgres server");
    emu.control.moveDeal(7, "WON", {}, false);
    await queueDealRefresh(t, portalId, 7);
    // The process that sent it goes away before any worker ran it.
    await stopJobQueue(t);
    expect((await jobRows(t, QUEUES.dealRefresh)).map((j) => j.state)).toEqual(["created"]);
    expect(await outcome(7)).not.toBe("won");
    await startWorkers(t);
    await settleJobs(t);
    expect(await outcome(7)).toBe("won");
    expect((await jobRows(t, QUEUES.dealRefresh)).map((j) => j.state)).toEqual(["completed"]);
  });

  it("a failing job is retried, ends as a dead letter with a safe error, and an admin can send it again", async () => {
    await startWorkers(t);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await breakCredentials();
    emu.control.updateDeal(5, { TITLE: "Renamed after the failure" });
    try {
      await queueDealRefresh(t, portalId, 5);
      await settleJobs(t);
    } finally {
      errors.mockRestore();
    }
    const status = await getJobsStatus(t, portalId);
    const failed = status.recent.find((j) => j.queue === QUEUES.dealRefresh && j.subject === "#5");
    expect(failed).toMatchObject({ state: "failed", retries: retryPolicy.retryLimit });
    expect(status.counts.failed).toBeGreaterThanOrEqual(1);
    expect(status.dead).toHaveLength(1);
    const dead = status.dead[0]!;
    expect(dead).toMatchObject({ queue: QUEUES.dealRefresh, subject: "#5" });
    expect(dead.error?.length).toBeGreaterThan(0);
    expect(dead.error).not.toMatch(/insert|select|params:|\bat \//i);
    expect(JSON.stringify((await jobRows(t, QUEUES.dead))[0]?.output)).not.toContain("stack");

    await t.db.update(portals).set({ credentialsEnc: credentials }).where(eq(portals.id, portalId));
    expect(await retryDeadJob(t, portalId, dead.id)).toBe(true);
    // A second press finds nothing: the letter was taken once.
    expect(await retryDeadJob(t, portalId, dead.id)).toBe(false);
    await settleJobs(t);
    const [deal] = await t.db
      .select()
      .from(deals)
      .where(and(eq(deals.portalId, portalId), eq(deals.bitrixId, 5)));
    expect(deal?.title).toBe("Renamed after the failure");
    expect((await getJobsStatus(t, portalId)).dead).toEqual([]);
  });

  it("a job that keeps failing does not block the jobs behind it", async () => {
    await startWorkers(t);
    await breakCredentials();
    // A fact only a full rebuild brings back.
    await t.db.delete(dealFacts).where(and(eq(dealFacts.portalId, portalId), eq(dealFacts.dealId, 3)));
    Object.assign(retryPolicy, { retryLimit: 50, retryDelaySeconds: 1 });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await queueDealRefresh(t, portalId, 9);
      await until(
        async () => (await jobRows(t, QUEUES.dealRefresh)).some((j) => j.state === "retry"),
        "the refresh to fail once",
      );
      await queueFactsRebuild(t, portalId);
      await until(
        async () => (await jobRows(t, QUEUES.factsRebuild)).some((j) => j.state === "completed"),
        "the rebuild to finish",
      );
      // The rebuild ran while the refresh was still failing.
      expect(
        (await jobRows(t, QUEUES.dealRefresh)).some((j) => j.state === "retry" || j.state === "active"),
      ).toBe(true);
      expect(await outcome(3)).toBeDefined();
      emu.control.moveDeal(9, "C1:LOSE", {}, false);
      await t.db.update(portals).set({ credentialsEnc: credentials }).where(eq(portals.id, portalId));
      await settleJobs(t);
    } finally {
      errors.mockRestore();
      Object.assign(retryPolicy, { retryLimit: 2, retryDelaySeconds: 0 });
    }
    expect(await outcome(9)).toBe("lost");
  });

  it("one sync per portal across two instances; a second request while one waits or runs is the same one", async ({
    skip,
  }) => {
    if (!t.url) skip("needs a real Postgres server");
    // A second process on the same database: its own pool, its own queue client and workers.
    const other: DbHandle = await openDatabase({ url: t.url, quiet: true, migrate: false });
    try {
      // While the request waits for a worker, the same request from another instance is that one.
      await stopJobQueue(t);
      const first = await startSyncJob(t, portalId, { mode: "full", trigger: "manual" });
      const again = await startSyncJob(other, portalId, { mode: "full", trigger: "manual" });
      expect(first.started).toBe(true);
      expect(again.started).toBe(false);
      // A slow portal keeps the sync running long enough to ask again while it runs.
      emu.setFaults({ slowMs: 50 });
      await Promise.all([startWorkers(t), startWorkers(other)]);
      await until(() => isSyncRunning(other, portalId), "the sync to run on some instance");
      expect((await startSyncJob(other, portalId, { mode: "incremental", trigger: "manual" })).started).toBe(
        false,
      );
      await settleJobs(t);
      emu.setFaults({});
      const runs = await t.db
        .select()
        .from(syncRuns)
        .where(eq(syncRuns.portalId, portalId))
        .orderBy(syncRuns.startedAt);
      // No two runs of the portal overlap in time.
      for (let i = 1; i < runs.length; i++)
        expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
      expect(runs.at(-1)).toMatchObject({ kind: "full", status: "succeeded", trigger: "manual" });
    } finally {
      emu.setFaults({});
      await stopJobQueue(other);
      await other.close();
    }
  });

  it("a sync whose worker died is failed by the next tick and retried by a living worker", async ({
    skip,
  }) => {
    if (!t.url) skip("needs a real Postgres server");
    await stopJobQueue(t);
    const runsBefore = (await t.db.select().from(syncRuns).where(eq(syncRuns.portalId, portalId))).length;
    await startSyncJob(t, portalId, { mode: "incremental", trigger: "manual" });
    await stopJobQueue(t);
    // A worker that fetched the job and died before finishing: the job is active, nobody holds the lock.
    const ghost = new PgBoss({
      connectionString: t.url,
      schema: "pgboss",
      supervise: false,
      schedule: false,
    });
    await ghost.start();
    const [job] = await ghost.fetch(QUEUES.sync);
    await ghost.stop({ graceful: false, wait: true });
    expect(job).toBeDefined();
    await exec(t, "update pgboss.job set started_on = now() - interval '5 minutes' where id = $1", [job!.id]);
    // Every worker looks for orphans; two looking at once fail it once (one retry, not two).
    const found = await Promise.all([failOrphanedSyncs(t), failOrphanedSyncs(t)]);
    expect(found[0] + found[1]).toBe(1);
    await startWorkers(t);
    await settleJobs(t);
    const runs = await t.db.select().from(syncRuns).where(eq(syncRuns.portalId, portalId));
    expect(runs).toHaveLength(runsBefore + 1);
    expect(runs.at(-1)?.status).toBe("succeeded");
    const [row] = (await jobRows(t, QUEUES.sync)).filter((j) => j.id === job!.id);
    expect(row).toMatchObject({ state: "completed", retry_count: 1 });
  });

  it("the schedule's tick sends one sync for a due portal, even when two instances tick at once", async ({
    skip,
  }) => {
    if (!t.url) skip("needs a real Postgres server");
    await stopJobQueue(t);
    const current = (await t.db.select().from(portals).where(eq(portals.id, portalId)))[0]!.settings;
    const every = (syncIntervalMinutes: number) =>
      t.db
        .update(portals)
        .set({ settings: { ...current, syncIntervalMinutes } })
        .where(eq(portals.id, portalId));
    await every(60);
    await exec(t, "update sync_runs set started_at = started_at - interval '2 hours' where portal_id = $1", [
      portalId,
    ]);
    const other: DbHandle = await openDatabase({ url: t.url, quiet: true, migrate: false });
    try {
      await Promise.all([scheduleTick(t), scheduleTick(other)]);
      const waiting = (await jobRows(t, QUEUES.sync)).filter((j) => j.state === "created");
      expect(waiting).toHaveLength(1);
      // A portal whose interval has not passed gets none.
      await every(24 * 60);
      await exec(t, "delete from pgboss.job where name = $1 and state = 'created'", [QUEUES.sync]);
      await scheduleTick(t);
      expect((await jobRows(t, QUEUES.sync)).filter((j) => j.state === "created")).toHaveLength(0);
    } finally {
      await every(current.syncIntervalMinutes ?? 15);
      await stopJobQueue(other);
      await other.close();
    }
  });
});
