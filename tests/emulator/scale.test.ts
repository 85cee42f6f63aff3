/**
 * Memory-lean internals: the Table (binary search instead of an id map, one owner-sorted array instead of
 * per-owner lists) and lean snapshots served through `startEmulator({ lean: true })`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVITY_LEAN_DEFAULTS, generatePortal } from "@/emulator/generator";
import { ACTIVITY_FIELD_ORDER } from "@/emulator/lean";
import type { WireRecord } from "@/emulator/snapshot";
import { Table } from "@/emulator/table";
import { call, type Emu, start } from "./helpers";

/** Deterministic LCG so the randomized checks are reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The previous Map-based semantics, as a reference. */
class NaiveTable {
  rows: WireRecord[] = [];
  constructor(rows: WireRecord[]) {
    for (const r of rows) this.insert(r);
  }
  get(id: number) {
    return this.rows.find((r) => Number(r.ID) === id);
  }
  insert(row: WireRecord) {
    this.remove(Number(row.ID));
    this.rows.push(row);
    this.rows.sort((a, b) => Number(a.ID) - Number(b.ID));
  }
  remove(id: number) {
    const i = this.rows.findIndex((r) => Number(r.ID) === id);
    return i >= 0 ? this.rows.splice(i, 1)[0] : undefined;
  }
  lookup(keys: string[]) {
    const set = new Set(keys);
    return this.rows.filter((r) => set.has(String(r.OWNER_ID)));
  }
}

describe("Table", () => {
  it("get, lowerBound, insert, remove and owner lookup agree with a naive model", () => {
    const rand = rng(7);
    const owners = ["1", "2", "10", "3", "", "abc", "007", "99999999999"];
    const initial: WireRecord[] = [];
    for (let id = 1; id <= 300; id++) {
      if (rand() < 0.3) continue;
      initial.push({ ID: String(id), OWNER_ID: owners[Math.floor(rand() * owners.length)] });
    }
    initial.reverse(); // unsorted input
    const t = new Table(initial, "ID", "OWNER_ID");
    const n = new NaiveTable(initial);
    const check = () => {
      expect(t.rows.map((r) => r.ID)).toEqual(n.rows.map((r) => r.ID));
      for (let id = 0; id <= 420; id += 7) expect(t.get(id)).toBe(n.get(id));
      for (const o of owners) expect(t.lookup([o])).toEqual(n.lookup([o]));
      expect(t.lookup(["2", "abc", "2", "nope"])).toEqual(n.lookup(["2", "abc"]));
      expect(t.lookup(["7"])).toEqual([]);
    };
    check();
    for (let step = 0; step < 200; step++) {
      const id = 1 + Math.floor(rand() * 400);
      if (rand() < 0.6) {
        const row = { ID: String(id), OWNER_ID: owners[Math.floor(rand() * owners.length)] };
        t.insert(row);
        n.insert(row);
      } else {
        expect(t.remove(id)).toBe(n.remove(id));
      }
    }
    check();
    expect(t.maxId()).toBe(Number(n.rows[n.rows.length - 1]!.ID));
    expect(t.lowerBound(150)).toBe(n.rows.findIndex((r) => Number(r.ID) >= 150));
    expect(t.lowerBound(150, true)).toBe(n.rows.findIndex((r) => Number(r.ID) > 150));
  });
});

describe("lean snapshots", () => {
  const full = generatePortal({ seed: 5, deals: 300 });
  const lean = generatePortal({ seed: 5, deals: 300, lean: true });
  let fullEmu: Emu;
  let leanEmu: Emu;
  beforeAll(async () => {
    fullEmu = await start(full);
    leanEmu = await start(lean, { lean: true });
  });
  afterAll(async () => {
    await fullEmu.close();
    await leanEmu.close();
  });

  it("ACTIVITY_FIELD_ORDER is the key order of a full generated activity", () => {
    const rows = full.lists["crm.activity.list"].slice(0, 50);
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(ACTIVITY_FIELD_ORDER);
    }
  });

  /** A deal that has activities, whatever the generator's data (the first activity's owner). */
  const actOwner = String(full.lists["crm.activity.list"][0]?.OWNER_ID);
  const requests: [string, Record<string, unknown>][] = [
    ["crm.activity.list", {}],
    ["crm.activity.list", { start: 50 }],
    ["crm.activity.list", { start: -1, order: { ID: "ASC" }, filter: { ">ID": 120 } }],
    ["crm.activity.list", { select: ["*", "COMMUNICATIONS"], order: { ID: "DESC" } }],
    [
      "crm.activity.list",
      { select: ["ID", "SETTINGS", "RESULT_MARK", "PROVIDER_GROUP_ID", "AUTOCOMPLETE_RULE"] },
    ],
    [
      "crm.activity.list",
      { filter: { RESULT_STATUS: 0, "!RESULT_MARK": 5 }, order: { RESULT_MARK: "DESC" } },
    ],
    ["crm.activity.list", { filter: { ">RESULT_STATUS": 0 } }],
    ["crm.activity.list", { filter: { "<=RESULT_STATUS": 0, "!RESULT_MARK": "", PROVIDER_PARAMS: "" } }],
    ["crm.activity.list", { filter: { LOGIC: "OR", 0: { SETTINGS: "" }, 1: { ID: 3 } } }],
    ["crm.activity.list", { filter: { PROVIDER_GROUP_ID: "" }, start: 100 }],
    ["crm.activity.list", { filter: { OWNER_ID: actOwner, OWNER_TYPE_ID: 2 } }],
    ["crm.activity.list", { filter: { BINDINGS: [{ OWNER_TYPE_ID: 2, OWNER_ID: 18 }] } }],
    ["crm.activity.list", { filter: { "@OWNER_ID": [3, 4, 5] }, order: { ASSOCIATED_ENTITY_ID: "ASC" } }],
    ["crm.deal.list", { filter: { ">ID": 250 } }],
    ["crm.stagehistory.list", { entityTypeId: 2, filter: { OWNER_ID: 12 } }],
  ];

  it("serves exactly what the full snapshot serves", async () => {
    let nonEmpty = 0;
    for (const [method, params] of requests) {
      const a = await call(fullEmu, method, params);
      const b = await call(leanEmu, method, params);
      delete a.body.time;
      delete b.body.time;
      expect(a.status).toBe(200);
      expect(JSON.stringify(b.body), `${method} ${JSON.stringify(params)}`).toBe(JSON.stringify(a.body));
      nonEmpty += a.text.startsWith('{"result":[]') || a.text.startsWith('{"result":{"items":[]') ? 0 : 1;
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(requests.length - 1); // only >RESULT_STATUS is empty
  });

  it("leaves the stored lean rows and the shared frozen defaults untouched", async () => {
    await call(leanEmu, "crm.activity.list", {});
    const row = leanEmu.state.tables["crm.activity.list"].rows[0]!;
    expect(Object.hasOwn(row, "SETTINGS")).toBe(false);
    expect(Object.isFrozen(ACTIVITY_LEAN_DEFAULTS)).toBe(true);
    expect(ACTIVITY_LEAN_DEFAULTS.SETTINGS).toEqual([]);
    expect(Object.isFrozen(ACTIVITY_LEAN_DEFAULTS.SETTINGS)).toBe(true);
  });
});
