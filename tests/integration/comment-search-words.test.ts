/**
 * What people type into comment search (issue 13, items 7 and 15): a competitor's name or any alias the detector
 * knows finds every comment the Themes competitor table counts; a misspelling that finds only its few misspelled
 * twins ("дораго") offers the word meant ("дорого").
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { searchComments } from "@/lib/comments/search";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { getCompetitorStats } from "@/lib/themes/competitors";
import { BUILTIN_COMPETITORS } from "@/lib/themes/lexicon";
import { parseCommentParams } from "@/lib/url-state/comments";
import { parseFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const YEAR = "from=2026-01-01&to=2026-12-31";

const LOST = [2, 3, 4, 5, 6, 8];

describe("competitor names and misspellings in comment search", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  const scope = { portalId: 0, managerIds: null };

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    // Lost deals 2, 5 and 6 name amoCRM by three of its aliases; deal 3 names Мегаплан.
    emu.control.addComment(2, "Перешли на АмоЦРМ, там дешевле", {});
    emu.control.addComment(5, "Остались на амо, внедрение у них уже идёт");
    emu.control.addComment(6, "Выбрали amo crm");
    emu.control.addComment(3, "Купили Мегаплан");
    // 12 comments say "дорого" in its forms, 3 misspell it "дораго".
    for (const [i, text] of ["Дорого для нас", "Слишком дорого", "дорогой сервис, дорого"].entries())
      for (const id of LOST.slice(0, 4)) emu.control.addComment(id, `${text} (${i})`);
    for (const id of LOST.slice(0, 3)) emu.control.addComment(id, "Сказали что дораго");
    const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
    await t.db
      .update(portals)
      .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
      .where(eq(portals.id, portal.id));
    await runSync(t, portal.id, { mode: "full" });
    scope.portalId = portal.id;
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  const search = async (q: string) => {
    const params = new URLSearchParams(`${YEAR}&q=${encodeURIComponent(q)}`);
    const filters = parseFilters(params, NOW, { sorts: ["relevance", "date", "amount"] });
    return searchComments(t.db, scope, filters, parseCommentParams(params));
  };

  it("every name and alias of a competitor finds every comment the competitor table counts", async () => {
    const stats = await getCompetitorStats(t.db, scope, parseFilters(new URLSearchParams(YEAR), NOW));
    // The table's population: comments of deals lost in the period.
    const mentions = await queryRows<{ name: string; key: string }>(
      t.db,
      sql`select k.name, cc.comment_source || ':' || cc.comment_bitrix_id as key
        from comment_competitors cc join competitors k on k.portal_id = cc.portal_id and k.id = cc.competitor_id
        join deal_facts f on f.portal_id = cc.portal_id and f.deal_id = cc.deal_id
        where cc.portal_id = ${scope.portalId} and f.outcome = 'lost'
          and f.loss_date >= '2026-01-01T00:00:00+03:00'`,
    );
    let checked = 0;
    for (const c of BUILTIN_COMPETITORS) {
      const counted = mentions.filter((m) => m.name === c.name).map((m) => m.key);
      expect(counted).toHaveLength(stats.find((s) => s.name === c.name)?.mentions ?? 0);
      for (const alias of [c.name, ...c.variants]) {
        const found = new Set((await search(alias)).rows.map((r) => r.key));
        // The typo fallback may add look-alikes; every counted mention must be among the results.
        expect([c.name, alias, counted.filter((k) => !found.has(k))]).toEqual([c.name, alias, []]);
      }
      if (counted.length > 0) checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
    expect(stats.find((s) => s.name === "amoCRM")?.mentions).toBeGreaterThanOrEqual(3);
  });

  it("a misspelling with a few twins offers the word meant", async () => {
    const typo = await search("дораго ");
    expect(typo.total).toBe(3);
    expect(typo.suggestion).toBe("дорого");
    const meant = await search(typo.suggestion ?? "");
    expect(meant.total).toBeGreaterThanOrEqual(12);
    expect(meant.suggestion).toBeNull();
  });
});
