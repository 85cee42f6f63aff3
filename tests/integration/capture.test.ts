/**
 * Loss capture quality (lib/reasons/capture.ts, lib/analytics/capture.ts) on the golden portal, computed by hand.
 * The lost deals (tests/integration/analytics.test.ts has the whole table), with their comments and the themes the
 * built-in lexicon gives them (tests/integration/themes.test.ts pins the tags):
 *
 *  deal  mgr  raw reason     → canonical (its theme)   comments → themes                                   problems
 *   2    2    stage:1        → r:2 (competitor)        field + 401: competitor, price                     —
 *   3    3    field:102      → r:3 (budget)            none                                               no comment
 *   4    3    stage:LOSE     → r:1 (price)             none                                               no comment
 *   5    2    stage:1        → r:2 (competitor)        402 no_response, 403 amoCRM → competitor           —
 *   6    3    stage:C1:LOSE  → none («Сделка провалена») none                                             generic, no comment
 *   8    2    stage:LOSE     → r:1 (price)             none                                               no comment
 *
 * Manager 2 (Иванов): 3 lost, no comment 1 (deal 8), ok 2 → quality 2/3.
 * Manager 3 (Петрова): 3 lost, no comment 3, generic 1 (deal 6; a deal can have several problems), ok 0 → 0.
 * Team median over the two: quality (2/3 + 0) / 2 = 1/3; no comment (1/3 + 1) / 2 = 2/3; generic (0 + 1/3) / 2
 * = 1/6; no reason and contradicts 0. Whole team: 6 lost, 2 ok, 4 without a comment, 1 generic.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, textArray } from "@/db";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { type CaptureRow, captureByManager, getCaptureQuality } from "@/lib/analytics/capture";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getManagers } from "@/lib/analytics/managers";
import { getMe } from "@/lib/analytics/me";
import type { DataScope } from "@/lib/analytics/scope";
import { bumpFactsVersion } from "@/lib/facts/version";
import { connectWebhookPortal } from "@/lib/portals";
import { CAPTURE_PARTS, type CapturePart } from "@/lib/reasons/capture";
import { createReason } from "@/lib/reasons/map";
import { assignReasonThemes } from "@/lib/reasons/theme";
import { runSync } from "@/lib/sync/run";
import { getReasonDisagreement } from "@/lib/themes/competitors";
import { parseFilters } from "@/lib/url-state/filters";
import type { Slice } from "@/lib/url-state/slice";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const YEAR = parseFilters(new URLSearchParams("from=2026-01-01&to=2026-12-31"), NOW);

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;
let all: DataScope;
let ivanov: DataScope;

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
  ivanov = { portalId, managerIds: [2] };
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

/** Each reason's name and its theme's key. */
async function reasonThemes(): Promise<Record<string, string | null>> {
  const rows = await queryRows<{ name: string; theme: string | null }>(
    t.db,
    sql`select r.name, th.key as theme from loss_reasons r left join themes th on th.portal_id = r.portal_id and th.id = r.theme_id
      where r.portal_id = ${portalId} order by r.id`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.theme]));
}

const counts = (r: CaptureRow | undefined) =>
  r && [r.lost, r.ok, ...CAPTURE_PARTS.map((p) => r.parts[p].count)];

/** Every number of a row against the deals its link opens (the drill-down of the same slice). */
async function expectDrilldownsEqual(rows: CaptureRow[], scope: DataScope) {
  let checked = 0;
  for (const r of rows) {
    const manager = r.managerId ?? 0;
    const slices: [number, Slice][] = [
      [r.lost, { manager, outcome: "lost" }],
      [r.ok, { manager, capture: "ok" }],
      ...CAPTURE_PARTS.map((p): [number, Slice] => [r.parts[p].count, { manager, capture: p }]),
    ];
    for (const [n, slice] of slices) {
      expect((await getDrilldown(t.db, scope, YEAR, slice)).total, JSON.stringify(slice)).toBe(n);
      checked += 1;
    }
  }
  expect(checked).toBe(rows.length * 6);
}

/** Sets a reason's theme as the dictionary would, and drops cached reports. */
async function setTheme(reason: string, theme: string | null) {
  await t.db.execute(sql`update loss_reasons set theme_id = (select id from themes
      where portal_id = ${portalId} and key = ${theme}) where portal_id = ${portalId} and name = ${reason}`);
  await bumpFactsVersion(t.db, portalId);
}

describe("reason themes", () => {
  it("each reason LossLens created got the theme its name is about", async () => {
    expect(await reasonThemes()).toEqual({
      Дорого: "price",
      "Ушли к конкуренту": "competitor",
      "Нет бюджета": "budget",
    });
  });

  it("new reasons: the comment tagger reads the name; a named competitor; a vague name gets none", async () => {
    const names = [
      "Выбрали конкурента",
      "Не выходит на связь",
      "Другое",
      "Ушли в amoCRM",
      "Высокая цена",
      "Не дозвонились",
      "ЛПР отказал",
      "Нецелевой",
    ];
    const ids: number[] = [];
    for (const n of names) ids.push(await createReason(t.db, portalId, n));
    expect(await assignReasonThemes(t.db, portalId, ids)).toBe(7);
    expect(await reasonThemes()).toMatchObject({
      "Выбрали конкурента": "competitor",
      "Не выходит на связь": "no_response",
      Другое: null,
      "Ушли в amoCRM": "competitor",
      "Высокая цена": "price",
      // Slang and jargon the keyword lists never had: the tagger's rules.
      "Не дозвонились": "no_response",
      "ЛПР отказал": "decision_maker",
      Нецелевой: "not_target",
    });
    // A reason that has a theme keeps it (an admin's choice is never redone).
    await setTheme("Высокая цена", "budget");
    const [priced] = await queryRows<{ id: number }>(
      t.db,
      sql`select id from loss_reasons where portal_id = ${portalId} and name = 'Высокая цена'`,
    );
    expect(await assignReasonThemes(t.db, portalId, [priced?.id ?? 0])).toBe(0);
    expect((await reasonThemes())["Высокая цена"]).toBe("budget");
    await t.db.execute(
      sql`delete from loss_reasons where portal_id = ${portalId} and name = any(${textArray(names)}::text[])`,
    );
  });
});

describe("loss capture quality", () => {
  it("per manager, by hand, worst first", async () => {
    const c = await getCaptureQuality(t.db, all, YEAR);
    expect(c.rows.map((r) => [r.managerId, r.quality])).toEqual([
      [3, 0],
      [2, 2 / 3],
    ]);
    // lost, ok, no_reason, generic, no_comment, contradicts
    expect(counts(c.rows[0])).toEqual([3, 0, 0, 1, 3, 0]);
    expect(counts(c.rows[1])).toEqual([3, 2, 0, 0, 1, 0]);
    expect(c.rows[0]?.parts.no_comment.share).toBe(1);
    expect(c.rows[1]?.parts.no_comment.share).toBeCloseTo(1 / 3, 10);
    expect(c.rows[0]?.parts.generic.share).toBeCloseTo(1 / 3, 10);
    expect(c.teamMedian).toEqual({
      lost: 3,
      quality: 0.333333,
      no_reason: 0,
      generic: 0.166667,
      no_comment: 0.666667,
      contradicts: 0,
    });
    expect(counts({ managerId: null, name: null, ...c.total })).toEqual([6, 2, 0, 1, 4, 0]);
    // The Managers report carries the same table.
    expect((await getManagers(t.db, all, YEAR)).capture).toEqual(c);
  });

  it("every count equals the drill-down behind it, for the director and for a manager", async () => {
    await expectDrilldownsEqual((await getCaptureQuality(t.db, all, YEAR)).rows, all);
    const own = await getCaptureQuality(t.db, ivanov, YEAR);
    expect(own.rows.map((r) => r.managerId)).toEqual([2]);
    await expectDrilldownsEqual(own.rows, ivanov);
  });

  it("/me: my figure and parts against the team median", async () => {
    const me = await getMe(t.db, ivanov, YEAR, 2);
    expect(me?.capture.mine.quality).toBeCloseTo(2 / 3, 10);
    expect(me?.capture.mine.parts.no_comment).toEqual({ count: 1, share: 1 / 3 });
    // The team is the whole portal, as /me's other medians: both managers.
    expect(me?.capture.teamMedian).toMatchObject({ quality: 0.333333, no_comment: 0.666667 });
  });

  it("a comment that names themes but not the reason's contradicts it, here and on the themes page", async () => {
    // r:2 «Ушли к конкуренту» made about "no response": deal 2's comments (competitor, price) contradict it,
    // deal 5's (no_response, competitor) do not. Manager 2: ok 2 → 1, contradicts 1, quality 1/3.
    await setTheme("Ушли к конкуренту", "no_response");
    try {
      const c = await getCaptureQuality(t.db, all, YEAR);
      const m2 = c.rows.find((r) => r.managerId === 2);
      expect(counts(m2)).toEqual([3, 1, 0, 0, 1, 1]);
      expect(m2?.quality).toBeCloseTo(1 / 3, 10);
      expect(
        (await getDrilldown(t.db, all, YEAR, { manager: 2, capture: "contradicts" })).rows.map(
          (r) => r.dealId,
        ),
      ).toEqual([2]);
      await expectDrilldownsEqual(c.rows, all);
      // One definition: the themes page's "reason vs comment" counts the same deals.
      const d = await getReasonDisagreement(t.db, all, YEAR);
      expect(d.find((r) => r.managerId === 2)).toMatchObject({ themed: 2, vague: 0, mismatch: 1 });
      expect(d.find((r) => r.managerId === 2)?.deals.map((x) => [x.dealId, x.kind])).toEqual([
        [2, "mismatch"],
      ]);
    } finally {
      await setTheme("Ушли к конкуренту", "competitor");
    }
  });

  it("a reason with no theme is never contradicted", async () => {
    await setTheme("Ушли к конкуренту", null);
    try {
      const rows = await captureByManager(t.db, all, YEAR, 2);
      expect(counts(rows[0])).toEqual([3, 2, 0, 0, 1, 0]);
    } finally {
      await setTheme("Ушли к конкуренту", "competitor");
    }
  });

  it("with the reason field as the only source, a deal without a value has no reason", async () => {
    // Only deal 3 has a field value (option 102): deals 2, 5, 8 (manager 2) and 4, 6 (manager 3) have none.
    await t.db
      .update(portals)
      .set({ settings: { lossReasonSource: "field", lossReasonField: GOLDEN_REASON_FIELD } })
      .where(eq(portals.id, portalId));
    await runSync(t, portalId, { mode: "full" });
    const c = await getCaptureQuality(t.db, all, YEAR);
    const by = (m: number, p: CapturePart) => c.rows.find((r) => r.managerId === m)?.parts[p].count;
    expect([by(2, "no_reason"), by(2, "generic"), by(3, "no_reason"), by(3, "generic")]).toEqual([
      3, 0, 2, 0,
    ]);
    expect(c.rows.map((r) => [r.managerId, r.ok])).toEqual([
      [2, 0],
      [3, 0],
    ]);
    await expectDrilldownsEqual(c.rows, all);
  });
});
