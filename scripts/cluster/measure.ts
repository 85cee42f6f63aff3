/**
 * The cluster's measurements (`npm run cluster:demo -- measure`), each on the running cluster, written to one
 * JSON file with the date, commit, machine and load average:
 *
 *   load      report pages under load: one instance directly vs two behind nginx (scripts/cluster/load.ts);
 *   kill-web  the same load through nginx, one instance SIGKILLed at t = 20 s: errors per second;
 *   events    a Bitrix24 event POSTed to each instance (and the balancer) is applied exactly once;
 *   replica   the replica stopped at t = 10 s and started at t = 20 s under load: errors per second, and whether
 *             the replica serves reads (its transaction counter) before, during and after;
 *   worker    a worker SIGKILLed mid-sync: needs `npm run worker` (reported as skipped without it).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Cluster, startCluster } from "./demo";
import {
  checkSignedIn,
  describeLoad,
  filterIds,
  type LoadResult,
  reportPaths,
  runLoad,
  signIn,
} from "./load";
import { measureWorkerKill } from "./measure-worker";
import { until } from "./procs";

export interface MeasureOptions {
  deals: number;
  dir?: string;
  durationS: number;
  connections: number;
  out: string;
  only: string[];
  /** Deals of the large portal whose sync a killed worker leaves half done. */
  workerDeals: number;
}

const KILL_AT_S = 20;

/** Receives the demo portal's outgoing events so a measurement can send each to the instance it chooses. */
async function startEventRecorder() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
type EventRecorder = Awaited<ReturnType<typeof startEventRecorder>>;

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function summariseErrors(r: LoadResult, fromS: number) {
  const after = r.perSecond.filter((s) => s.t >= fromS);
  return {
    errorsTotal: r.errors,
    errorsFrom: { t: fromS, errors: after.reduce((n, s) => n + s.errors, 0), seconds: after.length },
    perSecond: r.perSecond.map((s) => `${s.t}:${s.ok}/${s.errors}`).join(" "),
  };
}

async function measureLoad(c: Cluster, paths: string[], o: MeasureOptions) {
  const [direct = ""] = c.webUrls;
  const directCookie = await signIn(direct);
  const balancedCookie = await signIn(c.balancerUrl);
  await checkSignedIn(c.balancerUrl, balancedCookie, paths[0] ?? "/overview");
  // Warm-up through nginx (both instances fill their report caches and JIT), not recorded.
  const warm = Math.max(5, Math.round(o.durationS / 4));
  console.log(`[measure] warm-up ${warm}s through nginx…`);
  await runLoad({
    base: c.balancerUrl,
    cookie: balancedCookie,
    paths,
    connections: o.connections,
    durationS: warm,
  });
  const one = await runLoad({
    base: direct,
    cookie: directCookie,
    paths,
    connections: o.connections,
    durationS: o.durationS,
  });
  console.log(`[measure] one instance: ${describeLoad(one)}`);
  const two = await runLoad({
    base: c.balancerUrl,
    cookie: balancedCookie,
    paths,
    connections: o.connections,
    durationS: o.durationS,
  });
  console.log(`[measure] two instances behind nginx: ${describeLoad(two)}`);
  return { oneInstance: one, twoInstancesBehindNginx: two };
}

async function measureKillWeb(c: Cluster, paths: string[], o: MeasureOptions) {
  const cookie = await signIn(c.balancerUrl);
  let killedAt: number | null = null;
  const killing: Promise<void>[] = [];
  const r = await runLoad({
    base: c.balancerUrl,
    cookie,
    paths,
    connections: o.connections,
    durationS: Math.max(o.durationS, KILL_AT_S + 20),
    onSecond: (t) => {
      if (t === KILL_AT_S && killedAt === null) {
        killedAt = t;
        console.log(`[measure] t=${t}s: SIGKILL web-2`);
        killing.push(c.procs.kill("web-2", "SIGKILL"));
      }
    },
  });
  await Promise.all(killing);
  console.log(`[measure] kill-web: ${describeLoad(r)}`);
  const summary = { killAtS: KILL_AT_S, ...summariseErrors(r, KILL_AT_S + 2), load: r };
  console.log(`[measure] kill-web errors per second (ok/errors): ${summary.perSecond}`);
  await c.startWeb(1);
  return summary;
}

async function emulatorDealGets(c: Cluster): Promise<number> {
  const res = await fetch(`${c.emulatorUrl}/_emulator/counters`);
  const body = (await res.json()) as { result: { byMethod: Record<string, number> } };
  return body.result.byMethod["crm.deal.get"] ?? 0;
}

/** Moves an open deal in the portal, then POSTs the portal's own event body to one target at a time. */
async function measureEvents(c: Cluster, recorder: EventRecorder) {
  const db = c.pair.primaryUrl;
  const [deal] = await query<{ id: number; pipeline: number }>(
    db,
    "select bitrix_id as id, pipeline_id as pipeline from deals where stage_semantic = 'P' order by bitrix_id limit 1",
  );
  if (!deal) throw new Error("the demo portal has no open deal");
  const stages = (
    await query<{ id: string }>(
      db,
      "select bitrix_id as id from stages where pipeline_id = $1 and semantics = 'P' order by sort",
      [deal.pipeline],
    )
  ).map((s) => s.id);
  if (stages.length < 2) throw new Error(`pipeline ${deal.pipeline} has fewer than two open stages`);
  const OBSERVE_MS = 5_000;
  const out = [];
  const targets = [...c.webUrls, c.balancerUrl];
  for (const [i, target] of targets.entries()) {
    const stage = stages[(i + 1) % stages.length] as string;
    const seen = recorder.bodies.length;
    const move = await fetch(`${c.emulatorUrl}/_emulator/deals/${deal.id}/move?stageId=${stage}`, {
      method: "POST",
    });
    if (!move.ok) throw new Error(`emulator move answered ${move.status}`);
    const body = await until("the portal's event", async () => recorder.bodies[seen]);
    const before = await emulatorDealGets(c);
    const sentAt = Date.now();
    const res = await fetch(`${target}/api/bitrix24/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    await res.arrayBuffer();
    await until(`deal ${deal.id} at ${stage}`, async () => {
      const [row] = await query<{ stage: string }>(
        db,
        "select stage_id as stage from deals where bitrix_id = $1",
        [deal.id],
      );
      return row?.stage === stage ? true : undefined;
    });
    const appliedMs = Date.now() - sentAt;
    // A second refresh (a duplicate) would come within moments: watch the portal's counter for a while longer.
    await new Promise((r) => setTimeout(r, OBSERVE_MS));
    const refreshes = (await emulatorDealGets(c)) - before;
    const line = {
      target,
      dealId: deal.id,
      stage,
      status: res.status,
      appliedMs,
      refreshes,
      observedMs: OBSERVE_MS,
    };
    console.log(
      `[measure] event → ${target}: ${res.status}, applied in ${appliedMs} ms, deal refreshes ${refreshes}`,
    );
    out.push(line);
  }
  return { exactlyOnce: out.every((l) => l.status === 200 && l.refreshes === 1), events: out };
}

async function replicaCommits(c: Cluster): Promise<number | null> {
  try {
    const [row] = await query<{ n: string }>(
      c.pair.replicaUrl,
      "select sum(xact_commit)::text as n from pg_stat_database",
    );
    return Number(row?.n ?? 0);
  } catch {
    return null;
  }
}

const ADMIN = { email: "admin@demo.losslens", password: "demo-admin" };

async function measureReplica(c: Cluster, paths: string[], o: MeasureOptions) {
  const cookie = await signIn(c.balancerUrl);
  // Replica state, when the app reports it, is for admins only.
  const adminCookie = await signIn(c.balancerUrl, ADMIN);
  const samples: { t: number; replicaCommits: number | null; health: unknown }[] = [];
  const steps: Promise<unknown>[] = [];
  const stopAt = 10;
  const startAt = 25;
  const r = await runLoad({
    base: c.balancerUrl,
    cookie,
    paths,
    connections: o.connections,
    durationS: 40,
    onSecond: (t) => {
      if (t === stopAt)
        steps.push(c.stopReplica().then(() => console.log(`[measure] t=${t}s replica stopped`)));
      if (t === startAt)
        steps.push(c.startReplica().then(() => console.log(`[measure] t=${t}s replica started`)));
      steps.push(
        Promise.all([
          replicaCommits(c),
          fetch(`${c.balancerUrl}/api/health`, { headers: { cookie: adminCookie } })
            .then((res) => res.json())
            .catch(() => null),
        ]).then(([replicaCommits, health]) => {
          samples.push({
            t,
            replicaCommits,
            health: (health as { replicas?: unknown } | null)?.replicas ?? null,
          });
        }),
      );
    },
  });
  await Promise.all(steps);
  samples.sort((a, b) => a.t - b.t);
  // Transactions the replica committed per second (the sampler's own query adds one).
  const rate = samples.map((s, i) => {
    const prev = samples[i - 1]?.replicaCommits;
    return { t: s.t, perSecond: s.replicaCommits !== null && prev != null ? s.replicaCommits - prev : null };
  });
  console.log(`[measure] replica: ${describeLoad(r)}`);
  console.log(`[measure] replica commits/s: ${rate.map((x) => `${x.t}:${x.perSecond ?? "down"}`).join(" ")}`);
  return {
    stopAtS: stopAt,
    startAtS: startAt,
    ...summariseErrors(r, 0),
    replicaCommitsPerSecond: rate,
    samples,
    load: r,
  };
}

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export async function measureAll(o: MeasureOptions): Promise<void> {
  const want = (name: string) => o.only.length === 0 || o.only.includes(name);
  const recorder = await startEventRecorder();
  const result: Record<string, unknown> = {
    at: new Date().toISOString(),
    commit: commit(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memGb: Math.round(os.totalmem() / 2 ** 30),
    },
    loadAvgAtStart: os.loadavg(),
    deals: o.deals,
    connections: o.connections,
    durationS: o.durationS,
  };
  const write = () => {
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, `${JSON.stringify(result, null, 2)}\n`);
  };
  let cluster: Cluster | null = null;
  try {
    cluster = await startCluster({ deals: o.deals, dir: o.dir, eventsPort: recorder.port });
    result.workers = cluster.workers;
    const paths = reportPaths(await filterIds(cluster.pair.primaryUrl));
    result.paths = { count: paths.length, sample: paths.slice(0, 8) };
    const steps: [string, () => Promise<unknown>][] = [
      ["load", () => measureLoad(cluster as Cluster, paths, o)],
      ["kill-web", () => measureKillWeb(cluster as Cluster, paths, o)],
      ["events", () => measureEvents(cluster as Cluster, recorder)],
      ["replica", () => measureReplica(cluster as Cluster, paths, o)],
    ];
    for (const [name, step] of steps) {
      if (!want(name)) continue;
      console.log(
        `[measure] —— ${name} (load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(" ")})`,
      );
      result[name] = await step();
      write();
    }
    if (want("worker")) {
      console.log(
        `[measure] —— worker (load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(" ")})`,
      );
      result.worker = cluster.workers
        ? await measureWorkerKill(cluster, o.workerDeals)
        : { skipped: "this build has no `npm run worker`" };
    }
  } finally {
    result.loadAvgAtEnd = os.loadavg();
    write();
    console.log(`[measure] results in ${o.out}`);
    await cluster?.procs.stopAll();
    await recorder.close();
  }
}
