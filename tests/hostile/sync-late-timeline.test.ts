/**
 * Late timeline entries (issue 12 M6): a comment or an activity added to a deal long after the deal last
 * changed (its DATE_MODIFY is outside the incremental window) must reach the next scheduled runs. Activities
 * are listed by their own LAST_UPDATED; comments, which can only be listed per deal, by the rolling sweep.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { activities, comments } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { dbCounts, emulatorCounts, FAST_CLIENT } from "./sync-helpers";

describe("incremental runs pick up late comments and activities", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    portalId = (await connectWebhookPortal(t.db, emu.webhookUrl)).id;
    await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  async function lostDealIds(): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      t.db,
      sql`select bitrix_id as id from deals where portal_id = ${portalId} and stage_semantic = 'F' order by 1`,
    );
    return rows.map((r) => r.id);
  }

  it("a comment on an unchanged lost deal and an activity on any deal arrive with the next incremental run", async () => {
    const [dealId] = await lostDealIds();
    const modified = Date.parse(String(emu.state.deals.get(dealId!)?.DATE_MODIFY));
    expect(Date.now() - modified).toBeGreaterThan(3600_000);
    const c = emu.control.addComment(dealId!, "Вернулись к вопросу через месяц: выбрали конкурента");
    const a = emu.control.addActivity(dealId!, { SUBJECT: "Поздний звонок" });
    await runSync(t, portalId, { mode: "incremental", client: FAST_CLIENT });
    const stored = await t.db
      .select()
      .from(comments)
      .where(and(eq(comments.portalId, portalId), eq(comments.bitrixId, Number(c.ID))));
    expect(stored.map((s) => s.bodyText)).toEqual(["Вернулись к вопросу через месяц: выбрали конкурента"]);
    const act = await t.db
      .select()
      .from(activities)
      .where(and(eq(activities.portalId, portalId), eq(activities.bitrixId, Number(a.ID))));
    expect(act.map((x) => x.subject)).toEqual(["Поздний звонок"]);
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
  });

  it("with a small sweep window every lost deal is re-read within ceil(lost / window) runs", async () => {
    const lost = await lostDealIds();
    const window = 2;
    const added = lost.map((id) => Number(emu.control.addComment(id, `Поздний комментарий к ${id}`).ID));
    const runs = Math.ceil(lost.length / window);
    for (let i = 0; i < runs; i++) {
      emu.counters.reset();
      await runSync(t, portalId, { mode: "incremental", client: FAST_CLIENT, commentSweep: window });
      // Each run reads only its window (no deal changed on the portal).
      expect(emu.counters.byMethod["crm.timeline.comment.list"] ?? 0).toBeLessThanOrEqual(window);
    }
    const stored = await t.db
      .select({ id: comments.bitrixId })
      .from(comments)
      .where(eq(comments.source, "timeline"));
    const have = new Set(stored.map((s) => s.id));
    expect(added.filter((id) => !have.has(id))).toEqual([]);
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
  });
});
