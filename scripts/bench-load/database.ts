/**
 * The database `npm run bench:load` serves: a generated portal (seed 42) synced in full through the emulator —
 * the real sync path, as `npm start`'s demo and `npm run bench:reports` do — plus the demo logins. Built once
 * (`losslens_bench_load_100k` for the default size) and kept; later runs only migrate it and re-seed the logins.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, queryRows } from "../../db";
import { portals } from "../../db/schema";
import { DEFAULT_NOW, generatePortalWithTruth } from "../../emulator/generator";
import { startEmulator } from "../../emulator/server";
import { seedDemoUsers } from "../../lib/auth/demo-users";
import { connectWebhookPortal } from "../../lib/portals";
import { runSync } from "../../lib/sync/run";

export const SEED = 42;
/** The generator's frozen "now": the server reads reports as of that day, so "last 90 days" is a full quarter. */
export const BENCH_NOW = DEFAULT_NOW;

export interface LoadDatabase {
  url: string;
  name: string;
  /** Seconds the build took (generate + sync + logins), or null when a kept database was reused. */
  builtInS: number | null;
}

export const loadDbName = (deals: number) =>
  `losslens_bench_load_${deals >= 1_000_000 ? `${deals / 1_000_000}m` : `${deals / 1000}k`}`;

function urlFor(server: string, db: string): string {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T extends pg.QueryResultRow>(server: string, text: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** A kept database counts as built when its portal finished a full sync (an interrupted build does not). */
async function isBuilt(server: string, name: string): Promise<boolean> {
  const found = await admin(server, "select 1 from pg_database where datname = $1", [name]);
  if (!found.length) return false;
  const c = new pg.Client({ connectionString: urlFor(server, name) });
  await c.connect();
  try {
    const { rows } = await c.query(
      "select 1 from information_schema.tables where table_name = 'sync_runs' and table_schema = 'public'",
    );
    if (!rows.length) return false;
    const done = await c.query(
      "select 1 from sync_runs where kind = 'full' and status = 'succeeded' limit 1",
    );
    return done.rows.length > 0;
  } finally {
    await c.end();
  }
}

/** Generates the portal, serves it from the emulator on loopback, connects and syncs it in full. */
async function build(url: string, deals: number, log: (m: string) => void) {
  const handle = await openDatabase({ url, quiet: true, purpose: "bench:load (build)" });
  try {
    const t0 = Date.now();
    const { snapshot, truth } = generatePortalWithTruth({ seed: SEED, deals, now: BENCH_NOW });
    log(
      `generated ${deals} deals in ${((Date.now() - t0) / 1000).toFixed(1)} s; syncing through the emulator…`,
    );
    const emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
    try {
      const portal = await connectWebhookPortal(handle.db, emu.webhookUrl);
      await handle.db
        .update(portals)
        .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: truth.reasonField } })
        .where(sql`${portals.id} = ${portal.id}`);
      await runSync(handle, portal.id, {
        mode: "full",
        client: { limits: { burst: 1e6, drainPerSec: 1e6 } },
      });
    } finally {
      await emu.close();
    }
    await handle.db.execute(sql`analyze`);
  } finally {
    await handle.close();
  }
}

/** Migrates the database and (re-)seeds the demo logins: idempotent, so a kept database is always ready. */
async function prepare(url: string) {
  const handle = await openDatabase({ url, quiet: true, purpose: "bench:load (prepare)" });
  try {
    const [portal] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from portals order by id limit 1`,
    );
    if (!portal) throw new Error("the bench database has no portal");
    await seedDemoUsers(handle.db, portal.id);
  } finally {
    await handle.close();
  }
}

/** The kept bench database, built first when missing, half-built or `rebuild`. */
export async function ensureLoadDatabase(o: {
  server: string;
  deals: number;
  rebuild: boolean;
  log: (m: string) => void;
}): Promise<LoadDatabase> {
  const name = loadDbName(o.deals);
  const url = urlFor(o.server, name);
  let builtInS: number | null = null;
  if (o.rebuild || !(await isBuilt(o.server, name))) {
    const t0 = Date.now();
    o.log(`building ${name} (first run, or --rebuild)…`);
    await admin(o.server, `drop database if exists ${name}`);
    await admin(o.server, `create database ${name}`);
    await build(url, o.deals, o.log);
    builtInS = Math.round((Date.now() - t0) / 100) / 10;
  }
  await prepare(url);
  if (builtInS !== null) o.log(`built ${name} in ${builtInS} s`);
  return { url, name, builtInS };
}
