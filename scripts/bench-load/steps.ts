/**
 * The load steps of `npm run bench:load` and their table: what a sales floor does to one server, next to the
 * server's own floor (a signed-in redirect page that reads no report).
 */
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../../db";
import { bumpFactsVersion } from "../../lib/facts/version";
import { REPORT_KINDS } from "../../lib/reports/registry";
import { type FilterIds, type LoadResult, reportPaths } from "../cluster/load";

export interface Step {
  id: string;
  what: string;
  connections: number;
  /** Signed in as the director, or anonymous. */
  signedIn: boolean;
  paths: string[];
  /** Cached views are requested once before the step; varied ones start from an emptied report cache. */
  before: "warm" | "cold";
}

/** Distinct varied report URLs: enough that a 60 s step at 50 users mostly misses the report cache. */
function variedPaths(ids: FilterIds): string[] {
  return [...new Set(reportPaths(ids, 6000))];
}

export function allSteps(ids: FilterIds): Step[] {
  const varied = variedPaths(ids);
  const vary = (n: number): Step => ({
    id: `varied-${n}`,
    what: `varied filters (cache misses), ${n} user${n > 1 ? "s" : ""}`,
    connections: n,
    signedIn: true,
    paths: varied,
    before: "cold",
  });
  return [
    {
      id: "cached",
      what: "cached default report views, 50 users",
      connections: 50,
      signedIn: true,
      paths: REPORT_KINDS.map((k) => `/${k}`),
      before: "warm",
    },
    vary(1),
    vary(10),
    vary(50),
    {
      id: "health",
      what: "anonymous /api/health, 50 users",
      connections: 50,
      signedIn: false,
      paths: ["/api/health"],
      before: "warm",
    },
    {
      id: "login",
      what: "signed-in redirect page (/login), 50 users — the floor",
      connections: 50,
      signedIn: true,
      paths: ["/login"],
      before: "warm",
    },
  ];
}

/** A new facts version, as a sync leaves it: every cached report result is stale, in the server and in Postgres. */
export async function emptyReportCache(databaseUrl: string): Promise<void> {
  const handle = await openDatabase({ url: databaseUrl, quiet: true, migrate: false });
  try {
    const rows = await queryRows<{ id: number }>(handle.db, sql`select id from portals`);
    for (const { id } of rows) await bumpFactsVersion(handle.db, id);
  } finally {
    await handle.close();
  }
}

/** Each path once, sequentially, so the step measures cached answers (and a warm server). */
export async function warm(base: string, cookie: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const res = await fetch(`${base}${p}`, {
      headers: cookie ? { cookie } : {},
      redirect: "manual",
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`warming ${p}: status ${res.status}`);
  }
}

/** utime + stime (clock ticks) of every process in /proc that `match` accepts; null without /proc (not Linux). */
function procTicks(match: (statFields: string[], pid: string) => boolean): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (match(f, pid)) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}

/**
 * CPU seconds (user + system) used so far by every process in process group `pgid` — the server and anything it
 * forked. On a shared machine CPU per request is steadier than throughput, which moves with whatever else runs.
 */
export function groupCpuSeconds(pgid: number): number | null {
  const t = procTicks((f) => Number(f[2]) === pgid);
  return t === null ? null : t / 100; // USER_HZ is 100 on Linux
}

/**
 * CPU seconds of the local Postgres backends serving database `dbName` (their title names it). A backend that
 * exits during a step takes its time with it, so this is a lower bound; null without /proc.
 */
export function databaseCpuSeconds(dbName: string): number | null {
  const t = procTicks((_f, pid) => {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmd.startsWith("postgres: ") && cmd.includes(` ${dbName} `);
  });
  return t === null ? null : t / 100;
}

const ms = (x: number) =>
  Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`) : "—";

export interface StepRow {
  step: Step;
  result: LoadResult;
  /** Server CPU time per answered request (ms), or null where /proc is missing. */
  cpuMsPerRequest: number | null;
  /** The bench database's Postgres backends' CPU time per answered request (ms, a lower bound), or null. */
  dbCpuMsPerRequest: number | null;
}

/**
 * The one table: throughput, p50, p95, p99, max, errors, the server's and the database's CPU per request and the
 * load average (1, 5, 15 min) at the step's start.
 */
export function formatTable(rows: StepRow[]): string {
  const head = [
    "what",
    "req/s",
    "p50",
    "p95",
    "p99",
    "max",
    "errors",
    "CPU/req",
    "DB CPU/req",
    "load avg at start",
  ];
  const perReq = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)} ms`);
  const body = rows.map(({ step, result: r, cpuMsPerRequest: cpu, dbCpuMsPerRequest: dbCpu }) => [
    step.what,
    r.rps.toFixed(1),
    ms(r.latencyMs.p50),
    ms(r.latencyMs.p95),
    ms(r.latencyMs.p99),
    ms(r.latencyMs.max),
    String(r.errors),
    perReq(cpu),
    perReq(dbCpu),
    r.loadAvgBefore.map((x) => x.toFixed(2)).join(" "),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}
