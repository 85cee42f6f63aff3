/**
 * Four golden portals, one calendar: the same small portal (tests/helpers/tz-portal.ts), written in local time
 * at −05:00, +00:00, +03:00 and +12:00, synced through the emulator. A date field (CLOSEDATE) is a calendar date
 * of the portal and starts at its local midnight, so every figure read in the portal's offset — loss dates,
 * months, cycle lengths, the drill-down's order and the dates it shows — is the same at every offset. The
 * expectations are hand-computed from the local times in the helper's header.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { dealFacts, deals, portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getOverview } from "@/lib/analytics/overview";
import type { DataScope } from "@/lib/analytics/scope";
import { formatDate } from "@/lib/format";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { parseFilters } from "@/lib/url-state/filters";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { tzPortal } from "../helpers/tz-portal";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-05-01T12:00:00Z");

/**
 * Per offset, by hand: the instant of deal 1's loss date (local midnight of 1 April) and of deal 5's (local
 * midnight of 31 March). The old rule stored both at 00:00 UTC whatever the offset.
 */
const OFFSETS = [
  { offset: "-05:00", deal1: "2026-04-01T05:00:00.000Z", deal5: "2026-03-31T05:00:00.000Z" },
  { offset: "+00:00", deal1: "2026-04-01T00:00:00.000Z", deal5: "2026-03-31T00:00:00.000Z" },
  { offset: "+03:00", deal1: "2026-03-31T21:00:00.000Z", deal5: "2026-03-30T21:00:00.000Z" },
  { offset: "+12:00", deal1: "2026-03-31T12:00:00.000Z", deal5: "2026-03-30T12:00:00.000Z" },
] as const;

/** Cycle length in days, local: deal 1 20.03 10:00 → 01.04 00:00 = 11 d 14 h; deal 5 closes (00:00) before it opens (18:00). */
const CYCLE = { 1: 11.58, 2: 6.56, 3: 5.6, 4: 30.5, 5: 0, 6: 16.57 };

let t: TestDb;
const emus: EmulatorHandle[] = [];
const scopes = new Map<string, DataScope>();
const saved = process.env.LOSSLENS_REPORT_CACHE;

beforeAll(async () => {
  process.env.LOSSLENS_REPORT_CACHE = "off";
  t = await createTestDb();
  for (const [i, o] of OFFSETS.entries()) {
    const emu = await startEmulator({
      snapshot: tzPortal({ offset: o.offset, domain: `tz${i}.bitrix24.ru` }),
      port: 0,
      limits: { enabled: false },
    });
    emus.push(emu);
    const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
    await runSync(t, portal.id, { mode: "full" });
    scopes.set(o.offset, { portalId: portal.id, managerIds: null });
  }
});
afterAll(async () => {
  if (saved === undefined) delete process.env.LOSSLENS_REPORT_CACHE;
  else process.env.LOSSLENS_REPORT_CACHE = saved;
  for (const emu of emus) await emu.close();
  await t?.destroy();
});

describe.each(OFFSETS)("a portal at $offset", (o) => {
  const scope = () => scopes.get(o.offset)!;
  const filters = (query: string) =>
    parseFilters(new URLSearchParams(query), NOW, { offset: o.offset, sorts: ["date", "id"] });

  it("the portal's offset comes from the wire; date fields are stored as the portal's calendar dates", async () => {
    const [p] = await t.db.select().from(portals).where(eq(portals.id, scope().portalId));
    expect(p?.timezoneOffset).toBe(o.offset);
    const rows = await t.db
      .select({ id: deals.bitrixId, begin: deals.beginDate, close: deals.closeDate })
      .from(deals)
      .where(eq(deals.portalId, scope().portalId))
      .orderBy(asc(deals.bitrixId));
    expect(rows.map((r) => [r.id, r.begin, r.close])).toEqual([
      [1, "2026-03-20", "2026-04-01"],
      [2, "2026-03-25", "2026-03-31"],
      [3, "2026-03-26", "2026-04-01"],
      [4, "2026-03-01", "2026-04-01"],
      [5, "2026-03-31", "2026-03-31"],
      [6, "2026-03-15", "2026-03-31"],
      [7, "2026-04-02", "2026-04-30"],
    ]);
  });

  it("a loss or win known only by CLOSEDATE is at local midnight; real times stay exact; cycles never negative", async () => {
    const facts = await t.db
      .select()
      .from(dealFacts)
      .where(and(eq(dealFacts.portalId, scope().portalId)))
      .orderBy(asc(dealFacts.dealId));
    const local = (wall: string) => new Date(`${wall.replace(" ", "T")}:00${o.offset}`).toISOString();
    const byId = new Map(facts.map((f) => [f.dealId, f]));
    expect(byId.get(1)?.lossDate?.toISOString()).toBe(o.deal1);
    expect(byId.get(5)?.lossDate?.toISOString()).toBe(o.deal5);
    expect(byId.get(4)?.closedAt?.toISOString()).toBe(o.deal1);
    expect(byId.get(2)?.lossDate?.toISOString()).toBe(local("2026-03-31 23:30"));
    expect(byId.get(3)?.lossDate?.toISOString()).toBe(local("2026-04-01 00:30"));
    expect(byId.get(6)?.closedAt?.toISOString()).toBe(local("2026-03-31 23:45"));
    expect(byId.get(7)?.closedAt).toBeNull();
    expect(
      Object.fromEntries(facts.filter((f) => f.cycleDays !== null).map((f) => [f.dealId, f.cycleDays])),
    ).toEqual(CYCLE);
  });

  it("counts each deal in its local month: March lost 2 + won 1, April lost 2 + won 1 (trend, periods, aggregate)", async () => {
    const both = await getOverview(t.db, scope(), filters("from=2026-03-01&to=2026-04-30"), {
      granularity: "month",
    });
    expect(both.trend.map((p) => [p.bucket, p.lostDeals, p.lostMoney, p.wonDeals, p.closedDeals])).toEqual([
      ["2026-03-01", 2, 18000, 1, 3],
      ["2026-04-01", 2, 5000, 1, 3],
    ]);
    const march = await getOverview(t.db, scope(), filters("from=2026-03-01&to=2026-03-31"));
    expect([
      march.current.lostDeals,
      march.current.lostMoney,
      march.current.wonDeals,
      march.current.revenue,
    ]).toEqual([2, 18000, 1, 32000]);
    // One day, mid-month: read from deal_facts, not the monthly aggregate.
    const firstOfApril = await getOverview(t.db, scope(), filters("from=2026-04-01&to=2026-04-01"));
    expect([firstOfApril.current.lostDeals, firstOfApril.current.wonDeals]).toEqual([2, 1]);
    const monthly = await queryRows<{ m: string; outcome: string; n: number }>(
      t.db,
      sql`select to_char(month, 'YYYY-MM') as m, outcome, sum(deals)::int as n from deal_facts_monthly
        where portal_id = ${scope().portalId} group by 1, 2 order by 1, 2`,
    );
    expect(monthly).toEqual([
      { m: "2026-03", outcome: "lost", n: 2 },
      { m: "2026-03", outcome: "won", n: 1 },
      { m: "2026-04", outcome: "lost", n: 2 },
      { m: "2026-04", outcome: "won", n: 1 },
    ]);
  });

  it("the drill-down lists a month's deals, newest first, and shows each loss on its local date", async () => {
    const april = await getDrilldown(t.db, scope(), filters("from=2026-03-01&to=2026-04-30"), {
      outcome: "lost",
      month: "2026-04",
    });
    expect(april.rows.map((r) => r.dealId)).toEqual([3, 1]);
    const lost = await getDrilldown(t.db, scope(), filters("from=2026-03-01&to=2026-04-30"), {
      outcome: "lost",
    });
    // 01.04 00:30, 01.04 (00:00), 31.03 23:30, 31.03 (00:00).
    expect(lost.rows.map((r) => r.dealId)).toEqual([3, 1, 2, 5]);
    expect(lost.rows.map((r) => formatDate(r.lossDate, "ru", o.offset))).toEqual([
      "01.04.2026",
      "01.04.2026",
      "31.03.2026",
      "31.03.2026",
    ]);
    expect(formatDate(lost.rows[1]?.lossDate, "en", o.offset)).toBe("Apr 01, 2026");
  });
});

describe("an upgrade re-defining facts", () => {
  it("facts derived by older rules are derived again whole by the next incremental sync, changed deals or not", async () => {
    const scope = scopes.get("-05:00")!;
    const lossDate = async (id: number) =>
      (
        await t.db
          .select({ d: dealFacts.lossDate })
          .from(dealFacts)
          .where(and(eq(dealFacts.portalId, scope.portalId), eq(dealFacts.dealId, id)))
      )[0]?.d?.toISOString();
    // As the old rules left deal 5 (00:00 UTC = 30 March 19:00 on this portal), and as migration 0018 marks them.
    const oldRules = sql`update deal_facts set loss_date = '2026-03-31T00:00:00Z', closed_at = '2026-03-31T00:00:00Z'
      where portal_id = ${scope.portalId} and deal_id = 5`;
    await t.db.execute(oldRules);
    await t.db.execute(sql`update deal_facts_versions set rules = 0 where portal_id = ${scope.portalId}`);
    // Deal 5 has no comment, history or change on the portal: an incremental run has no reason to touch it.
    const run = await runSync(t, scope.portalId, { mode: "incremental" });
    expect(run.mode).toBe("incremental");
    expect(await lossDate(5)).toBe("2026-03-31T05:00:00.000Z");
    // Current rules now: a later incremental run derives only what changed, and deal 5 did not.
    await t.db.execute(oldRules);
    await runSync(t, scope.portalId, { mode: "incremental" });
    expect(await lossDate(5)).toBe("2026-03-31T00:00:00.000Z");
  });
});
