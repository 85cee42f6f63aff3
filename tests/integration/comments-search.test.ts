/**
 * The comment browser's search on the golden portal plus the fixed comments of comments-fixtures.ts, on real
 * Postgres: Russian word forms, phrases, exclusions, typos, prefix while typing, exact phrase first, escaped
 * highlights, keyset pages, the data scope, and the missing-comments panel.
 */
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HighlightedText } from "@/app/(dashboard)/comments/_components/highlighted-text";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import type { DataScope } from "@/lib/analytics/scope";
import { getMissingComments } from "@/lib/comments/missing";
import { type CommentPage, searchComments } from "@/lib/comments/search";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { parseCommentParams } from "@/lib/url-state/comments";
import { parseFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { addFixtureComments } from "./comments-fixtures";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const YEAR = "from=2026-01-01&to=2026-12-31";

let t: TestDb;
let emu: EmulatorHandle;
let all: DataScope;
let ivanov: DataScope;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  await t.db
    .update(portals)
    .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
    .where(eq(portals.id, portal.id));
  await runSync(t, portal.id, { mode: "full" });
  await addFixtureComments(t.db, portal.id);
  all = { portalId: portal.id, managerIds: null };
  ivanov = { portalId: portal.id, managerIds: [2] };
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

async function search(query: string, scope: DataScope = all): Promise<CommentPage> {
  const params = new URLSearchParams(`${YEAR}&${query}`);
  return searchComments(
    t.db,
    scope,
    parseFilters(params, NOW, { sorts: ["relevance", "date", "amount"] }),
    parseCommentParams(params),
  );
}
const q = (text: string) => `q=${encodeURIComponent(text)}`;
const keys = (p: CommentPage) => p.rows.map((r) => r.key).sort();

describe("comment search", () => {
  it("without a query lists every comment of the lost deals, newest first", async () => {
    const p = await search("");
    expect(p.mode).toBe("none");
    // 9 fixtures + deal 2's field + timeline 401, 402, 403.
    expect(p.total).toBe(13);
    const dates = p.rows.map((r) => r.createdAt ?? "");
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('"цена" finds its word forms: цены, ценой, цене', async () => {
    const p = await search(`${q("цена ")}`);
    expect(p.mode).toBe("fts");
    expect(keys(p)).toEqual(
      ["timeline:901", "timeline:902", "timeline:903", "timeline:905", "timeline:908"].sort(),
    );
    const forms = await search(q("ценой "));
    expect(keys(forms)).toEqual(keys(p));
  });

  it("a quoted phrase matches the words in order only", async () => {
    const p = await search(q('"высокая цена"'));
    expect(keys(p)).toEqual(["timeline:905"]);
  });

  it("minus excludes a word (in any form)", async () => {
    const p = await search(q("цена -конкурент"));
    expect(keys(p)).toEqual(["timeline:901", "timeline:903", "timeline:905", "timeline:908"].sort());
  });

  it("or joins alternatives", async () => {
    const p = await search(q("бюджет or квартал"));
    expect(keys(p)).toEqual(["timeline:907", "timeline:909"]);
  });

  it("the word being typed matches as a prefix", async () => {
    const p = await search(q("конкур"));
    expect(keys(p)).toEqual(expect.arrayContaining(["deal_field:2", "timeline:401", "timeline:902"]));
  });

  it("the exact phrase ranks first", async () => {
    const p = await search(q("высокая цена"));
    expect(p.sort.key).toBe("relevance");
    expect(p.rows[0]?.key).toBe("timeline:905");
    expect(keys(p)).toEqual(["timeline:902", "timeline:905"]);
  });

  it("typos: a misspelt comment is found by the right word, and a misspelt query finds the right words", async () => {
    const dorogo = await search(q("дорого "));
    expect(dorogo.mode).toBe("fuzzy");
    expect(dorogo.similarWords).toContain("дорага");
    expect(keys(dorogo)).toEqual(expect.arrayContaining(["deal_field:2", "timeline:904"]));
    const typo = await search(q("канкуренты "));
    expect(typo.mode).toBe("fuzzy");
    expect(keys(typo)).toEqual(
      expect.arrayContaining(["deal_field:2", "timeline:401", "timeline:902", "timeline:910"]),
    );
  });

  it("partial words fall back to a substring match", async () => {
    const p = await search(q("трубк "));
    expect(keys(p)).toEqual(["timeline:402"]);
    expect(p.rows[0]?.segments.some((s) => s.hit && s.text.toLowerCase().startsWith("трубк"))).toBe(true);
  });

  it("highlights are data, rendered escaped: a comment holding <script> is text", async () => {
    const p = await search(q("цена "));
    const row = p.rows.find((r) => r.key === "timeline:908");
    expect(row?.text).toBe("<script>alert('цена')</script> клиент ушёл");
    expect(row?.segments.filter((s) => s.hit).map((s) => s.text)).toEqual(["цена"]);
    expect(row?.segments.map((s) => s.text).join("")).toBe(row?.text);
    const html = renderToStaticMarkup(createElement(HighlightedText, { segments: row?.segments ?? [] }));
    expect(html).not.toContain("<script>");
    expect(html).toContain("<span>&lt;script&gt;alert(&#x27;</span><mark");
    expect(html).toMatch(/<mark[^>]*>цена<\/mark>/);
  });

  it("keyset pages cover every row once, with the total", async () => {
    const seen: string[] = [];
    let after = "";
    for (let i = 0; i < 5; i++) {
      const p = await search(`size=10&sort=amount${after ? `&after=${after}` : ""}`);
      expect(p.total).toBe(13);
      seen.push(...p.rows.map((r) => r.key));
      if (!p.next) break;
      after = p.next;
    }
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });

  it("sorts by amount both ways", async () => {
    const desc = await search("sort=-amount");
    const amounts = desc.rows.map((r) => r.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const asc = await search("sort=amount");
    expect(asc.rows[0]?.amount).toBe(Math.min(...amounts));
  });

  it("filters by author, theme, outcome and prior win", async () => {
    // Author 2 (Иванов): deal 2's comment field (his deal), timeline 401, 402, 403 (golden portal) and 904, 908
    // (fixtures); the rest are author 3's.
    const byAuthor = await search("author=2");
    expect(keys(byAuthor)).toEqual([
      "deal_field:2",
      "timeline:401",
      "timeline:402",
      "timeline:403",
      "timeline:904",
      "timeline:908",
    ]);
    expect(byAuthor.rows.map((r) => r.authorId)).toEqual([2, 2, 2, 2, 2, 2]);
    const priorWin = await search("priorWin=1");
    // Prior win: deals 2, 5, 6.
    expect([...new Set(priorWin.rows.map((r) => r.dealId))].sort()).toEqual([2, 5, 6]);
    expect((await search("outcome=won")).total).toBe(0);
  });

  it("a manager searches only their own deals' comments", async () => {
    const p = await search(q("цена "), ivanov);
    expect(keys(p)).toEqual(["timeline:908"]);
    const everything = await search("", ivanov);
    expect([...new Set(everything.rows.map((r) => r.dealId))].sort()).toEqual([2, 5, 8]);
    const nobody = await search("", { portalId: all.portalId, managerIds: [] });
    expect(nobody.total).toBe(0);
  });

  it("each row links to the deal in Bitrix24", async () => {
    const p = await search(q("бюджет"));
    expect(p.rows[0]?.bitrixUrl).toMatch(/^https:\/\/.+\/crm\/deal\/details\/4\/$/);
  });
});

describe("missing comments", () => {
  it("lists lost deals with no comment, per manager, within the scope", async () => {
    // Lost: 2, 3, 4, 5, 6, 8 — every one has a comment; then deal 4 loses its comments.
    const filters = parseFilters(new URLSearchParams(YEAR), NOW);
    const m = await getMissingComments(t.db, all, filters);
    expect(m.lost).toBe(6);
    expect(m.missing).toBe(0);
    await t.db.execute(
      (await import("drizzle-orm"))
        .sql`delete from comments where portal_id = ${all.portalId} and deal_id = 4`,
    );
    const after = await getMissingComments(t.db, all, filters);
    expect(after.missing).toBe(1);
    expect(after.managers).toEqual([
      expect.objectContaining({
        managerId: 3,
        lost: 3,
        missing: 1,
        deals: [expect.objectContaining({ dealId: 4 })],
      }),
      expect.objectContaining({ managerId: 2, lost: 3, missing: 0 }),
    ]);
    const own = await getMissingComments(t.db, ivanov, filters);
    expect(own.managers.map((r) => r.managerId)).toEqual([2]);
  });
});
