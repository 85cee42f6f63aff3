/**
 * Background work survives failures (issue 12, M4): a refresh that fails while Postgres is away is logged, retried
 * with backoff, and never blocks the events and facts rebuilds queued behind it; failures are recorded in
 * job_failures (dead after the last attempt, with no row data in the error) and cleared by a later success.
 */
import { and, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { dealFacts, deals, jobFailures, portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { queueDealRefresh, queueFactsRebuild, retryPolicy, settleJobs } from "@/lib/sync/jobs";
import { runSync } from "@/lib/sync/run";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

async function admin(t: TestDb, statement: string) {
  const server = new URL(t.url ?? "");
  const name = server.pathname.slice(1);
  server.pathname = "/postgres";
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(statement.replaceAll("$db", name));
  } finally {
    await client.end();
  }
}

/** A real outage of the test database: no new connections, and the pool's open ones are killed. */
async function outage(t: TestDb, on: boolean) {
  await admin(t, `alter database $db allow_connections ${on ? "false" : "true"}`);
  if (on)
    await admin(
      t,
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = '$db' and pid <> pg_backend_pid()",
    );
}

async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe("background jobs after failures", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;
  const saved = { ...retryPolicy };

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    portalId = (await connectWebhookPortal(t.db, emu.webhookUrl)).id;
    await runSync(t, portalId, { mode: "full" });
  });
  afterEach(() => Object.assign(retryPolicy, saved));
  afterAll(async () => {
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

  it("a refresh that failed during a database outage is retried, and later events still apply", async ({
    skip,
  }) => {
    if (!t.url) skip("needs a real Postgres server to take away");
    Object.assign(retryPolicy, { baseMs: 200, maxAttempts: 6 });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      emu.control.moveDeal(7, "WON", {}, false);
      await outage(t, true);
      queueDealRefresh(t, portalId, 7);
      await until(
        () => errors.mock.calls.some((c) => String(c[0]).includes("deal_refresh 7 failed")),
        "the first failure to be logged",
      );
      await outage(t, false);
      // An event arriving after the failure must not be stuck behind it.
      emu.control.moveDeal(8, "WON", {}, false);
      queueDealRefresh(t, portalId, 8);
      await settleJobs();
    } finally {
      errors.mockRestore();
      await outage(t, false);
    }
    expect(await outcome(7)).toBe("won");
    expect(await outcome(8)).toBe("won");
    expect(await t.db.select().from(jobFailures).where(eq(jobFailures.portalId, portalId))).toEqual([]);
  });

  it("a facts rebuild queued behind a failed task still runs", async ({ skip }) => {
    if (!t.url) skip("needs a real Postgres server to take away");
    Object.assign(retryPolicy, { baseMs: 200, maxAttempts: 6 });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    emu.control.moveDeal(9, "C1:LOSE", {}, false);
    // A fact only a full rebuild brings back.
    await t.db.delete(dealFacts).where(and(eq(dealFacts.portalId, portalId), eq(dealFacts.dealId, 3)));
    try {
      await outage(t, true);
      queueDealRefresh(t, portalId, 9);
      await until(
        () => errors.mock.calls.some((c) => String(c[0]).includes("deal_refresh 9 failed")),
        "the refresh to fail",
      );
      await outage(t, false);
      await queueFactsRebuild(t, portalId);
      await settleJobs();
    } finally {
      errors.mockRestore();
      await outage(t, false);
    }
    // The rebuild re-derived the deleted fact; the retried refresh applied the move.
    expect(await outcome(3)).toBeDefined();
    expect(await outcome(9)).toBe("lost");
  });

  it("a task that keeps failing is recorded dead with a safe message, and a later success clears it", async () => {
    Object.assign(retryPolicy, { baseMs: 5, maxAttempts: 3 });
    const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
    if (!portal) throw new Error("no portal");
    // Credentials that no longer decrypt (the kind of failure a rotated AUTH_SECRET causes).
    await t.db.update(portals).set({ credentialsEnc: "v1:garbage" }).where(eq(portals.id, portalId));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      queueDealRefresh(t, portalId, 5);
      await settleJobs();
      const failures = await t.db.select().from(jobFailures).where(eq(jobFailures.portalId, portalId));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ kind: "deal_refresh", subject: "5", attempts: 3, dead: true });
      expect(failures[0]?.error.length).toBeGreaterThan(0);
      expect(failures[0]?.error).not.toMatch(/insert|select|params:/i);
      expect(errors.mock.calls.filter((c) => String(c[0]).includes("deal_refresh 5 failed"))).toHaveLength(3);
    } finally {
      errors.mockRestore();
      await t.db
        .update(portals)
        .set({ credentialsEnc: portal.credentialsEnc })
        .where(eq(portals.id, portalId));
    }
    emu.control.updateDeal(5, { TITLE: "Renamed after the failure" });
    queueDealRefresh(t, portalId, 5);
    await settleJobs();
    const [deal] = await t.db
      .select()
      .from(deals)
      .where(and(eq(deals.portalId, portalId), eq(deals.bitrixId, 5)));
    expect(deal?.title).toBe("Renamed after the failure");
    expect(await t.db.select().from(jobFailures).where(eq(jobFailures.portalId, portalId))).toEqual([]);
  });
});
