import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WireRecord } from "@/emulator/snapshot";
import { call, type Emu, get, ids, rows, start, tiny } from "./helpers";

interface Received {
  contentType: string;
  body: URLSearchParams;
  raw: string;
}

let emu: Emu;
let listener: http.Server;
let hookUrl = "";
const received: Received[] = [];

function twoPipelines() {
  const snap = tiny();
  snap.lists["crm.category.list"].push({
    id: 1,
    name: "Renewals",
    sort: 200,
    entityTypeId: 2,
    isDefault: "N",
    originId: "",
    originatorId: "",
  });
  const stages: [string, string, string | null][] = [
    ["C1:NEW", "10", null],
    ["C1:WON", "60", "S"],
    ["C1:LOSE", "70", "F"],
  ];
  for (const [id, sort, sem] of stages) {
    snap.lists["crm.status.list"].push({
      ID: `9${sort}`,
      ENTITY_ID: "DEAL_STAGE_1",
      STATUS_ID: id,
      NAME: id,
      NAME_INIT: id,
      SORT: sort,
      SYSTEM: "Y",
      CATEGORY_ID: "1",
      COLOR: "#39A8EF",
      SEMANTICS: sem,
      EXTRA: { SEMANTICS: sem === "S" ? "success" : sem === "F" ? "failure" : "process", COLOR: "#39A8EF" },
    });
  }
  return snap;
}

async function control(path: string, body: unknown = {}) {
  return get(`${emu.url}/_emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function history(dealId: number): Promise<Record<string, string>[]> {
  const r = await call(emu, "crm.stagehistory.list", {
    entityTypeId: 2,
    filter: { OWNER_ID: dealId },
    order: { ID: "ASC" },
  });
  return (r.body.result as { items: Record<string, string>[] }).items;
}

beforeAll(async () => {
  listener = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString();
    });
    req.on("end", () => {
      received.push({ contentType: req.headers["content-type"] ?? "", body: new URLSearchParams(raw), raw });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => listener.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/hook`;
  emu = await start(twoPipelines());
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => listener.close(r));
});
beforeEach(() => {
  received.length = 0;
});

const today = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

describe("§12.10–12 control API keeps deals and stage history consistent", () => {
  it("move to WON: STAGE_SEMANTIC_ID S, CLOSED Y, CLOSEDATE today (midnight-UTC rule), MOVED_*, DATE_MODIFY, history TYPE_ID 3", async () => {
    const r = await control("deals/3/move", { stageId: "WON", byUserId: 2 });
    expect(r.status).toBe(200);
    const deal = (await call(emu, "crm.deal.get", { id: 3 })).body.result as WireRecord;
    expect(deal).toMatchObject({
      STAGE_ID: "WON",
      STAGE_SEMANTIC_ID: "S",
      CLOSED: "Y",
      MOVED_BY_ID: "2",
      MODIFY_BY_ID: "2",
    });
    expect(deal.CLOSEDATE).toBe(`${today()}T03:00:00+03:00`);
    expect(deal.DATE_MODIFY).toBe(deal.MOVED_TIME);
    expect(Math.abs(Date.parse(String(deal.MOVED_TIME)) - Date.now())).toBeLessThan(5000);
    const h = await history(3);
    expect(h.at(-1)).toMatchObject({
      TYPE_ID: "3",
      STAGE_ID: "WON",
      STAGE_SEMANTIC_ID: "S",
      CATEGORY_ID: "0",
      CREATED_TIME: deal.MOVED_TIME,
    });
  });

  it("move back to a process stage: TYPE_ID 2, CLOSED N; to another pipeline: TYPE_ID 5 and CATEGORY_ID changes", async () => {
    emu.control.moveDeal(3, "PREPARATION");
    expect(emu.state.deals.get(3)).toMatchObject({ CLOSED: "N", STAGE_SEMANTIC_ID: "P" });
    expect((await history(3)).at(-1)).toMatchObject({ TYPE_ID: "2", STAGE_ID: "PREPARATION" });
    emu.control.moveDeal(3, "C1:NEW");
    expect(emu.state.deals.get(3)).toMatchObject({ CATEGORY_ID: "1", STAGE_ID: "C1:NEW" });
    expect((await history(3)).at(-1)).toMatchObject({ TYPE_ID: "5", STAGE_ID: "C1:NEW", CATEGORY_ID: "1" });
    const bad = await control("deals/3/move", { stageId: "NOPE" });
    expect(bad.status).toBe(400);
  });

  it("create deal: full row, UF defaults, first stage of the pipeline, history TYPE_ID 1; delete → Not found", async () => {
    const r = await control("deals", {
      fields: { TITLE: "From control", OPPORTUNITY: 1234.5, BEGINDATE: "2024-06-01" },
    });
    const created = r.body.result as WireRecord;
    expect(created.ID).toBe("5");
    const deal = (await call(emu, "crm.deal.get", { id: 5 })).body.result as WireRecord;
    expect(deal).toMatchObject({
      TITLE: "From control",
      OPPORTUNITY: "1234.50",
      STAGE_ID: "NEW",
      CATEGORY_ID: "0",
      CLOSED: "N",
      UF_CRM_1715000000001: "",
      BEGINDATE: "2024-06-01T03:00:00+03:00",
    });
    expect(Object.keys(deal).slice(0, 3)).toEqual(["ID", "TITLE", "TYPE_ID"]);
    expect(await history(5)).toEqual([
      expect.objectContaining({ TYPE_ID: "1", STAGE_ID: "NEW", OWNER_ID: "5" }),
    ]);
    expect((await control("deals/5/delete")).body.result).toBe(true);
    expect((await call(emu, "crm.deal.get", { id: 5 })).body.error_description).toBe("Not found");
  });

  it("comment: listed by crm.timeline.comment.list", async () => {
    await control("deals/1/comments", { comment: "Client asked for a discount", authorId: 2 });
    const r = await call(emu, "crm.timeline.comment.list", {
      filter: { ENTITY_ID: 1, ENTITY_TYPE: "deal" },
      select: ["*", "FILES"],
    });
    expect(rows(r)).toEqual([
      expect.objectContaining({
        ID: "1",
        ENTITY_ID: "1",
        ENTITY_TYPE: "deal",
        COMMENT: "Client asked for a discount",
        AUTHOR_ID: "2",
        FILES: {},
      }),
    ]);
  });
});

describe("§10 outgoing events", () => {
  it("events are POSTed urlencoded with the documented body to webhook and event.bind handlers", async () => {
    const hid = (await control("handlers", { event: "ONCRMDEALUPDATE", url: hookUrl })).body.result;
    await control("handlers", { event: "ONCRMDEALADD", url: hookUrl });
    await control("handlers", { event: "ONCRMDEALDELETE", url: hookUrl });
    const token = emu.issueOAuthToken();
    await call(
      emu,
      "event.bind",
      { auth: token, event: "ONCRMTIMELINECOMMENTADD", handler: `${hookUrl}?app=1` },
      `${emu.url}/rest/`,
    );

    emu.control.updateDeal(2, { TITLE: "Renamed" });
    const created = emu.control.createDeal({ TITLE: "Evented" });
    emu.control.addComment(2, "hello");
    emu.control.deleteDeal(Number(created.ID));
    await emu.control.flushEvents();

    const byEvent = Object.fromEntries(received.map((r) => [r.body.get("event"), r]));
    expect(Object.keys(byEvent).sort()).toEqual([
      "ONCRMDEALADD",
      "ONCRMDEALDELETE",
      "ONCRMDEALUPDATE",
      "ONCRMTIMELINECOMMENTADD",
    ]);
    const upd = byEvent.ONCRMDEALUPDATE!;
    expect(upd.contentType).toBe("application/x-www-form-urlencoded");
    expect([...upd.body.keys()]).toEqual([
      "event",
      "event_handler_id",
      "data[FIELDS][ID]",
      "ts",
      "auth[domain]",
      "auth[client_endpoint]",
      "auth[server_endpoint]",
      "auth[member_id]",
      "auth[status]",
      "auth[application_token]",
    ]);
    expect(upd.body.get("event_handler_id")).toBe(String(hid));
    expect(upd.body.get("data[FIELDS][ID]")).toBe("2");
    expect(upd.body.get("auth[domain]")).toBe("tiny.bitrix24.ru");
    expect(upd.body.get("auth[member_id]")).toBe("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    expect(upd.body.get("auth[application_token]")).toBe("51856fefc120afa4b628cc82d3935cce");
    expect(upd.body.get("auth[client_endpoint]")).toBe(`${emu.url}/rest/`);
    expect(Math.abs(Number(upd.body.get("ts")) - Date.now() / 1000)).toBeLessThan(5);
    expect(upd.raw).toContain("data%5BFIELDS%5D%5BID%5D=2");
    expect(byEvent.ONCRMTIMELINECOMMENTADD!.body.get("data[FIELDS][ID]")).toBe("2");
    expect(byEvent.ONCRMDEALDELETE!.body.get("data[FIELDS][ID]")).toBe(created.ID);
  });

  it("delivery errors are swallowed and not retried", async () => {
    emu.control.addWebhookHandler("ONCRMDEALUPDATE", "http://127.0.0.1:9/unreachable");
    expect(() => emu.control.updateDeal(1, { TITLE: "x" })).not.toThrow();
    await emu.control.flushEvents();
    expect(received.filter((r) => r.body.get("event") === "ONCRMDEALUPDATE")).toHaveLength(1);
  });
});

describe("counters", () => {
  it("per-method counts, batch sub-calls under their method, total HTTP requests; reset via control API", async () => {
    await control("counters/reset");
    await call(emu, "crm.deal.list");
    await call(emu, "crm.deal.list");
    await call(emu, "batch", { cmd: ["user.get", "crm.deal.list"] });
    const c = await get(`${emu.url}/_emulator/counters`);
    expect(c.body.result).toEqual({
      byMethod: { "crm.deal.list": 3, batch: 1, "user.get": 1 },
      httpRequests: 3,
    });
    expect(emu.counters.byMethod["crm.deal.list"]).toBe(3);
    emu.counters.reset();
    expect(emu.counters.httpRequests).toBe(0);
    expect(ids(rows(await call(emu, "crm.deal.list", { filter: { ID: 1 } })))).toEqual([1]);
  });
});
