/**
 * A full derive writes its derived tables by difference (lib/facts/replace.ts): over facts derived before it
 * must leave exactly what a derive from nothing leaves, and over unchanged data it must write nothing. Golden
 * portal, synced in full; then deals move, change client and amount, gain a comment and an activity, vanish.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { deriveFacts } from "@/lib/facts/derive";
import { factsOptionsFor } from "@/lib/facts/options";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;

/** Each derived table's rows (run timestamps and surrogate ids aside), in a stable order. */
const TABLES: Record<string, string> = {
  deal_facts: `deal_id, outcome, pipeline_id, stage_id, manager_id, department_id, source_id, created_at, closed_at,
    loss_date, lost_at_stage_id, reason_key, reason_label, raw_reason_key, raw_reason_label, amount_base::text,
    amount_missing, client_key, is_returning_client, had_prior_win, cycle_days::text, activity_count,
    completed_activity_count, first_activity_at, last_activity_at, client_first_at, client_last_at, span_stage_ids,
    span_stage_days, has_comment`,
  deal_stage_spans: "deal_id, seq, pipeline_id, stage_id, entered_at, left_at",
  deal_facts_stage_days: `deal_id, stage_id, days, outcome, pipeline_id, manager_id, department_id, source_id,
    closed_at, lost_at_stage_id, reason_key, is_returning_client, amount_base::text`,
  deal_facts_client_order: `deal_id, client_key, outcome, closed_at, is_client_first, client_won_deals,
    client_lost_deals, prev_closed_at, prev_won_at, prev_lost_at, next_won_at, next_lost_at, relationship_days,
    cycle_days::text, activity_count, completed_activity_count`,
  deal_facts_monthly: `month, outcome, pipeline_id, manager_id, department_id, source_id, is_returning_client,
    lost_at_stage_id, reason_key, reason_label, raw_reason_key, span_stage_ids, had_prior_win, deals,
    amount_sum::text, amount_missing`,
};

async function derived() {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, cols] of Object.entries(TABLES))
    out[table] = await queryRows(
      t.db,
      sql.raw(
        `select ${cols} from ${table} where portal_id = ${portalId} order by ${cols.replace(/::text/g, "")}`,
      ),
    );
  return out;
}

/** Row versions (and the rollups' surrogate ids) of the derived tables: unchanged when a run rewrote no row. */
const rowVersions = () =>
  queryRows<{ t: string; id: string; v: string }>(
    t.db,
    sql`select 'stage_days' as t, id::text, xmin::text as v from deal_facts_stage_days where portal_id = ${portalId}
      union all select 'monthly', id::text, xmin::text from deal_facts_monthly where portal_id = ${portalId}
      union all select 'spans', deal_id || ':' || seq, xmin::text from deal_stage_spans where portal_id = ${portalId}
      union all select 'order', deal_id::text, xmin::text from deal_facts_client_order where portal_id = ${portalId}
      union all select 'facts', deal_id::text, xmin::text from deal_facts where portal_id = ${portalId}
      order by 1, 2`,
  );

async function deriveAll() {
  const [portal] = await t.db.select().from(portals).where(eq(portals.id, portalId));
  await deriveFacts(t.db, portalId, await factsOptionsFor(t.db, portal as typeof portals.$inferSelect), null);
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

it("a full derive over unchanged facts rewrites no row of the derived tables", async () => {
  const before = await rowVersions();
  const facts = await derived();
  await deriveAll();
  expect(before.length).toBeGreaterThan(20);
  expect(await rowVersions()).toEqual(before);
  expect(await derived()).toEqual(facts);
});

it("a full derive over changed data leaves what a derive from nothing leaves", async () => {
  const before = await derived();
  emu.control.moveDeal(7, "WON");
  emu.control.moveDeal(1, "NEW"); // deal 1 re-opened: its client's later losses lose their prior win
  emu.control.updateDeal(4, { COMPANY_ID: "10", OPPORTUNITY: "1234.56" });
  emu.control.addComment(5, "Ушли к конкурентам, дорого");
  emu.control.addActivity(2);
  emu.control.deleteDeal(3);
  await runSync(t, portalId, { mode: "full" });
  // The full sync derived them by difference over the facts of the first sync.
  const rederived = await derived();
  expect(rederived).not.toEqual(before);
  await t.db.execute(sql`delete from deal_facts where portal_id = ${portalId}`); // stage days and order cascade
  await t.db.execute(sql`delete from deal_stage_spans where portal_id = ${portalId}`);
  await t.db.execute(sql`delete from deal_facts_monthly where portal_id = ${portalId}`);
  await deriveAll();
  expect(await derived()).toEqual(rederived);
});
