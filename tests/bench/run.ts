// `npm run bench`: the measured numbers behind docs/performance.md (never asserted in tests; the machine is noisy).
//   generator: time and peak RSS for --deals N (default 20k) and 1M (--big);
//   sync: API calls per entity vs the minimum ceil(N / 2500), rows/s written, peak RSS, on Postgres and PGlite.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../../db";
import { generatePortal } from "../../emulator/generator";
import { startEmulator } from "../../emulator/server";
import { connectWebhookPortal } from "../../lib/portals";
import { runSync } from "../../lib/sync/run";

process.env.AUTH_SECRET ??= randomBytes(24).toString("hex");
const { values } = parseArgs({
  options: {
    deals: { type: "string", default: "20000" },
    big: { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
  },
});
const N = Number(values.deals);
const RUNS = Number(values.runs);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

/** Generation of 1M deals runs in a child so its peak RSS is its own. */
function generateInChild(deals: number): string {
  return execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `
      const { generatePortal } = require("./emulator/generator");
      let peak = 0; const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
      const t0 = Date.now(); const s = generatePortal({ seed: 42, deals: ${deals} });
      const ms = Date.now() - t0; peak = Math.max(peak, process.memoryUsage().rss); clearInterval(t);
      console.log(JSON.stringify({ ms, peakMb: Math.round(peak / 1048576), history: s.lists["crm.stagehistory.list"].length, activities: s.lists["crm.activity.list"].length }));
    `,
    ],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  ).trim();
}

async function benchSync(kind: "postgres" | "pglite") {
  const snapshot = generatePortal({ seed: 42, deals: N });
  const emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
  const results: { ms: number; rows: number; calls: number; byMethod: Record<string, number> }[] = [];
  for (let i = 0; i < RUNS; i++) {
    let url: string | undefined;
    let dbName = "";
    if (kind === "postgres") {
      const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
      dbName = `losslens_bench_${process.pid}_${i}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const u = new URL(server);
      u.pathname = `/${dbName}`;
      url = u.toString();
    }
    const handle = await openDatabase({ url, dataDir: "memory://", quiet: true });
    const portal = await connectWebhookPortal(handle.db, emu.webhookUrl);
    emu.counters.reset();
    const t0 = Date.now();
    // Real pacing would add ~0.5 s per request beyond the burst; throughput is measured without it.
    const s = await runSync(handle, portal.id, {
      mode: "full",
      client: { limits: { burst: 1e6, drainPerSec: 1e6 } },
    });
    const rows = Object.values(s.progress).reduce((a, p) => a + p.rows, 0);
    results.push({ ms: Date.now() - t0, rows, calls: s.apiCalls, byMethod: { ...emu.counters.byMethod } });
    await handle.close();
    if (dbName) {
      const admin = new pg.Client({
        connectionString: process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
      });
      await admin.connect();
      await admin.query(`drop database ${dbName} with (force)`);
      await admin.end();
    }
  }
  await emu.close();
  const ms = median(results.map((r) => r.ms));
  const first = results[0]!;
  const lists = snapshot.lists;
  const lost = lists["crm.deal.list"].filter((d) => d.STAGE_SEMANTIC_ID === "F").length;
  const min = {
    deals: Math.ceil(N / 2500),
    stageHistory: Math.ceil(lists["crm.stagehistory.list"].length / 2500),
    activities: Math.ceil(lists["crm.activity.list"].length / 2500),
    companies: Math.ceil(lists["crm.company.list"].length / 2500),
    contacts: Math.ceil(lists["crm.contact.list"].length / 2500),
    comments: Math.ceil(lost / 50),
  };
  const minimum = Object.values(min).reduce((a, b) => a + b, 0) + 1; // +1: reference data in one batch
  console.log(`\nsync ${N} deals → ${kind} (median of ${RUNS})`);
  console.log(
    `  duration ${(ms / 1000).toFixed(1)} s · ${Math.round(first.rows / (ms / 1000))} rows/s written (${first.rows} rows)`,
  );
  console.log(
    `  HTTP requests ${first.calls} vs minimum ${minimum} (${(first.calls / minimum).toFixed(2)}×); deals: ${first.byMethod["crm.deal.list"]} sub-calls = ${Math.ceil((first.byMethod["crm.deal.list"] ?? 0) / 50)}+ batches vs ceil(N/2500) = ${min.deals}`,
  );
}

async function main() {
  console.log(`LossLens bench · node ${process.version} · ${new Date().toISOString()}`);
  const t0 = Date.now();
  const snap = generatePortal({ seed: 42, deals: N });
  console.log(
    `\ngenerator ${N} deals: ${Date.now() - t0} ms, rss ${mb(process.memoryUsage().rss)}; history ${snap.lists["crm.stagehistory.list"].length}, activities ${snap.lists["crm.activity.list"].length}`,
  );
  if (values.big) console.log(`generator 1,000,000 deals (child process): ${generateInChild(1_000_000)}`);
  await benchSync("postgres");
  await benchSync("pglite");
  clearInterval(sampler);
  console.log(`\npeak RSS of this process: ${mb(peak)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
