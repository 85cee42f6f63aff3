/**
 * `npm run bench:load`: one LossLens server under a sales floor's load, on this machine, from nothing.
 *
 *   1. the kept database `losslens_bench_load_100k` (built on the first run: a generated portal synced through the
 *      emulator, demo logins seeded — scripts/bench-load/database.ts);
 *   2. `next build` when needed, then `next start` on a free loopback port against it (no job worker);
 *   3. sign in as the demo director, then each step for `--duration` seconds with autocannon on loopback
 *      (scripts/cluster/load.ts): cached default report views at 50 users; varied filters (cache misses) at 1, 10
 *      and 50 users; anonymous /api/health at 50 users; and the floor — a signed-in redirect page (/login) at 50;
 *   4. one table (req/s, p50, p95, p99, max, errors, load average at each step's start) and a JSON file.
 * The server it started is killed at the end, on an error and on Ctrl-C.
 *
 *   npm run bench:load -- [--duration 60] [--steps cached,varied-1,varied-10,varied-50,health,login]
 *                         [--deals 100000] [--rebuild] [--dist-dir .next] [--cpu-prof DIR] [--out FILE]
 *   npm run bench:load -- --cluster …     a running cluster instead (scripts/cluster/load.ts)
 * `--dist-dir .next-base` serves another build as it is (e.g. a baseline built with NEXT_DIST_DIR=.next-base), for
 * before/after in one run; `--cpu-prof DIR` writes the server's V8 CPU profile there when it stops.
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the Postgres server.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkSignedIn, clusterMain, describeLoad, filterIds, runLoad, signIn } from "../cluster/load";
import { Procs } from "../cluster/procs";
import { BENCH_NOW, ensureLoadDatabase } from "./database";
import { ensureBuild, startServer } from "./server";
import {
  allSteps,
  databaseCpuSeconds,
  emptyReportCache,
  formatTable,
  groupCpuSeconds,
  type Step,
  type StepRow,
  warm,
} from "./steps";

const log = (m: string) => console.log(`[bench:load] ${m}`);

function options() {
  const { values } = parseArgs({
    options: {
      cluster: { type: "boolean", default: false },
      duration: { type: "string", default: "60" },
      steps: { type: "string", default: "" },
      deals: { type: "string", default: "100000" },
      rebuild: { type: "boolean", default: false },
      "dist-dir": { type: "string", default: ".next" },
      "cpu-prof": { type: "string" },
      out: { type: "string", default: "data/bench/load.json" },
    },
    strict: false,
  });
  return values as {
    cluster: boolean;
    duration: string;
    steps: string;
    deals: string;
    rebuild: boolean;
    "dist-dir": string;
    "cpu-prof"?: string;
    out: string;
  };
}

function chosen(steps: Step[], only: string): Step[] {
  if (!only) return steps;
  const ids = only.split(",").map((s) => s.trim());
  const unknown = ids.filter((id) => !steps.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(`unknown step ${unknown.join(", ")}; known: ${steps.map((s) => s.id).join(", ")}`);
  return steps.filter((s) => ids.includes(s.id));
}

function commit(): string {
  try {
    const dirty = execSync("git status --porcelain -- app lib components db", { encoding: "utf8" }).trim();
    return `${execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim()}${dirty ? "+changes" : ""}`;
  } catch {
    return "unknown";
  }
}

async function runStep(
  step: Step,
  app: { base: string; pid: number },
  cookie: string,
  db: { url: string; name: string },
  durationS: number,
): Promise<StepRow> {
  const who = step.signedIn ? cookie : "";
  if (step.before === "cold") await emptyReportCache(db.url);
  else await warm(app.base, who, step.paths);
  log(`${step.what}: ${durationS} s…`);
  const cpu0 = groupCpuSeconds(app.pid);
  const db0 = databaseCpuSeconds(db.name);
  const result = await runLoad({
    base: app.base,
    cookie: who,
    paths: step.paths,
    connections: step.connections,
    durationS,
  });
  const perRequest = (a: number | null, b: number | null) =>
    a === null || b === null || !result.requests ? null : ((b - a) * 1000) / result.requests;
  const cpuMsPerRequest = perRequest(cpu0, groupCpuSeconds(app.pid));
  const dbCpuMsPerRequest = perRequest(db0, databaseCpuSeconds(db.name));
  log(
    `${describeLoad(result)}; CPU per request: server ${cpuMsPerRequest?.toFixed(1) ?? "?"} ms, ` +
      `database ${dbCpuMsPerRequest?.toFixed(1) ?? "?"} ms`,
  );
  return { step, result, cpuMsPerRequest, dbCpuMsPerRequest };
}

async function main() {
  const o = options();
  if (o.cluster) return clusterMain(process.argv.slice(2));
  const procs = new Procs(path.join("data", "bench", "logs"));
  procs.stopOnExit();
  const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret";
  const db = await ensureLoadDatabase({ server, deals: Number(o.deals), rebuild: o.rebuild, log });
  const builtInS = ensureBuild(o["dist-dir"], log);
  const steps = chosen(allSteps(await filterIds(db.url)), o.steps);
  const app = await startServer(procs, {
    databaseUrl: db.url,
    now: BENCH_NOW,
    distDir: o["dist-dir"],
    cpuProfDir: o["cpu-prof"],
  });
  log(`next start (${o["dist-dir"]}) at ${app.base} on ${db.name}; server log ${app.proc.log}`);
  const cookie = await signIn(app.base);
  await checkSignedIn(app.base, cookie, "/overview");
  const pid = app.proc.child.pid;
  if (pid === undefined) throw new Error("next start has no pid");
  const rows: StepRow[] = [];
  for (const step of steps)
    rows.push(await runStep(step, { base: app.base, pid }, cookie, db, Number(o.duration)));
  await procs.stopAll();
  const header = `bench:load · ${commit()} · ${o["dist-dir"]} · ${db.name} · ${os.cpus().length} cores · node ${process.version} · ${new Date().toISOString()}`;
  console.log(`\n${header}\n${formatTable(rows)}`);
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  const json = { at: new Date().toISOString(), header, database: db, nextBuildS: builtInS, rows };
  fs.writeFileSync(o.out, `${JSON.stringify(json, null, 2)}\n`);
  log(`written to ${o.out}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[bench:load] ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
