// `npm run bench:sync -- [--deals 20000] [--db postgres|pglite] [--runs 1]`: a full sync of a generated portal
// beside its floor, measured in the same run (never asserted in tests; the machine is noisy, so the load average
// is printed at the start and the end).
//
//   sync:  a full run through the real client and sync code against the emulator, which runs in a child process
//          (so the peak RSS printed is the sync's own, as a worker's would be), pacing off. The write time is the
//          run up to its facts; deriveFacts is timed apart.
//   floor: COPY of the very rows the sync wrote back into the same (truncated) tables, indexes and all — psql's
//          \copy on Postgres, COPY … FROM '/dev/blob' on PGlite.
//   requests: HTTP requests the run made vs the minimum (1 reference batch + ceil(rows / 2,500) per list
//          + ceil(lost deals / 50) for timeline comments).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type DbHandle, openDatabase, queryRows } from "../../db";
import { Bitrix24Client } from "../../lib/bitrix24/client";
import { listById } from "../../lib/bitrix24/list";
import { connectWebhookPortal } from "../../lib/portals";
import { fetchComments } from "../../lib/sync/comments";
import { LIST_ENTITIES } from "../../lib/sync/entities";
import { runSync } from "../../lib/sync/run";

process.env.AUTH_SECRET ??= randomBytes(24).toString("hex");
const { values } = parseArgs({
  options: {
    deals: { type: "string", default: "20000" },
    db: { type: "string", default: "postgres" },
    runs: { type: "string", default: "1" },
  },
});
const N = Number(values.deals);
const SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
/** The synced tables the floor reloads, in the order the sync writes them. */
const TABLES = ["companies", "contacts", "deals", "stage_history", "activities", "comments"];
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString("en")} rows/s`;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

/** The emulator on a free port in a child process; resolves with its webhook URL once it serves. */
function startEmulatorChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "emulator/cli.ts", "--deals", String(N), "--no-limits", "--port", "0"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /incoming webhook: (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

async function counts(handle: DbHandle): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [r] = await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${t}`));
    out[t] = r!.n;
  }
  const [lost] = await queryRows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from deals where stage_semantic = 'F'`,
  );
  out.lostDeals = lost!.n;
  return out;
}

/** COPY of the same rows into the same tables: dumped, the tables truncated, then timed loading them back. */
async function copyFloorPostgres(url: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "losslens-copy-"));
  const psql = (script: string) =>
    execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url], { input: script, stdio: "pipe" });
  try {
    psql(TABLES.map((t) => `\\copy ${t} to '${dir}/${t}.copy'`).join("\n"));
    psql(`truncate ${TABLES.join(", ")} cascade;`);
    const t0 = performance.now();
    psql(`begin;\n${TABLES.map((t) => `\\copy ${t} from '${dir}/${t}.copy'`).join("\n")}\ncommit;`);
    return performance.now() - t0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function copyFloorPglite(handle: DbHandle): Promise<number> {
  const db = handle.pglite!;
  const blobs: Record<string, Blob> = {};
  for (const t of TABLES) blobs[t] = (await db.query(`copy ${t} to '/dev/blob'`)).blob!;
  await db.exec(`truncate ${TABLES.join(", ")} cascade`);
  const t0 = performance.now();
  await db.transaction(async (tx) => {
    for (const t of TABLES) await tx.query(`copy ${t} from '/dev/blob'`, [], { blob: blobs[t] });
  });
  return performance.now() - t0;
}

/**
 * The other floor: reading everything the sync reads (same client, same requests, no database), so the write
 * time can be told apart from the portal's (here the emulator's) serving time.
 */
async function fetchFloor(webhook: string, lostDealIds: number[]): Promise<number> {
  const client = new Bitrix24Client({
    auth: { kind: "webhook", url: webhook },
    limits: { burst: 1e6, drainPerSec: 1e6 },
  });
  const t0 = performance.now();
  for (const def of LIST_ENTITIES) for await (const _page of listById(client, def.spec)) void _page;
  for (let i = 0; i < lostDealIds.length; i += 50)
    await fetchComments(client, 1, lostDealIds.slice(i, i + 50), () => {});
  return performance.now() - t0;
}

async function openBenchDb(
  kind: string,
  run: number,
): Promise<{ handle: DbHandle; url?: string; name?: string }> {
  if (kind === "pglite") return { handle: await openDatabase({ dataDir: "memory://", quiet: true }) };
  const name = `losslens_bench_sync_${process.pid}_${run}`;
  await withAdmin((c) => c.query(`create database ${name}`));
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  const url = u.toString();
  return { handle: await openDatabase({ url, quiet: true }), url, name };
}

async function benchOnce(kind: string, webhook: string, run: number) {
  const { handle, url, name } = await openBenchDb(kind, run);
  try {
    const portal = await connectWebhookPortal(handle.db, webhook);
    const marks: Record<string, number> = { start: performance.now() };
    const cpu0 = process.cpuUsage();
    let writeCpu: NodeJS.CpuUsage | null = null;
    // When each pass last reported: a pass's time is from the previous pass's last page to its own.
    const lastPage: Record<string, number> = {};
    const s = await runSync(handle, portal.id, {
      mode: "full",
      client: { limits: { burst: 1e6, drainPerSec: 1e6 } },
      onProgress: (entity) => {
        lastPage[entity] = performance.now();
      },
      onPhase: (p) => {
        marks[p] = performance.now();
        if (p === "deletions") writeCpu = process.cpuUsage(cpu0);
      },
    });
    marks.end = performance.now();
    const c = await counts(handle);
    const rows = TABLES.reduce((a, t) => a + c[t]!, 0);
    const lost = await queryRows<{ id: number }>(
      handle.db,
      sql`select bitrix_id as id from deals where stage_semantic = 'F' order by 1`,
    );
    const fetchMs = await fetchFloor(
      webhook,
      lost.map((r) => r.id),
    );
    const floorMs = kind === "pglite" ? await copyFloorPglite(handle) : await copyFloorPostgres(url!);
    let prev = marks.start!;
    const passes = Object.entries(lastPage).map(([entity, at]) => {
      const ms = at - prev;
      prev = at;
      return `${entity} ${secs(ms)}`;
    });
    return {
      passes,
      writeMs: marks.deletions! - marks.start!,
      // This process's CPU (client, parsing, COPY text) while writing: how much of the wall time it was busy.
      writeCpuMs: writeCpu
        ? ((writeCpu as NodeJS.CpuUsage).user + (writeCpu as NodeJS.CpuUsage).system) / 1000
        : 0,
      deletionsMs: marks.facts! - marks.deletions!,
      factsMs: marks.end - marks.facts!,
      floorMs,
      fetchMs,
      rows,
      counts: c,
      calls: s.apiCalls,
    };
  } finally {
    await handle.close();
    if (name) await withAdmin((c) => c.query(`drop database ${name} with (force)`));
  }
}

function minimumRequests(c: Record<string, number>): number {
  const lists = ["companies", "contacts", "deals", "stage_history", "activities"];
  return 1 + lists.reduce((a, t) => a + Math.ceil(c[t]! / 2500), 0) + Math.ceil(c.lostDeals! / 50);
}

async function main() {
  console.log(`LossLens sync bench · node ${process.version} · ${new Date().toISOString()} · ${N} deals`);
  console.log(`load average at start (1/5/15 min): ${load()} · ${os.cpus().length} cores, shared`);
  const emu = await startEmulatorChild();
  try {
    for (const kind of values.db === "both" ? ["postgres", "pglite"] : [values.db!]) {
      for (let i = 0; i < Number(values.runs); i++) {
        const r = await benchOnce(kind, emu.url, i);
        const ratio = r.floorMs / r.writeMs;
        console.log(
          `\n${kind}, run ${i + 1}: ${r.rows.toLocaleString("en")} rows (${JSON.stringify(r.counts)})`,
        );
        console.log(
          `  sync writes (up to facts) ${secs(r.writeMs)} · ${rate(r.rows, r.writeMs)} · sync process CPU ${secs(r.writeCpuMs)}`,
        );
        console.log(`  COPY floor, same rows     ${secs(r.floorMs)} · ${rate(r.rows, r.floorMs)}`);
        console.log(`  reading alone (no DB)    ${secs(r.fetchMs)} · the portal's floor for this run`);
        console.log(`  sync / COPY throughput    ${(ratio * 100).toFixed(1)} % (target ≥ 30 %)`);
        console.log(`  passes (each to its last page, overlapped with the next): ${r.passes.join(" · ")}`);
        console.log(
          `  deletions ${secs(r.deletionsMs)} · deriveFacts ${secs(r.factsMs)} (not in the write time)`,
        );
        const min = minimumRequests(r.counts);
        console.log(`  HTTP requests ${r.calls} vs minimum ${min} (${(r.calls / min).toFixed(2)}×)`);
        console.log(`  load average now: ${load()}`);
      }
    }
  } finally {
    emu.child.kill("SIGTERM");
  }
  clearInterval(sampler);
  console.log(`\npeak RSS of the sync process (emulator apart): ${Math.round(peak / 1048576)} MB`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
