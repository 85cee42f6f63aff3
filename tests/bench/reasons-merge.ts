// `npx tsx tests/bench/reasons-merge.ts --deals 100000`: how long an admin's dictionary change takes to apply on a
// large portal (issue 15: "takes effect in seconds without a full sync"). Syncs a generated portal into a fresh
// Postgres database (kept with --keep, reused with --db NAME), then times merging the two largest reasons, splitting
// the survivor back, and remapping one raw reason — each one transaction: map, applyReasonMap, bump, audit.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, queryRows } from "../../db";
import { generatePortal } from "../../emulator/generator";
import { startEmulator } from "../../emulator/server";
import { connectWebhookPortal } from "../../lib/portals";
import { mapRawReason } from "../../lib/reasons/admin";
import { mergeReasons, splitReason } from "../../lib/reasons/admin-merge";
import { getReasonDictionary } from "../../lib/reasons/dictionary";
import { runSync } from "../../lib/sync/run";

process.env.AUTH_SECRET ??= randomBytes(24).toString("hex");
const { values } = parseArgs({
  options: {
    deals: { type: "string", default: "100000" },
    db: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = values.db ?? `losslens_bench_reasons_${Number(values.deals)}`;

async function admin(statement: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}

async function main() {
  const u = new URL(server);
  u.pathname = `/${dbName}`;
  const fresh = !values.db;
  if (fresh) await admin(`create database ${dbName}`);
  const handle = await openDatabase({ url: u.toString(), quiet: true });
  let portalId = 1;
  if (fresh) {
    const emu = await startEmulator({
      snapshot: generatePortal({ seed: 42, deals: Number(values.deals) }),
      port: 0,
      limits: { enabled: false },
    });
    const portal = await connectWebhookPortal(handle.db, emu.webhookUrl);
    portalId = portal.id;
    await time(`full sync of ${values.deals} deals`, () =>
      runSync(handle, portal.id, { mode: "full", client: { limits: { burst: 1e6, drainPerSec: 1e6 } } }),
    );
    await emu.close();
  }
  const [lost] = await queryRows<{ n: number }>(
    handle.db,
    sql`select count(*)::int as n from deal_facts where portal_id = ${portalId} and outcome = 'lost'`,
  );
  const d = await getReasonDictionary(handle.db, portalId);
  const [a, b] = [...d.reasons].sort((x, y) => y.lostDeals - x.lostDeals);
  if (!a || !b) throw new Error("fewer than two reasons");
  console.log(
    `\n${lost?.n} lost deals; merging «${b.name}» (${b.lostDeals}) into «${a.name}» (${a.lostDeals})`,
  );
  const actor = { portalId, userId: 0 };
  await time("merge", () => mergeReasons(handle.db, actor, b.id, a.id));
  await time("split back", () => splitReason(handle.db, actor, a.id));
  const raw = d.raws.find((r) => r.lostDeals > 0);
  if (raw) {
    console.log(`remapping ${raw.rawKey} (${raw.lostDeals} deals) to not specified and back`);
    await time("map to not specified", () => mapRawReason(handle.db, actor, raw.rawKey, null));
    await time("map back", () => mapRawReason(handle.db, actor, raw.rawKey, raw.reasonId));
  }
  await handle.close();
  if (fresh && !values.keep) await admin(`drop database ${dbName} with (force)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
