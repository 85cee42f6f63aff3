/**
 * Read replicas on real servers: a primary made by initdb and a streaming replica made by pg_basebackup
 * (scripts/cluster/postgres.ts) on free ports. The golden portal is synced into the primary; reports and comment
 * search then read from the replica and equal the primary's numbers. A write on the primary shows up through the
 * reads once replayed; a replica whose replay is paused turns "lagging" past the bound and reads go to the primary;
 * stopping the replica sends reads to the primary within the monitor's interval, and reports keep computing;
 * starting it brings reads back. Every wait polls for its condition.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Database, type DbHandle, openDatabase, queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getOverview } from "@/lib/analytics/overview";
import type { DataScope } from "@/lib/analytics/scope";
import type { Viewer } from "@/lib/auth/viewer";
import { searchComments } from "@/lib/comments/search";
import { reportDataVersion } from "@/lib/facts/cache";
import { getHealth, getPublicHealth } from "@/lib/health";
import { connectWebhookPortal } from "@/lib/portals";
import type { ReplicaState } from "@/lib/replicas/set";
import { loadContext, loadSeat } from "@/lib/reports/load";
import { runSync } from "@/lib/sync/run";
import { parseCommentParams } from "@/lib/url-state/comments";
import { parseFilters } from "@/lib/url-state/filters";
import {
  down,
  freePort,
  type PgPair,
  pairOf,
  startReplica,
  stopReplica,
  up,
} from "../../scripts/cluster/postgres";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";

// lib/reports/load.ts runs as in a request; only Next's request-scope helpers and the session guard are stubbed.
vi.mock("next-intl/server", () => ({ getLocale: async () => "ru" }));
vi.mock("@/lib/auth/guards", () => ({
  requireViewer: async () => {
    throw new Error("the seat is given its viewer here");
  },
}));

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const ALL_TIME = parseFilters(new URLSearchParams("period=all"), NOW);
const CHECK_MS = 200;

let dir: string;
let pair: PgPair | undefined;
let handle: DbHandle | undefined;
let emu: EmulatorHandle | undefined;
let scope: DataScope;

/** Polls `probe` until it returns a value `ok` accepts; the elapsed time is returned with it. */
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && ok(value)) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function serverOf(db: Database) {
  const [row] = await queryRows<{ port: number; standby: boolean }>(
    db,
    sql`select inet_server_port() as port, pg_is_in_recovery() as standby`,
  );
  return row!;
}

const state = (h: DbHandle, i = 0): ReplicaState => h.replicas!.report().replicas[i]!.state;
const stateIs = (h: DbHandle, want: ReplicaState) =>
  until(
    async () => state(h),
    (s) => s === want,
  );

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "losslens-replicas-"));
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  // Known before `up` starts anything, so afterAll can stop whatever did start.
  pair = pairOf({ dir, primaryPort, replicaPort, fsync: false, quiet: true });
  await up({ dir, primaryPort, replicaPort, fsync: false, quiet: true });
  handle = await openDatabase({
    url: pair.primaryUrl,
    replicaUrls: [pair.replicaUrl],
    replicaCheckMs: CHECK_MS,
    replicaMaxLagMs: 5000,
    quiet: true,
  });
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(handle.db, emu.webhookUrl);
  const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
  await handle.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  await runSync(handle, portal.id, { mode: "full" });
  scope = { portalId: portal.id, managerIds: null };
});

afterAll(async () => {
  await handle?.close().catch(() => {});
  await emu?.close().catch(() => {});
  if (pair) await down(pair).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("read replicas on a real primary + streaming replica", () => {
  it("reads go to the replica, writes and handle.db to the primary", async () => {
    expect(await serverOf(handle!.db)).toEqual({ port: pair!.primaryPort, standby: false });
    expect(await serverOf(handle!.reads)).toEqual({ port: pair!.replicaPort, standby: true });
    expect(await serverOf(handle!.pinReads())).toEqual({ port: pair!.replicaPort, standby: true });
    const report = handle!.replicas!.report();
    expect(report.replicas).toHaveLength(1);
    expect(report.replicas[0]).toMatchObject({
      name: `127.0.0.1:${pair!.replicaPort}/postgres`,
      error: null,
    });
    expect(report.readsTo).toEqual([`127.0.0.1:${pair!.replicaPort}/postgres`]);
    // Admins' health carries the same report; anonymous health says nothing about replicas.
    expect((await getHealth(handle!)).replicas?.readsTo).toEqual(report.readsTo);
    expect(Object.keys(await getPublicHealth(handle!)).sort()).toEqual(["migrations", "ok"]);
  });

  it("the request path: a seat reads reports from the replica and its portal and writes from the primary", async () => {
    // The process-wide database (getDb()) is this test's primary + replica.
    (globalThis as unknown as { __losslensDb?: Promise<DbHandle> }).__losslensDb = Promise.resolve(handle!);
    const viewer: Viewer = {
      id: 1,
      email: "admin@example.com",
      name: "Admin",
      role: "admin",
      portalId: scope.portalId,
      b24UserId: null,
      locale: "ru",
    };
    const seat = await loadSeat(viewer, "ru");
    expect(seat?.portal.id).toBe(scope.portalId);
    expect((await serverOf(seat!.db)).port).toBe(pair!.primaryPort);
    expect((await serverOf(seat!.reads)).port).toBe(pair!.replicaPort);
    const ctx = await loadContext(seat!, { period: "all" });
    expect((await serverOf(ctx.db)).port).toBe(pair!.replicaPort);
    const edited = await loadContext(seat!, { period: "all" }, { primary: true });
    expect((await serverOf(edited.db)).port).toBe(pair!.primaryPort);
  });

  it("a report and a comment search computed on the replica equal the primary's", async () => {
    const reads = handle!.pinReads();
    expect((await serverOf(reads)).port).toBe(pair!.replicaPort);
    // The sync's last commit may still be replaying: wait until the replica's data version is the primary's.
    const version = await reportDataVersion(handle!.db, scope.portalId);
    expect(version).not.toBe("");
    await until(
      () => reportDataVersion(reads, scope.portalId),
      (v) => v === version,
    );
    const onPrimary = await getOverview(handle!.db, scope, ALL_TIME);
    const onReplica = await getOverview(reads, scope, ALL_TIME);
    expect(onPrimary.current.lostDeals).toBeGreaterThan(0);
    expect(onReplica).toEqual(onPrimary);
    const params = parseCommentParams(new URLSearchParams());
    const searchPrimary = await searchComments(handle!.db, scope, ALL_TIME, params);
    const searchReplica = await searchComments(reads, scope, ALL_TIME, params);
    expect(searchPrimary.total).toBeGreaterThan(0);
    expect(searchReplica.total).toBe(searchPrimary.total);
    expect(searchReplica.rows.map((r) => r.dealId)).toEqual(searchPrimary.rows.map((r) => r.dealId));
  });

  it("a row written on the primary becomes visible through the reads once replayed", async () => {
    await handle!.db.execute(sql`create table if not exists replica_probe (v text)`);
    const value = `probe-${Date.now()}`;
    await handle!.db.execute(sql`insert into replica_probe (v) values (${value})`);
    const seen = await until(
      () => queryRows<{ v: string }>(handle!.reads, sql`select v from replica_probe where v = ${value}`),
      (rows) => rows.length === 1,
    );
    console.log(`[replicas] write visible on the replica after ${seen.ms} ms`);
    // A write through the read handle reaches a read-only standby and is refused, loudly.
    // (SQLSTATE 25006: read_only_sql_transaction.)
    await expect(
      handle!.reads.execute(sql`insert into replica_probe (v) values ('x')`),
    ).rejects.toMatchObject({
      cause: { code: "25006" },
    });
  });

  it("a replica whose replay stalls beyond the bound is skipped, and used again when it catches up", async () => {
    const tight = await openDatabase({
      url: pair!.primaryUrl,
      replicaUrls: [pair!.replicaUrl],
      replicaCheckMs: 100,
      replicaMaxLagMs: 300,
      migrate: false,
      quiet: true,
    });
    const replica = new pg.Client({ connectionString: pair!.replicaUrl });
    await replica.connect();
    try {
      expect((await stateIs(tight, "healthy")).value).toBe("healthy");
      await replica.query("select pg_wal_replay_pause()");
      await tight.db.execute(sql`insert into replica_probe (v) values ('while paused')`);
      const lagging = await stateIs(tight, "lagging");
      const status = tight.replicas!.report().replicas[0]!;
      expect(status.lagBytes).toBeGreaterThan(0);
      expect(status.lagMs).toBeGreaterThan(300);
      expect((await serverOf(tight.reads)).port).toBe(pair!.primaryPort);
      expect(tight.replicas!.report().readsTo).toEqual([]);
      await replica.query("select pg_wal_replay_resume()");
      const back = await stateIs(tight, "healthy");
      expect((await serverOf(tight.reads)).port).toBe(pair!.replicaPort);
      expect(tight.replicas!.report().replicas[0]!.lagBytes).toBe(0);
      console.log(
        `[replicas] paused replay: lagging after ${lagging.ms} ms; healthy ${back.ms} ms after resume`,
      );
    } finally {
      await replica.query("select pg_wal_replay_resume()").catch(() => {});
      await replica.end();
      await tight.close();
    }
  });

  it("replica stopped: reads fall back to the primary within the check interval; started: they return", async () => {
    const expected = await getOverview(handle!.db, scope, ALL_TIME);
    expect(expected.current.lostDeals).toBeGreaterThan(0);
    const stopAt = Date.now();
    await stopReplica(pair!);
    const stoppedIn = Date.now() - stopAt;
    const fell = await stateIs(handle!, "down");
    expect(fell.ms).toBeLessThanOrEqual(CHECK_MS * 5);
    expect(handle!.replicas!.report().readsTo).toEqual([]);
    const fallback = handle!.pinReads();
    expect(await serverOf(fallback)).toEqual({ port: pair!.primaryPort, standby: false });
    expect(await getOverview(fallback, scope, ALL_TIME)).toEqual(expected);

    const startAt = Date.now();
    await startReplica(pair!);
    const startedIn = Date.now() - startAt;
    const back = await stateIs(handle!, "healthy");
    const reads = handle!.pinReads();
    expect(await serverOf(reads)).toEqual({ port: pair!.replicaPort, standby: true });
    expect(await getOverview(reads, scope, ALL_TIME)).toEqual(expected);
    console.log(
      `[replicas] stop took ${stoppedIn} ms, reads on the primary ${fell.ms} ms after; ` +
        `start took ${startedIn} ms, reads back on the replica ${back.ms} ms after`,
    );
  });
});
