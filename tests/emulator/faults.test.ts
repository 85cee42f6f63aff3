import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bigSnapshot, call, type Emu, get, ids, rows, start } from "./helpers";

let emu: Emu;
beforeAll(async () => {
  emu = await start(bigSnapshot(120));
});
afterAll(() => emu.close());
beforeEach(() => emu.setFaults({}));

describe("§1.5 / §12.9 fault injection", () => {
  it("html502Every: every Nth request answers an HTML 502 page (text/html)", async () => {
    emu.setFaults({ html502Every: 3 });
    const statuses: number[] = [];
    let html = "";
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${emu.webhookUrl}scope`);
      statuses.push(r.status);
      if (r.status === 502) {
        expect(r.headers.get("content-type")).toBe("text/html");
        html = await r.text();
      } else await r.text();
    }
    expect(statuses).toEqual([200, 200, 502, 200, 200, 502]);
    expect(html).toContain("502 Bad Gateway");
  });

  it("dropEvery: the connection is destroyed after part of the JSON body", async () => {
    emu.setFaults({ dropEvery: 2 });
    expect((await call(emu, "crm.deal.list")).status).toBe(200);
    await expect(fetch(`${emu.webhookUrl}crm.deal.list`).then((r) => r.text())).rejects.toThrow();
    expect((await call(emu, "crm.deal.list")).status).toBe(200);
  });

  it("malformedDealIds: those deals carry a zero DATE_MODIFY and non-numeric OPPORTUNITY; others intact", async () => {
    emu.setFaults({ malformedDealIds: [2] });
    const list = rows(
      await call(emu, "crm.deal.list", { filter: { "@ID": [1, 2] }, select: ["DATE_MODIFY", "OPPORTUNITY"] }),
    );
    expect(list[1]).toEqual({ ID: "2", DATE_MODIFY: "0000-00-00 00:00:00", OPPORTUNITY: "N/A" });
    expect(list[0]?.OPPORTUNITY).toBe("100.00");
    const item = await call(emu, "crm.item.list", { entityTypeId: 2, filter: { id: 2 } });
    expect((item.body.result as { items: Record<string, unknown>[] }).items[0]).toMatchObject({
      opportunity: "N/A",
    });
    emu.setFaults({});
    expect((await call(emu, "crm.deal.get", { id: 2 })).body.result).toMatchObject({ OPPORTUNITY: "200.00" });
  });

  it("deleteDealBetweenPages: a deal vanishes between page 1 and page 2 so offset paging skips a row", async () => {
    emu.setFaults({ deleteDealBetweenPages: { afterRequests: 1, dealId: 10 } });
    const p1 = await call(emu, "crm.deal.list", { select: ["ID"] });
    expect(p1.body.total).toBe(120);
    const p2 = await call(emu, "crm.deal.list", { select: ["ID"], start: 50 });
    expect(p2.body.total).toBe(119);
    expect(ids(rows(p2))[0]).toBe(52); // deal 51 moved onto page 1 and is never seen
    expect((await call(emu, "crm.deal.get", { id: 10 })).body.error_description).toBe("Not found");
  });

  it("slowMs delays answers", async () => {
    emu.setFaults({ slowMs: 150 });
    const t = Date.now();
    await get(`${emu.webhookUrl}scope`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it("operatingBlock: the method answers 429 OPERATION_TIME_LIMIT alone and per command in batch, then reopens", async () => {
    emu.setFaults({ operatingBlock: { method: "crm.deal.list", everyCalls: 2, forMs: 400 } });
    const asked = Date.now();
    const first = await call(emu, "crm.deal.list", { select: ["ID"] });
    const resetAt = (first.body.time as { operating_reset_at: number }).operating_reset_at;
    // The window's end: at least forMs after the call was made, at most a rounded-up second or two later.
    expect(resetAt * 1000).toBeGreaterThanOrEqual(asked + 400);
    expect(resetAt * 1000).toBeLessThanOrEqual(Date.now() + 2_000);
    expect((await call(emu, "crm.deal.list", { select: ["ID"] })).status).toBe(200);
    const blocked = await call(emu, "crm.deal.list", { select: ["ID"] });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe("OPERATION_TIME_LIMIT");
    const batch = await call(emu, "batch", {
      cmd: { a: "crm.deal.list?select[]=ID", b: "crm.status.list" },
    });
    expect(batch.status).toBe(200);
    const res = batch.body.result as Record<string, Record<string, { error?: string }>>;
    expect(res.result_error?.a?.error).toBe("OPERATION_TIME_LIMIT");
    expect(res.result?.b).toBeTruthy();
    // Other methods are not blocked; the blocked one reopens once its window (forMs) has passed: polled, since a
    // loaded machine may answer late, with a deadline well past the window.
    const deadline = Date.now() + 3_000;
    let status = 429;
    while (status === 429 && Date.now() < deadline) {
      status = (await call(emu, "crm.deal.list", { select: ["ID"] })).status;
      if (status === 429) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
  });

  it("queryLimitEvery: every Nth request answers QUERY_LIMIT_EXCEEDED with the chosen status", async () => {
    emu.setFaults({ queryLimitEvery: 2, queryLimitStatus: 429 });
    expect((await call(emu, "crm.deal.list")).status).toBe(200);
    const limited = await call(emu, "crm.deal.list");
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("QUERY_LIMIT_EXCEEDED");
    emu.setFaults({ queryLimitEvery: 1 });
    expect((await call(emu, "scope")).status).toBe(503);
  });

  it("control.addActivity: a new activity, LAST_UPDATED now, the deal's DATE_MODIFY untouched", async () => {
    const before = rows(await call(emu, "crm.deal.list", { filter: { ID: 3 }, select: ["DATE_MODIFY"] }))[0];
    const t = Date.now();
    const act = emu.control.addActivity(3, { SUBJECT: "Перезвонить" });
    const listed = rows(
      await call(emu, "crm.activity.list", {
        filter: { OWNER_TYPE_ID: 2, OWNER_ID: 3, ">=LAST_UPDATED": new Date(t - 1000).toISOString() },
      }),
    );
    expect(listed.map((r) => r.ID)).toEqual([act.ID]);
    expect(listed[0]?.SUBJECT).toBe("Перезвонить");
    const after = rows(await call(emu, "crm.deal.list", { filter: { ID: 3 }, select: ["DATE_MODIFY"] }))[0];
    expect(after?.DATE_MODIFY).toBe(before?.DATE_MODIFY);
  });
});
