// `npm run sync -- [--portal ID | --webhook URL] [--full]`: sync a Bitrix24 portal from cron or a terminal.
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "../db";
import { DataDirLockedError } from "../db/lock";
import { portals } from "../db/schema";
import { connectWebhookPortal } from "../lib/portals";
import { readControlFile } from "../lib/server-control";
import { type EntityProgress, runSync } from "../lib/sync/run";
import type { SyncStatus } from "../lib/sync/status";
import { ensureAuthSecret } from "./env";

function progressPrinter() {
  const tty = process.stdout.isTTY;
  const started = Date.now();
  return (entity: string, p: EntityProgress) => {
    const secs = (Date.now() - started) / 1000;
    const pct = p.total ? Math.min(100, Math.round((p.rows / p.total) * 100)) : null;
    const eta = p.total && p.rows > 0 ? Math.max(0, Math.round((secs / p.rows) * (p.total - p.rows))) : null;
    const line = `[sync] ${entity.padEnd(12)} ${String(p.rows).padStart(8)} rows${p.total ? ` / ${p.total}` : ""}${pct === null ? "" : ` (${pct}%)`} · ${p.pages} pages${eta === null ? "" : ` · ETA ${eta}s`}`;
    if (tty) process.stdout.write(`\r${line.padEnd(100)}`);
    else console.log(line);
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      portal: { type: "string" },
      webhook: { type: "string" },
      full: { type: "boolean", default: false },
    },
  });
  ensureAuthSecret();
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ url: process.env.DATABASE_URL || undefined, purpose: "npm run sync" });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    if (values.webhook)
      throw new Error(`${err.message}\nConnect new portals in Settings while the server runs.`);
    return syncThroughServer(err, values.portal ? Number(values.portal) : undefined, values.full ?? false);
  }
  try {
    let portalId = values.portal ? Number(values.portal) : null;
    const webhook = values.webhook ?? process.env.BITRIX24_WEBHOOK_URL;
    if (!portalId && webhook) portalId = (await connectWebhookPortal(handle.db, webhook)).id;
    if (!portalId) {
      const all = await handle.db.select({ id: portals.id }).from(portals);
      if (all.length !== 1)
        throw new Error(
          all.length
            ? "several portals are connected: pass --portal ID"
            : "no portal connected: pass --webhook URL",
        );
      portalId = all[0]!.id;
    }
    const [portal] = await handle.db.select().from(portals).where(eq(portals.id, portalId));
    if (!portal) throw new Error(`portal ${portalId} not found`);
    console.log(
      `[sync] ${portal.domain}: ${values.full ? "full" : "incremental (full if never synced)"} sync`,
    );
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort(new Error("interrupted")));
    const summary = await runSync(handle, portalId, {
      mode: values.full ? "full" : "incremental",
      trigger: "cli",
      signal: controller.signal,
      onProgress: progressPrinter(),
    });
    if (process.stdout.isTTY) process.stdout.write("\n");
    const rows = Object.entries(summary.progress)
      .map(([k, p]) => `${k}=${p.rows}`)
      .join(" ");
    console.log(
      `[sync] ${summary.mode}${summary.resumed ? " (resumed)" : ""} done in ${(summary.durationMs / 1000).toFixed(1)}s: ${rows}; ` +
        `${summary.apiCalls} API calls, ${summary.quarantined} quarantined`,
    );
  } finally {
    await handle.close();
  }
}

/** PGlite is held by the running server: ask it to sync, and follow its progress. */
async function syncThroughServer(locked: DataDirLockedError, portalId: number | undefined, full: boolean) {
  const control = readControlFile();
  if (!control || control.pid !== locked.holder.pid) {
    throw new Error(
      `${locked.message}\nThe holder is not a LossLens server this CLI can talk to, so it cannot sync now.`,
    );
  }
  const base = `http://127.0.0.1:${control.port}/api/internal/sync`;
  const headers = { authorization: `Bearer ${control.token}`, "content-type": "application/json" };
  console.log(`[sync] the server (pid ${control.pid}) holds the database; asking it to sync`);
  const before = portalId
    ? (((await (await fetch(`${base}?portal=${portalId}`, { headers })).json()) as SyncStatus).runs[0]?.id ??
      0)
    : 0;
  const res = await fetch(base, { method: "POST", headers, body: JSON.stringify({ portalId, full }) });
  if (!res.ok) throw new Error(`the server refused: HTTP ${res.status} ${await res.text()}`);
  const started = (await res.json()) as { portalId: number; started: boolean };
  if (!started.started) console.log("[sync] a sync of this portal is already running there; following it");
  const print = progressPrinter();
  const shown = new Map<string, number>();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const status = (await (
      await fetch(`${base}?portal=${started.portalId}`, { headers })
    ).json()) as SyncStatus;
    const run = status.runs[0];
    // The server queues the sync: until a worker picks it up, the newest run is an older one.
    if (!run || (started.started && run.id <= before)) continue;
    for (const [entity, p] of Object.entries(run.progress)) {
      if (shown.get(entity) === p.rows) continue;
      shown.set(entity, p.rows);
      print(entity, p);
    }
    if (!status.running && run.status !== "running") {
      if (process.stdout.isTTY) process.stdout.write("\n");
      console.log(
        `[sync] ${run.kind} ${run.status} in ${(run.durationMs / 1000).toFixed(1)}s, ${run.apiCalls} API calls, ${run.quarantined} quarantined`,
      );
      if (run.status !== "succeeded") throw new Error(run.errorMessage ?? run.status);
      return;
    }
  }
}

main().catch((err: unknown) => {
  if (process.stdout.isTTY) process.stdout.write("\n");
  console.error(`[sync] failed: ${(err as Error).message}`);
  process.exit(1);
});
