import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigSnapshot, call, type Emu, ids, rows, start } from "./helpers";

let emu: Emu;
beforeAll(async () => {
  emu = await start(bigSnapshot(120, { comments: 60, activities: 70 }));
});
afterAll(() => emu.close());

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe("§2.1 standard paging", () => {
  it("50 per page, total on every page, next absent on the last page", async () => {
    const p0 = await call(emu, "crm.deal.list", { select: ["ID"] });
    expect(ids(rows(p0))).toEqual(range(1, 50));
    expect(p0.body.next).toBe(50);
    expect(p0.body.total).toBe(120);
    expect(Object.keys(p0.body)).toEqual(["result", "next", "total", "time"]);
    const p2 = await call(emu, "crm.deal.list", { select: ["ID"], start: 100 });
    expect(ids(rows(p2))).toEqual(range(101, 120));
    expect(p2.body.total).toBe(120);
    expect(p2.body).not.toHaveProperty("next");
  });

  it("empty result: {result: [], total: 0} without next", async () => {
    const r = await call(emu, "crm.deal.list", { filter: { ">ID": 1000 } });
    expect(r.body.result).toEqual([]);
    expect(r.body.total).toBe(0);
    expect(r.body).not.toHaveProperty("next");
  });

  it("legacy lists round start down to a page multiple (start=30 → rows 1–50, next 50)", async () => {
    const r = await call(emu, "crm.deal.list", { select: ["ID"], start: 30 });
    expect(ids(rows(r))).toEqual(range(1, 50));
    expect(r.body.next).toBe(50);
    const s = await call(emu, "crm.deal.list", { select: ["ID"], start: "75abc" }); // intval("75abc") = 75
    expect(ids(rows(s))[0]).toBe(51);
  });

  it("legacy rounding also applies to activities, users and timeline comments", async () => {
    const a = await call(emu, "crm.activity.list", { order: { ID: "ASC" }, start: 55, select: ["ID"] });
    expect(ids(rows(a))).toEqual(range(51, 70));
    const c = await call(emu, "crm.timeline.comment.list", {
      filter: { ENTITY_ID: 1, ENTITY_TYPE: "deal" },
      start: 49,
    });
    expect(ids(rows(c))).toEqual(range(1, 50));
    expect(c.body).toMatchObject({ next: 50, total: 60 });
    const u = await call(emu, "user.get", { start: 1 });
    expect(ids(rows(u))).toEqual([1, 2, 3]);
  });

  it("ORM lists use the exact offset: crm.item.list start=30 → ids 31–80, next 80", async () => {
    const r = await call(emu, "crm.item.list", { entityTypeId: 2, select: ["id"], start: 30 });
    const items = (r.body.result as { items: { id: number }[] }).items;
    expect(items.map((i) => i.id)).toEqual(range(31, 80));
    expect(r.body.next).toBe(80);
    expect(r.body.total).toBe(120);
  });

  it("ORM paging for crm.stagehistory.list (result.items, start=7 exact)", async () => {
    const r = await call(emu, "crm.stagehistory.list", { entityTypeId: 2, order: { ID: "ASC" }, start: 7 });
    const items = (r.body.result as { items: { ID: string }[] }).items;
    expect(items[0]?.ID).toBe("8");
    expect(items).toHaveLength(50);
    expect(r.body).toMatchObject({ next: 57, total: 240 });
  });

  it("unpaged lists return everything with total: crm.status.list, crm.category.list, crm.currency.list", async () => {
    const s = await call(emu, "crm.status.list", { filter: { ENTITY_ID: "DEAL_STAGE" } });
    expect((s.body.result as { STATUS_ID: string }[]).map((x) => x.STATUS_ID)).toEqual([
      "NEW",
      "PREPARATION",
      "PREPAYMENT_INVOICE",
      "EXECUTING",
      "FINAL_INVOICE",
      "WON",
      "LOSE",
      "APOLOGY",
    ]);
    expect(s.body.total).toBe(8);
    expect(s.body).not.toHaveProperty("next");
    const c = await call(emu, "crm.category.list", { entityTypeId: 2 });
    expect(c.body.result).toEqual({
      categories: [{ id: 0, name: "General", sort: 100, entityTypeId: 2, isDefault: "Y" }],
    });
    expect(c.body.total).toBe(1);
    const cur = await call(emu, "crm.currency.list");
    expect(
      (cur.body.result as { CURRENCY: string; BASE: string }[]).map((x) => `${x.CURRENCY}:${x.BASE}`),
    ).toEqual(["RUB:Y", "USD:N"]);
  });
});

describe("§2.2 start=-1 fast export", () => {
  it("start=-1 → first 50 matches, total 0, no next; legacy and ORM", async () => {
    const r = await call(emu, "crm.deal.list", {
      order: { ID: "ASC" },
      filter: { ">ID": 60 },
      select: ["ID"],
      start: -1,
    });
    expect(ids(rows(r))).toEqual(range(61, 110));
    expect(r.body.total).toBe(0);
    expect(r.body).not.toHaveProperty("next");
    const i = await call(emu, "crm.item.list", {
      entityTypeId: 2,
      order: { id: "ASC" },
      filter: { ">id": 100 },
      start: -1,
    });
    expect((i.body.result as { items: { id: number }[] }).items.map((x) => x.id)).toEqual(range(101, 120));
    expect(i.body.total).toBe(0);
  });

  it("the >ID loop visits every deal exactly once", async () => {
    const seen: number[] = [];
    let last = 0;
    for (;;) {
      const r = await call(emu, "crm.deal.list", {
        order: { ID: "ASC" },
        filter: { ">ID": last },
        select: ["ID"],
        start: -1,
      });
      const page = ids(rows(r));
      seen.push(...page);
      if (page.length < 50) break;
      last = page[page.length - 1]!;
    }
    expect(seen).toEqual(range(1, 120));
  });

  it("order ID DESC with <ID pages backwards", async () => {
    const r = await call(emu, "crm.deal.list", {
      order: { ID: "DESC" },
      filter: { "<ID": 11 },
      select: ["ID"],
      start: -1,
    });
    expect(ids(rows(r))).toEqual(range(1, 10).reverse());
  });
});
