/**
 * `npm run cluster:demo`: LossLens as a small cluster on this machine, from real parts.
 *
 *   - a Postgres primary and a streaming replica made with pg_basebackup (scripts/cluster/postgres.ts), 5433/5434;
 *   - the Bitrix24 emulator serving the demo portal (the same generator, connection and sync as `npm start`);
 *   - two web instances (`next start`, 3101/3102) and, when the app has them, two workers (`npm run worker`);
 *   - nginx from Debian on 8080, round robin over the two instances.
 *
 *   npm run cluster:demo                      start everything, print the URL and logins; Ctrl-C stops it all
 *   npm run cluster:demo -- measure [--duration 60] [--connections 50] [--out data/cluster/run.json]
 *                                             start, run every measurement (scripts/cluster/measure.ts), stop
 * Options: --deals 10000 (demo portal size) · --worker-deals 40000 (the portal synced while a worker is killed)
 *          · --only load,kill-web,events,replica,worker · --dir DIR (work directory; default a new temp dir, removed at exit)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { needsBuild } from "../../cli/build";
import { openDatabase } from "../../db";
import { migrationStatus } from "../../db/migrate";
import { stopJobQueue } from "../../lib/jobs/queue";
import { startNginx } from "./nginx";
import { down, type PgPair, pairOf, startReplica, stopReplica, up } from "./postgres";
import { type Proc, Procs, waitForLog, waitHttp } from "./procs";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

export const PORTS = { primary: 5433, replica: 5434, web: [3101, 3102], nginx: 8080, emulator: 3200 };

export interface Cluster {
  procs: Procs;
  pair: PgPair;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  dir: string;
  /** Environment every app process gets (no secrets are printed from it). */
  env: NodeJS.ProcessEnv;
  webUrls: string[];
  balancerUrl: string;
  emulatorUrl: string;
  workers: boolean;
  startWeb(i: number): Promise<Proc>;
}

/** Builds when there is no build or a source changed after it (the rule of `npm start`, cli/start.ts). */
function ensureBuild() {
  if (!needsBuild(root)) return;
  console.log("[cluster] no build, or sources changed since: next build…");
  // CLUSTER_BUILD_ARGS, e.g. "--webpack" where Turbopack cannot see node_modules (a symlinked checkout).
  const extra = (process.env.CLUSTER_BUILD_ARGS ?? "").split(" ").filter(Boolean);
  const build = spawnSync(process.execPath, [nextBin, "build", ...extra], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("next build failed");
}

function hasWorkerScript(): boolean {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return typeof pkg.scripts?.worker === "string";
}

export interface ClusterOptions {
  deals: number;
  dir?: string;
  /** Where the demo portal sends its outgoing events; default the balancer. */
  eventsPort?: number;
}

/** Starts the whole cluster; on any failure stops what it had started and rethrows. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  ensureBuild();
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "losslens-cluster-"));
  // The Postgres servers run as the postgres OS user, which must reach their data directories inside.
  fs.chmodSync(dir, 0o755);
  const procs = new Procs(path.join(dir, "logs"));
  procs.stopOnExit();
  // Removed last (cleanups run newest first): the logs stay readable until everything has stopped.
  if (!opts.dir) procs.onStop(async () => fs.rmSync(dir, { recursive: true, force: true }));
  console.log(`[cluster] work directory ${dir} (logs in ${procs.logDir})`);
  try {
    return await startParts(procs, dir, opts);
  } catch (err) {
    console.error(`[cluster] start failed: ${(err as Error).message}; stopping what was started`);
    await procs.stopAll();
    throw err;
  }
}

async function startParts(procs: Procs, dir: string, opts: ClusterOptions): Promise<Cluster> {
  const pgOptions = { dir: path.join(dir, "pg"), primaryPort: PORTS.primary, replicaPort: PORTS.replica };
  procs.onStop(() => down(pairOf(pgOptions)));
  const pair = await up(pgOptions);

  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.DATABASE_URL = pair.primaryUrl;
  process.env.AUTH_SECRET ||= (await import("node:crypto")).randomBytes(32).toString("base64url");
  process.env.LOSSLENS_DEMO = "1";
  // This script sends jobs at most; it never runs them (the workers, or the web instances, do).
  process.env.LOSSLENS_WORKER = "0";
  process.env.LOSSLENS_DEMO_DEALS = String(opts.deals);
  process.env.LOSSLENS_DEMO_PORT = String(PORTS.emulator);
  // The demo portal's outgoing events go to the balancer (or, when measuring, to the event recorder).
  process.env.PORT = String(opts.eventsPort ?? PORTS.nginx);

  const handle = await openDatabase({ url: pair.primaryUrl, purpose: "cluster demo (migrate)" });
  const status = await migrationStatus(handle);
  console.log(`[cluster] primary migrated: schema at ${status.latest}`);
  // Imported here: cli/demo.ts reads its LOSSLENS_DEMO_* settings when it loads.
  const { prepareDemo } = await import("../../cli/demo");
  const demo = await prepareDemo(handle);
  await stopJobQueue(handle, 5_000);
  await handle.close();
  if (!demo) throw new Error("the demo portal was not prepared");
  procs.onStop(() => demo.stop());

  const workers = hasWorkerScript();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pair.primaryUrl,
    DATABASE_REPLICA_URLS: pair.replicaUrl,
    // nginx on loopback forwards the client address; sign-in throttling should count the client, not nginx.
    LOSSLENS_TRUSTED_PROXIES: "loopback",
  };
  // With separate workers the web instances run no jobs themselves; without, each runs its own.
  if (!workers) delete env.LOSSLENS_WORKER;
  delete env.PORT;

  const startWeb = async (i: number) => {
    const port = PORTS.web[i] as number;
    const proc = procs.start(`web-${i + 1}`, process.execPath, [nextBin, "start", "-p", String(port)], {
      env: { ...env, PORT: String(port) },
    });
    await waitHttp(`http://127.0.0.1:${port}/api/health`, 120_000, proc);
    return proc;
  };
  if (workers) {
    // One after the other, each running before the next starts, so a failing worker is named at once.
    for (const i of [1, 2]) {
      const proc = procs.start(`worker-${i}`, "npm", ["run", "--silent", "worker"], { env });
      await waitForLog(proc, /is running jobs/, 120_000);
    }
    console.log("[cluster] two workers running jobs (npm run worker)");
  } else {
    console.log("[cluster] this build has no `npm run worker`: each web instance runs its jobs in-process");
  }
  await Promise.all(PORTS.web.map((_, i) => startWeb(i)));
  console.log(`[cluster] web instances on ${PORTS.web.map((p) => `127.0.0.1:${p}`).join(", ")}`);

  const nginx = await startNginx(procs, {
    port: PORTS.nginx,
    upstreams: PORTS.web.map((p) => `127.0.0.1:${p}`),
    dir: path.join(dir, "nginx"),
  });
  const balancerUrl = `http://127.0.0.1:${PORTS.nginx}`;
  await waitHttp(`${balancerUrl}/api/health`, 30_000, nginx);
  console.log(`[cluster] nginx round robin on ${balancerUrl}`);
  demo.printLogins();

  return {
    procs,
    pair,
    stopReplica: () => stopReplica(pair),
    startReplica: () => startReplica(pair),
    dir,
    env,
    webUrls: PORTS.web.map((p) => `http://127.0.0.1:${p}`),
    balancerUrl,
    emulatorUrl: `http://127.0.0.1:${PORTS.emulator}`,
    workers,
    startWeb,
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      deals: { type: "string", default: "10000" },
      dir: { type: "string" },
      duration: { type: "string", default: "60" },
      connections: { type: "string", default: "50" },
      out: { type: "string", default: "data/cluster/run.json" },
      only: { type: "string", default: "" },
      "worker-deals": { type: "string", default: "40000" },
    },
  });
  const command = positionals[0] ?? "up";
  if (!["up", "measure"].includes(command)) throw new Error(`unknown command ${command} (up | measure)`);
  if (command === "up") {
    const cluster = await startCluster({ deals: Number(values.deals), dir: values.dir });
    console.log(`[cluster] LossLens on ${cluster.balancerUrl} — Ctrl-C stops everything`);
    await new Promise(() => undefined);
    return;
  }
  const { measureAll } = await import("./measure");
  await measureAll({
    deals: Number(values.deals),
    dir: values.dir,
    durationS: Number(values.duration),
    connections: Number(values.connections),
    out: values.out,
    only: values.only.split(",").filter(Boolean),
    workerDeals: Number(values["worker-deals"]),
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`[cluster] ${(err as Error).stack ?? err}`);
      process.exit(1);
    },
  );
}
