/**
 * Hand corrections of comment themes on the golden portal (real Postgres): a director removes a theme the tagger
 * gave and adds one it missed; the per-theme stats count both and measure the tagger on the corrected comment;
 * the corrections survive a re-tag of every comment and a full sync; undoing leaves no trace; a manager, an
 * out-of-scope comment and bad input are refused through the same action spec the server action uses.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import type { DataScope } from "@/lib/analytics/scope";
import { createDefineAction } from "@/lib/auth/action-core";
import type { Viewer } from "@/lib/auth/viewer";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import {
  CORRECTION_ROLES,
  type CorrectionActor,
  correctTheme,
  themeCorrectionInput,
} from "@/lib/themes/corrections";
import { getThemeOverview } from "@/lib/themes/stats";
import { listThemes, tagComments } from "@/lib/themes/tagging";
import { parseFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const YEAR = parseFilters(new URLSearchParams("from=2026-01-01&to=2026-12-31"), NOW);
/** "Ушли к конкуренту — у них дешевле на 20%", lost deal 2 of Иван Иванов (Bitrix24 user 2). */
const COMMENT = "timeline:401";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;
let all: DataScope;
let director: CorrectionActor;
const themeId = new Map<string, number>();

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  portalId = portal.id;
  await t.db
    .update(portals)
    .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
    .where(eq(portals.id, portalId));
  await runSync(t, portalId, { mode: "full" });
  all = { portalId, managerIds: null };
  director = { userId: 7, role: "director", scope: all };
  for (const th of await listThemes(t.db, portalId)) themeId.set(th.key, th.id);
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

async function themesOf(key: string): Promise<string[]> {
  const [source, id] = key.split(":");
  const rows = await queryRows<{ key: string }>(
    t.db,
    sql`select th.key from comment_themes ct join themes th on th.portal_id = ct.portal_id and th.id = ct.theme_id
        where ct.portal_id = ${portalId} and ct.comment_source = ${source} and ct.comment_bitrix_id = ${Number(id)}
        order by th.key`,
  );
  return rows.map((r) => r.key);
}

const input = (action: "add" | "remove", key: string, comment = COMMENT) =>
  themeCorrectionInput.parse({ comment, themeId: themeId.get(key), action });

/** The theme the tagger gave the comment (to remove) and one it did not (to add), chosen from what it gave. */
let removed = "";
const ADDED = "trust";

describe("correcting a tag by hand", () => {
  it("removes a theme the tagger gave and adds one it missed, at once", async () => {
    const before = await themesOf(COMMENT);
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toContain(ADDED);
    removed = before.includes("price") ? "price" : (before[0] as string);
    const version = async () =>
      (
        await queryRows<{ v: number }>(
          t.db,
          sql`select version::int as v from deal_facts_versions where portal_id = ${portalId}`,
        )
      )[0]?.v ?? 0;
    const v0 = await version();

    const r1 = await correctTheme(t.db, director, input("remove", removed));
    expect(r1.changed).toBe(true);
    const r2 = await correctTheme(t.db, director, input("add", ADDED));
    expect(r2.changed).toBe(true);
    const after = [...before.filter((k) => k !== removed), ADDED].sort();
    expect(await themesOf(COMMENT)).toEqual(after);
    expect(await version()).toBe(v0 + 2);

    const audit = await queryRows<{ action: string; target: string }>(
      t.db,
      sql`select action, target from audit_log where action like 'themes.correct.%' order by id`,
    );
    expect(audit).toEqual([
      { action: "themes.correct.remove", target: COMMENT },
      { action: "themes.correct.add", target: COMMENT },
    ]);
    // Asking again for what is already so writes nothing.
    expect((await correctTheme(t.db, director, input("add", ADDED))).changed).toBe(false);
  });

  it("the hand-added tag carries no evidence and is marked as added by hand in the stats", async () => {
    const [tag] = await queryRows<{ evidence: string | null }>(
      t.db,
      sql`select evidence from comment_themes where portal_id = ${portalId} and comment_source = 'timeline'
          and comment_bitrix_id = 401 and theme_id = ${themeId.get(ADDED)}`,
    );
    expect(tag).toEqual({ evidence: null });
    const o = await getThemeOverview(t.db, all, YEAR);
    const stat = (key: string) => o.themes.find((th) => th.key === key)?.corrections;
    expect(o.checkedComments).toBe(1);
    // On the one checked comment: the removed theme is a false positive, the added one a miss.
    expect(stat(removed)).toEqual({ added: 0, removed: 1, kept: 0, precision: 0, recall: null });
    expect(stat(ADDED)).toEqual({ added: 1, removed: 0, kept: 0, precision: null, recall: 0 });
    const keptKey = (await themesOf(COMMENT)).find((k) => k !== ADDED);
    if (keptKey) expect(stat(keptKey)).toEqual({ added: 0, removed: 0, kept: 1, precision: 1, recall: 1 });
    // A manager's view (Мария Петрова's deals) holds no corrected comment.
    const petrova = await getThemeOverview(t.db, { portalId, managerIds: [3] }, YEAR);
    expect(petrova.checkedComments).toBe(0);
    expect(petrova.themes.find((th) => th.key === ADDED)?.corrections.added).toBe(0);
  });

  it("survives re-tagging every comment and a full sync", async () => {
    const expected = await themesOf(COMMENT);
    expect(expected).toContain(ADDED);
    expect(expected).not.toContain(removed);
    await tagComments(t.db, portalId, null);
    expect(await themesOf(COMMENT)).toEqual(expected);
    // Wipe the tags, so only the sync's own tagging (overrides applied last) can bring them back.
    await t.db.execute(sql`delete from comment_themes where portal_id = ${portalId}`);
    const run = await runSync(t, portalId, { mode: "full" });
    expect(run.mode).toBe("full");
    expect(await themesOf(COMMENT)).toEqual(expected);
  });

  it("undoing both corrections restores the tagger's verdict and leaves no override", async () => {
    await correctTheme(t.db, director, input("remove", ADDED));
    await correctTheme(t.db, director, input("add", removed));
    expect(await themesOf(COMMENT)).toContain(removed);
    expect(await themesOf(COMMENT)).not.toContain(ADDED);
    const [n] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from comment_theme_overrides where portal_id = ${portalId}`,
    );
    expect(n?.n).toBe(0);
    expect((await getThemeOverview(t.db, all, YEAR)).checkedComments).toBe(0);
  });
});

describe("who may correct, and what", () => {
  const viewer = (role: Viewer["role"]): Viewer => ({
    id: 9,
    email: `${role}@example.ru`,
    name: role,
    role,
    portalId: null,
    b24UserId: role === "manager" ? 2 : null,
    locale: "ru",
  });
  const actionAs = (v: Viewer, scope: DataScope = all) =>
    createDefineAction({ viewer: async () => v, log: () => {} })(
      { input: themeCorrectionInput, roles: CORRECTION_ROLES },
      (parsed, who) => correctTheme(t.db, { userId: who.id, role: who.role, scope }, parsed),
    );

  it("a manager is refused, even on a comment of their own deal, and nothing changes", async () => {
    const before = await themesOf(COMMENT);
    const res = await actionAs(viewer("manager"), { portalId, managerIds: [2] })({
      comment: COMMENT,
      themeId: themeId.get(ADDED) as number,
      action: "add",
    });
    expect(res).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await expect(
      correctTheme(
        t.db,
        { userId: 9, role: "manager", scope: { portalId, managerIds: [2] } },
        input("add", ADDED),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await themesOf(COMMENT)).toEqual(before);
  });

  it("a director whose scope excludes the deal's manager gets NOT_FOUND and nothing changes", async () => {
    const before = await themesOf(COMMENT);
    const res = await actionAs(viewer("director"), { portalId, managerIds: [3] })({
      comment: COMMENT,
      themeId: themeId.get(ADDED) as number,
      action: "add",
    });
    expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await themesOf(COMMENT)).toEqual(before);
  });

  it("bad input is refused with the fields named; an unknown comment or another portal's theme is not found", async () => {
    const res = await actionAs(viewer("admin"))({
      comment: "timeline:abc",
      themeId: "0" as unknown as number,
      action: "toggle" as "add",
    });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.code).toBe("VALIDATION");
      expect(res.message).toBe("Проверьте введённые данные");
      expect(Object.keys(res.fieldErrors ?? {}).sort()).toEqual(["action", "comment", "themeId"]);
    }
    const unknown = await actionAs(viewer("admin"))({
      comment: "timeline:999999",
      themeId: themeId.get(ADDED) as number,
      action: "add",
    });
    expect(unknown).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const foreign = await actionAs(viewer("admin"))({ comment: COMMENT, themeId: 2_000_000, action: "add" });
    expect(foreign).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});
