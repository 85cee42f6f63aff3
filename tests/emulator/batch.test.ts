import qs from "qs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bigSnapshot, call, type Emu, get, ids, start } from "./helpers";

let emu: Emu;
beforeAll(async () => {
  emu = await start(bigSnapshot(130));
});
afterAll(() => emu.close());
beforeEach(() => emu.counters.reset());

type BatchResult = {
  result: unknown;
  result_error: unknown;
  result_total: unknown;
  result_next: unknown;
  result_time: unknown;
};

async function batch(cmd: unknown, halt = 0): Promise<BatchResult> {
  const r = await call(emu, "batch", { halt, cmd });
  expect(r.status).toBe(200);
  expect(Object.keys(r.body)).toEqual(["result", "time"]);
  return r.body.result as BatchResult;
}

const list = (filter: string) => `crm.deal.list?order[ID]=ASC&filter[>ID]=${filter}&select[]=ID&start=-1`;

describe("§3 batch", () => {
  it("chained $result[p0][49][ID] pages over >100 rows in one request", async () => {
    const b = await batch({
      p0: list("0"),
      p1: list("$result[p0][49][ID]"),
      p2: list("$result[p1][49][ID]"),
    });
    const res = b.result as Record<string, { ID: string }[]>;
    expect(ids(res.p0!)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(ids(res.p1!)).toEqual(Array.from({ length: 50 }, (_, i) => i + 51));
    expect(ids(res.p2!)).toEqual(Array.from({ length: 30 }, (_, i) => i + 101));
    expect(b.result_total).toEqual({ p0: 0, p1: 0, p2: 0 });
    expect(b.result_next).toEqual([]); // empty map → []
    expect(b.result_error).toEqual([]);
    expect(Object.keys(b.result_time as object)).toEqual(["p0", "p1", "p2"]);
    // one HTTP request, one batch, each sub-call counted under its own method
    expect(emu.counters.httpRequests).toBe(1);
    expect(emu.counters.byMethod).toEqual({ batch: 1, "crm.deal.list": 3 });
  });

  it("$next / $total references, case-insensitive $RESULT, whole value vs string substitution", async () => {
    const b = await batch({
      a: "crm.deal.list?select[]=ID",
      n: "crm.deal.list?select[]=ID&start=$next[a]",
      t: "crm.deal.list?select[]=ID&filter[>ID]=$TOTAL[a]",
      g: "crm.deal.get?id=2",
      whole: "crm.deal.list?select[]=ID&filter[@ID]=$result[g][UF_CRM_TAGS]",
      str: "crm.deal.list?select[]=ID&filter[@ID]=$Result[g][UF_CRM_TAGS],9",
      concat: "crm.deal.list?select[]=ID&filter[=TITLE]=Deal $result[g][ID]5",
      deep: "crm.deal.get?id=$result[g][ID][nope][deeper]",
    });
    const res = b.result as Record<string, unknown>;
    expect(ids(res.n as { ID: string }[])[0]).toBe(51);
    expect(res.t).toEqual([]); // >ID 130
    expect(ids(res.whole as { ID: string }[])).toEqual([1, 2]);
    expect(ids(res.str as { ID: string }[])).toEqual([1, 2, 9]);
    expect(ids(res.concat as { ID: string }[])).toEqual([25]);
    expect((res.deep as { ID: string }).ID).toBe("2"); // stops at the deepest existing node
    expect(b.result_next).toEqual({ a: 50, n: 100 });
    expect(b.result_total).toMatchObject({ a: 130, n: 130, t: 0 });
    expect(b.result_total).not.toHaveProperty("g"); // non-list methods have no total
  });

  it("halt stops after the first failing command; without halt the rest run; still HTTP 200", async () => {
    const cmd = { bad: "crm.deal.get?id=999", good: "crm.deal.get?id=1" };
    const halted = await batch(cmd, 1);
    expect(halted.result).toEqual([]);
    expect(halted.result_error).toEqual({ bad: { error: "", error_description: "Not found" } });
    const go = await batch(cmd, 0);
    expect(Object.keys(go.result as object)).toEqual(["good"]);
  });

  it("PHP quirk: cmd as an array → keys 0..n-1 serialise as JSON arrays; error on key 0 → array", async () => {
    const b = await batch(["crm.deal.get?id=999", "crm.deal.get?id=2"]);
    expect(b.result_error).toEqual([{ error: "", error_description: "Not found" }]);
    expect(b.result).toEqual({ 1: expect.objectContaining({ ID: "2" }) });
    const c = await batch(["scope", "crm.deal.get?id=3"]);
    expect(Array.isArray(c.result)).toBe(true);
    expect((c.result as unknown[])[0]).toEqual(["crm", "user", "department"]);
  });

  it("more than 50 commands: the 51st and later each get ERROR_BATCH_LENGTH_EXCEEDED", async () => {
    const b = await batch(Array.from({ length: 52 }, () => "scope"));
    expect((b.result as unknown[]).length).toBe(50);
    expect(b.result_error).toEqual({
      50: { error: "ERROR_BATCH_LENGTH_EXCEEDED", error_description: "Max batch length exceeded" },
      51: { error: "ERROR_BATCH_LENGTH_EXCEEDED", error_description: "Max batch length exceeded" },
    });
    expect(emu.counters.byMethod.scope).toBe(50);
  });

  it("nested batch → ERROR_BATCH_METHOD_NOT_ALLOWED; unknown method → ERROR_METHOD_NOT_FOUND", async () => {
    const b = await batch({ n: "batch?cmd[x]=scope", u: "no.such.method" });
    expect(b.result_error).toEqual({
      n: {
        error: "ERROR_BATCH_METHOD_NOT_ALLOWED",
        error_description: "Method is not allowed for batch usage",
      },
      u: { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" },
    });
  });

  it("urlencoded batch with double-encoded commands; outer batch has operating 0, sub-calls are timed", async () => {
    const body = qs.stringify({
      halt: 0,
      cmd: { a: `crm.deal.list?${qs.stringify({ filter: { ">ID": 125 }, select: ["ID"] })}` },
    });
    const r = await get(`${emu.webhookUrl}batch`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const res = r.body.result as BatchResult;
    expect(ids((res.result as Record<string, { ID: string }[]>).a!)).toEqual([126, 127, 128, 129, 130]);
    expect((r.body.time as { operating: number }).operating).toBe(0);
    expect((res.result_time as Record<string, { operating: number }>).a!.operating).toBeGreaterThan(0);
  });
});
