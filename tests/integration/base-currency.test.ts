/**
 * A portal whose base currency is not the rouble: the sync reads it from crm.currency.list (the BASE "Y" row) on
 * every run, keeps it on the portal, and everything that labels money — the report portal every page and share
 * page reads, every money column of every CSV, the theme brief — names it. When the portal changes its base
 * currency, the next sync (even an incremental one) follows, amounts included.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { exportCommentsCsv } from "@/lib/comments/export";
import { connectWebhookPortal } from "@/lib/portals";
import type { ReportContext } from "@/lib/reports/context";
import { exportCsv } from "@/lib/reports/exports";
import { getReportPortal } from "@/lib/reports/portal";
import { runSync } from "@/lib/sync/run";
import { themeBrief } from "@/lib/themes/brief";
import { getCompetitorStats } from "@/lib/themes/competitors";
import { getThemeOverview } from "@/lib/themes/stats";
import { parseCommentParams } from "@/lib/url-state/comments";
import { parseFilters } from "@/lib/url-state/filters";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { tzPortal } from "../helpers/tz-portal";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-05-01T12:00:00Z");
const OFFSET = "+01:00";

/** Money columns per export table, counted by hand from what each table shows. */
const MONEY_COLUMNS: Record<string, number> = {
  "overview/trend": 1, // lost money
  "stages/stages": 1, // lost money
  "reasons/reasons": 1, // lost money
  "reasons/reason-manager": 1, // lost money
  "managers/managers": 3, // lost money, revenue, average lost deal
  "clients/prior-win": 1, // amount
  "strategies/quadrants": 3, // revenue, revenue per deal, profit
  "deals/deals": 1, // amount
};

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;
const saved = process.env.LOSSLENS_REPORT_CACHE;

const amounts = async () =>
  Object.fromEntries(
    (
      await queryRows<{ id: number; amount: number }>(
        t.db,
        sql`select deal_id as id, amount_base::float8 as amount from deal_facts where portal_id = ${portalId}
          order by deal_id`,
      )
    ).map((r) => [r.id, r.amount]),
  );

beforeAll(async () => {
  process.env.LOSSLENS_REPORT_CACHE = "off";
  t = await createTestDb();
  emu = await startEmulator({
    snapshot: tzPortal({
      offset: OFFSET,
      domain: "eur.bitrix24.de",
      baseCurrency: "EUR",
      // 100 RUB = 1.05 EUR: deal 2 is 2 000 RUB.
      foreign: { code: "RUB", amount: "1.0500", amountCnt: "100" },
    }),
    port: 0,
    limits: { enabled: false },
  });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  portalId = portal.id;
  await runSync(t, portalId, { mode: "full" });
});
afterAll(async () => {
  if (saved === undefined) delete process.env.LOSSLENS_REPORT_CACHE;
  else process.env.LOSSLENS_REPORT_CACHE = saved;
  await emu?.close();
  await t?.destroy();
});

describe("a portal in euros", () => {
  it("the sync keeps the portal's base currency; amounts are in it", async () => {
    const [p] = await t.db.select().from(portals).where(eq(portals.id, portalId));
    expect(p?.baseCurrency).toBe("EUR");
    expect((await getReportPortal(t.db, portalId))?.baseCurrency).toBe("EUR");
    expect(await amounts()).toEqual({ 1: 1000, 2: 21, 3: 4000, 4: 8000, 5: 16000, 6: 32000, 7: 64000 });
  });

  it("every money column of every CSV names the currency, and no other header does", async () => {
    const portal = await getReportPortal(t.db, portalId);
    if (!portal) throw new Error("no portal");
    const scope = { portalId, managerIds: null };
    for (const locale of ["ru", "en"] as const) {
      const ctx: ReportContext = {
        db: t.db,
        portal,
        scope,
        filters: parseFilters(new URLSearchParams("period=all"), NOW, { offset: OFFSET }),
        lookups: await getFilterLookups(t.db, scope),
        locale,
      };
      for (const [key, n] of Object.entries(MONEY_COLUMNS)) {
        const [report, table] = key.split("/") as [string, string];
        const file = await exportCsv(ctx, report, table, {}, ";");
        if (!file) throw new Error(`no table ${key}`);
        const header = file.body.replace(/^\uFEFF/, "").split("\r\n")[0]!;
        const named = header.split(";").filter((h) => h.includes("EUR"));
        expect({ key, locale, named: named.length }).toEqual({ key, locale, named: n });
        expect(named.every((h) => h.endsWith(" (EUR)"))).toBe(true);
        expect(header).not.toMatch(/RUB|₽|руб/i);
      }
    }
    const filters = parseFilters(new URLSearchParams("period=all"), NOW, { offset: OFFSET });
    const { csv } = await exportCommentsCsv(
      t.db,
      scope,
      filters,
      parseCommentParams(new URLSearchParams()),
      "ru",
      portal.baseCurrency,
    );
    expect(csv.split("\r\n")[0]).toContain("Сумма (EUR)");
  });

  it("the theme brief gives money in euros", async () => {
    const portal = await getReportPortal(t.db, portalId);
    const scope = { portalId, managerIds: null };
    const filters = parseFilters(new URLSearchParams("period=all"), NOW, { offset: OFFSET });
    const overview = await getThemeOverview(t.db, scope, filters);
    const theme = overview.themes.find((x) => x.deals > 0);
    if (!theme || !portal) throw new Error("no theme with deals");
    const md = themeBrief(theme, overview, await getCompetitorStats(t.db, scope, filters), {
      locale: "ru",
      currency: portal.baseCurrency,
      period: "2026",
    });
    // Deal 1 (1 000 EUR) is the one with a comment.
    expect(md).toMatch(/\*\*1\s000\s€\*\*/);
    expect(md).not.toMatch(/₽|RUB/);
  });

  it("when the portal changes its base currency, the next incremental sync follows it, amounts included", async () => {
    expect((await fetchJson("crm.currency.base.set", { id: "RUB" })).result).toBe(true);
    const run = await runSync(t, portalId, { mode: "incremental" });
    expect(run.mode).toBe("incremental");
    expect((await getReportPortal(t.db, portalId))?.baseCurrency).toBe("RUB");
    const base = await queryRows<{ code: string }>(
      t.db,
      sql`select bitrix_id as code from currencies where portal_id = ${portalId} and is_base`,
    );
    expect(base).toEqual([{ code: "RUB" }]);
    // Deal 2's 2 000 RUB is now 2 000 of the base; the EUR deals convert at EUR's rate, still 1.
    expect((await amounts())[2]).toBe(2000);
  });
});

async function fetchJson(method: string, params: unknown): Promise<{ result: unknown }> {
  const r = await fetch(`${emu.webhookUrl}${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return (await r.json()) as { result: unknown };
}
