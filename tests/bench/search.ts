// `npm run bench:search`: comment search latency over 1M comments on real Postgres (docs/performance.md).
//   Builds a fresh database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432), fills it with
//   --comments N (default 1M) comments of the generator's Russian phrase bank on N/4 lost deals via
//   generate_series, tags them, then times searchComments() — the same call the /comments page makes (count +
//   first page + highlights, and the typo fallback when it runs) — for a mix of queries, and prints p50/p95.
//   --keep keeps the database (its name is printed); --db <name> times an existing one again instead of building
//   a new one (migrations are applied first, so a kept database picks up new indexes and tables).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, queryRows } from "../../db";
import { THEME_PHRASES } from "../../emulator/generator/phrases";
import type { DataScope } from "../../lib/analytics/scope";
import { searchComments } from "../../lib/comments/search";
import { textArray } from "../../lib/facts/where";
import { tagComments } from "../../lib/themes/tagging";
import { parseCommentParams } from "../../lib/url-state/comments";
import { parseFilters } from "../../lib/url-state/filters";

const { values } = parseArgs({
  options: {
    comments: { type: "string", default: "1000000" },
    runs: { type: "string", default: "7" },
    keep: { type: "boolean", default: false },
    db: { type: "string" },
  },
});
const N = Number(values.comments);
const DEALS = Math.max(1, Math.floor(N / 4));
const RUNS = Number(values.runs);
const server = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const reuse = values.db !== undefined;
if (reuse && !/^[a-z0-9_]+$/.test(values.db ?? "")) throw new Error("--db takes a database name");
const name = values.db ?? `losslens_bench_search_${randomBytes(3).toString("hex")}`;

async function admin(statement: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Typical searches: word forms, phrases, exclusions, OR, prefixes while typing, typos, and no query at all. */
const QUERIES = [
  "цена",
  "дорого",
  "конкурент",
  "бюджет",
  '"высокая цена"',
  "цена -конкурент",
  "бюджет or отложили",
  "амо",
  "мегаплан",
  "интегр",
  "не берёт трубку",
  "лпр",
  "скидку 30%",
  "дорага",
  "канкуренты",
  "мобильн",
  "postponed",
  "",
];

async function main() {
  if (!reuse) await admin(`create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ url: u.toString(), quiet: true });
  const { db } = handle;
  try {
    let loadMs = 0;
    let tagMs = 0;
    if (!reuse) {
      const bank = THEME_PHRASES.flat();
      const t0 = performance.now();
      await db.execute(sql`insert into portals (id, domain, auth_type, credentials_enc, credentials_hint)
        values (1, 'bench.bitrix24.ru', 'webhook', 'x', 'x')`);
      await db.execute(sql`insert into b24_users (portal_id, bitrix_id, name, last_name, active, raw)
        select 1, m, 'Менеджер', m::text, true, '{}'::jsonb from generate_series(1, 20) m`);
      await db.execute(sql`
        insert into deal_facts (portal_id, deal_id, outcome, pipeline_id, stage_id, manager_id, created_at, closed_at,
          loss_date, lost_at_stage_id, reason_key, reason_label, amount_base, has_comment)
        select 1, i, 'lost', 0, 'LOSE', 1 + i % 20, ts - interval '30 days', ts, ts, 'OFFER',
          'stage:LOSE', 'Дорого', (10000 + (i::bigint * 7919) % 500000)::numeric, true
        from (select i, timestamptz '2026-07-01' - (i % 730) * interval '1 day' as ts
          from generate_series(1, ${DEALS}) i) x`);
      await db.execute(sql`
        insert into comments (portal_id, source, bitrix_id, deal_id, author_id, created_at, body, body_text, raw)
        select 1, 'timeline', i, 1 + i % ${DEALS}, 1 + (1 + i % ${DEALS}) % 20,
          timestamptz '2026-07-01' - ((1 + i % ${DEALS}) % 730) * interval '1 day' + (i % 1440) * interval '1 minute',
          t, t, '{}'::jsonb
        from (select i, b[1 + ((i::bigint * 7919) % n)::int] || case when i % 3 = 0 then ', ' || lower(b[1 + ((i::bigint * 104729) % n)::int]) else '' end
            || case when i % 5 = 0 then ' (' || (i % 997)::text || ')' else '' end as t
          from generate_series(1, ${N}) i,
            (select ${textArray(bank)}::text[] as b, ${bank.length}::int as n) bank) x`);
      loadMs = performance.now() - t0;
      const t1 = performance.now();
      await tagComments(db, 1, null);
      tagMs = performance.now() - t1;
      await db.execute(sql`vacuum analyze`);
    } else await db.execute(sql`vacuum analyze comment_search`); // filled by its migration just now, if new
    const [size] = await queryRows<{ c: string; idx: string; s: string; sidx: string }>(
      db,
      sql`select pg_size_pretty(pg_total_relation_size('comments')) as c,
        pg_size_pretty(pg_relation_size('comments_search_idx')) as idx,
        pg_size_pretty(pg_relation_size('comment_search')) as s,
        pg_size_pretty(pg_relation_size('comment_search_idx')) as sidx`,
    );
    console.log(
      `[bench:search] ${N.toLocaleString("en")} comments on ${DEALS.toLocaleString("en")} lost deals: ` +
        (reuse
          ? `reused ${name}`
          : `load ${(loadMs / 1000).toFixed(1)} s, tag all ${(tagMs / 1000).toFixed(1)} s`) +
        `; comments table ${size?.c}, GIN ${size?.idx}; comment_search ${size?.s}, GIN ${size?.sidx}`,
    );

    const now = new Date("2026-07-01T12:00:00+03:00");
    const director: DataScope = { portalId: 1, managerIds: null };
    const manager: DataScope = { portalId: 1, managerIds: [7] };
    const cases = [
      { label: "director, all time", scope: director, extra: "period=all" },
      { label: "director, last 90 days", scope: director, extra: "" },
      { label: "manager, all time", scope: manager, extra: "period=all" },
    ];
    const all: number[] = [];
    const rows: string[] = [];
    for (const c of cases) {
      const times: number[] = [];
      const perQuery = new Map<string, number[]>();
      for (let run = 0; run < RUNS; run++)
        for (const q of QUERIES) {
          const params = new URLSearchParams(`${c.extra}&q=${encodeURIComponent(q)}`);
          const filters = parseFilters(params, now, { sorts: ["relevance", "date", "amount"] });
          const started = performance.now();
          const page = await searchComments(db, c.scope, filters, parseCommentParams(params));
          const took = performance.now() - started;
          if (run === 0) {
            perQuery.set(q, []);
            if (page.rows.length === 0 && q && c.scope === director) console.warn(`  no rows for "${q}"`);
            continue; // the first round warms the cache
          }
          times.push(took);
          perQuery.get(q)?.push(took);
        }
      all.push(...times);
      rows.push(`| ${c.label} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} | ${ms(Math.max(...times))} |`);
      const slowest = [...perQuery.entries()]
        .map(([q, ts]) => [q, pct(ts, 50)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([q, t]) => `"${q}" ${ms(t)}`)
        .join(", ");
      console.log(`  ${c.label}: slowest medians ${slowest}`);
    }
    console.log("\n| search (18 queries × runs) | p50 | p95 | max |\n| --- | ---: | ---: | ---: |");
    for (const r of rows) console.log(r);
    console.log(`| **all** | **${ms(pct(all, 50))}** | **${ms(pct(all, 95))}** | ${ms(Math.max(...all))} |`);
    console.log(`\ntarget p95 ≤ 150 ms: ${pct(all, 95) <= 150 ? "met" : "NOT met"}`);
  } finally {
    await handle.close();
    if (!values.keep && !reuse) await admin(`drop database if exists ${name} with (force)`);
    else console.log(`kept database ${name} (again: npm run bench:search -- --db ${name})`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
