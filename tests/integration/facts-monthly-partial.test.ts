/**
 * A partial facts run (incremental sync, one deal's event) re-aggregates only the months it touches; the
 * monthly aggregate must then equal a whole rebuild, row for row. Golden portal: deal 7 is open, deal 1 is won
 * (2026-01-20) by the same client as lost deals 2 and 6.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { rebuildClientOrder } from "@/lib/facts/client-order";
import { deriveFacts } from "@/lib/facts/derive";
import { invalidateMonthlyFacts, rebuildMonthlyFacts } from "@/lib/facts/monthly";
import { factsOptionsFor } from "@/lib/facts/options";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;

const monthly = () =>
  queryRows<Record<string, unknown>>(
    t.db,
    sql`select to_char(month, 'YYYY-MM') as month, outcome, pipeline_id, manager_id, department_id, source_id,
        is_returning_client, lost_at_stage_id, reason_key, reason_label, span_stage_ids, had_prior_win, deals,
        amount_sum::float8 as amount_sum, amount_missing
      from deal_facts_monthly where portal_id = ${portalId}
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 11`,
  );

/** The lost deals' stage days as kept, and as computed afresh from deal_facts: equal after every run. */
const STAGE_DAYS_COLUMNS = sql`deal_id, stage_id, days, outcome, pipeline_id, manager_id, department_id, source_id,
  closed_at, lost_at_stage_id, reason_key, is_returning_client, amount_base::float8 as amount_base`;
async function expectStageDaysFresh() {
  const kept = await queryRows<Record<string, unknown>>(
    t.db,
    sql`select ${STAGE_DAYS_COLUMNS} from deal_facts_stage_days where portal_id = ${portalId} order by 1, 2`,
  );
  const fresh = await queryRows<Record<string, unknown>>(
    t.db,
    sql`select ${STAGE_DAYS_COLUMNS} from (
        select f.deal_id, x.id as stage_id, x.days, f.outcome, f.pipeline_id, f.manager_id, f.department_id,
          f.source_id, f.closed_at, f.lost_at_stage_id, f.reason_key, f.is_returning_client, f.amount_base
        from deal_facts f cross join lateral unnest(f.span_stage_ids, f.span_stage_days) as x(id, days)
        where f.portal_id = ${portalId} and f.outcome = 'lost' and x.days is not null) s
      order by 1, 2`,
  );
  expect(kept.length).toBeGreaterThan(0);
  expect(kept).toEqual(fresh);
}

const clientOrder = () =>
  queryRows<Record<string, unknown>>(
    t.db,
    sql`select * from deal_facts_client_order where portal_id = ${portalId} order by deal_id`,
  );

/** The aggregates as the partial run left them, then as a whole rebuild makes them: they must be equal. */
async function expectSameAsWholeRebuild() {
  const partial = await monthly();
  await expectStageDaysFresh();
  const order = await clientOrder();
  await rebuildClientOrder(t.db, portalId, null);
  expect(order.length).toBeGreaterThan(0);
  expect(order).toEqual(await clientOrder());
  await rebuildMonthlyFacts(t.db, portalId);
  expect(partial).toEqual(await monthly());
  return partial;
}

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  portalId = portal.id;
  await runSync(t, portalId, { mode: "full" });
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

it("an incremental sync that closes an open deal and reopens a won one leaves the same aggregate as a rebuild", async () => {
  const before = await monthly();
  emu.control.moveDeal(7, "WON");
  emu.control.moveDeal(1, "NEW"); // deal 1 re-opened: its client's later losses lose their prior win
  await runSync(t, portalId, { mode: "incremental" });
  const after = await expectSameAsWholeRebuild();
  expect(after).not.toEqual(before);
});

it("a one-deal run (as an event refresh does) re-aggregates its months only, and exactly", async () => {
  emu.control.moveDeal(1, "WON");
  await runSync(t, portalId, { mode: "incremental" });
  await expectSameAsWholeRebuild();
  emu.control.moveDeal(7, "NEW");
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  await runSync(t, portalId, { mode: "incremental" });
  await deriveFacts(t.db, portalId, await factsOptionsFor(t.db, portal as typeof portals.$inferSelect), [7]);
  await expectSameAsWholeRebuild();
});

it("after an invalidation a partial run rebuilds the whole aggregate", async () => {
  await t.db.execute(sql`delete from deal_facts_monthly where portal_id = ${portalId}`);
  await invalidateMonthlyFacts(t.db, portalId);
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  await deriveFacts(t.db, portalId, await factsOptionsFor(t.db, portal as typeof portals.$inferSelect), [7]);
  const rows = await expectSameAsWholeRebuild();
  expect(rows.length).toBeGreaterThan(3);
});

/** Every derived table of the portal, as rows comparable across runs. */
async function derived() {
  const rows = (q: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(t.db, q);
  return {
    facts:
      await rows(sql`select deal_id, outcome, client_key, is_returning_client, had_prior_win, client_first_at,
        client_last_at, reason_key, reason_label, raw_reason_key, raw_reason_label from deal_facts
        where portal_id = ${portalId} order by deal_id`),
    order: await clientOrder(),
    stageDays:
      await rows(sql`select deal_id, stage_id, days, is_returning_client, reason_key from deal_facts_stage_days
        where portal_id = ${portalId} order by deal_id, stage_id`),
    monthly: await monthly(),
  };
}

/** What a partial run left equals what a full deriveFacts makes of the same data. */
async function expectSameAsFullDerive() {
  const partial = await derived();
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  await deriveFacts(t.db, portalId, await factsOptionsFor(t.db, portal as typeof portals.$inferSelect), null);
  expect(partial).toEqual(await derived());
  return partial;
}

it("a deal moved to another client: its old client's flags, order, stage days and months follow", async () => {
  // Deal 1 (won, company 10) is the prior win of company 10's lost deals 2 and 6.
  emu.control.updateDeal(1, { COMPANY_ID: "11" });
  await runSync(t, portalId, { mode: "incremental" });
  const after = await expectSameAsFullDerive();
  const deal2 = after.facts.find((f) => f.deal_id === 2);
  expect(deal2?.had_prior_win).toBe(false);
});

it("a deal that loses its client has its client flags cleared", async () => {
  emu.control.updateDeal(6, { COMPANY_ID: "0", CONTACT_ID: null });
  await runSync(t, portalId, { mode: "incremental" });
  const after = await expectSameAsFullDerive();
  expect(after.facts.find((f) => f.deal_id === 6)).toMatchObject({
    client_key: null,
    is_returning_client: false,
  });
});

it("two runs on the same client at once (a sync and an event refresh) leave no duplicate or lost rows", async () => {
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  const opts = await factsOptionsFor(t.db, portal as typeof portals.$inferSelect);
  // Deals 4 and 5 share company 11: each run deletes and re-inserts that client's rows.
  await Promise.all([
    deriveFacts(t.db, portalId, opts, [4]),
    deriveFacts(t.db, portalId, opts, [5]),
    deriveFacts(t.db, portalId, opts, [4, 5]),
  ]);
  const [dups] = await queryRows<{ n: number }>(
    t.db,
    sql`select count(*)::int as n from (select deal_id, stage_id from deal_facts_stage_days
      where portal_id = ${portalId} group by 1, 2 having count(*) > 1) x`,
  );
  expect(dups?.n).toBe(0);
  await expectSameAsFullDerive();
});

it("a renamed stage or pipeline relabels every deal of its reason on the next partial run", async () => {
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  const opts = await factsOptionsFor(t.db, portal as typeof portals.$inferSelect);
  // As the reference sync stores a rename: stage "1" (reason of deals 2 and 5) and pipeline 0's name.
  await t.db.execute(
    sql`update stages set name = 'Выбрали другого' where portal_id = ${portalId} and bitrix_id = '1'`,
  );
  await t.db.execute(
    sql`update pipelines set name = 'Продажи B2B' where portal_id = ${portalId} and bitrix_id = 0`,
  );
  await deriveFacts(t.db, portalId, opts, [7]); // a run that touches neither deal
  const after = await expectSameAsFullDerive();
  const labels = (key: string) => [
    ...new Set(after.facts.filter((f) => f.raw_reason_key === key).map((f) => f.raw_reason_label)),
  ];
  expect(labels("stage:1")).toEqual(["Выбрали другого"]);
  expect(labels("stage:LOSE")).toEqual(["Дорого · Продажи B2B"]);
  // The canonical reason stays what it was: its name is the dictionary's, renamed only there (lib/reasons).
  const canonical = (key: string) => [
    ...new Set(after.facts.filter((f) => f.raw_reason_key === key).map((f) => f.reason_label)),
  ];
  expect(canonical("stage:1")).toEqual(["Ушли к конкуренту"]);
  expect(canonical("stage:LOSE")).toEqual(["Дорого"]);
});
