import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comments, dealFacts, deals, portals } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { startWorkers } from "@/lib/jobs/work";
import { connectWebhookPortal, setEventToken } from "@/lib/portals";
import { verifyEvent } from "@/lib/sync/events";
import { queueDealRefresh, settleJobs } from "@/lib/sync/jobs";
import { runSync } from "@/lib/sync/run";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

describe("Bitrix24 events refresh single deals", () => {
  let t: TestDb;
  let emu: EmulatorHandle;
  let listener: http.Server;
  let listenerUrl: string;
  const statuses: number[] = [];
  const snapshot = goldenPortal();

  beforeAll(async () => {
    t = await createTestDb();
    emu = await startEmulator({ snapshot, port: 0, limits: { enabled: false } });
    const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
    // Events name the portal by its real domain, as a cloud portal would.
    await t.db.update(portals).set({ domain: snapshot.portal.domain }).where(eq(portals.id, portal.id));
    await setEventToken(t.db, portal.id, snapshot.portal.applicationToken, snapshot.portal.memberId);
    await runSync(t, portal.id, { mode: "full" });
    await startWorkers(t);
    // The same two steps as app/api/bitrix24/events/route.ts.
    listener = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", async () => {
        const verdict = await verifyEvent(t, body);
        if (verdict.ok && verdict.dealId !== null)
          await queueDealRefresh(t, verdict.portalId, verdict.dealId);
        statuses.push(verdict.ok ? 200 : verdict.status);
        res.writeHead(verdict.ok ? 200 : verdict.status).end();
      });
    });
    await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/api/bitrix24/events`;
    for (const event of ["ONCRMDEALUPDATE", "ONCRMDEALDELETE", "ONCRMTIMELINECOMMENTADD"]) {
      emu.control.addWebhookHandler(event, listenerUrl);
    }
  });
  afterAll(async () => {
    listener?.close();
    await emu?.close();
    await t?.destroy();
  });

  it("a stage move fires ONCRMDEALUPDATE and the deal's facts follow", async () => {
    emu.control.moveDeal(7, "WON");
    await emu.control.flushEvents();
    await settleJobs(t);
    expect(statuses.at(-1)).toBe(200);
    const [fact] = await t.db.select().from(dealFacts).where(eq(dealFacts.dealId, 7));
    expect(fact?.outcome).toBe("won");
    expect(fact?.closedAt).not.toBeNull();
  });

  it("a deletion removes the deal and its facts", async () => {
    emu.control.deleteDeal(4);
    await emu.control.flushEvents();
    await settleJobs(t);
    expect(await t.db.select().from(deals).where(eq(deals.bitrixId, 4))).toHaveLength(0);
    expect(await t.db.select().from(dealFacts).where(eq(dealFacts.dealId, 4))).toHaveLength(0);
  });

  it("a comment on an unchanged deal arrives by its event, which names the comment alone", async () => {
    const before = await t.db.select().from(deals).where(eq(deals.bitrixId, 3));
    const added = emu.control.addComment(3, "Клиент вернулся: просит счёт заново");
    await emu.control.flushEvents();
    await settleJobs(t);
    expect(statuses.at(-1)).toBe(200);
    const stored = await t.db
      .select()
      .from(comments)
      .where(and(eq(comments.source, "timeline"), eq(comments.bitrixId, Number(added.ID))));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.dealId).toBe(3);
    expect(stored[0]?.bodyText).toBe("Клиент вернулся: просит счёт заново");
    // Only the event moved: the deal record itself is what it was.
    const after = await t.db.select().from(deals).where(eq(deals.bitrixId, 3));
    expect(after[0]?.dateModify).toEqual(before[0]?.dateModify);
  });

  it("a stored comment's update or deletion is traced to its deal without asking the portal", async () => {
    const [known] = await t.db.select().from(comments).where(eq(comments.source, "timeline")).limit(1);
    expect(known).toBeDefined();
    const body = new URLSearchParams({
      event: "ONCRMTIMELINECOMMENTDELETE",
      "data[FIELDS][ID]": String(known!.bitrixId),
      "auth[domain]": snapshot.portal.domain,
      "auth[member_id]": snapshot.portal.memberId,
      "auth[application_token]": snapshot.portal.applicationToken,
    });
    const calls = emu.counters.httpRequests;
    const verdict = await verifyEvent(t, body.toString());
    expect(verdict).toMatchObject({ ok: true, dealId: known!.dealId, commentId: known!.bitrixId });
    expect(emu.counters.httpRequests).toBe(calls);
  });

  it("an event with a wrong token is refused with 401 and changes nothing", async () => {
    const before = await t.db.select().from(deals).where(eq(deals.bitrixId, 2));
    const body = new URLSearchParams({
      event: "ONCRMDEALDELETE",
      "data[FIELDS][ID]": "2",
      "auth[domain]": snapshot.portal.domain,
      "auth[member_id]": snapshot.portal.memberId,
      "auth[application_token]": "forged-token",
    });
    const res = await fetch(listenerUrl, { method: "POST", body });
    expect(res.status).toBe(401);
    await settleJobs(t);
    expect(await t.db.select().from(deals).where(eq(deals.bitrixId, 2))).toEqual(before);
  });
});
