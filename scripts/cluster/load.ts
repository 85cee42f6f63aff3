/**
 * Report pages under load, signed in as the demo director, with autocannon on loopback: the load functions of
 * `npm run bench:load` (scripts/bench-load/run.ts, which starts its own server) and of the cluster's measurements;
 * run directly (`npm run bench:load -- --cluster`, or `tsx scripts/cluster/load.ts`), it loads a running cluster.
 * Each request takes the next URL of a list of report pages with varied filters (periods, pipelines, managers,
 * reasons, client types, amounts, comparison), so the run is not one cached page. Measured per target: requests
 * per second, p50/p95/p99 of the response time (from every response, not autocannon's bucketed histogram),
 * errors (status ≥ 400 and socket errors) per second, and the load average before the step.
 *
 *   npm run bench:load -- --cluster [--direct http://127.0.0.1:3101] [--balanced http://127.0.0.1:8080]
 *                         [--connections 50] [--duration 60] [--out data/cluster/load.json]
 * DATABASE_URL (the cluster's primary) supplies the pipeline, manager and reason ids the filters name.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { REPORT_KINDS } from "../../lib/reports/registry";

export const DIRECTOR = { email: "director@demo.losslens", password: "demo-director" };

/** Signs in through next-auth's credentials route (CSRF token, then the callback POST); returns the Cookie header. */
export async function signIn(base: string, who = DIRECTOR): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const i = pair.indexOf("=");
      if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({
      csrfToken,
      email: who.email,
      password: who.password,
      callbackUrl: "/overview",
    }),
  });
  await res.arrayBuffer();
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("session-token")))
    throw new Error(`sign-in as ${who.email} at ${base} gave no session (status ${res.status})`);
  return cookie();
}

export interface FilterIds {
  pipelines: number[];
  managers: number[];
  reasons: string[];
}

/** Ids the filter bar would offer: pipelines, the busiest managers, canonical reasons. */
export async function filterIds(databaseUrl: string): Promise<FilterIds> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ints = async (text: string) => (await client.query<{ id: number }>(text)).rows.map((r) => r.id);
    return {
      pipelines: await ints("select bitrix_id as id from pipelines order by bitrix_id"),
      managers: await ints(
        "select manager_id as id from deal_facts where manager_id is not null group by 1 order by count(*) desc limit 12",
      ),
      reasons: (await ints("select id from loss_reasons where merged_into is null order by id limit 12")).map(
        (id) => `r:${id}`,
      ),
    };
  } finally {
    await client.end();
  }
}

/** Every report page, and the drill-down's deal list. */
const REPORTS: string[] = [...REPORT_KINDS, "deals"];
const PERIODS = ["last30", "last90", "thisQuarter", "lastQuarter", "thisYear", "last12Months", "all"];

/** `n` report URLs with varied filters, the same list for the same ids (a fixed-seed generator). */
export function reportPaths(ids: FilterIds, n = 240): string[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const report = REPORTS[i % REPORTS.length] ?? "overview";
    const q = new URLSearchParams({ period: pick(PERIODS) ?? "last90" });
    const pipeline = rand() < 0.4 ? pick(ids.pipelines) : undefined;
    if (pipeline !== undefined) q.set("pipeline", String(pipeline));
    if (rand() < 0.35 && ids.managers.length) {
      const ms = new Set([pick(ids.managers), rand() < 0.5 ? pick(ids.managers) : undefined]);
      q.set("managers", [...ms].filter((m) => m !== undefined).join(","));
    }
    if (rand() < 0.3 && ids.reasons.length) q.set("reasons", pick(ids.reasons) ?? "none");
    if (rand() < 0.2) q.set("client", rand() < 0.5 ? "new" : "returning");
    if (rand() < 0.15) q.set("amountMin", String(Math.round(rand() * 200) * 1000));
    if (rand() < 0.3) q.set("compare", "1");
    out.push(`/${report}?${q}`);
  }
  return out;
}

export interface LoadOptions {
  base: string;
  /** The Cookie header; empty for an anonymous visitor. */
  cookie: string;
  paths: string[];
  connections: number;
  durationS: number;
  /** Per-request timeout (s), 30 by default: a request still open then counts as a socket error. */
  timeoutS?: number;
  /** Called once a second with the seconds elapsed (whole), e.g. to kill an instance at t = 20 s. */
  onSecond?: (t: number) => void;
}

export interface SecondSample {
  t: number;
  ok: number;
  errors: number;
}

export interface LoadResult {
  target: string;
  connections: number;
  durationS: number;
  loadAvgBefore: number[];
  requests: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  status: Record<string, number>;
  socketErrors: number;
  errors: number;
  perSecond: SecondSample[];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * One autocannon run over `paths`, each request taking the next path (shared across connections). Bounded: if
 * autocannon has not finished `timeoutS` + 30 s after its duration, it is stopped and the run fails.
 */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const loadAvgBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const times: number[] = [];
  const status: Record<string, number> = {};
  const perSecond: SecondSample[] = [];
  let socketErrors = 0;
  let next = 0;
  const started = Date.now();
  const second = () => {
    const t = Math.floor((Date.now() - started) / 1000);
    while (perSecond.length <= t) perSecond.push({ t: perSecond.length, ok: 0, errors: 0 });
    return perSecond[t] as SecondSample;
  };
  const timeoutS = o.timeoutS ?? 30;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.base,
        connections: o.connections,
        duration: o.durationS,
        timeout: timeoutS,
        headers: o.cookie ? { cookie: o.cookie, accept: "text/html" } : { accept: "text/html" },
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({ ...req, path: o.paths[next++ % o.paths.length] }),
          },
        ],
      },
      (err, result) => {
        clearInterval(ticker);
        clearTimeout(watchdog);
        if (err) return reject(err);
        times.sort((a, b) => a - b);
        const errors =
          socketErrors + Object.entries(status).reduce((n, [s, c]) => n + (+s >= 400 ? c : 0), 0);
        resolve({
          target: o.base,
          connections: o.connections,
          durationS: o.durationS,
          loadAvgBefore,
          requests: times.length,
          rps: Math.round((times.length / (result.duration || o.durationS)) * 10) / 10,
          latencyMs: {
            p50: percentile(times, 50),
            p95: percentile(times, 95),
            p99: percentile(times, 99),
            max: times.at(-1) ?? Number.NaN,
          },
          status,
          socketErrors,
          errors,
          perSecond,
        });
      },
    );
    instance.on("response", (_client: unknown, code: number, _bytes: number, ms: number) => {
      times.push(Math.round(ms * 10) / 10);
      status[code] = (status[code] ?? 0) + 1;
      const s = second();
      if (code >= 400) s.errors++;
      else s.ok++;
    });
    instance.on("reqError", () => {
      socketErrors++;
      second().errors++;
    });
    const watchdog = setTimeout(
      () => {
        instance.stop();
        clearInterval(ticker);
        reject(new Error(`load on ${o.base} did not finish within ${o.durationS + timeoutS + 30} s`));
      },
      (o.durationS + timeoutS + 30) * 1000,
    );
    let lastT = -1;
    const ticker = setInterval(() => {
      const t = Math.floor((Date.now() - started) / 1000);
      if (t !== lastT) {
        lastT = t;
        o.onSecond?.(t);
      }
    }, 100);
  });
}

export function describeLoad(r: LoadResult): string {
  const l = r.latencyMs;
  const codes = Object.entries(r.status)
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
  return (
    `${r.target}: ${r.requests} requests in ${r.durationS}s = ${r.rps} req/s; ` +
    `p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms; ` +
    `errors ${r.errors} (socket ${r.socketErrors}); status ${codes}; load avg before ${r.loadAvgBefore.join(" ")}`
  );
}

/** Checks one page answers 200 with the cookie, so a run never measures the login redirect. */
export async function checkSignedIn(base: string, cookie: string, pagePath: string): Promise<void> {
  const res = await fetch(`${base}${pagePath}`, { headers: { cookie }, redirect: "manual" });
  await res.arrayBuffer();
  if (res.status !== 200)
    throw new Error(`${base}${pagePath} answered ${res.status}, not 200, when signed in`);
}

/** Cluster mode: one instance directly, then the balancer, each for `--duration` seconds. */
export async function clusterMain(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      cluster: { type: "boolean", default: true },
      direct: { type: "string", default: "http://127.0.0.1:3101" },
      balanced: { type: "string", default: "http://127.0.0.1:8080" },
      connections: { type: "string", default: "50" },
      duration: { type: "string", default: "60" },
      out: { type: "string", default: "data/cluster/load.json" },
    },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error("set DATABASE_URL to the cluster's primary (npm run cluster:demo prints it)");
  const paths = reportPaths(await filterIds(databaseUrl));
  const results: LoadResult[] = [];
  for (const base of [values.direct, values.balanced]) {
    const cookie = await signIn(base);
    await checkSignedIn(base, cookie, paths[0] ?? "/overview");
    console.log(`[load] ${base}: ${values.connections} connections for ${values.duration}s…`);
    const r = await runLoad({
      base,
      cookie,
      paths,
      connections: Number(values.connections),
      durationS: Number(values.duration),
    });
    console.log(`[load] ${describeLoad(r)}`);
    results.push(r);
  }
  fs.mkdirSync(path.dirname(values.out), { recursive: true });
  fs.writeFileSync(values.out, `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`[load] written to ${values.out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  clusterMain().catch((err: unknown) => {
    console.error(`[load] ${(err as Error).message}`);
    process.exit(1);
  });
}
