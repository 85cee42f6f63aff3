import { afterEach, describe, expect, it } from "vitest";
import { bigSnapshot, call, type Emu, start, tiny } from "./helpers";

let emu: Emu | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe("§4 leaky bucket", () => {
  it("burst exceeded → 503 QUERY_LIMIT_EXCEEDED 'Too many requests', then recovers after draining", async () => {
    emu = await start(tiny(), { limits: { enabled: true, burst: 5, drainPerSec: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(emu, "scope")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 503]);
    const r = await call(emu, "scope");
    expect(r.body).toEqual({ error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" });
    await new Promise((res) => setTimeout(res, 1200));
    expect((await call(emu, "scope")).status).toBe(200);
  });

  it("a batch of 20 commands counts as one request", async () => {
    emu = await start(tiny(), { limits: { enabled: true, burst: 2, drainPerSec: 0.01 } });
    const b = await call(emu, "batch", { cmd: Array.from({ length: 20 }, () => "scope") });
    expect(b.status).toBe(200);
    expect((b.body.result as { result: unknown[] }).result).toHaveLength(20);
    expect((await call(emu, "scope")).status).toBe(200);
    expect((await call(emu, "scope")).status).toBe(503);
  });

  it("defaults 50/2; the enterprise plan gets 250/5", async () => {
    emu = await start(tiny(), { limits: { enabled: true } });
    const plain: number[] = [];
    for (let i = 0; i < 55; i++) plain.push((await call(emu, "scope")).status);
    expect(plain.slice(0, 50).every((s) => s === 200)).toBe(true);
    expect(plain.slice(50)).toContain(503);
    await emu.close();
    const snap = tiny();
    snap.portal.plan = "enterprise";
    emu = await start(snap, { limits: { enabled: true } });
    const ent: number[] = [];
    for (let i = 0; i < 55; i++) ent.push((await call(emu, "scope")).status);
    expect(ent.every((s) => s === 200)).toBe(true);
  });
});

describe("§4 operating time", () => {
  it("per-method limit → 429 OPERATION_TIME_LIMIT; other methods keep working; operating/operating_reset_at reported", async () => {
    emu = await start(bigSnapshot(10), {
      limits: { enabled: true, burst: 1000, operatingLimitSec: 1, extraCostSec: 0.6 },
    });
    const r1 = await call(emu, "crm.deal.list");
    const t1 = r1.body.time as { operating: number; operating_reset_at: number };
    expect(t1.operating).toBeGreaterThanOrEqual(0.6);
    expect(t1.operating_reset_at).toBeGreaterThan(Date.now() / 1000);
    expect(t1.operating_reset_at).toBeLessThanOrEqual(Date.now() / 1000 + 600);
    const r2 = await call(emu, "crm.deal.list");
    expect((r2.body.time as { operating: number }).operating).toBeGreaterThanOrEqual(1.2);
    const r3 = await call(emu, "crm.deal.list");
    expect(r3.status).toBe(429);
    expect(r3.body).toEqual({
      error: "OPERATION_TIME_LIMIT",
      error_description: "Method is blocked due to operation time limit.",
    });
    expect((await call(emu, "crm.deal.get", { id: 1 })).status).toBe(200);
    const b = await call(emu, "batch", { cmd: { a: "crm.deal.list", b: "crm.deal.get?id=1" } });
    expect(b.status).toBe(200);
    const res = b.body.result as {
      result_error: Record<string, { error: string }>;
      result: Record<string, unknown>;
    };
    expect(res.result_error.a?.error).toBe("OPERATION_TIME_LIMIT");
    expect(res.result).toHaveProperty("b");
    // switching limits off lifts the block
    emu.setLimits({ enabled: false });
    expect((await call(emu, "crm.deal.list")).status).toBe(200);
  });
});
