/**
 * Anonymous health (lib/health.ts getPublicHealth) shares one database check per second among its callers, and
 * never keeps a failure: "down" is answered from a fresh check every time.
 */
import { describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db";
import { getPublicHealth, PUBLIC_HEALTH_TTL_MS } from "@/lib/health";

function fakeHandle(execute: () => Promise<unknown>): DbHandle {
  return { db: { execute } } as unknown as DbHandle;
}

describe("public health cache", () => {
  it("asks the database once per TTL, however many callers", async () => {
    const execute = vi.fn(async () => ({ rows: [{ n: 1, last: null }] }));
    const handle = fakeHandle(execute);
    const answers = await Promise.all(Array.from({ length: 20 }, () => getPublicHealth(handle)));
    expect(answers.every((a) => a.ok === true && a.migrations.applied === 1)).toBe(true);
    expect(execute).toHaveBeenCalledTimes(1);
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + PUBLIC_HEALTH_TTL_MS + 1);
    await getPublicHealth(handle);
    expect(execute).toHaveBeenCalledTimes(2);
    vi.restoreAllMocks();
  });

  it("keeps no failure: the next call checks again", async () => {
    const execute = vi
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(new Error("connection refused"))
      .mockResolvedValue({ rows: [{ n: 2, last: null }] });
    const handle = fakeHandle(execute);
    await expect(getPublicHealth(handle)).rejects.toThrow("connection refused");
    expect((await getPublicHealth(handle)).migrations.applied).toBe(2);
    expect(execute).toHaveBeenCalledTimes(2);
  });
});
