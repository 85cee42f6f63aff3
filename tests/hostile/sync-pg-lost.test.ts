/**
 * Postgres lost mid-run (issue 12 L7): every backend of the test database is ended with pg_terminate_backend
 * while a sync runs (its page transactions and the connection holding its advisory lock). The run must fail
 * cleanly: no unhandled 'error' event, no stack trace, a clear message with no SQL in sync_runs, and the next
 * run resumes and ends with the emulator's exact counts. In-process (the server's path) and as `npm run sync`.
 */
import { spawn } from "node:child_process";
import { desc, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syncRuns } from "@/db/schema";
import { generatePortal } from "@/emulator/generator";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { dbCounts, emulatorCounts, FAST_CLIENT } from "./sync-helpers";

/** Ends every other session on the test database, as an admin (or a failover) would. */
async function terminateBackends(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const res = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

function runCli(args: string[], env: Record<string, string>, onLine?: (line: string) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", "cli/sync.ts", ...args], {
    env: { ...process.env, ...env, AUTH_SECRET: "pg-lost-test-secret-pg-lost-test-secret" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const feed = (b: Buffer) => {
    const text = b.toString();
    out += text;
    for (const line of text.split("\n")) onLine?.(line);
  };
  child.stdout.on("data", feed);
  child.stderr.on("data", feed);
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, out })),
  );
}

describe("Postgres lost in the middle of a sync", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;
  const snapshot = generatePortal({ seed: 13, deals: 200 });

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
    portalId = (await connectWebhookPortal(t.db, emu.webhookUrl)).id;
  });
  afterEach(() => emu.setFaults({}));
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  it("in-process: the run fails with a clear message, is marked failed, and the next run resumes", async (ctx) => {
    if (!t.url) ctx.skip();
    // Slow answers keep the run going while the backends are ended.
    emu.setFaults({ slowMs: 60 });
    let killed: Promise<number> | null = null;
    const run = runSync(t, portalId, {
      mode: "full",
      client: FAST_CLIENT,
      onProgress: (entity) => {
        if (entity === "companies") killed ??= terminateBackends(t.url!);
      },
    });
    await expect(run).rejects.toMatchObject({ code: "DB_CONNECTION_LOST" });
    expect(await killed).toBeGreaterThan(0);
    const [failed] = await t.db.select().from(syncRuns).orderBy(desc(syncRuns.id)).limit(1);
    expect(failed?.status).toBe("failed");
    expect(failed?.errorCode).toBe("DB_CONNECTION_LOST");
    expect(failed?.errorMessage).toMatch(/Lost the connection to the database/);
    expect(failed?.errorMessage).not.toMatch(/insert|select|update|params/i);

    emu.setFaults({});
    const again = await runSync(t, portalId, { mode: "incremental", client: FAST_CLIENT });
    expect(again.resumed).toBe(true);
    expect(again.mode).toBe("full");
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
  });

  it("npm run sync: exits 1 with one clear line (no unhandled 'error' event, no stack); the next run resumes", async (ctx) => {
    if (!t.url) ctx.skip();
    emu.setFaults({ slowMs: 60 });
    let killed: Promise<number> | null = null;
    const first = await runCli(["--webhook", emu.webhookUrl, "--full"], { DATABASE_URL: t.url! }, (line) => {
      if (line.includes("[sync] companies")) killed ??= terminateBackends(t.url!);
    });
    expect(await killed).toBeGreaterThan(0);
    expect(first.code, first.out).toBe(1);
    expect(first.out).toMatch(/\[sync\] failed: Lost the connection to the database/);
    expect(first.out).not.toMatch(/Unhandled 'error' event|^\s+at /m);
    expect(first.out).not.toMatch(/insert into|Failed query/i);
    const [failed] = await t.db
      .select()
      .from(syncRuns)
      .where(eq(syncRuns.trigger, "cli"))
      .orderBy(desc(syncRuns.id))
      .limit(1);
    expect(failed?.status).toBe("failed");

    emu.setFaults({});
    const again = await runCli(["--webhook", emu.webhookUrl], { DATABASE_URL: t.url! });
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/full \(resumed\) done/);
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
  });
});
