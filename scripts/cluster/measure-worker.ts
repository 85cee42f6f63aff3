/**
 * Kill a worker mid-sync: a large generated portal is served by an emulator process of its own, connected, and
 * a full sync is queued. When the sync has stored part of the deals, the worker holding the portal's sync lock
 * (found through Postgres: the lock's backend, its client port, the process owning that socket) is SIGKILLed.
 * The other worker must take the job over (the schedule's tick fails the orphaned job, pg-boss retries it), the
 * run resumes from the saved cursors, and in the end every table holds exactly the rows a full sync must store.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { openDatabase } from "../../db";
import { generatePortal } from "../../emulator/generator";
import { stopJobQueue } from "../../lib/jobs/queue";
import { connectWebhookPortal } from "../../lib/portals";
import { startSyncJob } from "../../lib/sync/jobs";
import type { Cluster } from "./demo";
import { until, waitHttp } from "./procs";

const EMULATOR_PORT = 3201;
const SEED = 7;

/** Emulator list method → LossLens table holding its rows for the portal. */
const TABLES: Record<string, string> = {
  "crm.deal.list": "deals",
  "crm.stagehistory.list": "stage_history",
  "crm.activity.list": "activities",
  "crm.timeline.comment.list": "comments where source = 'timeline' and",
  "crm.company.list": "companies",
  "crm.contact.list": "contacts",
};

type Query = <T>(text: string, values?: unknown[]) => Promise<T[]>;

/**
 * What a full sync must store, from the same generated portal the emulator process serves (same seed, size and
 * lean form, so the same rows): every list's rows, except timeline comments, which a full sync reads for lost
 * deals only (lib/sync/comment-pass.ts; `commentsForAllDeals` is off by default).
 */
function portalCounts(seed: number, deals: number): Record<string, number> {
  const lists = generatePortal({ seed, deals, lean: true }).lists;
  const lost = new Set(
    lists["crm.deal.list"].filter((d) => d.STAGE_SEMANTIC_ID === "F").map((d) => String(d.ID)),
  );
  const out: Record<string, number> = {};
  for (const method of Object.keys(TABLES)) out[method] = lists[method as keyof typeof lists]?.length ?? -1;
  out["crm.timeline.comment.list"] = lists["crm.timeline.comment.list"].filter(
    (c) => c.ENTITY_TYPE === "deal" && lost.has(String(c.ENTITY_ID)),
  ).length;
  return out;
}

/** The pid of the local process whose TCP socket has local port `port` (ss -tnp). */
function pidOwningPort(port: number): number | null {
  const out = execFileSync("ss", ["-Htnp", "state", "established", `( sport = :${port} )`], {
    encoding: "utf8",
  });
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

function groupOf(pid: number): number {
  return Number(execFileSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).trim());
}

export async function measureWorkerKill(c: Cluster, deals: number) {
  const emu = c.procs.start(
    "emulator-large",
    "npx",
    [
      "tsx",
      "emulator/cli.ts",
      "--port",
      String(EMULATOR_PORT),
      "--seed",
      "7",
      "--deals",
      String(deals),
      "--no-limits",
    ],
    { env: c.env },
  );
  await waitHttp(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/counters`, 300_000, emu);
  const webhook = await until(
    "the emulator's webhook URL",
    async () => /incoming webhook: (\S+)/.exec(fs.readFileSync(emu.log, "utf8"))?.[1],
    10_000,
  );
  const expected = portalCounts(SEED, deals);
  // This script only sends the sync job: it runs no worker and no schedule of its own.
  process.env.LOSSLENS_WORKER = "0";
  const handle = await openDatabase({ url: c.pair.primaryUrl, purpose: "cluster measure (worker kill)" });
  const pool = new pg.Pool({ connectionString: c.pair.primaryUrl, max: 2 });
  const q: Query = async <T>(text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows as T[];
  try {
    const portal = await connectWebhookPortal(handle.db, webhook);
    const started = Date.now();
    await startSyncJob(handle, portal.id, { mode: "full", trigger: "manual" });
    const half = Math.floor((expected["crm.deal.list"] ?? deals) / 2);
    // Mid-sync: half of the deals stored, the rest (and history, activities, comments) still to come.
    await until(
      "half of the deals",
      async () => {
        const [r] = await q<{ n: number }>("select count(*)::int as n from deals where portal_id = $1", [
          portal.id,
        ]);
        return (r?.n ?? 0) >= half ? true : undefined;
      },
      600_000,
    );
    const [holder] = await q<{ port: number }>(
      `select a.client_port as port from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.objid = $1 and l.granted`,
      [portal.id],
    );
    const pid = holder ? pidOwningPort(holder.port) : null;
    if (!pid) throw new Error("no process holds the portal's sync lock");
    const pgid = groupOf(pid);
    const victim = ["worker-1", "worker-2"].find((n) => c.procs.get(n)?.child.pid === pgid);
    if (!victim) throw new Error(`the sync lock is held by pid ${pid}, not by one of the two workers`);
    const [atKill] = await q<{ n: number }>("select count(*)::int as n from deals where portal_id = $1", [
      portal.id,
    ]);
    const killedAtMs = Date.now() - started;
    console.log(
      `[measure] SIGKILL ${victim} (pid ${pid}) with ${atKill?.n} deals stored, ${killedAtMs} ms in`,
    );
    await c.procs.kill(victim, "SIGKILL");

    const finished = await until(
      "a succeeded sync run",
      async () => {
        const [r] = await q<{ id: number }>(
          "select id from sync_runs where portal_id = $1 and status = 'succeeded' and kind = 'full'",
          [portal.id],
        );
        return r;
      },
      900_000,
    );
    const finishedAtMs = Date.now() - started;
    const runs = await q<Record<string, unknown>>(
      `select id, status, trigger, started_at, finished_at, api_calls, error_code, progress->'deals' as deals
         from sync_runs where portal_id = $1 order by id`,
      [portal.id],
    );
    const counts: Record<string, { portal: number; stored: number; distinct: number }> = {};
    for (const [method, table] of Object.entries(TABLES)) {
      const [r] = await q<{ n: number; d: number }>(
        `select count(*)::int as n, count(distinct bitrix_id)::int as d from ${table.includes(" ") ? table : `${table} where`} portal_id = $1`,
        [portal.id],
      );
      counts[table.split(" ")[0] as string] = {
        portal: expected[method] ?? -1,
        stored: r?.n ?? 0,
        distinct: r?.d ?? 0,
      };
    }
    const listCalls = (await (
      await fetch(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/counters`)
    ).json()) as {
      result: { byMethod: Record<string, number> };
    };
    const equal = Object.values(counts).every((x) => x.portal === x.stored && x.stored === x.distinct);
    console.log(
      `[measure] sync finished ${finishedAtMs} ms after it was queued, on the surviving worker; counts ${equal ? "equal" : "DIFFER"}: ` +
        Object.entries(counts)
          .map(([t, x]) => `${t} ${x.stored}/${x.portal}`)
          .join(", "),
    );
    return {
      deals,
      killed: victim,
      dealsStoredAtKill: atKill?.n,
      killedAtMs,
      finishedRunId: finished.id,
      finishedAtMs,
      runs,
      counts,
      countsEqual: equal,
      emulatorCalls: listCalls.result.byMethod,
    };
  } finally {
    await stopJobQueue(handle, 5_000);
    await handle.close();
    await pool.end();
    await c.procs.kill("emulator-large");
  }
}
