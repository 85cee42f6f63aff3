/**
 * Hostile: what health tells whom. Anonymous health is up/down and the schema version only (no counts, no
 * database kind); the admin's counts are cached — recounted when a portal or a sync run changes, not per hit.
 * The route-level twin (anonymous GET /api/health and / in Chromium) is e2e/hostile-auth.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deals, portals, syncRuns } from "@/db/schema";
import { getHealth, getPublicHealth } from "@/lib/health";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

describe("health", () => {
  it("anonymous: up and the schema version, nothing about the data", async () => {
    const h = await getPublicHealth(t);
    expect(Object.keys(h).sort()).toEqual(["migrations", "ok"]);
    expect(Object.keys(h.migrations).sort()).toEqual(["applied", "latest", "pending"]);
    expect(h).toMatchObject({ ok: true, migrations: { pending: 0 } });
    expect(h.migrations.latest).toMatch(/^\d{4}_\w+$/);
  });

  it("admin: counts, recounted only when a portal or sync run changed", async () => {
    const first = await getHealth(t);
    expect(first.counts).toMatchObject({ portals: 0, deals: 0 });
    const [portal] = await t.db
      .insert(portals)
      .values({ domain: "h.bitrix24.ru", authType: "webhook", credentialsEnc: "x", credentialsHint: "…" })
      .returning();
    if (!portal) throw new Error("no portal");
    const withPortal = await getHealth(t);
    expect(withPortal.counts.portals).toBe(1);
    // A deal written without a run (an event) does not trigger the seven scans on the next hit…
    await t.db.insert(deals).values({
      portalId: portal.id,
      bitrixId: 1,
      stageId: "NEW",
      stageSemantic: "P",
      dateCreate: new Date(),
      dateModify: new Date(),
      raw: {},
    });
    expect((await getHealth(t)).counts.deals).toBe(0);
    // …a sync run starting does.
    await t.db
      .insert(syncRuns)
      .values({ portalId: portal.id, kind: "full", status: "running", trigger: "manual" });
    expect((await getHealth(t)).counts).toMatchObject({ deals: 1, syncRuns: 1 });
  });
});
