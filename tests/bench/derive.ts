// `npm run bench:derive`: the time of a full facts derive (deriveFacts for every deal of a portal, what a full sync
// or a rules change runs) on an existing database, and of one-deal refreshes (what a Bitrix24 deal event runs).
// Never asserted in tests. The machine is shared: the load average is printed beside every figure.
//
//   --db <name>         the database to derive on (a copy of a bench:reports database; it is written to)
//   --runs N            full derives to time (median printed), default 3
//   --base <dir>        also time deriveFacts from <dir>/lib/facts, alternating with this one; e.g. main's:
//                       git archive main lib/facts | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
//   --only base|this    with --base: time just one of the two
//   --fresh             truncate the facts before each full run, as on a first sync (default: re-derive over them)
//   --trace             print each statement of a full run that took ≥ 200 ms, with its Postgres backend's CPU time
//   --explain           with --trace: EXPLAIN (ANALYZE, BUFFERS) each writing statement first, in a savepoint
//                       rolled back (so the run takes twice as long), and print the plans of the slow ones
//   --events N          time N one-deal refreshes after the full runs (median), default 0
//   --save <schema>     copy every derived table (timestamps and surrogate ids aside) into <schema>, after the runs
//   --compare <schema>  compare every derived table with <schema> (except all, both ways), after the runs
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, openDatabase, queryRows } from "../../db";
import { factsOptionsFor } from "../../lib/facts/options";
import { vacuumFacts } from "../../lib/facts/version";
import { getPortal } from "../../lib/portals";

process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    runs: { type: "string", default: "3" },
    base: { type: "string" },
    only: { type: "string" },
    fresh: { type: "boolean", default: false },
    trace: { type: "boolean", default: false },
    explain: { type: "boolean", default: false },
    events: { type: "string", default: "0" },
    save: { type: "string" },
    compare: { type: "string" },
  },
});
const NAME = /^[a-z0-9_]+$/;
if (!NAME.test(values.db ?? "")) throw new Error("--db takes a database name");
for (const s of [values.save, values.compare])
  if (s !== undefined && !NAME.test(s)) throw new Error("a schema name is [a-z0-9_]+");

type Derive = typeof import("../../lib/facts/derive").deriveFacts;
const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const url = new URL(server);
url.pathname = `/${values.db}`;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * CPU seconds a Postgres backend of this machine has used (/proc/<pid>/stat: utime + stime). On a shared machine
 * wall time stretches with the load; the work a run makes the server do does not, so it is printed beside it.
 */
function backendCpu(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Every statement of a run with its duration and backend CPU (pg.Client.query wrapped while tracing). */
const traced: { ms: number; cpu: number; text: string; plan?: string }[] = [];
/** Each backend the run used and its CPU seconds when first seen. */
const backends = new Map<number, number>();
let tracing = false;
const runCpu = () => [...backends].reduce((sum, [pid, at]) => sum + backendCpu(pid) - at, 0);
function installTrace() {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function timed(this: unknown, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === "string" ? config : (config as { text?: string } | null)?.text;
    if (!tracing || typeof text !== "string") return original.apply(this, args);
    if (!values.trace && !values.explain) {
      const pid = (this as { processID?: number }).processID ?? 0;
      if (pid && !backends.has(pid)) backends.set(pid, backendCpu(pid));
      return original.apply(this, args);
    }
    const params = (args[1] ?? (config as { values?: unknown[] }).values) as unknown[] | undefined;
    const pid = (this as { processID?: number }).processID ?? 0;
    if (pid && !backends.has(pid)) backends.set(pid, backendCpu(pid));
    const run = async () => {
      const plan =
        params && explained(text)
          ? await explain((q, v) => original.call(this, q, v) as Promise<pg.QueryResult>, text, params)
          : undefined;
      const t0 = performance.now();
      const c0 = backendCpu(pid);
      const result = await (original.apply(this, args) as Promise<unknown>);
      const cpu = backendCpu(pid) - c0;
      traced.push({ ms: performance.now() - t0, cpu, text: text.replace(/\s+/g, " ").slice(0, 140), plan });
      return result;
    };
    return run();
  };
}

/** The statements worth a plan: the ones writing the facts (not the comment tagger's many batch inserts). */
const explained = (text: string) =>
  values.explain && /^\s*(insert|with|update|delete)/i.test(text) && !text.includes("unnest($");

type Query = (text: string, params?: unknown[]) => Promise<pg.QueryResult>;

/** The statement's plan, run in a savepoint rolled back (a statement outside a transaction is not explained). */
async function explain(query: Query, text: string, params: unknown[]): Promise<string | undefined> {
  try {
    await query("savepoint bench_explain");
  } catch {
    return undefined;
  }
  try {
    const rows = (await query(`explain (analyze, buffers) ${text}`, params)).rows as Record<string, string>[];
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await query("rollback to savepoint bench_explain");
  }
}

/** The derived tables and the columns compared: run timestamps and surrogate ids differ by construction. */
const DERIVED: Record<string, string[]> = {
  deal_facts: ["computed_at"],
  deal_stage_spans: [],
  deal_facts_monthly: ["id"],
  deal_facts_monthly_state: ["built_at"],
  deal_facts_stage_days: ["id"],
  deal_facts_client_order: [],
  deal_facts_versions: ["version", "derived_at"],
  loss_reason_map: ["created_at", "updated_at"],
  loss_reasons: ["created_at", "updated_at"],
  comment_themes: ["created_at"],
  comment_competitors: ["created_at"],
  comment_words: [],
  comment_search: [],
};

async function columnsOf(db: Database, table: string): Promise<string> {
  const cols = await queryRows<{ c: string }>(
    db,
    sql`select column_name as c from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
      order by ordinal_position`,
  );
  const skip = DERIVED[table] ?? [];
  return cols
    .filter((r) => !skip.includes(r.c))
    .map((r) => `"${r.c}"`)
    .join(", ");
}

async function saveDerived(db: Database, schema: string) {
  await db.execute(sql.raw(`drop schema if exists ${schema} cascade; create schema ${schema}`));
  for (const table of Object.keys(DERIVED))
    await db.execute(
      sql.raw(`create table ${schema}.${table} as select ${await columnsOf(db, table)} from public.${table}`),
    );
  console.log(`saved the derived tables into ${schema}`);
}

/** Rows in one table and not the other, both ways (a multiset difference, so duplicates count). */
async function compareDerived(db: Database, schema: string): Promise<boolean> {
  let same = true;
  for (const table of Object.keys(DERIVED)) {
    const cols = await columnsOf(db, table);
    const diff = async (a: string, b: string) =>
      (
        await queryRows<{ n: number }>(
          db,
          sql.raw(
            `select count(*)::int as n from (select ${cols} from ${a} except all select ${cols} from ${b}) x`,
          ),
        )
      )[0]?.n ?? -1;
    const [rows] = await queryRows<{ n: number }>(
      db,
      sql.raw(`select count(*)::int as n from public.${table}`),
    );
    const added = await diff(`public.${table}`, `${schema}.${table}`);
    const missing = await diff(`${schema}.${table}`, `public.${table}`);
    if (added || missing) same = false;
    console.log(
      `  ${table.padEnd(26)} ${String(rows?.n).padStart(9)} rows · not in ${schema}: ${added} · only in ${schema}: ${missing}`,
    );
  }
  console.log(same ? `EQUAL to ${schema}` : `DIFFERENT from ${schema}`);
  return same;
}

async function implementations(): Promise<[string, Derive][]> {
  const own = (await import("../../lib/facts/derive")).deriveFacts;
  if (!values.base) return [["this", own]];
  const base = (await import(path.resolve(values.base, "lib/facts/derive.ts"))) as { deriveFacts: Derive };
  const both: [string, Derive][] = [
    ["base", base.deriveFacts],
    ["this", own],
  ];
  return both.filter(([label]) => !values.only || label === values.only);
}

async function main() {
  installTrace();
  const handle = await openDatabase({ url: url.toString(), quiet: true, migrate: false });
  const { db } = handle;
  const [first] = await queryRows<{ id: number }>(db, sql`select id from portals order by id limit 1`);
  if (!first) throw new Error("no portal in the database");
  const portal = await getPortal(db, first.id);
  if (!portal) throw new Error("portal vanished");
  const opts = await factsOptionsFor(db, portal);
  const [size] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from deals`);
  console.log(
    `LossLens derive bench · ${values.db} · ${size?.n} deals · node ${process.version} · ${new Date().toISOString()}`,
  );
  const impls = await implementations();
  const times = new Map<string, number[]>(impls.map(([n]) => [n, []]));
  const cpus = new Map<string, number[]>(impls.map(([n]) => [n, []]));
  for (let run = 0; run < Number(values.runs); run++) {
    for (const [label, derive] of impls) {
      if (values.fresh) await db.execute(sql`truncate deal_facts cascade`);
      const before = load();
      traced.length = 0;
      backends.clear();
      const node0 = process.cpuUsage();
      tracing = true;
      const t0 = performance.now();
      await derive(db, portal.id, opts, null);
      const ms = performance.now() - t0;
      tracing = false;
      const cpu = runCpu();
      const node = process.cpuUsage(node0);
      times.get(label)?.push(ms);
      cpus.get(label)?.push(cpu * 1000);
      const v0 = performance.now();
      await vacuumFacts(db);
      console.log(
        `run ${run + 1} ${label}: full derive ${secs(ms)} · CPU: Postgres ${cpu.toFixed(1)} s, node ${((node.user + node.system) / 1e6).toFixed(1)} s · (vacuum after: ${secs(performance.now() - v0)}) · load ${before} → ${load()}`,
      );
      for (const s of traced.filter((x) => x.ms >= 200)) {
        console.log(`    ${secs(s.ms).padStart(7)} (cpu ${s.cpu.toFixed(1).padStart(5)} s)  ${s.text}`);
        if (s.plan) console.log(s.plan.replace(/^/gm, "        | "));
      }
    }
  }
  for (const [label, xs] of times)
    if (xs.length)
      console.log(
        `${label}: full derive median ${secs(median(xs))} over ${xs.length} (${xs.map(secs).join(", ")}) · Postgres CPU median ${secs(median(cpus.get(label) ?? []))}`,
      );
  await timeEvents(db, portal.id, opts, impls);
  if (values.compare) await compareDerived(db, values.compare);
  if (values.save) await saveDerived(db, values.save);
  await handle.close();
}

/** One-deal refreshes as a deal event runs them (no reference data fetched: relabel off). */
async function timeEvents(
  db: Database,
  portalId: number,
  opts: Awaited<ReturnType<typeof factsOptionsFor>>,
  impls: [string, Derive][],
) {
  const n = Number(values.events);
  if (!n) return;
  const ids = await queryRows<{ id: number }>(
    db,
    sql`select bitrix_id as id from deals where portal_id = ${portalId} order by md5(bitrix_id::text) limit ${n}`,
  );
  // Alternating, deal by deal, so both see the same load.
  const times = new Map<string, number[]>(impls.map(([label]) => [label, []]));
  for (const { id } of ids)
    for (const [label, derive] of impls) {
      const t0 = performance.now();
      await derive(db, portalId, opts, [id], { relabel: false });
      times.get(label)?.push(performance.now() - t0);
    }
  for (const [label, xs] of times)
    console.log(
      `${label}: one-deal refresh median ${(median(xs) / 1000).toFixed(3)} s, max ${(Math.max(...xs) / 1000).toFixed(3)} s over ${xs.length} · load ${load()}`,
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
