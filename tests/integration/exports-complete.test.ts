/**
 * Exports never truncate silently (issue 13, item 8): the Clients "lost a returning customer" CSV holds every
 * such deal (the page lists the newest 50), and a capped export says so in its file name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePortal } from "@/emulator/generator";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getClients, PRIOR_WIN_LIST_LIMIT } from "@/lib/analytics/clients";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { connectWebhookPortal } from "@/lib/portals";
import type { ReportContext } from "@/lib/reports/context";
import * as exports from "@/lib/reports/exports";
import { runSync } from "@/lib/sync/run";
import { parseFilters } from "@/lib/url-state/filters";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-11-01T12:00:00+03:00");
/** Data rows of a CSV body (BOM and header dropped; quoted fields may hold line breaks, counted by ids). */
const idsOf = (body: string) =>
  body
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .slice(1)
    .map((line) => /^(\d+),/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);

describe("exports hold every row of their table", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let ctx: ReportContext;

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({
      snapshot: generatePortal({ seed: 7, deals: 2500 }),
      port: 0,
      limits: { enabled: false },
    });
    const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
    await runSync(t, portal.id, { mode: "full" });
    const scope = { portalId: portal.id, managerIds: null };
    ctx = {
      db: t.db,
      portal: { id: portal.id, domain: portal.domain, baseCurrency: "RUB", offset: portal.timezoneOffset },
      scope,
      filters: parseFilters(new URLSearchParams("period=all"), NOW, { offset: portal.timezoneOffset }),
      lookups: await getFilterLookups(t.db, scope),
      locale: "ru",
    };
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  it("the returning-customer losses export holds all of them, not the page's newest 50", async () => {
    const clients = await getClients(t.db, ctx.scope, ctx.filters);
    expect(clients.priorWin.lostDeals).toBeGreaterThan(PRIOR_WIN_LIST_LIMIT);
    const file = await exports.exportCsv(ctx, "clients", "prior-win", {}, ",");
    const ids = idsOf(file?.body ?? "");
    expect(ids).toHaveLength(clients.priorWin.lostDeals);
    expect(new Set(ids).size).toBe(ids.length);
    expect(file?.name).not.toContain("first");
  });

  it("a deals export over the cap is named for what it holds", async () => {
    const all = await getDrilldown(t.db, ctx.scope, ctx.filters, { outcome: "closed" });
    const full = await exports.exportCsv(ctx, "deals", "deals", { outcome: "closed" }, ",");
    expect(idsOf(full?.body ?? "")).toHaveLength(all.total);
    expect(full?.name).toMatch(/^losslens-deals-deals-\d{4}-\d{2}-\d{2}\.csv$/);
    const saved = exports.exportLimits.deals;
    exports.exportLimits.deals = 10;
    try {
      const capped = await exports.exportCsv(ctx, "deals", "deals", { outcome: "closed" }, ",");
      expect(idsOf(capped?.body ?? "")).toHaveLength(10);
      expect(capped?.name).toContain(`-first-10-of-${all.total}-`);
    } finally {
      exports.exportLimits.deals = saved;
    }
  });
});
