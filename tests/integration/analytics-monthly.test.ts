/**
 * The monthly pre-aggregate (deal_facts_monthly, lib/facts/monthly-read.ts) changes no number: on the golden
 * portal, every report's DTO (overview, reasons, managers, stages per pipeline and with every pipeline, clients — the last also through
 * deal_facts_client_order) read through it equals the DTO read from deal_facts alone (LOSSLENS_MONTHLY=off),
 * over many filter combinations and both data scopes — and the aggregate path is really taken where it may be.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getClients } from "@/lib/analytics/clients";
import { getManagers } from "@/lib/analytics/managers";
import { getOverview } from "@/lib/analytics/overview";
import { getReasons } from "@/lib/analytics/reasons";
import type { DataScope } from "@/lib/analytics/scope";
import { getStages } from "@/lib/analytics/stages";
import { invalidateMonthlyFacts } from "@/lib/facts/monthly";
import { clientOrderUsable, monthlyUsable, sourceFor, splitPeriod } from "@/lib/facts/monthly-read";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { parseFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const F = (query: string, offset?: string) =>
  parseFilters(new URLSearchParams(query), NOW, { offset, sorts: ["date", "amount", "id"] });

let t: TestDb;
let emu: EmulatorHandle;
let all: DataScope;
let ivanov: DataScope;
const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
const saved = { cache: process.env.LOSSLENS_REPORT_CACHE, monthly: process.env.LOSSLENS_MONTHLY };

beforeAll(async () => {
  process.env.LOSSLENS_REPORT_CACHE = "off";
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  await runSync(t, portal.id, { mode: "full" });
  all = { portalId: portal.id, managerIds: null };
  ivanov = { portalId: portal.id, managerIds: [2] };
});
afterAll(async () => {
  const restore = (k: string, v: string | undefined) => {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  restore("LOSSLENS_REPORT_CACHE", saved.cache);
  restore("LOSSLENS_MONTHLY", saved.monthly);
  await emu?.close();
  await t?.destroy();
});

/** Periods: whole months (the aggregate answers) and mid-month edges (deal_facts answers). */
const PERIODS = [
  "period=all",
  "period=thisYear",
  "period=lastQuarter",
  "period=thisQuarter",
  "period=lastMonth",
  "period=last12Months",
  "from=2026-01-01&to=2026-12-31",
  "from=2026-03-01&to=2026-04-30",
  "from=2026-02-01&to=2026-06-30&compare=1",
  "period=thisYear&compare=1",
  "from=2026-03-05&to=2026-05-20",
  "from=2026-01-15&to=2026-06-30",
  "period=last90",
];
const DIMENSIONS = [
  "",
  "pipeline=0",
  "pipeline=1",
  "managers=2",
  "managers=2,3",
  "department=2",
  "department=1",
  "reasons=stage:1",
  "reasons=none",
  "reasons=stage:1,field:102,none",
  "stage=OFFER",
  "stage=unknown",
  "source=CALL",
  "source=WEB",
  "client=new",
  "client=returning",
  "amountMin=20000&amountMax=90000",
  "amountMin=1",
  "pipeline=0&managers=2&client=returning&reasons=stage:1",
];

async function both<T>(run: () => Promise<T>): Promise<{ base: T; monthly: T }> {
  process.env.LOSSLENS_MONTHLY = "off";
  const base = await run();
  process.env.LOSSLENS_MONTHLY = "on";
  const monthly = await run();
  return { base, monthly };
}

describe("deal_facts_monthly", () => {
  it("holds every closed deal: its totals equal deal_facts'", async () => {
    const [m] = await queryRows<{ n: number; money: string; missing: number }>(
      t.db,
      sql`select sum(deals)::int as n, sum(amount_sum)::text as money, sum(amount_missing)::int as missing
        from deal_facts_monthly where portal_id = ${all.portalId}`,
    );
    const [f] = await queryRows<{ n: number; money: string; missing: number }>(
      t.db,
      sql`select count(*)::int as n, sum(amount_base)::text as money,
          (count(*) filter (where amount_missing))::int as missing
        from deal_facts where portal_id = ${all.portalId} and outcome in ('won', 'lost')`,
    );
    expect(m).toEqual(f);
    expect(m?.n).toBe(8);
  });

  it("is used only for whole local months, no amount range and the offset it was built for", async () => {
    const src = async (q: string, offset?: string) => {
      const f = F(q, offset);
      return sourceFor(await monthlyUsable(t.db, all, f), f, f.range, all).monthly;
    };
    process.env.LOSSLENS_MONTHLY = "on";
    expect(await src("period=all")).toBe(true);
    expect(await src("period=lastMonth")).toBe(true);
    // "This year" runs to the end of today: a mid-month edge, read from deal_facts beside the whole months.
    expect(await src("period=thisYear")).toBe(true);
    expect(await src("period=lastQuarter&pipeline=1&managers=2")).toBe(true);
    expect(await src("from=2026-01-01&to=2026-12-31&department=2")).toBe(true);
    expect(await src("from=2026-03-05&to=2026-05-20")).toBe(true);
    expect(await src("period=last90")).toBe(true);
    // No whole month inside: deal_facts alone.
    expect(await src("from=2026-03-05&to=2026-03-20")).toBe(false);
    expect(await src("from=2026-03-05&to=2026-04-20")).toBe(false);
    expect(await src("period=all&amountMin=1")).toBe(false);
    expect(await src("period=all", "+05:00")).toBe(false);
    process.env.LOSSLENS_MONTHLY = "off";
    expect(await src("period=all")).toBe(false);
  });

  it("splits a period into its whole local months and the days around them", () => {
    // 5 March to the end of 20 May (+03:00): April whole; 5–31 March and 1–20 May from deal_facts (deals 3, 4, 9
    // before, 6 after; deal 5 in April), so both parts answer in the equality tests below.
    expect(splitPeriod(F("from=2026-03-05&to=2026-05-20").range, F(""))).toEqual({
      months: { from: "2026-04-01 00:00:00", to: "2026-05-01 00:00:00" },
      edges: [
        { from: "2026-03-04T21:00:00.000Z", to: "2026-03-31T21:00:00.000Z" },
        { from: "2026-04-30T21:00:00.000Z", to: "2026-05-20T21:00:00.000Z" },
      ],
    });
    // An edge on one side only, and an open start.
    expect(splitPeriod(F("from=2026-01-15&to=2026-06-30").range, F(""))?.edges).toEqual([
      { from: "2026-01-14T21:00:00.000Z", to: "2026-01-31T21:00:00.000Z" },
    ]);
    expect(splitPeriod({ from: null, to: "2026-05-20T21:00:00.000Z" }, F(""))).toEqual({
      months: { from: null, to: "2026-05-01 00:00:00" },
      edges: [{ from: "2026-04-30T21:00:00.000Z", to: "2026-05-20T21:00:00.000Z" }],
    });
    expect(splitPeriod(F("from=2026-03-05&to=2026-03-20").range, F(""))).toBeNull();
  });

  for (const scopeName of ["director", "manager"] as const) {
    for (const period of PERIODS) {
      it(`${scopeName} · ${period}: every report equals the base-table path`, async () => {
        const scope = scopeName === "director" ? all : ivanov;
        for (const dims of DIMENSIONS) {
          const f = F([period, dims].filter(Boolean).join("&"));
          const label = `${period} ${dims}`;
          const o = await both(() => getOverview(t.db, scope, f));
          expect(o.monthly, label).toEqual(o.base);
          const om = await both(() => getOverview(t.db, scope, f, { granularity: "month" }));
          expect(om.monthly, label).toEqual(om.base);
          const r = await both(() => getReasons(t.db, scope, f));
          expect(r.monthly, label).toEqual(r.base);
          const rm = await both(() => getReasons(t.db, scope, f, { by: "money" }));
          expect(rm.monthly, label).toEqual(rm.base);
          const m = await both(() => getManagers(t.db, scope, f));
          expect(m.monthly, label).toEqual(m.base);
          const c = await both(() => getClients(t.db, scope, f));
          expect(c.monthly, label).toEqual(c.base);
          for (const pipelineId of [0, 1]) {
            const st = await both(() => getStages(t.db, scope, f, { pipelineId }));
            expect(st.monthly, `${label} pipeline ${pipelineId}`).toEqual(st.base);
          }
          // Every pipeline at once (no pipeline chosen, or the one the filters choose).
          const sa = await both(() => getStages(t.db, scope, f));
          expect(sa.monthly, `${label} all pipelines`).toEqual(sa.base);
        }
      });
    }
  }

  it("the client order answers a director's period-only view, nothing else", async () => {
    process.env.LOSSLENS_MONTHLY = "on";
    expect(await clientOrderUsable(t.db, all, F("period=all"))).toBe(true);
    expect(await clientOrderUsable(t.db, all, F("from=2026-03-05&to=2026-05-20"))).toBe(true);
    expect(await clientOrderUsable(t.db, all, F("period=all&pipeline=0"))).toBe(false);
    expect(await clientOrderUsable(t.db, all, F("period=all&reasons=none"))).toBe(false);
    expect(await clientOrderUsable(t.db, ivanov, F("period=all"))).toBe(false);
    process.env.LOSSLENS_MONTHLY = "off";
    expect(await clientOrderUsable(t.db, all, F("period=all"))).toBe(false);
  });

  it("a deal_facts change outside deriveFacts turns the aggregate off until the next derive", async () => {
    process.env.LOSSLENS_MONTHLY = "on";
    const f = F("period=all");
    expect(await monthlyUsable(t.db, all, f)).toBe(true);
    await invalidateMonthlyFacts(t.db, all.portalId);
    expect(await monthlyUsable(t.db, all, f)).toBe(false);
    await runSync(t, all.portalId, { mode: "full" });
    expect(await monthlyUsable(t.db, all, f)).toBe(true);
  });
});
