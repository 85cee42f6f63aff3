import qs from "qs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Emu, get, ids, rows, start, tiny } from "./helpers";

let emu: Emu;
beforeAll(async () => {
  emu = await start(tiny());
});
afterAll(() => emu.close());

describe("§1.1 URL forms", () => {
  it("webhook path /rest/{uid}/{secret}/{method} with and without .json and a trailing slash", async () => {
    for (const m of ["crm.deal.list", "crm.deal.list.json", "crm.deal.list/", "crm.deal.list.json/"]) {
      const r = await get(`${emu.webhookUrl}${m}`);
      expect(r.status, m).toBe(200);
      expect(ids(rows(r))).toEqual([1, 2, 3, 4]);
    }
  });

  it("method names are lower-cased by the server (CRM.DEAL.LIST works)", async () => {
    const r = await get(`${emu.webhookUrl}CRM.Deal.LIST`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(4);
  });

  it("OAuth form /rest/{method}?auth=TOKEN and auth in the POST body", async () => {
    const token = emu.issueOAuthToken();
    const r1 = await get(`${emu.url}/rest/crm.deal.get.json?auth=${token}&id=2`);
    expect((r1.body.result as { TITLE: string }).TITLE).toBe("CRM licences");
    const r2 = await call(emu, "crm.deal.get", { auth: token, ID: 3 }, `${emu.url}/rest/`);
    expect((r2.body.result as { TITLE: string }).TITLE).toBe("Support contract");
  });
});

describe("§1.2 parameters", () => {
  it("GET query string with PHP brackets: filter[>ID], select[], order[ID]", async () => {
    const q = "filter[>ID]=1&filter[STAGE_SEMANTIC_ID]=F&select[]=ID&select[]=TITLE&order[ID]=DESC";
    const r = await get(`${emu.webhookUrl}crm.deal.list?${q}`);
    expect(rows(r)).toEqual([
      { ID: "4", TITLE: "Office chairs" },
      { ID: "2", TITLE: "CRM licences" },
    ]);
  });

  it("application/x-www-form-urlencoded body with brackets", async () => {
    const r = await get(`${emu.webhookUrl}crm.deal.list`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: qs.stringify({ filter: { "@ID": [1, 3] }, select: ["ID"] }),
    });
    expect(rows(r)).toEqual([{ ID: "1" }, { ID: "3" }]);
  });

  it("multipart/form-data body", async () => {
    const form = new FormData();
    form.append("filter[STAGE_ID]", "WON");
    form.append("select[]", "TITLE");
    const r = await get(`${emu.webhookUrl}crm.deal.list`, { method: "POST", body: form });
    expect(rows(r)).toEqual([{ ID: "1", TITLE: "Server rack for Alfa" }]);
  });

  it("query merged first, body overrides top-level keys (array_replace)", async () => {
    const r = await get(`${emu.webhookUrl}crm.deal.list?filter[ID]=1&select[]=TITLE`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filter: { ID: 2 } }),
    });
    expect(rows(r)).toEqual([{ ID: "2", TITLE: "CRM licences" }]);
  });

  it("unparseable JSON body is treated as empty; unknown params are ignored", async () => {
    const r = await get(`${emu.webhookUrl}crm.deal.list?bx24_request_id=abc&bx24_sdk_ver=2.2.0`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(4);
  });

  it("legacy spellings FILTER / Filter / arFilter / SELECT and ID or id for *.get", async () => {
    for (const key of ["FILTER", "Filter", "arFilter", "filter"]) {
      const r = await call(emu, "crm.deal.list", { [key]: { STAGE_ID: "LOSE" }, SELECT: ["ID"] });
      expect(rows(r), key).toEqual([{ ID: "2" }]);
    }
    expect((await call(emu, "crm.deal.get", { ID: "4" })).status).toBe(200);
    expect((await call(emu, "crm.deal.get", { id: 4 })).status).toBe(200);
  });

  it("response headers: application/json; charset=utf-8 and Access-Control-Allow-Origin: *", async () => {
    const r = await call(emu, "crm.deal.list");
    expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("§1.4 success envelope", () => {
  it("key order result, next?, total, time{start,finish,duration,processing,date_start,date_finish,operating_reset_at,operating}", async () => {
    const r = await call(emu, "crm.deal.list");
    expect(Object.keys(r.body)).toEqual(["result", "total", "time"]);
    const time = r.body.time as Record<string, unknown>;
    expect(Object.keys(time)).toEqual([
      "start",
      "finish",
      "duration",
      "processing",
      "date_start",
      "date_finish",
      "operating_reset_at",
      "operating",
    ]);
    expect(time.date_start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    expect(Number(time.finish)).toBeGreaterThanOrEqual(Number(time.start));
    expect(Number.isInteger(time.operating_reset_at)).toBe(true);
  });

  it("§5.2 JSON escapes / as \\/ like PHP", async () => {
    emu.control.updateDeal(3, { COMMENTS: "[B]bold[/B] http://x" });
    const r = await get(`${emu.webhookUrl}crm.deal.get?id=3`);
    expect(r.text).toContain('"COMMENTS":"[B]bold[\\/B] http:\\/\\/x"');
    expect((r.body.result as { COMMENTS: string }).COMMENTS).toBe("[B]bold[/B] http://x");
  });
});
