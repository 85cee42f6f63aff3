/**
 * The sync against each emulator fault (issue 12 §2, M5, M7): every run must end with exactly the emulator's
 * own counts. Faults that the sync rides out (rate limits, operating-time limits in and out of batch, HTML 502,
 * dropped connections) are each one full run; a malformed record is followed through quarantine and back.
 * tests/integration/sync-resilience.test.ts keeps the combined storm and the abort/resume case.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { comments, dealFacts, deals, quarantine } from "@/db/schema";
import { generatePortal } from "@/emulator/generator";
import type { FaultConfig, LimitsConfig } from "@/emulator/server";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { Bitrix24Client } from "@/lib/bitrix24/client";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { dbCounts, emulatorCounts, FAST_CLIENT } from "./sync-helpers";

describe("the sync against each emulator fault", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;
  const snapshot = generatePortal({ seed: 9, deals: 150 });

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
    portalId = (await connectWebhookPortal(t.db, emu.webhookUrl)).id;
  });
  afterEach(() => {
    emu.setFaults({});
    emu.setLimits({ enabled: false });
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  const cases: [string, { faults?: FaultConfig; limits?: LimitsConfig }][] = [
    [
      "503 QUERY_LIMIT_EXCEEDED storm (the leaky bucket)",
      { limits: { enabled: true, burst: 3, drainPerSec: 30 } },
    ],
    [
      "429 QUERY_LIMIT_EXCEEDED every other request",
      { faults: { queryLimitEvery: 2, queryLimitStatus: 429 } },
    ],
    [
      "OPERATION_TIME_LIMIT inside batch (stage history pages)",
      { faults: { operatingBlock: { method: "crm.stagehistory.list", everyCalls: 8, forMs: 200 } } },
    ],
    [
      "OPERATION_TIME_LIMIT inside batch (timeline comments, one command per deal)",
      { faults: { operatingBlock: { method: "crm.timeline.comment.list", everyCalls: 30, forMs: 200 } } },
    ],
    ["HTML 502 from the gateway", { faults: { html502Every: 3 } }],
    ["connections dropped mid-body", { faults: { dropEvery: 4 } }],
  ];

  for (const [name, setup] of cases) {
    it(`${name}: a full run ends with exact counts`, async () => {
      if (setup.faults) emu.setFaults(setup.faults);
      if (setup.limits) emu.setLimits(setup.limits);
      const summary = await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
      expect(summary.quarantined).toBe(0);
      expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
    });
  }

  it("OPERATION_TIME_LIMIT outside batch: a single call waits for operating_reset_at and goes on", async () => {
    emu.setFaults({ operatingBlock: { method: "crm.deal.list", everyCalls: 1, forMs: 300 } });
    const client = new Bitrix24Client({ auth: { kind: "webhook", url: emu.webhookUrl }, ...FAST_CLIENT });
    const a = await client.call<unknown[]>("crm.deal.list", { select: ["ID"] });
    const b = await client.call<unknown[]>("crm.deal.list", { select: ["ID"], start: 50 });
    expect(a.result).toHaveLength(50);
    expect(b.result).toHaveLength(50);
    expect(client.stats.retries).toBeGreaterThanOrEqual(1);
  });

  it("a deal served malformed keeps its last good copy, is retried every run, and leaves quarantine when good", async () => {
    await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    const [victim] = await queryRows<{ id: number }>(
      t.db,
      sql`select d.bitrix_id as id from deals d where d.portal_id = ${portalId} and d.stage_semantic = 'F'
          and exists (select 1 from comments c where c.portal_id = d.portal_id and c.deal_id = d.bitrix_id
            and c.source = 'timeline') order by d.bitrix_id limit 1`,
    );
    const id = victim!.id;
    const before = (
      await t.db
        .select()
        .from(deals)
        .where(and(eq(deals.portalId, portalId), eq(deals.bitrixId, id)))
    )[0];
    const commentsBefore = await t.db.select().from(comments).where(eq(comments.dealId, id));
    expect(commentsBefore.length).toBeGreaterThan(0);

    emu.setFaults({ malformedDealIds: [id] });
    const full = await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    expect(full.quarantined).toBe(1);
    const kept = (
      await t.db
        .select()
        .from(deals)
        .where(and(eq(deals.portalId, portalId), eq(deals.bitrixId, id)))
    )[0];
    expect(kept?.opportunity).toBe(before?.opportunity);
    expect(await t.db.select().from(comments).where(eq(comments.dealId, id))).toHaveLength(
      commentsBefore.length,
    );
    expect(await t.db.select().from(dealFacts).where(eq(dealFacts.dealId, id))).toHaveLength(1);
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));

    // Still malformed: the incremental run asks for it again and keeps one entry, not a second.
    emu.counters.reset();
    await runSync(t, portalId, { mode: "incremental", client: FAST_CLIENT });
    const entries = await t.db.select().from(quarantine).where(eq(quarantine.entity, "deals"));
    expect(entries.map((e) => e.bitrixId)).toEqual([String(id)]);

    // Good again, though its DATE_MODIFY is old: the next incremental run brings it back and clears the entry.
    emu.setFaults({});
    const back = await runSync(t, portalId, { mode: "incremental", client: FAST_CLIENT });
    expect(back.progress.recovered?.rows).toBe(1);
    expect(await t.db.select().from(quarantine).where(eq(quarantine.entity, "deals"))).toHaveLength(0);
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
  });

  it("a quarantined deal deleted on the portal leaves quarantine and, on the next full run, the database", async () => {
    const id = Number(emu.state.deals.rows[3]!.ID);
    emu.setFaults({ malformedDealIds: [id] });
    await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    expect(await t.db.select().from(quarantine).where(eq(quarantine.entity, "deals"))).toHaveLength(1);
    emu.control.deleteDeal(id);
    await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    expect(await t.db.select().from(quarantine).where(eq(quarantine.entity, "deals"))).toHaveLength(0);
    expect(await dbCounts(t, portalId)).toMatchObject({ deals: emulatorCounts(emu).deals });
  });

  it("a stage served malformed keeps its stored copy (reference data is not deleted for being unreadable)", async () => {
    await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    const row = emu.state.tables["crm.status.list"].rows.find((r) =>
      /^DEAL_STAGE/.test(String(r.ENTITY_ID)),
    )!;
    const sort = row.SORT;
    row.SORT = "not a number";
    try {
      const summary = await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
      expect(summary.quarantined).toBe(1);
      expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
    } finally {
      row.SORT = sort;
    }
  });
});
