/**
 * Every URL parameter the product reads, fed every hostile class (L1). The keys come from the parsers
 * themselves (FILTER_KEYS, COMMENT_PARAM_KEYS, SLICE_KEYS), so a new parameter is covered without being listed
 * here. Two levels:
 *  1. every key × every value: the parsers never throw, and what they let through is storable — no control
 *     characters in text, every id within int4, lists capped;
 *  2. the parsed views run through the real queries (reports, drill-down, comment search with its cursor) on
 *     the golden portal, as a director and as a manager: no query fails. Each class with every key at once,
 *     plus a seeded sample of single (key, value) cases (HOSTILE_SEED replays one; HOSTILE_SAMPLE sets the size).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getOverview } from "@/lib/analytics/overview";
import type { DataScope } from "@/lib/analytics/scope";
import { searchComments } from "@/lib/comments/search";
import { hasControlChars, INT4_MAX } from "@/lib/params";
import { connectWebhookPortal } from "@/lib/portals";
import { runSync } from "@/lib/sync/run";
import { COMMENT_SORTS, parseCommentParams } from "@/lib/url-state/comments";
import { MAX_LIST, parseFilters } from "@/lib/url-state/filters";
import { COMMENT_PARAM_KEYS, FILTER_KEYS, SLICE_KEYS } from "@/lib/url-state/keys";
import { DRILLDOWN_SORTS, parseSlice } from "@/lib/url-state/slice";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { type HostileValue, hostileSeed, hostileValues, prng, sample } from "./params-values";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const KEYS = [...FILTER_KEYS, ...COMMENT_PARAM_KEYS, ...SLICE_KEYS];
const VALUES = hostileValues();
/** Money bounds are numeric(…) columns, not ids: they may exceed int4 (up to 1e15). */
const NOT_IDS = new Set(["amountMin", "amountMax"]);

type Params = Record<string, string | string[]>;

function parseAll(params: Params, sorts: readonly string[] = DRILLDOWN_SORTS) {
  return {
    filters: parseFilters(params, NOW, { sorts }),
    comments: parseCommentParams(params),
    slice: parseSlice(params),
  };
}

/** Problems with a parsed value that would make Postgres refuse it. */
function unstorable(value: unknown, path: string, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (hasControlChars(value)) out.push(`${path}: control character`);
    if (value.length > 10_000) out.push(`${path}: ${value.length} characters`);
  } else if (typeof value === "number") {
    const key = path.split(".").at(-1) ?? "";
    if (!Number.isFinite(value)) out.push(`${path}: ${value}`);
    else if (Number.isInteger(value) && !NOT_IDS.has(key) && Math.abs(value) > INT4_MAX)
      out.push(`${path}: ${value} past int4`);
  } else if (Array.isArray(value)) {
    if (value.length > MAX_LIST) out.push(`${path}: ${value.length} items`);
    value.forEach((v, i) => {
      unstorable(v, `${path}[${i}]`, out);
    });
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) unstorable(v, `${path}.${k}`, out);
  return out;
}

let t: TestDb;
let emu: EmulatorHandle;
let director: DataScope;
let manager: DataScope;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const p = await connectWebhookPortal(t.db, emu.webhookUrl);
  await t.db
    .update(portals)
    .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
    .where(eq(portals.id, p.id));
  await runSync(t, p.id, { mode: "full" });
  director = { portalId: p.id, managerIds: null };
  manager = { portalId: p.id, managerIds: [2] };
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

describe("the parsers", () => {
  it(`never throw and let nothing unstorable through (${KEYS.length} keys × ${VALUES.length} values)`, () => {
    expect(KEYS).toEqual(
      expect.arrayContaining(["source", "reasons", "managers", "after", "d_manager", "d_deal"]),
    );
    const problems: string[] = [];
    for (const key of KEYS)
      for (const { cls, value } of VALUES) {
        const parsed = parseAll({ [key]: value });
        problems.push(...unstorable(parsed, `${key}=${cls}`));
      }
    expect(problems).toEqual([]);
  });
});

/** Runs one URL through the queries a page would run with it; rejects when any query fails. */
async function runQueries(params: Params, scope: DataScope) {
  const drill = parseAll(params);
  await getOverview(t.db, scope, drill.filters);
  await getDrilldown(t.db, scope, drill.filters, drill.slice);
  const c = parseAll(params, COMMENT_SORTS);
  // The comment cursor is read under each sort it could meet (a cursor kept while the sort changes).
  for (const sort of ["", "relevance", "date", "-date", "amount", "-amount"]) {
    const f = parseFilters({ ...params, sort }, NOW, { sorts: COMMENT_SORTS });
    await searchComments(t.db, scope, f, { ...c.comments, q: c.comments.q || "цена" });
    await searchComments(t.db, scope, f, { ...c.comments, q: "" });
  }
}

const label = (p: Params) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${JSON.stringify(v).slice(0, 60)}`)
    .join("&")
    .slice(0, 200);

describe("the queries behind the pages", () => {
  it.each(VALUES.map((v, i) => [`${v.cls} #${i}`, v] as const))(
    "%s in every parameter at once",
    async (_, v) => {
      const params = Object.fromEntries(KEYS.map((k) => [k, v.value]));
      for (const scope of [director, manager])
        await expect(runQueries(params, scope), label(params)).resolves.toBeUndefined();
    },
  );

  it("a seeded sample of single (parameter, value) cases", async () => {
    const random = prng(hostileSeed("params-parsers"));
    const all: [string, HostileValue][] = KEYS.flatMap((k) =>
      VALUES.map((v) => [k, v] as [string, HostileValue]),
    );
    const size = Number(process.env.HOSTILE_SAMPLE) || 60;
    for (const [key, v] of sample(all, size, random)) {
      const params = { [key]: v.value };
      const scope = random() < 0.5 ? director : manager;
      await expect(runQueries(params, scope), label(params)).resolves.toBeUndefined();
    }
  });
});
