// Where reads go and how replica lag is measured (lib/replicas/lag.ts): the rules the monitor applies each check.
import { describe, expect, it } from "vitest";
import { replicaUrlsFromEnv } from "@/db";
import {
  chooseReplica,
  classify,
  type LsnSample,
  lagMillis,
  parseLsn,
  pushSample,
  type ReplicaReading,
} from "@/lib/replicas/lag";

const reading = (over: Partial<ReplicaReading> = {}): ReplicaReading => ({
  inRecovery: true,
  replayLsn: 0x3000000n,
  lagBytes: 0,
  replayAgeMs: 600_000,
  caughtUpWithReceived: true,
  ...over,
});

describe("parseLsn", () => {
  it("reads Postgres's hi/lo hex form", () => {
    expect(parseLsn("0/3000060")).toBe(0x3000060n);
    expect(parseLsn("1/0")).toBe(1n << 32n);
    expect(parseLsn("A/FF")).toBe((10n << 32n) | 255n);
  });
  it("is null for anything else", () => {
    expect(parseLsn(null)).toBeNull();
    expect(parseLsn("")).toBeNull();
    expect(parseLsn("0-3000060")).toBeNull();
  });
});

describe("lagMillis", () => {
  const now = 1_000_000;
  it("is 0 when the replica replayed everything the primary wrote, however old its last commit", () => {
    expect(lagMillis(reading({ lagBytes: 0, replayAgeMs: 600_000 }), [], now)).toBe(0);
  });

  it("behind after a quiet spell: bounded by the last moment the primary stood where the replica is", () => {
    // Idle for 10 minutes, then one write: the last replayed commit is 10 min old, but the primary was still at
    // the replica's position 200 ms ago, so nothing unreplayed is older than that.
    const history: LsnSample[] = [
      { lsn: 0x3000000n, at: now - 1200 },
      { lsn: 0x3000000n, at: now - 200 },
      { lsn: 0x3000100n, at: now },
    ];
    expect(lagMillis(reading({ lagBytes: 256 }), history, now)).toBe(200);
  });

  it("behind for long: the replay age wins when it is the smaller bound", () => {
    const history: LsnSample[] = [{ lsn: 0x2000000n, at: now - 60_000 }];
    expect(lagMillis(reading({ lagBytes: 4096, replayAgeMs: 7000 }), history, now)).toBe(7000);
  });

  it("behind with no sample at or before its position: the replay age alone", () => {
    const history: LsnSample[] = [{ lsn: 0x3000100n, at: now - 10 }];
    expect(lagMillis(reading({ lagBytes: 256, replayAgeMs: 9000 }), history, now)).toBe(9000);
  });

  it("behind with nothing to bound it (no commit replayed yet, no sample): unknown", () => {
    expect(lagMillis(reading({ lagBytes: 256, replayAgeMs: null }), [], now)).toBeNull();
  });

  it("primary silent: 0 when the replica replayed all it received, else its replay age", () => {
    expect(lagMillis(reading({ lagBytes: null, caughtUpWithReceived: true }), [], now)).toBe(0);
    expect(
      lagMillis(reading({ lagBytes: null, caughtUpWithReceived: false, replayAgeMs: 1500 }), [], now),
    ).toBe(1500);
  });
});

describe("classify", () => {
  it("healthy within the bound, lagging beyond it or when unknown", () => {
    expect(classify(0, reading(), 5000)).toBe("healthy");
    expect(classify(5000, reading(), 5000)).toBe("healthy");
    expect(classify(5001, reading(), 5000)).toBe("lagging");
    expect(classify(null, reading(), 5000)).toBe("lagging");
  });
  it("down when the check failed or the server is not a standby (promoted: its data no longer follows ours)", () => {
    expect(classify(0, null, 5000)).toBe("down");
    expect(classify(0, reading({ inRecovery: false }), 5000)).toBe("down");
  });
});

describe("chooseReplica", () => {
  it("round robin over the healthy replicas only", () => {
    const states = ["healthy", "down", "healthy", "lagging"] as const;
    expect([0, 1, 2, 3].map((turn) => chooseReplica(states, turn))).toEqual([0, 2, 0, 2]);
  });
  it("null (the primary) when none is healthy, including before the first check", () => {
    expect(chooseReplica(["down", "lagging", "unknown"], 0)).toBeNull();
    expect(chooseReplica([], 5)).toBeNull();
  });
});

describe("pushSample", () => {
  it("keeps the newest samples only", () => {
    let h: LsnSample[] = [];
    for (let i = 0; i < 5; i++) h = pushSample(h, { lsn: BigInt(i), at: i }, 3);
    expect(h.map((s) => s.at)).toEqual([2, 3, 4]);
  });
});

describe("DATABASE_REPLICA_URLS", () => {
  it("is a comma-separated list; blanks are dropped", () => {
    expect(replicaUrlsFromEnv(" postgres://a:1/x , ,postgres://b:2/x,")).toEqual([
      "postgres://a:1/x",
      "postgres://b:2/x",
    ]);
    expect(replicaUrlsFromEnv(undefined)).toEqual([]);
  });
});
