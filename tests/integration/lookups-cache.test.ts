/**
 * The filter lookups cache (lib/analytics/lookups.ts) on the golden portal: a cached answer equals the tables read
 * afresh for each scope; a manager's entry never holds a colleague's name, whichever scope asked first; a sync
 * and a dictionary change (each a new facts version) show at once; a caller's edit never reaches the next reader.
 * Golden users: 1 Ольга Директорова, 2 Иван Иванов, 3 Мария Петрова; the manager scope is user 2.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import {
  clearLookupsCache,
  getFilterLookups,
  LOOKUPS_TTL_MS,
  readFilterLookups,
} from "@/lib/analytics/lookups";
import type { DataScope } from "@/lib/analytics/scope";
import { connectWebhookPortal, repointWebhookPortal } from "@/lib/portals";
import { type Actor, createNamedReason, renameReason } from "@/lib/reasons/admin";
import { runSync } from "@/lib/sync/run";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

let t: TestDb;
let emu: EmulatorHandle;
let portalId: number;
let all: DataScope;
let ivanov: DataScope;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  const settings = { lossReasonSource: "field_then_stage" as const, lossReasonField: GOLDEN_REASON_FIELD };
  await t.db.update(portals).set({ settings }).where(eq(portals.id, portal.id));
  portalId = portal.id;
  all = { portalId, managerIds: null };
  ivanov = { portalId, managerIds: [2] };
  await runSync(t, portalId, { mode: "full" });
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});
afterEach(() => {
  clearLookupsCache(t.db);
  vi.restoreAllMocks();
});

describe("filter lookups cache", () => {
  it("answers what the tables say, for a director and for a manager", async () => {
    for (const scope of [all, ivanov]) {
      const fresh = await readFilterLookups(t.db, scope);
      expect(await getFilterLookups(t.db, scope)).toEqual(fresh);
      expect(await getFilterLookups(t.db, scope)).toEqual(fresh); // the cached answer
    }
    expect(Object.keys((await getFilterLookups(t.db, all)).managers ?? {}).sort()).toEqual(["1", "2", "3"]);
  });

  it("never gives a manager a colleague's name, whichever scope was cached first", async () => {
    await getFilterLookups(t.db, all);
    expect((await getFilterLookups(t.db, ivanov)).managers).toEqual({ "2": "Иван Иванов" });
    clearLookupsCache(t.db);
    await getFilterLookups(t.db, ivanov);
    expect(Object.keys((await getFilterLookups(t.db, all)).managers ?? {}).sort()).toEqual(["1", "2", "3"]);
    expect((await getFilterLookups(t.db, ivanov)).managers).toEqual({ "2": "Иван Иванов" });
    // An empty scope (a manager not linked to a Bitrix24 user) learns no name at all.
    expect((await getFilterLookups(t.db, { portalId, managerIds: [] })).managers).toEqual({});
  });

  it("shows a dictionary change at once (a new reason, then its new name)", async () => {
    const actor: Actor = { portalId, userId: 1 };
    const before = await getFilterLookups(t.db, all);
    const { id } = await createNamedReason(t.db, actor, "Сроки поставки");
    expect((await getFilterLookups(t.db, all)).reasons).toEqual({
      ...before.reasons,
      [`r:${id}`]: "Сроки поставки",
    });
    await renameReason(t.db, actor, id, "Долгая поставка");
    expect((await getFilterLookups(t.db, all)).reasons?.[`r:${id}`]).toBe("Долгая поставка");
  });

  it("shows a synced rename of a manager at once, to the director and to that manager", async () => {
    expect((await getFilterLookups(t.db, ivanov)).managers).toEqual({ "2": "Иван Иванов" });
    expect((await getFilterLookups(t.db, all)).managers?.["2"]).toBe("Иван Иванов");
    const renamed = goldenPortal();
    const user = renamed.lists["user.get"].find((u) => u.ID === "2");
    if (!user) throw new Error("golden user 2 missing");
    user.LAST_NAME = "Иванов-Петров";
    await emu.close();
    emu = await startEmulator({ snapshot: renamed, port: 0, limits: { enabled: false } });
    await repointWebhookPortal(t.db, portalId, emu.webhookUrl);
    await runSync(t, portalId, { mode: "full" });
    expect((await getFilterLookups(t.db, ivanov)).managers).toEqual({ "2": "Иван Иванов-Петров" });
    expect((await getFilterLookups(t.db, all)).managers?.["2"]).toBe("Иван Иванов-Петров");
  });

  it("reads the tables again after the TTL even when the facts version stands still", async () => {
    const first = await getFilterLookups(t.db, all);
    // A reference write with no new version (a sync that failed before its derive): served from the cache…
    await t.db.execute(
      sql`update departments set name = 'Отдел продаж (новый)' where portal_id = ${portalId} and bitrix_id = 2`,
    );
    expect((await getFilterLookups(t.db, all)).departments).toEqual(first.departments);
    // …until the entry is older than the TTL.
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + LOOKUPS_TTL_MS + 1);
    expect((await getFilterLookups(t.db, all)).departments?.["2"]).toBe("Отдел продаж (новый)");
  });

  it("hands out copies: a caller's change does not reach the next reader", async () => {
    const mine = await getFilterLookups(t.db, all);
    expect(Object.keys(mine.pipelines ?? {}).length).toBeGreaterThan(0);
    for (const k of Object.keys(mine.pipelines ?? {})) delete mine.pipelines?.[k];
    expect(await getFilterLookups(t.db, all)).toEqual(await readFilterLookups(t.db, all));
  });
});
