import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigSnapshot, call, type Emu, ids, rows, start, TAGS_UF } from "./helpers";

let emu: Emu;
beforeAll(async () => {
  emu = await start(bigSnapshot(30, { activities: 6 }));
});
afterAll(() => emu.close());

async function dealIds(
  filter: Record<string, unknown>,
  order: Record<string, string> = {},
): Promise<number[]> {
  const r = await call(emu, "crm.deal.list", { filter, order, select: ["ID"] });
  expect(r.status).toBe(200);
  return ids(rows(r));
}

describe("§5.1 filter prefixes (OPPORTUNITY = id*100, compared numerically)", () => {
  it.each([
    [{ OPPORTUNITY: 500 }, [5]],
    [{ "=OPPORTUNITY": "500.00" }, [5]],
    [{ ">OPPORTUNITY": 2800 }, [29, 30]],
    [{ ">=OPPORTUNITY": 2800 }, [28, 29, 30]],
    [{ "<OPPORTUNITY": 300 }, [1, 2]],
    [{ "<=OPPORTUNITY": 300 }, [1, 2, 3]],
    [{ "@ID": [3, 7, 99] }, [3, 7]],
    [{ "@ID": "4,5" }, [4, 5]],
    [{ ID: [2, 9] }, [2, 9]],
    [{ "!@ID": [1, 2, 3], "<ID": 6 }, [4, 5]],
    [{ "!ID": 1, "<ID": 4 }, [2, 3]],
    [{ "!=ID": 1, "<ID": 4 }, [2, 3]],
    [{ "%TITLE": "deal 1" }, [1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]],
    [{ "=%TITLE": "Deal 2_" }, [20, 21, 22, 23, 24, 25, 26, 27, 28, 29]],
    [{ "%=TITLE": "%l 3%" }, [3, 30]],
    [{ "!%TITLE": "1", "<ID": 6 }, [2, 3, 4, 5]],
    [{ "!=%TITLE": "Deal _", "<ID": 12 }, [10, 11]],
  ])("%j → %j", async (filter, expected) => {
    expect(await dealIds(filter)).toEqual(expected);
  });

  it("unknown filter fields are ignored by legacy lists", async () => {
    expect((await dealIds({ NO_SUCH_FIELD: 1, "<ID": 3 })).length).toBe(2);
  });

  it("UF_CRM_* filters; a multiple UF matches when any value matches", async () => {
    expect(await dealIds({ UF_CRM_1715000000001: 47 })).toEqual([10, 20, 30]);
    expect(await dealIds({ [TAGS_UF]: "2", "<ID": 7 })).toEqual([2, 4, 6]);
    expect(await dealIds({ [`@${TAGS_UF}`]: ["3"], "<ID": 6 })).toEqual([1, 3, 5]);
    expect(await dealIds({ [`!${TAGS_UF}`]: "3", "<ID": 6 })).toEqual([2, 4]);
  });

  it("dates compared as instants; offset-less values and YYYY-MM-DD are portal time (+03:00)", async () => {
    // deal i DATE_CREATE = 2024-01-01T00:00Z + i h; deal 5 = 2024-01-01T08:00:00+03:00
    expect(
      await dealIds({ ">=DATE_CREATE": "2024-01-01T05:00:00Z", "<=DATE_CREATE": "2024-01-01T06:00:00Z" }),
    ).toEqual([5, 6]);
    expect(
      await dealIds({ ">=DATE_CREATE": "2024-01-01T08:00:00", "<DATE_CREATE": "2024-01-01T10:00:00" }),
    ).toEqual([5, 6]);
    expect(
      await dealIds({ ">=DATE_CREATE": "2024-01-02", "<DATE_CREATE": "2024-01-02T03:00:00+03:00" }),
    ).toEqual([21, 22, 23]);
    expect(await dealIds({ DATE_CREATE: "2024-01-01T01:00:00+00:00" })).toEqual([1]);
  });

  it("nested LOGIC OR groups", async () => {
    expect(await dealIds({ 0: { LOGIC: "OR", ID: 3, "=TITLE": "Deal 8" } })).toEqual([3, 8]);
  });
});

describe("§5.1 order", () => {
  it("order by any field ASC/DESC; STAGE_ID orders by the stage's SORT", async () => {
    expect(await dealIds({ "<ID": 5 }, { OPPORTUNITY: "DESC" })).toEqual([4, 3, 2, 1]);
    // stages: 1 PREPARATION(20) 2 EXECUTING(40) 3 WON(60) 4 LOSE(70) 5 APOLOGY(80) 6 NEW(10)
    expect(await dealIds({ "<ID": 7 }, { STAGE_ID: "ASC" })).toEqual([6, 1, 2, 3, 4, 5]);
    expect(await dealIds({ "<ID": 7 }, { STAGE_ID: "DESC" })).toEqual([5, 4, 3, 2, 1, 6]);
  });

  it("§9.2 crm.activity.list default order is START_TIME ASC", async () => {
    const r = await call(emu, "crm.activity.list", { select: ["ID"] });
    expect(ids(rows(r))).toEqual([6, 5, 4, 3, 2, 1]);
    const b = await call(emu, "crm.activity.list", {
      filter: { OWNER_TYPE_ID: 2, OWNER_ID: 2 },
      order: { ID: "ASC" },
      select: ["ID"],
    });
    expect(ids(rows(b))).toEqual([2, 4, 6]);
    const bind = await call(emu, "crm.activity.list", {
      filter: { BINDINGS: [{ OWNER_TYPE_ID: 2, OWNER_ID: 1 }] },
      order: { ID: "ASC" },
    });
    expect(ids(rows(bind))).toEqual([1, 3, 5]);
    expect(rows(bind)[0]).not.toHaveProperty("COMMUNICATIONS");
    const comm = await call(emu, "crm.activity.list", {
      filter: { ID: 1 },
      select: ["ID", "COMMUNICATIONS"],
    });
    expect(rows(comm)[0]).toEqual({ ID: "1", COMMUNICATIONS: [{ VALUE: "+79990000001", TYPE: "PHONE" }] });
  });
});

describe("§5.1 / §12.7 select", () => {
  it("default select is * + UF_*; * alone excludes UFs; UF_* adds them; unknown dropped; ID always", async () => {
    const def = rows(await call(emu, "crm.deal.list", { filter: { ID: 2 } }))[0]!;
    expect(def).toHaveProperty("TITLE", "Deal 2");
    expect(def).toHaveProperty(TAGS_UF, ["1", "2"]);
    const star = rows(await call(emu, "crm.deal.list", { filter: { ID: 2 }, select: ["*"] }))[0]!;
    expect(star).toHaveProperty("STAGE_ID", "EXECUTING");
    expect(Object.keys(star).some((k) => k.startsWith("UF_"))).toBe(false);
    const uf = rows(await call(emu, "crm.deal.list", { filter: { ID: 2 }, select: ["UF_*"] }))[0]!;
    expect(Object.keys(uf)).toEqual(["ID", "UF_CRM_1715000000001", TAGS_UF]);
    const named = rows(
      await call(emu, "crm.deal.list", { filter: { ID: 2 }, select: ["TITLE", "NOPE", TAGS_UF] }),
    )[0]!;
    expect(named).toEqual({ ID: "2", TITLE: "Deal 2", [TAGS_UF]: ["1", "2"] });
  });

  it("§9.4 multifields PHONE/EMAIL only when selected explicitly", async () => {
    const c = rows(await call(emu, "crm.contact.list"))[0]!;
    expect(c).not.toHaveProperty("PHONE");
    const p = rows(await call(emu, "crm.contact.list", { select: ["ID", "PHONE"] }))[0]!;
    expect(p).toEqual({
      ID: "1",
      PHONE: [{ ID: "21", VALUE_TYPE: "WORK", VALUE: "+79990000001", TYPE_ID: "PHONE" }],
    });
  });
});

describe("§5.4 crm.item.list", () => {
  it("typed camelCase output with ufCrm_ names; useOriginalUfNames=Y keeps UF_CRM_", async () => {
    const r = await call(emu, "crm.item.list", { entityTypeId: 2, filter: { id: 10 } });
    const item = (r.body.result as { items: Record<string, unknown>[] }).items[0]!;
    expect(item).toMatchObject({
      id: 10,
      title: "Deal 10",
      opportunity: 1000,
      stageId: "LOSE",
      categoryId: 0,
      assignedById: 2,
      closed: "Y",
    });
    expect(item.ufCrm_1715000000001).toBe(47);
    expect(item.createdTime).toBe("2024-01-01T13:00:00+03:00");
    const o = await call(emu, "crm.item.list", {
      entityTypeId: 2,
      filter: { id: 10 },
      useOriginalUfNames: "Y",
      select: ["id", "UF_CRM_1715000000001"],
    });
    expect((o.body.result as { items: unknown[] }).items).toEqual([{ id: 10, UF_CRM_1715000000001: 47 }]);
  });

  it("unknown filter/order fields → 400 INVALID_ARG_VALUE; bad entityTypeId → 400", async () => {
    const f = await call(emu, "crm.item.list", { entityTypeId: 2, filter: { nope: 1 } });
    expect(f.status).toBe(400);
    expect(f.body.error).toBe("INVALID_ARG_VALUE");
    const o = await call(emu, "crm.item.list", { entityTypeId: 2, order: { NOPE: "ASC" } });
    expect(o.body.error).toBe("INVALID_ARG_VALUE");
    const t = await call(emu, "crm.item.list", { entityTypeId: 1 });
    expect([t.status, t.body.error]).toEqual([400, "ENTITY_TYPE_NOT_SUPPORTED"]);
    const n = await call(emu, "crm.item.list", {});
    expect([n.status, n.body.error]).toEqual([400, "NOT_FOUND"]);
  });

  it("§7 crm.stagehistory.list filters by OWNER_ID / @OWNER_ID and rejects unknown fields", async () => {
    const r = await call(emu, "crm.stagehistory.list", {
      entityTypeId: 2,
      filter: { "@OWNER_ID": [3, 5] },
      order: { ID: "ASC" },
    });
    const items = (r.body.result as { items: Record<string, string>[] }).items;
    expect(items.map((i) => `${i.OWNER_ID}:${i.TYPE_ID}:${i.STAGE_ID}`)).toEqual([
      "3:1:NEW",
      "3:3:WON",
      "5:1:NEW",
      "5:3:APOLOGY",
    ]);
    const bad = await call(emu, "crm.stagehistory.list", { entityTypeId: 2, filter: { ASSIGNED_BY_ID: 1 } });
    expect(bad.body.error).toBe("INVALID_ARG_VALUE");
  });
});

describe("§9.1 / §9.3 other lists", () => {
  it("crm.timeline.comment.list requires ENTITY_ID + ENTITY_TYPE", async () => {
    const r = await call(emu, "crm.timeline.comment.list", { filter: { ENTITY_ID: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("");
  });

  it("user.get FILTER: ACTIVE boolean, UF_DEPARTMENT, top-level keys, sort/order", async () => {
    expect(ids(rows(await call(emu, "user.get", { FILTER: { ACTIVE: "Y" } })))).toEqual([1, 2]);
    expect(ids(rows(await call(emu, "user.get", { filter: { ACTIVE: false } })))).toEqual([3]);
    expect(
      ids(rows(await call(emu, "user.get", { FILTER: { UF_DEPARTMENT: 1 }, sort: "ID", order: "DESC" }))),
    ).toEqual([3, 2, 1]);
    expect(ids(rows(await call(emu, "user.get", { ID: 2 })))).toEqual([2]);
    expect(ids(rows(await call(emu, "department.get", { ID: 1 })))).toEqual([1]);
  });
});
