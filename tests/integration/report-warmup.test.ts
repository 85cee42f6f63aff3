/**
 * After a sync the server computes each report's default view, so the first director to open the dashboard
 * reads it from the cache: the page's own call (same default filters, parsed the way report pages parse them)
 * must be a hit and return the same numbers as an uncached run.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getClients } from "@/lib/analytics/clients";
import { getOverview } from "@/lib/analytics/overview";
import { getStages } from "@/lib/analytics/stages";
import { clearReportCache, reportCacheSize } from "@/lib/facts/cache";
import { startWorkers } from "@/lib/jobs/work";
import { connectWebhookPortal } from "@/lib/portals";
import { warmDefaultReports } from "@/lib/reports/warm";
import { settleJobs, startSyncJob } from "@/lib/sync/jobs";
import { refreshDeal } from "@/lib/sync/refresh";
import { parseFilters } from "@/lib/url-state/filters";
import { DRILLDOWN_SORTS } from "@/lib/url-state/slice";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
// The golden portal's "now": its deals fall in the default period (last 90 days) of that day.
process.env.LOSSLENS_NOW = "2026-06-20T12:00:00+03:00";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  portalId = portal.id;
});
afterAll(async () => {
  delete process.env.LOSSLENS_NOW;
  await emu?.close();
  await t?.destroy();
});

it("a finished sync job leaves the default views in the cache; the page's call is a hit with the same numbers", async () => {
  clearReportCache(t.db);
  await startWorkers(t);
  expect((await startSyncJob(t, portalId, { mode: "full", trigger: "manual" })).started).toBe(true);
  await settleJobs(t);
  const warmed = reportCacheSize(t.db);
  expect(warmed).toBeGreaterThanOrEqual(12); // six reports × (default view, all time)

  const page = parseFilters(new URLSearchParams(), new Date(process.env.LOSSLENS_NOW as string), {
    offset: "+03:00",
    sorts: DRILLDOWN_SORTS,
  });
  const scope = { portalId, managerIds: null };
  const overview = await getOverview(t.db, scope, page);
  const stages = await getStages(t.db, scope, page);
  const allTime = parseFilters(
    new URLSearchParams("period=all"),
    new Date(process.env.LOSSLENS_NOW as string),
    {
      offset: "+03:00",
      sorts: DRILLDOWN_SORTS,
    },
  );
  const clients = await getClients(t.db, scope, allTime);
  expect(reportCacheSize(t.db)).toBe(warmed); // hits, nothing new computed

  process.env.LOSSLENS_REPORT_CACHE = "off";
  try {
    expect(await getOverview(t.db, scope, page)).toEqual(overview);
    expect(await getStages(t.db, scope, page)).toEqual(stages);
    expect(await getClients(t.db, scope, allTime)).toEqual(clients);
  } finally {
    delete process.env.LOSSLENS_REPORT_CACHE;
  }
  expect(overview.current.lostDeals).toBeGreaterThan(0);
});

it("a deal deleted in Bitrix24 (event refresh) leaves no cached report counting it", async () => {
  const scope = { portalId, managerIds: null };
  const all = parseFilters(new URLSearchParams("period=all"), new Date(process.env.LOSSLENS_NOW as string));
  const before = await getOverview(t.db, scope, all); // cached now
  expect(emu.control.deleteDeal(3)).toBe(true); // deal 3: lost
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  await refreshDeal(t, portal as typeof portals.$inferSelect, 3);
  const after = await getOverview(t.db, scope, all);
  expect(after.current.lostDeals).toBe(before.current.lostDeals - 1);
});

it("warming an unknown portal does nothing", async () => {
  expect(await warmDefaultReports(t.db, 999_999)).toBe(0);
});
