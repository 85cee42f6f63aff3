import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "@/db";
import { generatePortal } from "@/emulator/generator";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { createTestDb, type TestDb } from "../helpers/test-db";

const SECRET = "cli-kill-test-secret-cli-kill-test-secret";

function runCli(args: string[], env: Record<string, string>, killWhen?: (line: string) => boolean) {
  const child = spawn(process.execPath, ["--import", "tsx", "cli/sync.ts", ...args], {
    env: { ...process.env, ...env, AUTH_SECRET: SECRET },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString();
    if (killWhen && out.split("\n").some(killWhen)) child.kill("SIGKILL");
  });
  child.stderr.on("data", (b: Buffer) => {
    out += b.toString();
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, out })),
  );
}

describe("npm run sync killed with SIGKILL mid-run", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  const snapshot = generatePortal({ seed: 11, deals: 3000 });
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
    // On Postgres the CLI shares the test database; without one it gets a PGlite dir of its own.
    env = t.url
      ? { DATABASE_URL: t.url }
      : {
          DATABASE_URL: "",
          PGLITE_DIR: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ll-cli-")), "pglite"),
        };
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  it("resumes on the next run and ends with exactly the portal's rows", async () => {
    const killed = await runCli(["--webhook", emu.webhookUrl, "--full"], env, (l) =>
      l.includes("stageHistory"),
    );
    expect(killed.signal).toBe("SIGKILL");
    const again = await runCli(["--webhook", emu.webhookUrl], env);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/full \(resumed\) done/);

    const db = t.url ? t : await openDatabase({ dataDir: env.PGLITE_DIR ?? "", quiet: true });
    const [counts] = await queryRows<Record<string, number>>(
      db.db,
      sql`select (select count(*)::int from deals) as deals, (select count(*)::int from stage_history) as history,
        (select count(*)::int from activities) as activities, (select count(*)::int from deal_facts) as facts`,
    );
    expect(counts).toEqual({
      deals: 3000,
      history: snapshot.lists["crm.stagehistory.list"].length,
      activities: snapshot.lists["crm.activity.list"].length,
      facts: 3000,
    });
    if (!t.url) await db.close();
  });
});
