/**
 * Hostile text (issue 12 H1): every text field the emulator's portal serves is fed NUL characters, lone UTF-16
 * surrogates, HTML/script markup, CSV formula prefixes and (in a few cells) 1 MB strings. A full sync must
 * complete with the emulator's own counts exactly, and each fed value must come back as stored text and in the
 * raw jsonb copy: equal to the value sent, minus NUL, with U+FFFD for each lone surrogate.
 *
 * Text fields are found, not listed: the deal's fields of type "string" in crm.deal.fields (the emulator's
 * definitions, user fields included), plus every string value of every served list that is not a number, a
 * date, a Y/N flag or one of the few codes the portal itself joins on (STRUCTURAL).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { quarantine, syncRuns } from "@/db/schema";
import { dealFields } from "@/emulator/deal-fields";
import { generatePortal } from "@/emulator/generator";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import type { PortalSnapshot, WireRecord } from "@/emulator/snapshot";
import { PortalState } from "@/emulator/state";
import { storableText } from "@/lib/bitrix24/storable";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { safeSyncError } from "@/lib/sync/sync-errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { dbCounts, emulatorCounts, FAST_CLIENT, seededRandom } from "./sync-helpers";

/** Codes the portal and the product match on (ids of stages, entity kinds, currencies, field names). */
const STRUCTURAL = new Set([
  "ENTITY_ID",
  "ENTITY_TYPE",
  "STATUS_ID",
  "STAGE_ID",
  "STAGE_SEMANTIC_ID",
  "SEMANTICS",
  "CATEGORY_ID",
  "CURRENCY_ID",
  "CURRENCY",
  "ACCOUNT_CURRENCY_ID",
  "BASE",
  "FIELD_NAME",
  "USER_TYPE_ID",
  "MULTIPLE",
  "OWNER_TYPE_ID",
]);
const LISTS = [
  "crm.deal.list",
  "crm.company.list",
  "crm.contact.list",
  "crm.activity.list",
  "crm.timeline.comment.list",
  "crm.stagehistory.list",
  "crm.status.list",
  "crm.category.list",
  "user.get",
  "department.get",
  "crm.deal.userfield.list",
] as const;

const BIG = "Очень длинный текст <b>жирный</b> =1+2 ".repeat(Math.ceil(1_048_576 / 36)).slice(0, 1_048_576);
const KINDS: ((v: string) => string)[] = [
  (v) => `A\u0000B${v}\u0000`,
  (v) => `${v}\uD800x\uDC00`,
  (v) => `<script>alert(1)</script><img src=x onerror=alert(2)>${v}`,
  (v) => `=HYPERLINK("http://evil.example")&${v}`,
  (v) => `+${v}`,
  (v) => `-1+${v}`,
  (v) => `@SUM(A1)${v}`,
];

function isFreeText(key: string, value: unknown): value is string {
  if (typeof value !== "string" || STRUCTURAL.has(key)) return false;
  return !/^-?\d+(\.\d+)?$/.test(value) && !/^\d{4}-\d{2}-\d{2}T/.test(value) && !/^[YN]$/.test(value);
}

interface Cell {
  list: string;
  id: string;
  key: string;
  sent: string;
}

/** Feeds hostile text into every text cell (top level and nested) and returns the top-level cells fed. */
function poison(snapshot: PortalSnapshot, next: () => number): Cell[] {
  const cells: Cell[] = [];
  const dealText = Object.entries(dealFields(new PortalState(snapshot)))
    .filter(([k, f]) => (f as { type?: string }).type === "string" && !STRUCTURAL.has(k))
    .map(([k]) => k);
  const feed = (v: string) => KINDS[Math.floor(next() * KINDS.length)]!(v);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) o[k] = isFreeText(k, v) ? feed(v) : walk(v);
    }
    return node;
  };
  for (const list of LISTS) {
    for (const row of snapshot.lists[list] as WireRecord[]) {
      if (list === "crm.deal.list") for (const k of dealText) if (row[k] == null) row[k] = "";
      for (const [k, v] of Object.entries(row)) {
        if (isFreeText(k, v) || (list === "crm.deal.list" && dealText.includes(k) && v === "")) {
          row[k] = feed(String(v));
          cells.push({ list, id: String(row.ID ?? row.id), key: k, sent: row[k] as string });
        } else row[k] = walk(v);
      }
    }
  }
  return cells;
}

describe("hostile text in every portal text field (H1)", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let portalId: number;
  const rnd = seededRandom("sync-text");
  const snapshot = generatePortal({ seed: 17, deals: 80 });
  const cells = poison(snapshot, rnd.next);
  // 1 MB strings: one lost deal's title, one lost deal's comment, two more cells picked by the seed.
  const lostIds = new Set(
    snapshot.lists["crm.deal.list"].filter((d) => d.STAGE_SEMANTIC_ID === "F").map((d) => String(d.ID)),
  );
  const bigCells = [
    cells.find((c) => c.list === "crm.deal.list" && c.key === "TITLE" && lostIds.has(c.id)),
    cells.find((c) => c.list === "crm.timeline.comment.list" && c.key === "COMMENT"),
    cells[Math.floor(rnd.next() * cells.length)],
    cells[Math.floor(rnd.next() * cells.length)],
  ];
  for (const c of bigCells) {
    if (!c) continue;
    c.sent = `${BIG}\u0000${c.sent}`;
    const row = (snapshot.lists[c.list as (typeof LISTS)[number]] as WireRecord[]).find(
      (r) => String(r.ID ?? r.id) === c.id,
    );
    if (row) row[c.key] = c.sent;
  }

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
    portalId = (await connectWebhookPortal(t.db, emu.webhookUrl)).id;
  });
  afterAll(async () => {
    await emu?.close();
    await t?.destroy();
  });

  it("the sync completes, counts equal the emulator's, and every fed text round-trips storable", async () => {
    expect(bigCells.every(Boolean)).toBe(true);
    expect(new Set(cells.map((c) => c.list)).size).toBeGreaterThanOrEqual(8);
    const summary = await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    expect(summary.quarantined).toBe(0);
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));

    // The raw jsonb copy of every synced list keeps each fed cell (the fields the sync selects).
    const tables: Record<string, string> = {
      "crm.deal.list": "deals",
      "crm.company.list": "companies",
      "crm.contact.list": "contacts",
      "crm.activity.list": "activities",
      "crm.timeline.comment.list": "comments",
      "user.get": "b24_users",
    };
    let checked = 0;
    for (const [list, table] of Object.entries(tables)) {
      const rows = await queryRows<{ id: string; raw: Record<string, unknown> }>(
        t.db,
        sql`select bitrix_id::text as id, raw from ${sql.identifier(table)} where portal_id = ${portalId}
            ${table === "comments" ? sql`and source = 'timeline'` : sql``}`,
      );
      const byId = new Map(rows.map((r) => [r.id, r.raw]));
      for (const c of cells.filter((x) => x.list === list)) {
        const raw = byId.get(c.id);
        if (!raw || !(c.key in raw)) continue; // not selected by the sync, or a comment of a deal not lost
        expect(raw[c.key], `${list} ${c.id} ${c.key}`).toBe(storableText(c.sent));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);

    // The typed columns too.
    const typed = [
      ["crm.deal.list", "TITLE", sql`select bitrix_id::text as id, title as v from deals`],
      ["crm.deal.list", "COMMENTS", sql`select bitrix_id::text as id, comments as v from deals`],
      ["crm.company.list", "TITLE", sql`select bitrix_id::text as id, title as v from companies`],
      ["crm.contact.list", "NAME", sql`select bitrix_id::text as id, name as v from contacts`],
      ["crm.activity.list", "SUBJECT", sql`select bitrix_id::text as id, subject as v from activities`],
      [
        "crm.timeline.comment.list",
        "COMMENT",
        sql`select bitrix_id::text as id, body as v from comments where source = 'timeline'`,
      ],
      ["user.get", "NAME", sql`select bitrix_id::text as id, name as v from b24_users`],
    ] as const;
    for (const [list, key, query] of typed) {
      const stored = new Map(
        (await queryRows<{ id: string; v: string }>(t.db, query)).map((r) => [r.id, r.v]),
      );
      const fed = cells.filter((c) => c.list === list && c.key === key && stored.has(c.id));
      expect(fed.length, `${list}.${key}`).toBeGreaterThan(0);
      for (const c of fed) expect(stored.get(c.id)).toBe(storableText(c.sent));
    }
    const [title] = await queryRows<{ n: number }>(
      t.db,
      sql`select max(length(title))::int as n from deals where portal_id = ${portalId}`,
    );
    expect(title?.n).toBeGreaterThan(1_000_000);
  });

  it("a value the database still refuses is quarantined alone, with a reason naming no value", async () => {
    // An incompressible 300 kB stage id cannot go into the deals' btree index (SQLSTATE 54000).
    const victim = emu.state.deals.rows[5]!;
    const huge = Array.from({ length: 40_000 }, () => Math.random().toString(36).slice(2, 10)).join("");
    victim.STAGE_ID = huge;
    const summary = await runSync(t, portalId, { mode: "full", client: FAST_CLIENT });
    expect(summary.quarantined).toBe(1);
    const q = await t.db.select().from(quarantine).where(eq(quarantine.portalId, portalId));
    expect(q.map((r) => [r.entity, r.bitrixId])).toEqual([["deals", String(victim.ID)]]);
    expect(q[0]?.reason).toMatch(/^not storable: SQLSTATE 54000/);
    expect(q[0]?.reason).not.toContain(huge.slice(0, 20));
    // The last good copy stays; everything else is exact.
    expect(await dbCounts(t, portalId)).toEqual(emulatorCounts(emu));
    const [run] = await t.db.select().from(syncRuns).where(eq(syncRuns.id, summary.runId));
    expect(run?.status).toBe("succeeded");
  });

  it("a database error is stored and logged as a code and a short message, without SQL or row data", async () => {
    const secret = "Row-data-secret-title";
    const err = await t.db
      .execute(sql`insert into deals (portal_id, bitrix_id, title, stage_id, stage_semantic, date_create, date_modify, raw)
        values (${portalId}, 1, ${secret}, 'X', 'P', now(), 'not a date', '{}')`)
      .catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/insert into/i);
    const safe = safeSyncError(err);
    expect(safe.code).toBe("DB_ERROR");
    expect(safe.message).toMatch(/SQLSTATE 22007/);
    expect(safe.message).not.toMatch(/insert|deals|not a date/i);
    expect(safe.message).not.toContain(secret);
  });
});
