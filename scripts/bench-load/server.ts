/**
 * The `next start` that `npm run bench:load` measures: built first when needed (the rule of `npm start`), on a free
 * loopback port, against the bench database, in its own process group so that it is always killed at the end.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { needsBuild } from "../../cli/build";
import { freePort } from "../cluster/postgres";
import { type Proc, type Procs, waitHttp } from "../cluster/procs";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

/**
 * Turbopack cannot resolve `next` through a node_modules symlink that points outside the checkout (a git worktree
 * sharing another checkout's node_modules); webpack can.
 */
function buildArgs(): string[] {
  const extra = (process.env.BENCH_BUILD_ARGS ?? "").split(" ").filter(Boolean);
  if (extra.length) return extra;
  return fs.lstatSync(path.join(root, "node_modules")).isSymbolicLink() ? ["--webpack"] : [];
}

/** Builds into `distDir` when it has no build or a source changed since; returns the seconds it took, or null. */
export function ensureBuild(distDir: string, log: (m: string) => void): number | null {
  if (distDir !== ".next") {
    // Another build directory (e.g. a baseline's) is served as it is: it may be older than the sources on purpose.
    if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`${distDir} holds no build`);
    return null;
  }
  if (!needsBuild(root)) return null;
  const args = buildArgs();
  log(`no build, or sources changed since: next build ${args.join(" ")}…`);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [nextBin, "build", ...args], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (res.status !== 0) throw new Error("next build failed");
  return Math.round((Date.now() - t0) / 100) / 10;
}

export interface BenchServer {
  base: string;
  proc: Proc;
}

/**
 * `next start` on a free loopback port. No job worker or sync schedule in it (LOSSLENS_WORKER=0): the bench
 * measures the web path, and the bench portal's emulator is gone. `cpuProfDir` writes a V8 CPU profile there when
 * the server exits.
 */
export async function startServer(
  procs: Procs,
  o: { databaseUrl: string; now: string; distDir: string; cpuProfDir?: string },
): Promise<BenchServer> {
  const port = await freePort();
  // BENCH_NODE_ARGS: V8/Node flags for the server under test (e.g. "--max-semi-space-size=32"), to try one.
  const nodeArgs = [
    ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
    ...(o.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(o.cpuProfDir)}`] : []),
  ];
  const proc = procs.start(
    "next-start",
    process.execPath,
    [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: o.distDir,
        DATABASE_URL: o.databaseUrl,
        DATABASE_REPLICA_URLS: "",
        LOSSLENS_NOW: o.now,
        LOSSLENS_WORKER: "0",
        LOSSLENS_SCHEDULER: "0",
        PORT: String(port),
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/api/health`, 120_000, proc);
  return { base, proc };
}
