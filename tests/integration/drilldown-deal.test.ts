/**
 * The one-deal slice (`d_deal`) a comment card links to: it narrows the drill-down to that deal, and never past
 * the filters or the viewer's scope — a manager asking for a colleague's deal by id gets nothing.
 * Golden portal deals: 3 is lost by manager 3 (2026-03-05), 5 is lost by manager 2 (2026-04-08).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getDrilldown } from "@/lib/analytics/drilldown";
import type { DataScope } from "@/lib/analytics/scope";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { dealDrillHref } from "@/lib/url-state/deals";
import { parseFilters } from "@/lib/url-state/filters";
import { parseSlice, serializeSlice } from "@/lib/url-state/slice";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const YEAR = parseFilters(new URLSearchParams("from=2026-01-01&to=2026-12-31"), NOW);
const SPRING = parseFilters(new URLSearchParams("from=2026-04-01&to=2026-04-30"), NOW);

let t: TestDb;
let emu: EmulatorHandle;
let all: DataScope;
let manager2: DataScope;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  await runSync(t, portal.id, { mode: "full" });
  all = { portalId: portal.id, managerIds: null };
  manager2 = { portalId: portal.id, managerIds: [2] };
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

it("opens exactly the one deal, within the filters", async () => {
  const one = await getDrilldown(t.db, all, YEAR, { deal: 3 });
  expect(one.total).toBe(1);
  expect(one.rows[0]).toMatchObject({ dealId: 3, outcome: "lost", managerId: 3 });
  // Deal 3 was lost in March: a filter on April leaves it out rather than widening the view.
  expect((await getDrilldown(t.db, all, SPRING, { deal: 3 })).total).toBe(0);
  expect((await getDrilldown(t.db, all, SPRING, { deal: 5 })).total).toBe(1);
});

it("never reaches past the manager's scope", async () => {
  expect((await getDrilldown(t.db, manager2, YEAR, { deal: 3 })).total).toBe(0);
  expect((await getDrilldown(t.db, manager2, YEAR, { deal: 5 })).total).toBe(1);
});

it("round-trips through the URL, and a comment card links to it", () => {
  const p = serializeSlice({ deal: 5, outcome: "lost" });
  expect(p.toString()).toBe("d_outcome=lost&d_deal=5");
  expect(parseSlice(p)).toMatchObject({ deal: 5, outcome: "lost" });
  expect(parseSlice(new URLSearchParams("d_deal=-1")).deal).toBeUndefined();
  expect(parseSlice(new URLSearchParams("d_deal=abc")).deal).toBeUndefined();
  const href = dealDrillHref(YEAR, {
    dealId: 5,
    outcome: "lost",
    managerId: 2,
    reasonKey: null,
    lossDate: null,
  });
  const url = new URL(href, "http://x");
  expect(url.pathname).toBe("/deals");
  expect(parseSlice(url.searchParams)).toMatchObject({ deal: 5, outcome: "lost" });
  expect(url.searchParams.get("from")).toBe("2026-01-01");
});
