import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "@/db";
import { acquireDataDirLock, DataDirLockedError } from "@/db/lock";
import { migrationStatus } from "@/db/migrate";
import { deals, portals } from "@/db/schema";
import { getHealth } from "@/lib/health";
import { createTestDb, type TestDb } from "../helpers/test-db";

const rawDeal = {
  ID: "410",
  TITLE: "Поставка оборудования «Ромашка»",
  STAGE_ID: "C2:LOSE",
  OPPORTUNITY: "1000000.00",
  COMMENTS: "[B]Дорого[/B], ушли к конкуренту",
  UF_CRM_1579180371132: "45",
  nested: { list: [1, "два", null], flag: true },
};

describe.each(["auto", "pglite"] as const)("database foundation (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("migrates a fresh database to the latest migration", async () => {
    const status = await migrationStatus(t);
    expect(status.applied).toBeGreaterThan(0);
    expect(status.pending).toBe(0);
    expect(status.latest).toMatch(/^0000_init$|^\d{4}_/);
  });

  it("round-trips a deal with its raw jsonb record and typed money, dates and flags", async () => {
    const [portal] = await t.db
      .insert(portals)
      .values({
        domain: `rt-${kind}.bitrix24.ru`,
        authType: "webhook",
        credentialsEnc: "x",
        credentialsHint: "…",
      })
      .returning();
    if (!portal) throw new Error("no portal row");
    const created = new Date("2024-08-30T11:29:00Z");
    await t.db.insert(deals).values({
      portalId: portal.id,
      bitrixId: 410,
      title: rawDeal.TITLE,
      pipelineId: 2,
      stageId: "C2:LOSE",
      stageSemantic: "F",
      closed: true,
      opportunity: 1000000,
      currencyId: "RUB",
      opportunityAccount: 1000000,
      dateCreate: created,
      dateModify: created,
      closeDate: "2024-09-09",
      raw: rawDeal,
    });
    const [row] = await t.db
      .select()
      .from(deals)
      .where(and(eq(deals.portalId, portal.id), eq(deals.bitrixId, 410)));
    expect(row?.raw).toEqual(rawDeal);
    expect(row?.opportunity).toBe(1000000);
    expect(row?.dateCreate.toISOString()).toBe("2024-08-30T11:29:00.000Z");
    expect(row?.closeDate).toBe("2024-09-09");
    expect(row?.closed).toBe(true);
    // jsonb is queryable, not a string blob.
    const [viaJson] = await queryRows<{ reason: string }>(
      t.db,
      sql`select raw->>'UF_CRM_1579180371132' as reason from deals where portal_id = ${portal.id}`,
    );
    expect(viaJson?.reason).toBe("45");
  });

  it("keys synced rows by (portal_id, bitrix_id) and upserts idempotently", async () => {
    const [portal] = await t.db.select().from(portals).limit(1);
    if (!portal) throw new Error("no portal row");
    const values = {
      portalId: portal.id,
      bitrixId: 410,
      title: "Renamed",
      stageId: "C2:LOSE",
      stageSemantic: "F" as const,
      dateCreate: new Date(),
      dateModify: new Date(),
      raw: {},
    };
    await t.db
      .insert(deals)
      .values(values)
      .onConflictDoUpdate({ target: [deals.portalId, deals.bitrixId], set: { title: values.title } });
    const rows = await t.db.select().from(deals).where(eq(deals.portalId, portal.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.title).toBe("Renamed");
  });

  it("reports health: db kind, migration version and row counts", async () => {
    const health = await getHealth(t);
    expect(health.db).toBe(kind === "pglite" || !t.url ? "pglite" : "postgres");
    expect(health.counts.deals).toBe(1);
    expect(health.counts.portals).toBe(1);
    expect(health.migrations.pending).toBe(0);
  });
});

describe("PGlite data-dir lock", () => {
  function holdInChild(dir: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/hold-lock.ts", dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    return new Promise((resolve, reject) => {
      child.stdout?.on("data", (b: Buffer) => b.toString().includes("LOCKED") && resolve(child));
      child.on("exit", (code) => reject(new Error(`holder exited early (${code})`)));
    });
  }

  it("makes a second process fail at once, naming the holder; a killed holder's lock is reclaimed", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "losslens-lock-")), "pglite");
    const child = await holdInChild(dir);
    try {
      expect(() => acquireDataDirLock(dir, "second server")).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir, "second server")).toThrow(
        new RegExp(`lock-test holder \\(pid ${child.pid}`),
      );
      await expect(openDatabase({ dataDir: dir, quiet: true })).rejects.toThrow(/in use by another process/);
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    // SIGKILL leaves the lock file behind; its pid is dead, so the next process takes over.
    expect(fs.existsSync(`${dir}.lock`)).toBe(true);
    const release = acquireDataDirLock(dir, "next server");
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});
