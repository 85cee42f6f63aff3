/**
 * The sync's two write paths store the same rows: COPY (chunks of new records) and INSERT … ON CONFLICT (chunks
 * with a stored key), on Postgres and on PGlite (COPY FROM '/dev/blob'). Text that COPY must escape (tabs, new
 * lines, backslashes, quotes, NUL) rides in titles, comments and raw payloads.
 */
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { generatePortal } from "@/emulator/generator";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { setWritePath, writeStats } from "@/lib/sync/upsert";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const TABLES = ["companies", "contacts", "deals", "stage_history", "activities", "comments", "b24_users"];
const NASTY = 'tab\there\nnew line \\ backslash \\N "quoted" nul\u0000end ёлка';

function nastyPortal() {
  const snapshot = generatePortal({ seed: 5, deals: 400 });
  const deals = snapshot.lists["crm.deal.list"] as Record<string, unknown>[];
  for (const d of deals.slice(0, 40)) {
    d.TITLE = `${d.TITLE} ${NASTY}`;
    d.COMMENTS = NASTY;
  }
  return snapshot;
}

/** Every synced row as JSON, minus when it was written. */
async function dump(db: TestDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const rows = await queryRows<{ r: string }>(
      db.db,
      sql.raw(`select (to_jsonb(t) - 'synced_at')::text as r from ${t} t order by 1`),
    );
    out[t] = rows.map((x) => x.r);
  }
  return out;
}

async function clearSynced(db: TestDb) {
  for (const t of TABLES) await db.db.execute(sql.raw(`delete from ${t}`));
}

describe.each(["auto", "pglite"] as const)("sync write paths (%s database)", (kind) => {
  let emu: EmulatorHandle | undefined;
  let db: TestDb | undefined;
  afterAll(async () => {
    setWritePath("auto");
    await db?.destroy();
    await emu?.close();
  });

  it("COPY and INSERT … ON CONFLICT write the same rows; a re-run changes nothing", async () => {
    emu = await startEmulator({ snapshot: nastyPortal(), port: 0, limits: { enabled: false } });
    db = await createTestDb(kind);
    const portal = await connectWebhookPortal(db.db, emu.webhookUrl);
    const sync = () => runSync(db!, portal.id, { mode: "full", client: { baseDelayMs: 1 } });

    setWritePath("insert");
    const before = { ...writeStats };
    await sync();
    expect(writeStats.copied).toBe(before.copied);
    const byInsert = await dump(db);
    expect(byInsert.deals!.length).toBe(400);
    expect(byInsert.comments!.some((r) => r.includes("tab\\there\\nnew line"))).toBe(true);

    await clearSynced(db);
    setWritePath("auto");
    const fresh = { ...writeStats };
    await sync();
    // Every list row went in by COPY (the deals, their history and activities at least).
    expect(writeStats.copied - fresh.copied).toBeGreaterThanOrEqual(400 + byInsert.activities!.length);
    expect(await dump(db)).toEqual(byInsert);

    // Everything stored now: the same run goes the upsert way and leaves the same rows.
    const again = { ...writeStats };
    await sync();
    expect(writeStats.upserted - again.upserted).toBeGreaterThanOrEqual(400);
    expect(await dump(db)).toEqual(byInsert);
  }, 120_000);
});
