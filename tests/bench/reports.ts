// `npm run bench:reports`: server time of every analytics report at 100k
// and 1M deals on real Postgres, p50/p95 over typical filter combinations. Never asserted in tests.
//
// The databases are built once and kept (`losslens_bench_reports_<N>`), so reruns only measure:
//   100k: a generated portal (seed 42) synced in full through the emulator — the real sync path;
//   1M:   a copy of the 100k database (CREATE DATABASE … TEMPLATE) whose portal data is cloned nine more
//         times in SQL under fresh ids (clone k shifted k×3 days back), then facts derived by the sync's own
//         deriveFacts — same shape (pipelines, 40 managers, ~4 history rows and ~5 activities per deal).
// When the derivation (lib/facts, its read side aside) or the migrations change, a kept database is migrated and
// its facts re-derived.
//
// Reports are cached per facts version (lib/facts/cache.ts). Every run is measured twice: **cold** — the
// facts version bumped just before, exactly as a sync's deriveFacts leaves it, so the report computes — and
// **warm** — the same request again, answered from the cache. The drill-down is not cached (cold = warm).
//
// Options: --sizes 100000,1000000 · --iters 20 · --warmup 2 · --only overview,stages,… · --rebuild · --keep-facts
//          · --verify (pre-aggregated results against the base-table path, instead of timing)
//          · --floor (each report's floor beside it — the cheapest single SQL over deal_facts that answers the
//            same question, report-floors.ts — timed right after it in the same run, and the ratio report / floor)
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, type DbHandle, openDatabase, queryRows } from "../../db";
import { portals } from "../../db/schema";
import { generatePortalWithTruth } from "../../emulator/generator";
import { startEmulator } from "../../emulator/server";
import { getClients } from "../../lib/analytics/clients";
import { getDrilldown } from "../../lib/analytics/drilldown";
import { getManagers } from "../../lib/analytics/managers";
import { getOverview } from "../../lib/analytics/overview";
import { getReasons } from "../../lib/analytics/reasons";
import type { DataScope } from "../../lib/analytics/scope";
import { getStages } from "../../lib/analytics/stages";
import { getStrategies } from "../../lib/analytics/strategies";
import { deriveFacts } from "../../lib/facts/derive";
import { factsOptionsFor } from "../../lib/facts/options";
import { bumpFactsVersion, vacuumFacts } from "../../lib/facts/version";
import { connectWebhookPortal, getPortal } from "../../lib/portals";
import { runSync } from "../../lib/sync/run";
import { type Filters, parseFilters } from "../../lib/url-state/filters";
import { runFloor } from "./report-floors";

process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret";

const { values } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: "string", default: "" },
    sizes: { type: "string", default: "100000,1000000" },
    iters: { type: "string", default: "20" },
    warmup: { type: "string", default: "2" },
    rebuild: { type: "boolean", default: false },
    /** Measure a kept database as it is, even when its facts were derived by other code. */
    "keep-facts": { type: "boolean", default: false },
    /** Instead of timing: check that every report reads the same through the pre-aggregates as from deal_facts. */
    verify: { type: "boolean", default: false },
    /** Time each report's floor (report-floors.ts) beside it, and print the ratio report / floor. */
    floor: { type: "boolean", default: false },
  },
});

const SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const BASE = 100_000;
const CLONE_OFFSET = 10_000_000;
const SEED = 42;
/** The generator's frozen "now": periods resolve against it, so reruns see the same deals. */
const NOW = new Date("2026-11-01T12:00:00+03:00");

const urlFor = (db: string) => {
  const u = new URL(SERVER);
  u.pathname = `/${db}`;
  return u.toString();
};
const dbName = (n: number) =>
  `losslens_bench_reports_${n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`}`;

async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

const exists = async (name: string) =>
  (await admin("select 1 from pg_database where datname = $1", [name])).length > 0;

/** lib/facts files that read the facts and derive nothing: a change to them needs no re-derive. */
const FACTS_READ_SIDE = new Set(["cache.ts", "monthly-read.ts", "where.ts"]);
/** What the derived facts depend on (as loaded by this process): re-derive a kept database when it changes. */
const FACTS_VERSION = factsVersion();
function factsVersion(): string {
  const h = createHash("sha1");
  for (const f of fs.readdirSync("lib/facts").sort())
    if (f.endsWith(".ts") && !FACTS_READ_SIDE.has(f)) h.update(fs.readFileSync(`lib/facts/${f}`));
  h.update(fs.readFileSync("db/migrations/meta/_journal.json"));
  return h.digest("hex").slice(0, 12);
}

const log = (msg: string) => console.log(`[bench:reports] ${msg}`);
const secs = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

async function meta(db: Database): Promise<{ deals: number; facts: string } | null> {
  await db.execute(sql`create table if not exists bench_meta (deals int not null, facts text not null)`);
  const [row] = await queryRows<{ deals: number; facts: string }>(
    db,
    sql`select deals, facts from bench_meta`,
  );
  return row ?? null;
}

async function setMeta(db: Database, deals: number, facts: string) {
  await db.execute(sql`delete from bench_meta`);
  await db.execute(sql`insert into bench_meta (deals, facts) values (${deals}, ${facts})`);
}

async function portalIdOf(db: Database): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from portals order by id limit 1`);
  if (!row) throw new Error("bench database has no portal");
  return row.id;
}

async function rederive(handle: DbHandle, deals: number) {
  const t0 = Date.now();
  const portalId = await portalIdOf(handle.db);
  const portal = await getPortal(handle.db, portalId);
  // As on a first sync: facts derived from scratch (re-deriving over kept rows would leave old versions behind).
  await handle.db.execute(sql`truncate deal_facts cascade`);
  await deriveFacts(handle.db, portalId, await factsOptionsFor(handle.db, portal!), null);
  await vacuumFacts(handle.db);
  await handle.db.execute(sql`analyze`);
  await setMeta(handle.db, deals, FACTS_VERSION);
  log(`facts derived for ${deals} deals in ${secs(t0)}`);
}

/** 100k: the generated portal, synced in full through the emulator. */
async function build100k(name: string) {
  const t0 = Date.now();
  await admin(`create database ${name}`);
  const handle = await openDatabase({ url: urlFor(name), quiet: true });
  const { snapshot, truth } = generatePortalWithTruth({ seed: SEED, deals: BASE });
  log(`generated ${BASE} deals in ${secs(t0)}; syncing…`);
  const emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
  try {
    const portal = await connectWebhookPortal(handle.db, emu.webhookUrl);
    await handle.db
      .update(portals)
      .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: truth.reasonField } })
      .where(sql`${portals.id} = ${portal.id}`);
    await runSync(handle, portal.id, { mode: "full", client: { limits: { burst: 1e6, drainPerSec: 1e6 } } });
  } finally {
    await emu.close();
  }
  await handle.db.execute(sql`analyze`);
  await meta(handle.db);
  await setMeta(handle.db, BASE, FACTS_VERSION);
  await handle.close();
  log(`built ${name} in ${secs(t0)}`);
}

/** Column list of a table with some columns replaced by expressions. */
async function cloneSelect(db: Database, table: string, over: Record<string, string>) {
  const cols = await queryRows<{ c: string }>(
    db,
    sql`select column_name as c from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
      order by ordinal_position`,
  );
  const names = cols.map((r) => `"${r.c}"`).join(", ");
  const exprs = cols.map((r) => over[r.c] ?? `"${r.c}"`).join(", ");
  return { names, exprs };
}

/** N deals: the 100k database copied, its portal data cloned under fresh ids, then facts derived. */
async function buildClone(name: string, n: number) {
  const t0 = Date.now();
  await ensure(BASE);
  await admin(`create database ${name} template ${dbName(BASE)}`);
  const handle = await openDatabase({ url: urlFor(name), quiet: true });
  const { db } = handle;
  const copies = Math.round(n / BASE);
  const shift = (col: string) => `"${col}" - make_interval(days => k.k * 3)`;
  const id = (col: string) => `"${col}" + k.k * ${CLONE_OFFSET}`;
  const plans: Record<string, Record<string, string>> = {
    companies: {
      bitrix_id: id("bitrix_id"),
      date_create: shift("date_create"),
      date_modify: shift("date_modify"),
    },
    contacts: {
      bitrix_id: id("bitrix_id"),
      company_id: id("company_id"),
      date_create: shift("date_create"),
      date_modify: shift("date_modify"),
    },
    deals: {
      bitrix_id: id("bitrix_id"),
      company_id: id("company_id"),
      contact_id: id("contact_id"),
      date_create: shift("date_create"),
      date_modify: shift("date_modify"),
      moved_time: shift("moved_time"),
      begin_date: `("begin_date" - k.k * 3)`,
      close_date: `("close_date" - k.k * 3)`,
    },
    stage_history: {
      bitrix_id: id("bitrix_id"),
      deal_id: id("deal_id"),
      created_time: shift("created_time"),
    },
    activities: {
      bitrix_id: id("bitrix_id"),
      owner_id: id("owner_id"),
      created: shift("created"),
      start_time: shift("start_time"),
      end_time: shift("end_time"),
    },
    comments: { bitrix_id: id("bitrix_id"), deal_id: id("deal_id"), created_at: shift("created_at") },
  };
  await db.execute(sql`set synchronous_commit = off`);
  for (const [table, over] of Object.entries(plans)) {
    const t1 = Date.now();
    const { names, exprs } = await cloneSelect(db, table, over);
    await db.execute(
      sql.raw(`insert into "${table}" (${names}) select ${exprs} from "${table}",
        generate_series(1, ${copies - 1}) as k(k) where "${table}".bitrix_id < ${CLONE_OFFSET}`),
    );
    log(`  cloned ${table} ×${copies} in ${secs(t1)}`);
  }
  await db.execute(sql`analyze`);
  await meta(db);
  await rederive(handle, n);
  await handle.close();
  log(`built ${name} in ${secs(t0)}`);
}

/** The bench database for N deals, built or reused (migrated, facts re-derived when they changed). */
async function ensure(n: number): Promise<string> {
  const name = dbName(n);
  if (values.rebuild && (await exists(name))) await admin(`drop database ${name} with (force)`);
  if (await exists(name)) {
    const handle = await openDatabase({ url: urlFor(name), quiet: true });
    try {
      const m = await meta(handle.db);
      const [c] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from deals`);
      if (m && m.deals === n && c?.n === n) {
        if (m.facts !== FACTS_VERSION && !values["keep-facts"]) await rederive(handle, n);
        return name;
      }
      log(`${name}: ${c?.n} deals, expected ${n}: rebuilding`);
    } finally {
      await handle.close();
    }
    await admin(`drop database ${name} with (force)`);
  }
  if (n === BASE) await build100k(name);
  else await buildClone(name, n);
  return name;
}

// ---- measuring ----

type Report = (db: Database, scope: DataScope, filters: Filters) => Promise<unknown>;
const REPORTS: Record<string, Report> = {
  overview: getOverview,
  stages: getStages,
  reasons: getReasons,
  managers: getManagers,
  clients: getClients,
  strategies: getStrategies,
  drilldown: (db, scope, filters) => getDrilldown(db, scope, filters, { outcome: "lost" }),
};

interface Combo {
  name: string;
  filters: Filters;
  scope: DataScope;
}

const filtersOf = (q: string) => parseFilters(new URLSearchParams(q), NOW);

async function combos(db: Database, portalId: number): Promise<Combo[]> {
  const all: DataScope = { portalId, managerIds: null };
  const [pipe] = await queryRows<{ id: number }>(
    db,
    sql`select pipeline_id as id from deal_facts where portal_id = ${portalId}
      group by 1 order by count(*) desc offset 1 limit 1`,
  );
  const [mgr] = await queryRows<{ id: number }>(
    db,
    sql`select manager_id as id from deal_facts where portal_id = ${portalId} and manager_id is not null
      group by 1 order by count(*) desc limit 1`,
  );
  const [reason] = await queryRows<{ key: string }>(
    db,
    sql`select reason_key as key from deal_facts where portal_id = ${portalId} and reason_key is not null
      group by 1 order by count(*) desc limit 1`,
  );
  return [
    { name: "last90 (default)", filters: filtersOf(""), scope: all },
    { name: "all time", filters: filtersOf("period=all"), scope: all },
    { name: `pipeline ${pipe?.id}`, filters: filtersOf(`pipeline=${pipe?.id ?? 0}`), scope: all },
    { name: "manager role", filters: filtersOf(""), scope: { portalId, managerIds: [mgr?.id ?? 0] } },
    {
      name: "reasons filter",
      filters: filtersOf(`reasons=${encodeURIComponent(`${reason?.key ?? "none"},none`)}`),
      scope: all,
    },
  ];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const ms = (x: number) => `${Math.round(x)}`;

/** Times of one report over one filter combination: cold, warm and (with --floor) its floor, ms. */
interface Times {
  cold: number[];
  warm: number[];
  floor: number[];
}

async function timeCombo(db: Database, portalId: number, r: string, c: Combo, iters: number, warmup: number) {
  const fn = REPORTS[r]!;
  const t: Times = { cold: [], warm: [], floor: [] };
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup + iters; i++) {
    // As after a sync: a new facts version, so the cached result of the previous run is stale.
    await bumpFactsVersion(db, portalId);
    const cold = await time(() => fn(db, c.scope, c.filters));
    const warm = await time(() => fn(db, c.scope, c.filters));
    // The floor right after the report, on the same connection pool and caches (report-floors.ts).
    const floor = values.floor ? await time(() => runFloor(db, r, c.scope, c.filters)) : Number.NaN;
    if (i < warmup) continue;
    t.cold.push(cold);
    t.warm.push(warm);
    t.floor.push(floor);
  }
  return t;
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const ratioOf = (report: number, floor: number) => (floor > 0 ? `${(report / floor).toFixed(2)}×` : "—");

/** A table row: cold, warm, and with --floor the floor and the report / floor ratios of p50 and p95. */
function figures(t: Times, max = false): string[] {
  const row = [ms(pct(t.cold, 50)), ms(pct(t.cold, 95))];
  if (max) row.push(ms(Math.max(...t.cold)));
  row.push(ms(pct(t.warm, 50)), ms(pct(t.warm, 95)));
  if (values.floor)
    row.push(
      ms(pct(t.floor, 50)),
      ms(pct(t.floor, 95)),
      ratioOf(pct(t.cold, 50), pct(t.floor, 50)),
      ratioOf(pct(t.cold, 95), pct(t.floor, 95)),
    );
  return row;
}
const figureHead = (max = false) => [
  "cold p50",
  "cold p95",
  ...(max ? ["cold max"] : []),
  "warm p50",
  "warm p95",
  ...(values.floor ? ["floor p50", "floor p95", "cold/floor p50", "cold/floor p95"] : []),
];

async function measure(n: number, reports: string[], iters: number, warmup: number) {
  const name = await ensure(n);
  const handle = await openDatabase({ url: urlFor(name), quiet: true });
  const { db } = handle;
  const portalId = await portalIdOf(db);
  const [counts] = await queryRows<{ hist: number; acts: number; mgrs: number; pipes: number }>(
    db,
    sql`select (select count(*) from stage_history)::int as hist, (select count(*) from activities)::int as acts,
      (select count(distinct manager_id) from deal_facts)::int as mgrs, (select count(*) from pipelines)::int as pipes`,
  );
  const cs = await combos(db, portalId);
  console.log(
    `\nreports at ${n.toLocaleString("en-US")} deals (${counts?.hist} history rows, ${counts?.acts} activities, ${counts?.mgrs} managers, ${counts?.pipes} pipelines) · ${iters} runs per combination after ${warmup} warm-up · load average ${load()}`,
  );
  const rows: string[][] = [];
  const detail: string[][] = [];
  for (const r of reports) {
    const all: Times = { cold: [], warm: [], floor: [] };
    for (const c of cs) {
      const t = await timeCombo(db, portalId, r, c, iters, warmup);
      for (const k of ["cold", "warm", "floor"] as const) all[k].push(...t[k]);
      detail.push([r, c.name, ...figures(t)]);
    }
    rows.push([r, ...figures(all, true)]);
    const floor = values.floor
      ? ` · floor p50 ${ms(pct(all.floor, 50))} p95 ${ms(pct(all.floor, 95))} ms (${ratioOf(pct(all.cold, 95), pct(all.floor, 95))})`
      : "";
    console.log(
      `  ${r.padEnd(11)} cold p50 ${ms(pct(all.cold, 50)).padStart(6)} ms  p95 ${ms(pct(all.cold, 95)).padStart(6)} ms · warm p50 ${ms(pct(all.warm, 50)).padStart(4)} ms  p95 ${ms(pct(all.warm, 95)).padStart(4)} ms${floor} · load ${load()}`,
    );
  }
  table(["report", ...figureHead(true)], rows);
  table(["report", "filters", ...figureHead()], detail);
  await handle.close();
}

function table(head: string[], rows: string[][]) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i]!)).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${w.map((x) => "-".repeat(x + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

/**
 * `--verify`: each report's result through the pre-aggregates (deal_facts_monthly, deal_facts_stage_days,
 * deal_facts_client_order) against the base-table path (LOSSLENS_MONTHLY=off), uncached, over the bench's filter
 * combinations and more periods, at full size — the integration tests prove it on the golden portal.
 */
async function verify(n: number, reports: string[]) {
  const name = await ensure(n);
  const handle = await openDatabase({ url: urlFor(name), quiet: true });
  const { db } = handle;
  const portalId = await portalIdOf(db);
  const all: DataScope = { portalId, managerIds: null };
  const periods = [
    "period=thisYear",
    "period=lastQuarter",
    "period=last12Months",
    "from=2026-01-01&to=2026-06-30",
    "from=2025-11-17&to=2026-04-03",
    "from=2026-05-10&to=2026-09-30&compare=1",
  ];
  const cs: Combo[] = [
    ...(await combos(db, portalId)),
    ...periods.map((q) => ({ name: q, filters: filtersOf(q), scope: all })),
  ];
  process.env.LOSSLENS_REPORT_CACHE = "off";
  let same = 0;
  const differ: string[] = [];
  for (const r of reports.filter((x) => x !== "drilldown")) {
    for (const c of cs) {
      process.env.LOSSLENS_MONTHLY = "off";
      const base = await REPORTS[r]!(db, c.scope, c.filters);
      process.env.LOSSLENS_MONTHLY = "on";
      const fast = await REPORTS[r]!(db, c.scope, c.filters);
      if (isDeepStrictEqual(base, fast)) same++;
      else differ.push(`${r} · ${c.name}`);
    }
  }
  delete process.env.LOSSLENS_REPORT_CACHE;
  delete process.env.LOSSLENS_MONTHLY;
  console.log(
    `verify at ${n.toLocaleString("en-US")} deals: ${same} of ${same + differ.length} results equal the base-table path`,
  );
  for (const d of differ) console.log(`  DIFFERS: ${d}`);
  await handle.close();
  if (differ.length) process.exitCode = 1;
}

async function main() {
  const reports = values.only ? values.only.split(",") : Object.keys(REPORTS);
  for (const r of reports) if (!REPORTS[r]) throw new Error(`unknown report ${r}`);
  const sizes = values.sizes.split(",").map(Number);
  console.log(
    `LossLens report bench · node ${process.version} · ${new Date().toISOString()} · ${os.cpus().length} cores · load average ${load()}`,
  );
  for (const n of sizes) {
    if (values.verify) await verify(n, reports);
    else await measure(n, reports, Number(values.iters), Number(values.warmup));
  }
}

main().then(
  // A --verify that found a difference exits 1.
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
