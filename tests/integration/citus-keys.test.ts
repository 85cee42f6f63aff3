/**
 * The migrated database keeps the Citus rules (docs/scaling.md, "Sharding by portal on Citus"), read from the
 * catalog — so tables written by SQL alone (comment_search) are checked too; migration 0018 keys a database that
 * already holds data at 0017; deleting a theme a reason is about still works without ON DELETE SET NULL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase, queryRows } from "@/db";
import { applyMigrations, migrationsFolder } from "@/db/migrate";
import { DISTRIBUTION_COLUMN, tenancyOf } from "@/db/schema/tenancy";
import { deleteTheme } from "@/lib/themes/admin";
import { createTestDb, type TestDb } from "../helpers/test-db";

interface Violation {
  table: string;
  rule: string;
}

/** The rules of scripts/citus-schema-rules.ts, over the catalog of a migrated database. */
async function catalogViolations(db: DbHandle["db"]): Promise<Violation[]> {
  const out: Violation[] = [];
  const tables = await queryRows<{ name: string; portal: number | null; not_null: boolean | null }>(
    db,
    sql`select c.relname as name, a.attnum as portal, a.attnotnull as not_null
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attname = ${DISTRIBUTION_COLUMN} and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  const portalCol = new Map(tables.map((t) => [t.name, t.portal]));
  for (const t of tables) {
    const place = tenancyOf(t.name);
    if (place === null) out.push({ table: t.name, rule: "in none of the lists of db/schema/tenancy.ts" });
    if (place === "tenant" && !t.not_null)
      out.push({ table: t.name, rule: `${DISTRIBUTION_COLUMN} missing or nullable` });
  }
  const keys = await queryRows<{
    name: string;
    kind: string;
    conname: string;
    cols: number[];
    target: string | null;
    fcols: number[] | null;
    del: string | null;
    upd: string | null;
  }>(
    db,
    sql`select c.relname as name, k.contype as kind, k.conname, k.conkey::int[] as cols, t.relname as target,
        k.confkey::int[] as fcols, k.confdeltype as del, k.confupdtype as upd
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      left join pg_class t on t.oid = k.confrelid
      where n.nspname = 'public' and k.contype in ('p', 'u', 'f')
      union all
      select c.relname, 'i', i.relname, string_to_array(x.indkey::text, ' ')::int[], null, null, null, null
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and x.indisunique and not x.indisprimary`,
  );
  for (const k of keys) {
    if (tenancyOf(k.name) !== "tenant") continue;
    const at = k.cols.indexOf(portalCol.get(k.name) ?? -1);
    if ((k.kind === "p" || k.kind === "u" || k.kind === "i") && at === -1)
      out.push({ table: k.name, rule: `${k.conname} lacks ${DISTRIBUTION_COLUMN}` });
    if (k.kind !== "f" || !k.target) continue;
    const targetPlace = tenancyOf(k.target);
    if (targetPlace === "tenant" && (at === -1 || k.fcols?.[at] !== portalCol.get(k.target)))
      out.push({ table: k.name, rule: `${k.conname} to ${k.target} does not pair ${DISTRIBUTION_COLUMN}` });
    if (targetPlace !== "tenant" && targetPlace !== "reference")
      out.push({ table: k.name, rule: `${k.conname} points at ${k.target}` });
    if (at !== -1 && (k.del === "n" || k.del === "d"))
      out.push({
        table: k.name,
        rule: `${k.conname} holds ${DISTRIBUTION_COLUMN} and deletes with SET NULL/DEFAULT`,
      });
    if (at !== -1 && k.upd !== "a" && k.upd !== "r")
      out.push({
        table: k.name,
        rule: `${k.conname} holds ${DISTRIBUTION_COLUMN} and has an ON UPDATE action`,
      });
  }
  return out;
}

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

describe("a freshly migrated database", () => {
  it("keeps the Citus rules in its catalog, SQL-only tables included", async () => {
    const tables = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'comment_search'`,
    );
    expect(tables[0]?.n).toBe(1);
    expect(await catalogViolations(t.db)).toEqual([]);
  });

  it("catches a table that breaks them", async () => {
    await t.db.execute(sql`create table t_global_keys (id serial primary key, portal_id integer)`);
    try {
      const found = await catalogViolations(t.db);
      expect(found).toContainEqual({
        table: "t_global_keys",
        rule: "in none of the lists of db/schema/tenancy.ts",
      });
    } finally {
      await t.db.execute(sql`drop table t_global_keys`);
    }
  });

  it("deletes a theme a reason is about: the reason loses the theme, no ON DELETE SET NULL needed", async () => {
    const [portal] = await queryRows<{ id: number }>(
      t.db,
      sql`insert into portals (domain, auth_type, credentials_enc, credentials_hint)
        values ('keys.example', 'webhook', 'x', 'x') returning id`,
    );
    const portalId = portal?.id ?? 0;
    const [theme] = await queryRows<{ id: number }>(
      t.db,
      sql`insert into themes (portal_id, key, name_ru, name_en) values (${portalId}, 'price', 'Цена', 'Price') returning id`,
    );
    await t.db.execute(
      sql`insert into loss_reasons (portal_id, name, theme_id) values (${portalId}, 'Дорого', ${theme?.id})`,
    );
    expect(await deleteTheme(t.db, portalId, theme?.id ?? 0)).toBe(true);
    const reasons = await queryRows<{ name: string; theme_id: number | null }>(
      t.db,
      sql`select name, theme_id from loss_reasons where portal_id = ${portalId}`,
    );
    expect(reasons).toEqual([{ name: "Дорого", theme_id: null }]);
  });
});

describe("migration 0018 on a database with data at 0017", () => {
  let dir: string;
  let handle: DbHandle & { destroy?: () => Promise<void> };
  let adminUrl: string | null = null;
  let dbName = "";

  beforeAll(async () => {
    // The migrations up to 0017 only: a copy of the folder whose journal stops there.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "losslens-0017-"));
    const src = migrationsFolder();
    fs.mkdirSync(path.join(dir, "meta"));
    const journal = JSON.parse(fs.readFileSync(path.join(src, "meta", "_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const upTo = journal.entries.findIndex((e) => e.tag === "0017_reason_dictionary");
    journal.entries = journal.entries.slice(0, upTo + 1);
    fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
    for (const e of journal.entries)
      fs.copyFileSync(path.join(src, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));

    if (t.url) {
      const server = new URL(t.url);
      dbName = `${server.pathname.slice(1)}_m17`;
      server.pathname = "/postgres";
      adminUrl = server.toString();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      server.pathname = `/${dbName}`;
      handle = await openDatabase({ url: server.toString(), migrate: false, quiet: true });
      const client = new pg.Client({ connectionString: server.toString() });
      await client.connect();
      await migratePg(drizzlePg({ client }), { migrationsFolder: dir });
      await client.end();
    } else {
      handle = await openDatabase({ dataDir: "memory://", migrate: false, quiet: true });
      await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: dir });
    }
  });
  afterAll(async () => {
    await handle?.close();
    if (adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keys every row it holds, and the rows stay", async () => {
    const db = handle.db;
    const [p] = await queryRows<{ id: number }>(
      db,
      sql`insert into portals (domain, auth_type, credentials_enc, credentials_hint)
        values ('m17.example', 'webhook', 'x', 'x') returning id`,
    );
    const pid = p?.id ?? 0;
    const [u] = await queryRows<{ id: number }>(
      db,
      sql`insert into app_users (email, name, role) values ('a@m17.example', 'A', 'admin') returning id`,
    );
    await db.execute(
      sql`insert into themes (portal_id, key, name_ru, name_en) values (${pid}, 'price', 'Цена', 'Price')`,
    );
    await db.execute(sql`insert into competitors (portal_id, name) values (${pid}, 'amoCRM')`);
    await db.execute(sql`insert into comments (portal_id, source, bitrix_id, deal_id, body, body_text, raw)
      values (${pid}, 'timeline', 1, 10, 'дорого, ушли в amoCRM', 'дорого, ушли в amoCRM', '{}')`);
    await db.execute(sql`insert into comment_themes (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id)
      select ${pid}, 'timeline', 1, id, 10 from themes where portal_id = ${pid}`);
    await db.execute(sql`insert into comment_competitors (portal_id, comment_source, comment_bitrix_id, competitor_id, deal_id)
      select ${pid}, 'timeline', 1, id, 10 from competitors where portal_id = ${pid}`);
    await db.execute(sql`insert into loss_reasons (portal_id, name, theme_id)
      select ${pid}, 'Дорого', id from themes where portal_id = ${pid}`);
    await db.execute(sql`insert into loss_reasons (portal_id, name, merged_into)
      select ${pid}, 'Цена высокая', id from loss_reasons where portal_id = ${pid}`);
    await db.execute(sql`insert into loss_reason_map (portal_id, raw_key, raw_label, reason_id)
      select ${pid}, 'stage:LOSE', 'Дорого', min(id) from loss_reasons where portal_id = ${pid}`);
    await db.execute(sql`insert into loss_reason_rejections (portal_id, reason_a, reason_b)
      select ${pid}, min(id), max(id) from loss_reasons where portal_id = ${pid}`);
    await db.execute(
      sql`insert into sync_runs (portal_id, kind, status, trigger) values (${pid}, 'full', 'succeeded', 'cli')`,
    );
    await db.execute(
      sql`insert into quarantine (portal_id, entity, reason, payload) values (${pid}, 'deal', 'bad', '{}')`,
    );
    await db.execute(sql`insert into share_links (token_hash, portal_id, created_by, report, filters, expires_at)
      values ('h', ${pid}, ${u?.id}, 'stages', '{}', now() + interval '1 day')`);
    await db.execute(sql`insert into deal_facts (portal_id, deal_id, outcome, pipeline_id, stage_id, created_at)
      values (${pid}, 10, 'lost', 0, 'LOSE', now())`);
    await db.execute(sql`insert into deal_facts_stage_days (portal_id, deal_id, stage_id, days, outcome, pipeline_id,
        is_returning_client, amount_base) values (${pid}, 10, 'NEW', 2, 'lost', 0, false, 0), (${pid}, 10, 'WORK', 3, 'lost', 0, false, 0)`);
    await db.execute(sql`insert into deal_facts_monthly (portal_id, month, outcome, pipeline_id, is_returning_client,
        deals, amount_sum, amount_missing) values (${pid}, '2026-01-01', 'lost', 0, false, 1, '0', 1)`);
    const counts = sql`select (select count(*) from themes) + (select count(*) from competitors)
        + (select count(*) from comment_themes) + (select count(*) from comment_competitors)
        + (select count(*) from loss_reasons) + (select count(*) from loss_reason_map where reason_id is not null)
        + (select count(*) from loss_reasons where theme_id is not null or merged_into is not null)
        + (select count(*) from loss_reason_rejections) + (select count(*) from sync_runs) + (select count(*) from quarantine)
        + (select count(*) from share_links) + (select count(*) from deal_facts_stage_days)
        + (select count(*) from deal_facts_monthly) as n`;
    const [before] = await queryRows<{ n: number }>(db, counts);
    expect(Number(before?.n)).toBe(16);

    await applyMigrations(handle);

    const [after] = await queryRows<{ n: number }>(db, counts);
    expect(Number(after?.n)).toBe(16);
    expect(await catalogViolations(db)).toEqual([]);
    const ids = await queryRows<{ n: number; distinct_ids: number }>(
      db,
      sql`select count(*)::int as n, count(distinct id)::int as distinct_ids from deal_facts_stage_days`,
    );
    expect(ids).toEqual([{ n: 2, distinct_ids: 2 }]);
    // The composite key now guards the pair: a comment cannot be tagged with another portal's theme.
    await expect(
      db.execute(sql`/* tenant-check: deliberate cross-portal statement */
        insert into comment_themes (portal_id, comment_source, comment_bitrix_id, theme_id, deal_id)
        select ${pid + 1000}, 'timeline', 1, id, 10 from themes where portal_id = ${pid}`),
    ).rejects.toThrow();
  });
});
