import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import {
  comments,
  dealFacts,
  deals,
  lossReasons,
  portals,
  quarantine,
  stageHistory,
  stages,
  syncRuns,
} from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const D = (iso: string) => new Date(iso).toISOString();

/** Hand-computed from the golden portal's records (see tests/helpers/golden-portal.ts). */
const EXPECTED = {
  1: {
    outcome: "won",
    closedAt: D("2026-01-20T09:00:00Z"),
    lossDate: null,
    lostAt: null,
    rawReasonKey: null,
    reason: null,
    amount: 100000,
    client: "company:10",
    returning: false,
    priorWin: false,
    cycle: 10.08,
    acts: 3,
    done: 3,
  },
  2: {
    outcome: "lost",
    closedAt: D("2026-02-10T12:00:00Z"),
    lossDate: D("2026-02-10T12:00:00Z"),
    lostAt: "OFFER",
    rawReasonKey: "stage:1",
    reason: "Ушли к конкуренту",
    rawReasonLabel: "Ушли к конкуренту",
    amount: 50000,
    client: "company:10",
    returning: true,
    priorWin: true,
    cycle: 9.25,
    acts: 2,
    done: 1,
  },
  3: {
    outcome: "lost",
    lossDate: D("2026-03-05T07:00:00Z"),
    lostAt: "C1:PREPAYMENT_INVOIC",
    rawReasonKey: "field:102",
    reason: "Нет бюджета",
    rawReasonLabel: "Нет бюджета",
    amount: 90000,
    client: "contact:21",
    returning: false,
    priorWin: false,
    cycle: 4,
    acts: 0,
    done: 0,
  },
  4: {
    outcome: "lost",
    lossDate: D("2026-03-10T07:00:00Z"),
    lostAt: null,
    rawReasonKey: "stage:LOSE",
    reason: "Дорого",
    // The field has an option "Дорого" too: the stage reason is told apart by its pipeline.
    rawReasonLabel: "Дорого · Продажи",
    amount: 0,
    missing: true,
    client: "company:11",
    returning: true,
    priorWin: false,
    cycle: 0,
  },
  5: {
    outcome: "lost",
    lossDate: D("2026-04-08T07:00:00Z"),
    lostAt: "OFFER",
    rawReasonKey: "stage:1",
    reason: "Ушли к конкуренту",
    amount: 30000,
    client: "company:11",
    returning: true,
    priorWin: true,
    cycle: 7,
    acts: 1,
    done: 1,
  },
  6: {
    outcome: "lost",
    lossDate: D("2026-05-06T07:00:00Z"),
    lostAt: "C1:NEW",
    rawReasonKey: "stage:C1:LOSE",
    // canonical: the failure stage "Сделка провалена" says nothing → not specified; "Дорого" stage and option are one
    reason: null,
    rawReasonLabel: "Сделка провалена",
    amount: 20000,
    client: "company:10",
    returning: true,
    priorWin: true,
    cycle: 5,
  },
  7: {
    outcome: "open",
    closedAt: null,
    lossDate: null,
    lostAt: null,
    rawReasonKey: null,
    reason: null,
    amount: 70000,
    client: "company:11",
    returning: true,
    cycle: null,
  },
  8: {
    outcome: "lost",
    // CLOSEDATE 2026-06-15 is a date of the +03:00 portal: it starts at 00:00 Moscow time, 21:00 UTC the day
    // before (not at 00:00 UTC, 03:00 Moscow); created 2026-06-01 07:00 UTC → 13 d 14 h.
    lossDate: D("2026-06-14T21:00:00Z"),
    lostAt: null,
    rawReasonKey: "stage:LOSE",
    reason: "Дорого",
    amount: 10000,
    client: "contact:20",
    returning: false,
    priorWin: false,
    cycle: 13.58,
  },
  9: {
    outcome: "won",
    closedAt: D("2026-03-20T07:00:00Z"),
    amount: 200000,
    client: "company:11",
    returning: false,
    cycle: 33,
  },
} as const;

describe("sync of the golden portal", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
    portalId = portal.id;
    await t.db
      .update(portals)
      .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
      .where(eq(portals.id, portalId));
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  it("copies every entity exactly, stores credentials encrypted and records the run", async () => {
    const summary = await runSync(t, portalId, { mode: "full", trigger: "manual" });
    expect(summary.mode).toBe("full");
    expect(summary.quarantined).toBe(0);
    const counts = await queryRows<Record<string, number>>(
      t.db,
      sql`select
        (select count(*)::int from deals) as deals, (select count(*)::int from stage_history) as history,
        (select count(*)::int from activities) as activities, (select count(*)::int from companies) as companies,
        (select count(*)::int from contacts) as contacts, (select count(*)::int from b24_users) as users,
        (select count(*)::int from departments) as departments, (select count(*)::int from stages) as stages,
        (select count(*)::int from pipelines) as pipelines, (select count(*)::int from loss_reason_options) as options,
        (select count(*)::int from comments where source = 'timeline') as timeline,
        (select count(*)::int from comments where source = 'deal_field') as deal_field`,
    );
    expect(counts[0]).toEqual({
      deals: 9,
      history: 24,
      activities: 6,
      companies: 2,
      contacts: 2,
      users: 3,
      departments: 2,
      stages: 10,
      pipelines: 2,
      options: 2,
      timeline: 3,
      deal_field: 1,
    });
    const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
    expect(portal?.credentialsEnc).not.toContain("goldensecret0001");
    expect(portal?.credentialsHint).toMatch(/go•+01/);
    const [run] = await t.db.select().from(syncRuns).where(eq(syncRuns.id, summary.runId));
    expect(run?.status).toBe("succeeded");
    expect(run?.apiCalls).toBe(summary.apiCalls);
  });

  it("equals the emulator's snapshot table by table: every record stored as sent, no more, no less", async () => {
    const snapshot = goldenPortal();
    const byId = (rows: Record<string, unknown>[]) =>
      Object.fromEntries(rows.map((r) => [String(r.ID), r]).sort(([a], [b]) => Number(a) - Number(b)));
    const stored = async (table: string) =>
      Object.fromEntries(
        (
          await queryRows<{ id: number; raw: Record<string, unknown> }>(
            t.db,
            sql`select bitrix_id as id, raw from ${sql.identifier(table)} order by bitrix_id`,
          )
        ).map((r) => [String(r.id), r.raw]),
      );
    expect(await stored("deals")).toEqual(byId(snapshot.lists["crm.deal.list"]));
    expect(await stored("stage_history")).toEqual(byId(snapshot.lists["crm.stagehistory.list"]));
    expect(await stored("companies")).toEqual(byId(snapshot.lists["crm.company.list"]));
    expect(await stored("contacts")).toEqual(byId(snapshot.lists["crm.contact.list"]));
    expect(await stored("b24_users")).toEqual(byId(snapshot.lists["user.get"]));
    expect(await stored("departments")).toEqual(byId(snapshot.lists["department.get"]));
    // Activities are fetched with a narrower select; their ids, owners and states must match.
    const acts = await queryRows<{ id: number; owner: number; done: boolean }>(
      t.db,
      sql`select bitrix_id as id, owner_id as owner, completed as done from activities order by bitrix_id`,
    );
    expect(acts).toEqual(
      snapshot.lists["crm.activity.list"].map((a) => ({
        id: Number(a.ID),
        owner: Number(a.OWNER_ID),
        done: a.COMPLETED === "Y",
      })),
    );
  });

  it('keeps wire values typed: truncated stage ids, null vs "0" references, date fields by the UTC rule', async () => {
    const [d3] = await t.db.select().from(deals).where(eq(deals.bitrixId, 3));
    expect(d3?.companyId).toBeNull();
    expect(d3?.contactId).toBe(21);
    expect(d3?.closeDate).toBe("2026-03-05");
    expect(d3?.opportunity).toBe(1000);
    const truncated = await t.db.select().from(stages).where(eq(stages.bitrixId, "C1:PREPAYMENT_INVOIC"));
    expect(truncated[0]?.pipelineId).toBe(1);
    const h = await t.db
      .select()
      .from(stageHistory)
      .where(eq(stageHistory.dealId, 6))
      .orderBy(asc(stageHistory.bitrixId));
    expect(h.map((r) => [r.typeId, r.pipelineId, r.stageId])).toEqual([
      [1, 0, "NEW"],
      [2, 0, "QUAL"],
      [5, 1, "C1:NEW"],
      [3, 1, "C1:LOSE"],
    ]);
    const texts = await t.db
      .select()
      .from(comments)
      .where(eq(comments.dealId, 5))
      .orderBy(asc(comments.bitrixId));
    expect(texts.map((c) => c.bodyText)).toEqual(["Пропал, не берёт трубку", "Выбрали amoCRM alert(1)"]);
  });

  it("derives the facts of every deal exactly as computed by hand", async () => {
    const facts = await t.db.select().from(dealFacts).orderBy(asc(dealFacts.dealId));
    expect(facts).toHaveLength(9);
    // Canonical reasons (lib/reasons): the facts carry "r:<id>" and the reason's name.
    const reasonNames = new Map(
      (await t.db.select().from(lossReasons)).map((r): [string, string] => [`r:${r.id}`, r.name]),
    );
    for (const f of facts) {
      expect(f.reasonLabel).toBe(f.reasonKey === null ? null : reasonNames.get(f.reasonKey));
      const e = EXPECTED[f.dealId as keyof typeof EXPECTED] as Record<string, unknown>;
      const actual = {
        outcome: f.outcome,
        closedAt: f.closedAt?.toISOString() ?? null,
        lossDate: f.lossDate?.toISOString() ?? null,
        lostAt: f.lostAtStageId,
        rawReasonKey: f.rawReasonKey,
        rawReasonLabel: f.rawReasonLabel,
        reason: f.reasonKey === null ? null : (reasonNames.get(f.reasonKey) ?? `unknown ${f.reasonKey}`),
        amount: f.amountBase,
        missing: f.amountMissing,
        client: f.clientKey,
        returning: f.isReturningClient,
        priorWin: f.hadPriorWin,
        cycle: f.cycleDays,
        acts: f.activityCount,
        done: f.completedActivityCount,
      };
      const picked = Object.fromEntries(Object.keys(e).map((k) => [k, actual[k as keyof typeof actual]]));
      expect({ deal: f.dealId, ...picked }).toEqual({ deal: f.dealId, ...e });
    }
    const d2 = facts.find((f) => f.dealId === 2);
    expect(d2?.hasComment).toBe(true);
    expect(d2?.departmentId).toBe(2);
    expect(facts.find((f) => f.dealId === 3)?.hasComment).toBe(false);
  });

  it("a second full sync changes nothing and duplicates nothing", async () => {
    const before = await t.db.select().from(dealFacts).orderBy(asc(dealFacts.dealId));
    await runSync(t, portalId, { mode: "full" });
    const after = await t.db.select().from(dealFacts).orderBy(asc(dealFacts.dealId));
    expect(after.map(({ computedAt: _, ...r }) => r)).toEqual(before.map(({ computedAt: _, ...r }) => r));
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from stage_history`);
    expect(n?.n).toBe(24);
    expect(await t.db.select().from(quarantine)).toHaveLength(0);
  });
});
