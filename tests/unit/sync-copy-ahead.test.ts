import { describe, expect, it } from "vitest";
import { oneAhead } from "@/lib/sync/ahead";
import { copyKind, copyText } from "@/lib/sync/copy";

describe("copyText (COPY text format)", () => {
  it("escapes what COPY reads specially and spells each kind of column", () => {
    const when = new Date("2026-03-01T10:00:00Z");
    const text = copyText(
      [
        {
          id: 1,
          t: "a\tb\nc\rd\\e",
          ok: true,
          at: when,
          raw: { s: "x\ty", n: null },
          ids: [1, 2],
          tags: ['a"b'],
        },
        { id: 2, t: null, ok: false, at: undefined, raw: { s: "\\N" }, ids: [], tags: [null] },
      ],
      ["id", "t", "ok", "at", "raw", "ids", "tags"],
      ["plain", "plain", "plain", "plain", "json", "array", "array"],
    );
    expect(text.split("\n")).toEqual([
      '1\ta\\tb\\nc\\rd\\\\e\tt\t2026-03-01T10:00:00.000Z\t{"s":"x\\\\ty","n":null}\t{1,2}\t{"a\\\\"b"}',
      '2\t\\N\tf\t\\N\t{"s":"\\\\\\\\N"}\t{}\t{NULL}',
      "",
    ]);
  });

  it("maps Postgres types to kinds", () => {
    expect([copyKind("jsonb"), copyKind("integer[]"), copyKind("timestamp with time zone")]).toEqual([
      "json",
      "array",
      "plain",
    ]);
  });
});

describe("oneAhead", () => {
  /** A source that records how far it has been pulled. */
  function counted(n: number, failAt?: number) {
    const log = { pulled: 0, closed: false };
    async function* gen() {
      try {
        for (let i = 1; i <= n; i++) {
          if (i === failAt) throw new Error(`page ${i} failed`);
          log.pulled = i;
          yield i;
        }
      } finally {
        log.closed = true;
      }
    }
    return { log, source: gen() };
  }

  it("keeps the order and reads at most one item ahead of the consumer", async () => {
    const { log, source } = counted(5);
    const seen: number[] = [];
    for await (const x of oneAhead(source)) {
      await new Promise((r) => setImmediate(r));
      expect(log.pulled).toBeLessThanOrEqual(x + 1);
      expect(log.pulled).toBe(Math.min(5, x + 1));
      seen.push(x);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it("surfaces a failed read when its turn comes, after the items before it", async () => {
    const { source } = counted(5, 3);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of oneAhead(source)) seen.push(x);
      })(),
    ).rejects.toThrow("page 3 failed");
    expect(seen).toEqual([1, 2]);
  });

  it("closes the source when the consumer stops early", async () => {
    const { log, source } = counted(10);
    for await (const x of oneAhead(source)) if (x === 2) break;
    expect(log.closed).toBe(true);
    expect(log.pulled).toBe(3);
  });
});
