import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { Bitrix24Client } from "@/lib/bitrix24/client";
import { listById } from "@/lib/bitrix24/list";
import { goldenPortal } from "../helpers/golden-portal";

describe("client against the emulator's limits (bitrix24-api.md §4)", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("429 OPERATION_TIME_LIMIT: waits for the window (operating_reset_at), other methods keep working", async () => {
    emu.setLimits({ enabled: true, burst: 1000, drainPerSec: 1000, operatingLimitSec: 2, extraCostSec: 1.5 });
    const client = new Bitrix24Client({
      auth: { kind: "webhook", url: emu.webhookUrl },
      maxOperatingWaitMs: 300,
    });
    await client.call("crm.deal.list", { select: ["ID"] });
    await client.call("crm.deal.list", { select: ["ID"] });
    // crm.deal.list is now over its limit; another method is not.
    const profile = await client.call<{ ID: string }>("profile");
    expect(profile.result.ID).toBe("1");
    expect(client.stats.retries).toBe(0);
    // The third call is over the limit; the portal frees it while the client waits.
    setTimeout(() => emu.setLimits({ enabled: false }), 100);
    const third = await client.call<unknown[]>("crm.deal.list", { select: ["ID"] });
    expect(third.result).toHaveLength(9);
    expect(client.stats.retries).toBeGreaterThanOrEqual(1);
  });

  it("503 QUERY_LIMIT_EXCEEDED storms are ridden out with backoff and nothing is lost", async () => {
    emu.setLimits({ enabled: true, burst: 2, drainPerSec: 20 });
    const client = new Bitrix24Client({
      auth: { kind: "webhook", url: emu.webhookUrl },
      baseDelayMs: 10,
      maxDelayMs: 100,
      maxRetries: 20,
    });
    const calls = Array.from({ length: 12 }, () =>
      client.call<unknown[]>("crm.deal.list", { select: ["ID"], start: 0 }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.result.length === 9)).toBe(true);
    expect(client.stats.retries).toBeGreaterThan(0);
    emu.setLimits({ enabled: false });
  });

  it("pages of 2,500 rows come in one request: 50 `>ID` pages chained in a batch", async () => {
    const snapshot = goldenPortal();
    const many = Array.from({ length: 2600 }, (_, i) => ({
      ...snapshot.lists["crm.deal.list"][0]!,
      ID: String(1000 + i),
    }));
    const big = await startEmulator({
      snapshot: { ...snapshot, lists: { ...snapshot.lists, "crm.deal.list": many } },
      port: 0,
      limits: { enabled: false },
    });
    try {
      const client = new Bitrix24Client({ auth: { kind: "webhook", url: big.webhookUrl } });
      const pages = [];
      for await (const page of listById(client, { method: "crm.deal.list", params: { select: ["ID"] } }))
        pages.push(page);
      expect(pages.map((p) => p.rows.length)).toEqual([2500, 100]);
      expect(pages.flatMap((p) => p.rows.map((r) => Number(r.ID)))).toEqual(many.map((d) => Number(d.ID)));
      expect(client.stats.requests).toBe(2);
    } finally {
      await big.close();
    }
  });
});
