/**
 * A Postgres primary and a streaming replica on this machine, from Debian's own binaries: `initdb` makes the
 * primary (trust auth on 127.0.0.1, replication included, `wal_level=replica`), `pg_basebackup -R` copies it into
 * a hot standby on another port that streams from a replication slot (so a stopped replica catches up when it
 * starts again instead of finding its WAL recycled). Used by the replica tests and by the cluster demo.
 *
 * Postgres refuses to run as root, so when we are root the server binaries run as the `postgres` OS user
 * (`runuser -u postgres --`) on data directories it owns. Readiness is polled with `pg_isready`, never slept for.
 *
 *   tsx scripts/cluster/postgres.ts up|down|stop-replica|start-replica --dir D --primary-port P --replica-port R
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PgPairOptions {
  /** Directory holding both data directories, their logs and the Unix sockets (created if missing). */
  dir: string;
  primaryPort: number;
  replicaPort: number;
  /** `fsync=off` for throwaway test clusters; the demo keeps the default (durable). */
  fsync?: boolean;
  quiet?: boolean;
}

export interface PgPair {
  dir: string;
  primaryPort: number;
  replicaPort: number;
  primaryDataDir: string;
  replicaDataDir: string;
  primaryUrl: string;
  replicaUrl: string;
  fsync: boolean;
  quiet: boolean;
}

const SLOT = "losslens_replica";
const OS_USER = "postgres";

/** Debian's server binaries (newest installed major), or `PG_BIN`. */
export function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const majors = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(base, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors[0]) throw new Error("no Postgres server binaries under /usr/lib/postgresql (set PG_BIN)");
  return path.join(base, majors[0], "bin");
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a Postgres binary, as the `postgres` OS user when we are root. */
async function pgRun(pair: Pick<PgPair, "dir">, bin: string, args: string[]) {
  const exe = path.join(pgBinDir(), bin);
  const [cmd, argv] = asRoot() ? ["runuser", ["-u", OS_USER, "--", exe, ...args]] : [exe, args];
  // The cwd must be readable by the postgres user (root's home is not).
  return run(cmd, argv, { cwd: pair.dir, env: { ...process.env, LC_ALL: "C" } });
}

/** Gives the postgres OS user a path it can create data directories in. */
async function ownDir(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (asRoot()) await run("chown", [OS_USER, dir]);
}

export function pairOf(options: PgPairOptions): PgPair {
  const dir = path.resolve(options.dir);
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    dir,
    primaryPort: options.primaryPort,
    replicaPort: options.replicaPort,
    primaryDataDir: path.join(dir, "primary"),
    replicaDataDir: path.join(dir, "replica"),
    primaryUrl: url(options.primaryPort),
    replicaUrl: url(options.replicaPort),
    fsync: options.fsync ?? true,
    quiet: options.quiet ?? false,
  };
}

/** True when a server on `port` accepts connections (pg_isready exit 0). */
export async function isReady(pair: PgPair, port: number): Promise<boolean> {
  try {
    await pgRun(pair, "pg_isready", ["-q", "-h", "127.0.0.1", "-p", String(port), "-t", "1"]);
    return true;
  } catch {
    return false;
  }
}

/** Polls pg_isready until the server on `port` accepts connections (or `timeoutMs` passes). */
export async function waitReady(pair: PgPair, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady(pair, port))) {
    if (Date.now() > deadline) throw new Error(`Postgres on port ${port} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function serverConf(pair: PgPair, port: number): string {
  return [
    "",
    "# losslens scripts/cluster/postgres.ts",
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${pair.dir}'`,
    "wal_level = replica",
    "max_wal_senders = 10",
    "max_replication_slots = 10",
    "hot_standby = on",
    "hot_standby_feedback = on",
    "max_connections = 200",
    `fsync = ${pair.fsync ? "on" : "off"}`,
    "",
  ].join("\n");
}

const HBA = [
  "local all all trust",
  "local replication all trust",
  "host all all 127.0.0.1/32 trust",
  "host replication all 127.0.0.1/32 trust",
  "",
].join("\n");

async function writeAsOwner(file: string, text: string, append = false) {
  if (append) fs.appendFileSync(file, text);
  else fs.writeFileSync(file, text);
  if (asRoot()) await run("chown", [OS_USER, file]);
}

async function startServer(pair: PgPair, dataDir: string, port: number) {
  if (await isRunning(pair, dataDir)) return;
  const log = path.join(pair.dir, `${path.basename(dataDir)}.log`);
  // -W: do not let pg_ctl wait; readiness is ours to poll.
  await pgRun(pair, "pg_ctl", ["-D", dataDir, "-l", log, "-W", "start"]);
  await waitReady(pair, port);
}

async function stopServer(pair: PgPair, dataDir: string, mode: "fast" | "immediate" = "fast") {
  if (!(await isRunning(pair, dataDir))) return;
  // pg_ctl stop waits (polling the postmaster pid) until the server is gone.
  await pgRun(pair, "pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
}

async function isRunning(pair: PgPair, dataDir: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) return false;
  try {
    await pgRun(pair, "pg_ctl", ["-D", dataDir, "status"]);
    return true;
  } catch {
    return false;
  }
}

async function initPrimary(pair: PgPair) {
  await pgRun(pair, "initdb", ["-D", pair.primaryDataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8"]);
  await writeAsOwner(
    path.join(pair.primaryDataDir, "postgresql.conf"),
    serverConf(pair, pair.primaryPort),
    true,
  );
  await writeAsOwner(path.join(pair.primaryDataDir, "pg_hba.conf"), HBA);
}

async function baseBackup(pair: PgPair) {
  // -R writes standby.signal and primary_conninfo; -C -S creates the slot that keeps WAL for a stopped replica.
  const slotArgs = (await hasSlot(pair)) ? ["-S", SLOT] : ["-C", "-S", SLOT];
  await pgRun(pair, "pg_basebackup", [
    ...["-h", "127.0.0.1", "-p", String(pair.primaryPort), "-U", "postgres"],
    ...["-D", pair.replicaDataDir, "-R", "-X", "stream", "-c", "fast", ...slotArgs],
  ]);
  // The copy carries the primary's settings; the replica's own port goes last and wins.
  await writeAsOwner(
    path.join(pair.replicaDataDir, "postgresql.conf"),
    `\nport = ${pair.replicaPort}\n`,
    true,
  );
}

async function hasSlot(pair: PgPair): Promise<boolean> {
  const { stdout } = await pgRun(pair, "psql", [
    ...["-h", "127.0.0.1", "-p", String(pair.primaryPort), "-U", "postgres", "-d", "postgres", "-Atq"],
    ...["-c", `select count(*) from pg_replication_slots where slot_name = '${SLOT}'`],
  ]);
  return stdout.trim() === "1";
}

/** Creates (when missing) and starts the primary, then the replica; resolves when both accept connections. */
export async function up(options: PgPairOptions): Promise<PgPair> {
  const pair = pairOf(options);
  const say = (s: string) => pair.quiet || console.log(`[postgres] ${s}`);
  await ownDir(pair.dir);
  if (!fs.existsSync(path.join(pair.primaryDataDir, "PG_VERSION"))) {
    say(`initdb primary in ${pair.primaryDataDir}`);
    await initPrimary(pair);
  }
  await startServer(pair, pair.primaryDataDir, pair.primaryPort);
  say(`primary ready on 127.0.0.1:${pair.primaryPort}`);
  if (!fs.existsSync(path.join(pair.replicaDataDir, "PG_VERSION"))) {
    say(`pg_basebackup replica into ${pair.replicaDataDir}`);
    await baseBackup(pair);
  }
  await startServer(pair, pair.replicaDataDir, pair.replicaPort);
  say(`replica ready on 127.0.0.1:${pair.replicaPort} (streaming from ${pair.primaryPort})`);
  return pair;
}

export const stopReplica = (pair: PgPair) => stopServer(pair, pair.replicaDataDir);
export const startReplica = (pair: PgPair) => startServer(pair, pair.replicaDataDir, pair.replicaPort);
export const stopPrimary = (pair: PgPair) => stopServer(pair, pair.primaryDataDir);
export const startPrimary = (pair: PgPair) => startServer(pair, pair.primaryDataDir, pair.primaryPort);

/** Stops both servers (replica first); `remove` deletes the whole directory afterwards. */
export async function down(pair: PgPair, opts: { remove?: boolean } = {}): Promise<void> {
  const errors: unknown[] = [];
  for (const dataDir of [pair.replicaDataDir, pair.primaryDataDir]) {
    await stopServer(pair, dataDir, "immediate").catch((err: unknown) => errors.push(err));
  }
  if (opts.remove) fs.rmSync(pair.dir, { recursive: true, force: true });
  if (errors.length) throw errors[0];
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function parseCli(argv: string[]): { command: string; options: PgPairOptions } {
  const [command = "", ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const dir = flag("dir");
  const primaryPort = Number(flag("primary-port") ?? 5433);
  const replicaPort = Number(flag("replica-port") ?? 5434);
  if (!dir || !["up", "down", "stop-replica", "start-replica"].includes(command)) {
    throw new Error(
      "usage: tsx scripts/cluster/postgres.ts up|down|stop-replica|start-replica --dir D " +
        "[--primary-port 5433] [--replica-port 5434] [--remove]",
    );
  }
  return { command, options: { dir, primaryPort, replicaPort } };
}

async function main(argv: string[]) {
  const { command, options } = parseCli(argv);
  const pair = pairOf(options);
  if (command === "up") {
    await up(options);
    console.log(`DATABASE_URL=${pair.primaryUrl}`);
    console.log(`DATABASE_REPLICA_URLS=${pair.replicaUrl}`);
  } else if (command === "down") await down(pair, { remove: argv.includes("--remove") });
  else if (command === "stop-replica") await stopReplica(pair);
  else await startReplica(pair);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}
