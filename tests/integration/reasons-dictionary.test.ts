/**
 * The reason dictionary on the golden portal (tests/helpers/golden-portal.ts; analytics.test.ts has the deals).
 * Lost deals and their raw reasons: 2 and 5 stage:1 «Ушли к конкуренту»; 3 field:102 «Нет бюджета»; 4 and 8
 * stage:LOSE «Дорого»; 6 stage:C1:LOSE «Сделка провалена» (generic). The option 101 «Дорого» has no deal.
 *
 * The admin's changes run one after another, as on the page; after each, every reason count of the Reasons report
 * equals its drill-down, the facts, the monthly aggregate and the stage days equal a fresh full derive, and
 * (where said) a full sync keeps the admin's mapping.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { auditLog, portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getFilterLookups } from "@/lib/analytics/lookups";
import { getReasons } from "@/lib/analytics/reasons";
import type { DataScope } from "@/lib/analytics/scope";
import { AppError } from "@/lib/auth/errors";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { describeFilters } from "@/lib/i18n/describe-filters";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { connectWebhookPortal } from "@/lib/portals";
import {
  type Actor,
  createNamedReason,
  mapRawReason,
  renameReason,
  setReasonTheme,
} from "@/lib/reasons/admin";
import { acceptProposal, mergeReasons, rejectProposal, splitReason } from "@/lib/reasons/admin-merge";
import { getReasonDictionary } from "@/lib/reasons/dictionary";
import { resolveReasonFilter } from "@/lib/reasons/resolve";
import { dealsTable } from "@/lib/reports/tables/deals";
import { runSync } from "@/lib/sync/run";
import { parseFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const F = (query: string) => parseFilters(new URLSearchParams(query), NOW, { sorts: ["date", "id"] });
const ALL = "period=all";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;
let all: DataScope;
let actor: Actor;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  portalId = portal.id;
  all = { portalId, managerIds: null };
  actor = { portalId, userId: 1 };
  await runSync(t, portalId, { mode: "full" });
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

/** Lost deal ids per canonical reason key ("none" = not specified), from the facts. */
async function dealsByReason(): Promise<Record<string, number[]>> {
  const rows = await queryRows<{ k: string; ids: number[] }>(
    t.db,
    sql`select coalesce(reason_key, 'none') as k, array_agg(deal_id order by deal_id) as ids from deal_facts
      where portal_id = ${portalId} and outcome = 'lost' group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.ids]));
}

const reasonId = async (name: string) => {
  const d = await getReasonDictionary(t.db, portalId);
  const r = d.reasons.find((x) => x.name === name);
  if (!r) throw new Error(`no live reason «${name}»: ${d.reasons.map((x) => x.name).join(", ")}`);
  return r.id;
};

const derivedRows = async () => ({
  facts: await queryRows(
    t.db,
    sql`select deal_id, reason_key, reason_label, raw_reason_key, raw_reason_label from deal_facts
      where portal_id = ${portalId} order by deal_id`,
  ),
  monthly: await queryRows(
    t.db,
    sql`select to_char(month, 'YYYY-MM') as month, outcome, pipeline_id, manager_id, lost_at_stage_id, reason_key,
        reason_label, raw_reason_key, deals, amount_sum::float8 as amount_sum
      from deal_facts_monthly where portal_id = ${portalId} order by 1, 2, 3, 4, 5, 6, 8, 9`,
  ),
  stageDays: await queryRows(
    t.db,
    sql`select deal_id, stage_id, reason_key from deal_facts_stage_days where portal_id = ${portalId} order by 1, 2`,
  ),
});

/** Every reason count of the report equals its drill-down; the in-place rewrite equals a fresh full derive. */
async function expectConsistent() {
  for (const query of [ALL, "from=2026-03-01&to=2026-04-30", "period=all&pipeline=1"]) {
    const filters = F(query);
    const report = await getReasons(t.db, all, filters);
    expect(report.reasons.length).toBeGreaterThan(0);
    for (const row of report.reasons) {
      const drill = await getDrilldown(t.db, all, filters, { reason: row.reasonKey ?? "none" });
      expect([query, row.reasonKey, drill.total]).toEqual([query, row.reasonKey, row.lostDeals]);
    }
  }
  const inPlace = await derivedRows();
  expect(inPlace.monthly.length).toBeGreaterThan(0);
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  await deriveFacts(t.db, portalId, await factsOptionsFor(t.db, portal as typeof portals.$inferSelect), null);
  expect(await derivedRows()).toEqual(inPlace);
}

const fullSync = () => runSync(t, portalId, { mode: "full" });

describe("the reason dictionary", () => {
  it("starts from the first mapping: same names → one reason, the generic failure stage → not specified", async () => {
    const d = await getReasonDictionary(t.db, portalId);
    expect(d.reasons.map((r) => [r.name, r.lostDeals, r.lostMoney])).toEqual([
      ["Дорого", 2, 10_000],
      ["Нет бюджета", 1, 90_000],
      ["Ушли к конкуренту", 2, 80_000],
    ]);
    const dear = d.reasons[0]?.id;
    expect(d.raws.map((x) => [x.rawKey, x.kind, x.pipeline, x.reasonId, x.source, x.lostDeals])).toEqual([
      ["stage:LOSE", "stage", "Продажи", dear, "auto", 2],
      ["stage:1", "stage", "Продажи", d.reasons[2]?.id, "auto", 2],
      ["stage:C1:LOSE", "stage", "Тендеры", null, "auto", 1],
      ["field:101", "field", null, dear, "auto", 0],
      ["field:102", "field", null, d.reasons[1]?.id, "auto", 1],
    ]);
    expect(d.noRaw.lostDeals).toBe(0);
    // The drill-down and its CSV show the canonical reason and what Bitrix24 says.
    const drill = await getDrilldown(t.db, all, F(ALL), { reason: "none" });
    const csv = dealsTable(drill.rows, "ru");
    const column = (key: string) => csv.columns.find((c) => c.key === key);
    expect(
      drill.rows.map((r) => [r.dealId, column("reason")?.value(r), column("rawReason")?.value(r)]),
    ).toEqual([[6, reportMessages.ru.filters.noReason, "Сделка провалена"]]);
    expect(d.notSpecified.lostDeals).toBe(1);
    expect(d.proposals).toEqual([]);
    // The filter bar's choices are the live reasons, not a scan of the facts.
    expect(Object.values((await getFilterLookups(t.db, all)).reasons ?? {})).toEqual([
      "Дорого",
      "Нет бюджета",
      "Ушли к конкуренту",
    ]);
    await expectConsistent();
  });

  it("maps a raw reason: the generic stage onto «Дорого», in place, audited, kept by a full sync", async () => {
    const dear = await reasonId("Дорого");
    await mapRawReason(t.db, actor, "stage:C1:LOSE", dear);
    expect((await dealsByReason())[`r:${dear}`]).toEqual([4, 6, 8]);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "reasons.map"));
    expect(entry?.details).toMatchObject({ before: null, after: dear, rawLabel: "Сделка провалена" });
    await expectConsistent();
    await fullSync();
    expect((await dealsByReason())[`r:${dear}`]).toEqual([4, 6, 8]);
    const d = await getReasonDictionary(t.db, portalId);
    expect(d.raws.find((x) => x.rawKey === "stage:C1:LOSE")).toMatchObject({
      reasonId: dear,
      source: "admin",
    });
    // Back to not specified, for the steps below.
    await mapRawReason(t.db, actor, "stage:C1:LOSE", null);
    expect((await dealsByReason()).none).toEqual([6]);
  });

  it("refuses a bad id or a name already taken, in words (never a server error)", async () => {
    const notFound = await mapRawReason(t.db, actor, "stage:1", 999_999).catch((e) => e);
    expect(notFound).toBeInstanceOf(AppError);
    expect(notFound.code).toBe("NOT_FOUND");
    expect(notFound.publicMessage.ru).toMatch(/не найдена/);
    const raw = await mapRawReason(t.db, actor, "stage:NOPE", null).catch((e) => e);
    expect(raw.code).toBe("NOT_FOUND");
    const taken = await createNamedReason(t.db, actor, "  ДОРОГО! ").catch((e) => e);
    expect([taken.code, taken.publicMessage.en]).toEqual([
      "CONFLICT",
      "A reason with this name already exists",
    ]);
  });

  it("creates and renames a reason; the facts' names follow at once", async () => {
    const { id } = await createNamedReason(t.db, actor, "  Цена  ");
    expect((await getReasonDictionary(t.db, portalId)).reasons.find((r) => r.id === id)).toMatchObject({
      name: "Цена",
      lostDeals: 0,
    });
    await mapRawReason(t.db, actor, "stage:LOSE", id);
    expect((await dealsByReason())[`r:${id}`]).toEqual([4, 8]);
    await renameReason(t.db, actor, id, "Высокая цена");
    const labels = await queryRows<{ label: string }>(
      t.db,
      sql`select distinct reason_label as label from deal_facts where portal_id = ${portalId} and reason_key = ${`r:${id}`}`,
    );
    expect(labels).toEqual([{ label: "Высокая цена" }]);
    const renameTaken = await renameReason(t.db, actor, id, "нет бюджета").catch((e) => e);
    expect(renameTaken.code).toBe("CONFLICT");
    await expectConsistent();
  });

  it("merges a reason into another; old links (the merged id, a raw key) open the survivor", async () => {
    const high = await reasonId("Высокая цена");
    const dear = await reasonId("Дорого");
    await mergeReasons(t.db, actor, high, dear);
    expect((await dealsByReason())[`r:${dear}`]).toEqual([4, 8]);
    expect((await getReasonDictionary(t.db, portalId)).reasons.map((r) => r.name)).not.toContain(
      "Высокая цена",
    );
    await expectConsistent();
    await fullSync();
    expect((await dealsByReason())[`r:${dear}`]).toEqual([4, 8]);
    // A link made before the merge, and one made before canonical reasons (a failure stage's key).
    expect(await resolveReasonFilter(t.db, portalId, [`r:${high}`])).toEqual([`r:${dear}`]);
    expect(await resolveReasonFilter(t.db, portalId, ["stage:LOSE", "stage:C1:LOSE"])).toEqual([
      "none",
      `r:${dear}`,
    ]);
    expect(await resolveReasonFilter(t.db, portalId, ["field:999"])).toEqual(["field:999"]);
    const filters = F(`${ALL}&reasons=stage:1`);
    filters.reasons = await resolveReasonFilter(t.db, portalId, filters.reasons);
    const competitor = await reasonId("Ушли к конкуренту");
    const report = await getReasons(t.db, all, filters);
    expect(report.reasons.find((r) => r.reasonKey === `r:${competitor}`)?.lostDeals).toBe(2);
    const lookups = await getFilterLookups(t.db, all);
    expect(describeFilters(filters, lookups, "ru")).toContain("«Ушли к конкуренту»");
  });

  it("splits a reason back: each raw reason gets its own, named after it", async () => {
    const dear = await reasonId("Дорого");
    await mapRawReason(t.db, actor, "stage:C1:LOSE", dear);
    await splitReason(t.db, actor, dear);
    const d = await getReasonDictionary(t.db, portalId);
    const of = (rawKey: string) =>
      d.reasons.find((r) => r.id === d.raws.find((x) => x.rawKey === rawKey)?.reasonId);
    expect(of("stage:LOSE")?.id).toBe(dear);
    expect(of("stage:C1:LOSE")?.name).toBe("Сделка провалена");
    expect(of("field:101")?.name).toBe("Дорого (2)");
    expect((await dealsByReason())[`r:${of("stage:C1:LOSE")?.id}`]).toEqual([6]);
    await expectConsistent();
    await fullSync();
    expect((await dealsByReason())[`r:${of("stage:C1:LOSE")?.id}`]).toEqual([6]);
  });

  it("proposes near-duplicates; accept merges the smaller into the larger, reject is never proposed again", async () => {
    const chose = (await createNamedReason(t.db, actor, "Выбрали конкурента")).id;
    await mapRawReason(t.db, actor, "field:102", chose);
    const competitor = await reasonId("Ушли к конкуренту");
    const dear = await reasonId("Дорого");
    const dear2 = await reasonId("Дорого (2)");
    let d = await getReasonDictionary(t.db, portalId);
    const pairs = () => d.proposals.map((p) => [p.from.id, p.into.id, p.why.kind]);
    expect(pairs()).toEqual([
      [dear2, dear, "similar"],
      [chose, competitor, "stem"],
    ]);
    await rejectProposal(t.db, actor, dear2, dear);
    d = await getReasonDictionary(t.db, portalId);
    expect(pairs()).toEqual([[chose, competitor, "stem"]]);
    // Accepted the other way round, the one with fewer lost deals (1 against 2) still merges into the larger.
    await acceptProposal(t.db, actor, competitor, chose);
    expect((await dealsByReason())[`r:${competitor}`]).toEqual([2, 3, 5]);
    d = await getReasonDictionary(t.db, portalId);
    expect(pairs()).toEqual([]);
    await expectConsistent();
    await fullSync();
    expect((await dealsByReason())[`r:${competitor}`]).toEqual([2, 3, 5]);
  });

  it("sets a reason's theme (for loss capture quality)", async () => {
    const [theme] = await queryRows<{ id: number }>(
      t.db,
      sql`select id from themes where portal_id = ${portalId} order by id limit 1`,
    );
    if (!theme) throw new Error("the portal has no themes (built-ins are seeded with it)");
    const dear = await reasonId("Дорого");
    await setReasonTheme(t.db, actor, dear, theme.id);
    expect((await getReasonDictionary(t.db, portalId)).reasons.find((r) => r.id === dear)?.themeId).toBe(
      theme.id,
    );
    const bad = await setReasonTheme(t.db, actor, dear, 999_999).catch((e) => e);
    expect(bad.code).toBe("NOT_FOUND");
  });
});
