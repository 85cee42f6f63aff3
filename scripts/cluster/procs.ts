/**
 * Every process the cluster script starts, tracked in one place so that Ctrl-C, an error or a normal end stops
 * them all. Each child runs in its own process group (`detached`), so a kill reaches what it forked too
 * (`next start` may fork its server). Output goes to one log file per process; readiness is polled, never slept for.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export class Procs {
  private readonly procs = new Map<string, Proc>();
  private readonly cleanups: (() => Promise<void>)[] = [];
  private stopping: Promise<void> | null = null;

  constructor(readonly logDir: string) {
    fs.mkdirSync(logDir, { recursive: true });
  }

  start(name: string, cmd: string, args: string[], opts: StartOptions = {}): Proc {
    if (this.running(name)) throw new Error(`${name} is already running`);
    const log = path.join(this.logDir, `${name}.log`);
    const fd = fs.openSync(log, "a");
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true,
    });
    fs.closeSync(fd);
    const exited = new Promise<number | null>((resolve) => {
      child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null)));
      child.once("error", () => resolve(-1));
    });
    const proc = { name, child, log, exited };
    this.procs.set(name, proc);
    return proc;
  }

  get(name: string): Proc | undefined {
    return this.procs.get(name);
  }

  running(name: string): boolean {
    const p = this.procs.get(name);
    return !!p && p.child.exitCode === null && p.child.signalCode === null;
  }

  /** Signals the process group of `name` and waits until its leader exits. */
  async kill(name: string, signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<void> {
    const p = this.procs.get(name);
    if (!p || !this.running(name) || p.child.pid === undefined) return;
    const pid = p.child.pid;
    signalGroup(pid, signal);
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
    await p.exited;
    clearTimeout(timer);
    // The leader is gone; anything it forked into the group goes with it.
    signalGroup(pid, "SIGKILL");
  }

  /** Registers a cleanup step (stopping Postgres, closing the emulator) run after the processes stop. */
  onStop(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  /** Stops every process (all at once, SIGKILL after 5 s), then runs the cleanups (newest first). Idempotent. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(
        [...this.procs.keys()].map((name) => this.kill(name, "SIGTERM", 5_000).catch(() => {})),
      );
      for (const fn of this.cleanups.reverse()) {
        await fn().catch((err: unknown) => console.error(`[cluster] cleanup: ${(err as Error).message}`));
      }
    })();
    return this.stopping;
  }

  /** Ctrl-C, SIGTERM or an uncaught error stop everything before the script exits. */
  stopOnExit(): void {
    // A closed terminal or pipe (the reader died with the same Ctrl-C) must not crash the cleanup half-way.
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
    const bye = (code: number) => {
      console.log("[cluster] stopping every process it started…");
      void this.stopAll().finally(() => {
        console.log("[cluster] stopped");
        process.exit(code);
      });
    };
    process.once("SIGINT", () => bye(130));
    process.once("SIGTERM", () => bye(143));
    process.once("uncaughtException", (err) => {
      console.error(err);
      bye(1);
    });
    process.once("unhandledRejection", (err) => {
      console.error(err);
      bye(1);
    });
    // Last resort on a plain exit: no awaiting here, so only signals.
    process.once("exit", () => {
      for (const p of this.procs.values()) if (p.child.pid) signalGroup(p.child.pid, "SIGKILL");
    });
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Polls `url` until it answers with a status below 500 (or throws after `timeoutMs`); fails early if `proc` dies. */
export async function waitHttp(url: string, timeoutMs = 120_000, proc?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void proc?.exited.then(() => {
    dead = true;
  });
  for (;;) {
    if (dead) throw new Error(`${proc?.name} exited before ${url} answered (see ${proc?.log})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "manual" });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Polls `proc`'s log until a line matches `pattern`; fails early if the process exits. */
export async function waitForLog(proc: Proc, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let code: number | null | undefined;
  void proc.exited.then((c) => {
    code = c;
  });
  for (;;) {
    if (pattern.test(fs.readFileSync(proc.log, "utf8"))) return;
    if (code !== undefined) throw new Error(`${proc.name} exited (${code}) before ready (see ${proc.log})`);
    if (Date.now() > deadline)
      throw new Error(`${proc.name} not ready within ${timeoutMs} ms (see ${proc.log})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Polls `check` every 100 ms until it returns a value (not undefined); throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
