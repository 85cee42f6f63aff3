/**
 * The report result cache (lib/facts/cache.ts) on the golden portal: a cached result equals a fresh
 * computation for every report over several filter combinations, and a deriveFacts run (a sync) invalidates it.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals, reportCache } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getClients } from "@/lib/analytics/clients";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getManagers } from "@/lib/analytics/managers";
import { getOverview } from "@/lib/analytics/overview";
import { getReasons } from "@/lib/analytics/reasons";
import type { DataScope } from "@/lib/analytics/scope";
import { getStages } from "@/lib/analytics/stages";
import { getStrategies } from "@/lib/analytics/strategies";
import { clearReportCache, pruneSharedReports, reportCacheSize, reportDataVersion } from "@/lib/facts/cache";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { connectWebhookPortal, getPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { parseFilters } from "@/lib/url-state/filters";
import type { Slice } from "@/lib/url-state/slice";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const F = (query: string) => parseFilters(new URLSearchParams(query), NOW);
const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };

let t: TestDb;
let emu: EmulatorHandle;
let all: DataScope;
let ivanov: DataScope;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  await runSync(t, portal.id, { mode: "full" });
  all = { portalId: portal.id, managerIds: null };
  ivanov = { portalId: portal.id, managerIds: [2] };
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});
afterEach(() => {
  delete process.env.LOSSLENS_REPORT_CACHE;
});

type Report = (db: TestDb["db"], scope: DataScope, filters: ReturnType<typeof F>) => Promise<unknown>;
const REPORTS: Record<string, Report> = {
  overview: getOverview,
  stages: getStages,
  reasons: getReasons,
  managers: getManagers,
  clients: getClients,
  strategies: getStrategies,
};

const COMBOS = [
  "period=all",
  "from=2026-01-01&to=2026-12-31&compare=1",
  "from=2026-03-01&to=2026-03-17", // a custom period ending mid-month
  "period=all&amountMin=20000&amountMax=90000",
  "period=all&pipeline=1",
  "period=all&reasons=stage%3A1,none",
  "period=all&client=returning",
];

async function uncached<T>(run: () => Promise<T>): Promise<T> {
  process.env.LOSSLENS_REPORT_CACHE = "off";
  try {
    return await run();
  } finally {
    delete process.env.LOSSLENS_REPORT_CACHE;
  }
}

describe("report cache", () => {
  it("returns exactly what a fresh computation returns, for every report and filter combination", async () => {
    clearReportCache(t.db);
    for (const [name, report] of Object.entries(REPORTS)) {
      for (const q of COMBOS) {
        for (const scope of [all, ivanov]) {
          const fresh = await uncached(() => report(t.db, scope, F(q)));
          const cold = await report(t.db, scope, F(q));
          const warm = await report(t.db, scope, F(q));
          expect(cold, `${name} ${q} cold`).toEqual(fresh);
          expect(warm, `${name} ${q} warm`).toEqual(fresh);
        }
      }
    }
    expect(reportCacheSize(t.db)).toBe(Object.keys(REPORTS).length * COMBOS.length * 2);
  });

  it("drill-down pages equal a fresh computation; a whole export is not cached", async () => {
    clearReportCache(t.db);
    const slices: Slice[] = [{ outcome: "lost" }, { reason: "stage:1" }, { stage: "OFFER" }, {}];
    let pages = 0;
    for (const slice of slices)
      for (const q of COMBOS)
        for (const scope of [all, ivanov]) {
          const fresh = await uncached(() => getDrilldown(t.db, scope, F(q), slice));
          expect(await getDrilldown(t.db, scope, F(q), slice), `${q} cold`).toEqual(fresh);
          expect(await getDrilldown(t.db, scope, F(q), slice), `${q} warm`).toEqual(fresh);
          pages++;
          const exported = await getDrilldown(t.db, scope, F(q), slice, { all: true });
          expect(exported.rows).toEqual(
            (await uncached(() => getDrilldown(t.db, scope, F(q), slice, { all: true }))).rows,
          );
        }
    expect(reportCacheSize(t.db)).toBe(pages);
  });

  it("a result computed in another process is read from Postgres, equal to a fresh one; a new data version is not", async () => {
    clearReportCache(t.db);
    for (const [name, report] of Object.entries(REPORTS)) {
      for (const q of COMBOS) {
        const fresh = await uncached(() => report(t.db, all, F(q)));
        // This process has nothing in memory: what it returns comes from report_cache (written above).
        clearReportCache(t.db);
        expect(await report(t.db, all, F(q)), `${name} ${q} shared`).toEqual(fresh);
      }
    }
    const version = await reportDataVersion(t.db, all.portalId);
    const rows = await t.db.select().from(reportCache).where(eq(reportCache.portalId, all.portalId));
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(REPORTS).length * COMBOS.length);
    expect(rows.every((r) => r.version === version)).toBe(true);
    // Poison the shared rows: a result of an older version must never be served.
    await t.db
      .update(reportCache)
      .set({ version: "0:stale", value: { poisoned: true } })
      .where(eq(reportCache.portalId, all.portalId));
    clearReportCache(t.db);
    const overview = await getOverview(t.db, all, F("period=all"));
    expect(overview).toEqual(await uncached(() => getOverview(t.db, all, F("period=all"))));
    expect(await pruneSharedReports(t.db, all.portalId)).toBeGreaterThan(0);
    const left = await t.db.select().from(reportCache).where(eq(reportCache.portalId, all.portalId));
    expect(left.every((r) => r.version === version)).toBe(true);
  });

  it("hands out copies: a caller changing its result does not change the next one", async () => {
    const a = await getOverview(t.db, all, F("period=all"));
    a.current.lostDeals = -1;
    a.trend.length = 0;
    const b = await getOverview(t.db, all, F("period=all"));
    expect(b.current.lostDeals).toBe(6);
    expect(b.trend.length).toBeGreaterThan(0);
  });

  it("a deriveFacts run (every sync) bumps the version and the next request sees the new facts", async () => {
    const portal = (await getPortal(t.db, all.portalId))!;
    const derive = async () => deriveFacts(t.db, portal.id, await factsOptionsFor(t.db, portal), [8]);
    const before = await getOverview(t.db, all, F("period=all"));
    const v0 = await reportDataVersion(t.db, all.portalId);
    const [{ opp }] = (await queryRows<{ opp: number }>(
      t.db,
      sql`select opportunity::float8 as opp from deals where portal_id = ${portal.id} and bitrix_id = 8`,
    )) as [{ opp: number }];
    try {
      await t.db.execute(sql`update deals set opportunity = opportunity + 5000,
        opportunity_account = coalesce(opportunity_account + 5000, null)
        where portal_id = ${portal.id} and bitrix_id = 8`);
      // Until facts are derived the cache still answers with what the facts say (they did not change yet).
      expect(await getOverview(t.db, all, F("period=all"))).toEqual(before);
      await derive();
      expect(await reportDataVersion(t.db, all.portalId)).not.toBe(v0);
      const after = await getOverview(t.db, all, F("period=all"));
      expect(after.current.lostMoney).toBe(before.current.lostMoney + 5000);
      expect(after).toEqual(await uncached(() => getOverview(t.db, all, F("period=all"))));
    } finally {
      await t.db.execute(sql`update deals set opportunity = ${opp},
        opportunity_account = coalesce(opportunity_account - 5000, null)
        where portal_id = ${portal.id} and bitrix_id = 8`);
      await derive();
    }
    expect(await getOverview(t.db, all, F("period=all"))).toEqual(before);
  });

  it("a settings change (margin) is seen at once, without a sync", async () => {
    const s0 = await getStrategies(t.db, all, F("period=all"));
    try {
      await t.db
        .update(portals)
        .set({ settings: { ...settings, marginPercent: 25 } })
        .where(eq(portals.id, all.portalId));
      const s1 = await getStrategies(t.db, all, F("period=all"));
      expect(s1.marginSet).toBe(true);
      expect(s1).toEqual(await uncached(() => getStrategies(t.db, all, F("period=all"))));
    } finally {
      await t.db.update(portals).set({ settings }).where(eq(portals.id, all.portalId));
    }
    expect(await getStrategies(t.db, all, F("period=all"))).toEqual(s0);
  });
});
