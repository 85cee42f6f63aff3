/**
 * "Did you mean" (issue 13, item 15): a misspelling that finds only its few misspelled twins ("дораго") offers the
 * word meant ("дорого"), which finds far more; a well-spelled query offers nothing.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { parseCommentParams } from "@/lib/comments/params";
import { searchComments } from "@/lib/comments/search";
import { parseFilters } from "@/lib/filters";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const LOST = [2, 3, 4, 5, 6, 8];

describe("spelling suggestions", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  const scope = { portalId: 0, managerIds: null };

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
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
    const params = new URLSearchParams(`period=all&q=${encodeURIComponent(q)}`);
    const filters = parseFilters(params, NOW, { sorts: ["relevance", "date", "amount"] });
    return searchComments(t.db, scope, filters, parseCommentParams(params));
  };

  it("a misspelling with a few twins offers the word meant", async () => {
    const typo = await search("дораго ");
    expect(typo.total).toBe(3);
    expect(typo.suggestion).toBe("дорого");
    const meant = await search(typo.suggestion ?? "");
    expect(meant.total).toBeGreaterThanOrEqual(12);
    expect(meant.suggestion).toBeNull();
  });
});
