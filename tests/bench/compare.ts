// `npm run bench:compare -- <base-ref>`: `npm run bench:reports` of a base git ref against this working tree, in
// the same run and over the same kept database, so a restructure can show "no report slower than before" as a
// ratio rather than against figures taken on another day under another load (docs/performance.md).
//
//   1. Checks the base ref out into a temporary git worktree (node_modules symlinked to this tree's).
//   2. Prepares `losslens_bench_reports_<N>` once with the BASE tree's bench: built if missing, its facts derived
//      by the base code. Every timed run then passes `--keep-facts`, so neither tree re-derives the facts the other
//      derived (bench:reports re-derives whenever its facts code differs from the one that derived them).
//   3. Alternates timed runs, base then HEAD, for --rounds rounds (A B A B …), each a fresh process.
//   4. Prints per report the median over rounds of each side's cold and warm p50, and the HEAD / base ratio.
//
// "HEAD" is this working tree as it is (uncommitted changes included; the header says when it is dirty).
// Options: --sizes 100000 · --rounds 3 · --iters 10 · --warmup 2 · --only overview,stages,… · --keep-worktree
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: "string", default: "100000" },
    rounds: { type: "string", default: "3" },
    iters: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    only: { type: "string", default: "" },
    /** Leave the base worktree in place (its path is printed), e.g. to rerun it by hand. */
    "keep-worktree": { type: "boolean", default: false },
  },
});

const baseRef = positionals[0];
if (!baseRef) {
  console.error("usage: npm run bench:compare -- <base-ref> [--sizes 100000] [--rounds 3] [--iters 10]");
  process.exit(2);
}
const SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const root = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const sizes = values.sizes.split(",").map(Number);
const rounds = Number(values.rounds);
const log = (msg: string) => console.log(`[bench:compare] ${msg}`);

/** As tests/bench/reports.ts names its kept databases. */
const dbName = (n: number) =>
  `losslens_bench_reports_${n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`}`;

/** One report's p50s from one run, per size. */
type Figures = Map<number, Map<string, { cold: number; warm: number }>>;

/** The per-report summary table bench:reports prints after "reports at N deals", per size. */
function parseReportsOutput(out: string): Figures {
  const figures: Figures = new Map();
  let size: number | null = null;
  let columns: string[] | null = null;
  for (const line of out.split("\n")) {
    const at = /^reports at ([\d,]+) deals/.exec(line);
    if (at?.[1]) {
      size = Number(at[1].replaceAll(",", ""));
      figures.set(size, new Map());
      columns = null;
      continue;
    }
    if (size === null || !line.startsWith("|")) continue;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === "report") {
      // The first table after the size line is the per-report one; the per-combination table has "filters".
      columns = cells.includes("filters") ? null : cells;
      continue;
    }
    if (!columns || /^-+$/.test(cells[0] ?? "")) continue;
    const at50 = (name: string) => Number(cells[columns?.indexOf(name) ?? -1]);
    figures.get(size)?.set(cells[0] ?? "", { cold: at50("cold p50"), warm: at50("warm p50") });
  }
  return figures;
}

/** Runs one tree's bench:reports; resolves with its stdout, echoing only its progress lines. */
function runBench(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(cwd, "node_modules/tsx/dist/cli.mjs"), ...args], {
      cwd,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c;
      for (const l of String(c).split("\n")) if (l.startsWith("[bench:reports]")) console.log(`    ${l}`);
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`bench:reports in ${cwd} exited ${code}\n${err || out}`)),
    );
  });
}

/** Other sessions on a bench database (someone else's bench, a psql) would skew both sides' timings. */
async function otherSessions(db: string): Promise<number> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [db],
    );
    return r.rows[0]?.n ?? 0;
  } finally {
    await c.end();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const ratio = (head: number, base: number) => (base > 0 ? (head / base).toFixed(2) : "—");

function table(head: string[], rows: string[][]) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i] ?? 0)).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${w.map((x) => "-".repeat(x + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const base = git("rev-parse", "--verify", `${baseRef}^{commit}`);
  const head = git("rev-parse", "HEAD");
  const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), "losslens-bench-base-"));
  fs.rmdirSync(tree); // git worktree add wants to create it
  log(
    `base ${base.slice(0, 10)} (${baseRef}) vs HEAD ${head.slice(0, 10)}${dirty ? " + uncommitted changes" : ""}`,
  );
  git("worktree", "add", "--detach", tree, base);
  let removed = false;
  const removeTree = () => {
    if (removed || values["keep-worktree"]) return;
    removed = true;
    try {
      git("worktree", "remove", "--force", tree);
    } catch {
      fs.rmSync(tree, { recursive: true, force: true });
      git("worktree", "prune");
    }
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => {
      removeTree();
      process.exit(130);
    });
  try {
    fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(tree, "node_modules"), "dir");
    const common = ["tests/bench/reports.ts", "--sizes", values.sizes];
    if (values.only) common.push("--only", values.only);

    log(
      `preparing ${sizes.map(dbName).join(", ")} with the base tree (built if missing, facts by base code)…`,
    );
    await runBench(tree, [...common, "--iters", "1", "--warmup", "0"]);

    const timed = [...common, "--keep-facts", "--iters", values.iters, "--warmup", values.warmup];
    const runs: Record<"base" | "head", Figures[]> = { base: [], head: [] };
    for (let r = 1; r <= rounds; r++) {
      for (const [side, cwd] of [
        ["base", tree],
        ["head", root],
      ] as const) {
        for (const n of sizes) {
          const others = await otherSessions(dbName(n));
          if (others) log(`warning: ${others} other session(s) on ${dbName(n)} — the timings may be skewed`);
        }
        const t0 = Date.now();
        runs[side].push(parseReportsOutput(await runBench(cwd, timed)));
        log(
          `round ${r}/${rounds} ${side === "base" ? "base" : "HEAD"} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        );
      }
    }

    console.log(
      `\nbench:reports, base ${base.slice(0, 10)} vs HEAD ${head.slice(0, 10)}${dirty ? "+dirty" : ""} · ${rounds} rounds (base, HEAD alternating) · ${values.iters} runs per combination after ${values.warmup} warm-up · median over rounds of each run's p50, ms`,
    );
    for (const n of sizes) {
      console.log(`\n${n.toLocaleString("en-US")} deals`);
      const reports = [...(runs.base[0]?.get(n)?.keys() ?? [])];
      if (!reports.length) throw new Error(`no figures parsed for ${n} deals`);
      const rows = reports.map((rep) => {
        const pick = (side: "base" | "head", k: "cold" | "warm") =>
          median(runs[side].map((f) => f.get(n)?.get(rep)?.[k] ?? Number.NaN));
        const [bc, hc, bw, hw] = [
          pick("base", "cold"),
          pick("head", "cold"),
          pick("base", "warm"),
          pick("head", "warm"),
        ];
        return [rep, fmt(bc), fmt(hc), ratio(hc, bc), fmt(bw), fmt(hw), ratio(hw, bw)];
      });
      table(["report", "base cold", "HEAD cold", "ratio", "base warm", "HEAD warm", "ratio"], rows);
    }
  } finally {
    removeTree();
    if (values["keep-worktree"]) log(`base worktree kept at ${tree}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
