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
});
