/**
 * Hostile: password sign-in throttling (lib/auth/throttle.ts) fed by the real source address (client-ip.ts +
 * the http hook in lib/server/http-hardening.ts), on real Postgres. A small real HTTP server stands in for
 * Next: it runs the same clientIp → authorize path on every request, so forged X-Forwarded-For headers and
 * two different socket addresses (127.0.0.1 and 127.0.0.2, both loopback) are real.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authThrottle } from "@/db/schema";
import { clientIp, TRUSTED_PROXIES_ENV, trustedProxies } from "@/lib/auth/client-ip";
import { authorize } from "@/lib/auth/credentials";
import { checkSignIn, THROTTLE } from "@/lib/auth/throttle";
import { createUser } from "@/lib/auth/users";
import { hardenHttpServers } from "@/lib/server/http-hardening";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { hostileSeed, prng } from "./auth-redirect-forms";

let t: TestDb;
let server: http.Server;
let port: number;
const seed = hostileSeed();
const rand = prng(seed);

beforeAll(async () => {
  console.log(`[hostile auth-throttle] HOSTILE_SEED=${seed}`);
  t = await createTestDb();
  for (const [email, password] of [
    ["victim@example.test", "victim-password-1"],
    ["owner@example.test", "owner-password-1"],
  ] as const)
    await createUser(t.db, { email, name: email, password, role: "director" });
  hardenHttpServers();
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const ip = clientIp(headers);
      const result = await authorize(t.db, JSON.parse(body || "{}"), ip);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ip, ok: result.ok, reason: result.ok ? null : result.reason }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.destroy();
});

interface Answer {
  ip: string;
  ok: boolean;
  reason: string | null;
}

function attempt(
  body: { email: string; password: string },
  opts: { from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        localAddress: opts.from ?? "127.0.0.1",
        headers: { "content-type": "application/json", ...opts.headers },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => resolve(JSON.parse(text) as Answer));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

const randomIp = () =>
  Array.from({ length: 4 }, (_, i) =>
    i === 0 ? 11 + Math.floor(rand() * 200) : Math.floor(rand() * 256),
  ).join(".");

/** Ages every counter past the window, as if the attack had stopped over an hour ago (the clock is real). */
const ageCounters = () =>
  t.db
    .update(authThrottle)
    .set({ lastFailureAt: sql`${authThrottle.lastFailureAt} - interval '61 minutes'` });

describe("the source address", () => {
  it("is the socket's, whatever X-Forwarded-For and a client-sent x-losslens-peer say", async () => {
    const a = await attempt(
      { email: "nobody@example.test", password: "x" },
      { from: "127.0.0.2", headers: { "x-forwarded-for": "8.8.8.8", "x-losslens-peer": "9.9.9.9" } },
    );
    expect(a.ip).toBe("127.0.0.2");
  });

  it("comes from X-Forwarded-For only through a configured proxy: the right-most hop it did not add", () => {
    const stamped = (peer: string, xff?: string) =>
      new Headers({ "x-losslens-peer": peer, ...(xff ? { "x-forwarded-for": xff } : {}) });
    const none = trustedProxies("");
    const loop = trustedProxies("loopback, 10.0.0.0/8");
    expect(clientIp(stamped("203.0.113.5", "1.2.3.4"), none)).toBe("203.0.113.5");
    expect(clientIp(stamped("203.0.113.5", "1.2.3.4"), loop)).toBe("203.0.113.5"); // peer is no proxy
    expect(clientIp(stamped("127.0.0.1", "6.6.6.6, 198.51.100.9"), loop)).toBe("198.51.100.9");
    expect(clientIp(stamped("127.0.0.1", "6.6.6.6, 198.51.100.9, 10.1.2.3"), loop)).toBe("198.51.100.9");
    expect(clientIp(stamped("::ffff:127.0.0.1", "::ffff:198.51.100.7"), loop)).toBe("198.51.100.7");
    expect(clientIp(stamped("127.0.0.1"), loop)).toBe("127.0.0.1");
    expect(trustedProxies("not-an-ip, 300.1.1.1/8")).not.toBeNull(); // bad entries skipped, not fatal
    expect(process.env[TRUSTED_PROXIES_ENV] ?? "").toBe("");
  });
});

describe("forged X-Forwarded-For cannot lock the real user out", () => {
  it("the attacker's source backs off; the owner, from another address, signs in at once", async () => {
    const guesses = 40;
    const answers: Answer[] = [];
    for (let i = 0; i < guesses; i++)
      answers.push(
        await attempt(
          { email: "victim@example.test", password: `guess-${i}` },
          { from: "127.0.0.2", headers: { "x-forwarded-for": randomIp() } },
        ),
      );
    // Every guess counted against the attacker's real address, not the forged ones.
    expect(new Set(answers.map((a) => a.ip))).toEqual(new Set(["127.0.0.2"]));
    expect(answers.slice(0, THROTTLE.perAccountSource).map((a) => a.reason)).toEqual(
      Array(THROTTLE.perAccountSource).fill("invalid"),
    );
    expect(answers.slice(THROTTLE.perAccountSource).every((a) => a.reason === "rate_limited")).toBe(true);
    // The per-source limit holds even for the right password from the attacking address.
    const fromAttacker = await attempt(
      { email: "victim@example.test", password: "victim-password-1" },
      { from: "127.0.0.2", headers: { "x-forwarded-for": randomIp() } },
    );
    expect(fromAttacker).toMatchObject({ ok: false, reason: "rate_limited" });
    // The owner, from their own address with no failures, is not held back.
    const owner = await attempt({ email: "victim@example.test", password: "victim-password-1" });
    expect(owner).toMatchObject({ ip: "127.0.0.1", ok: true });
  });

  it("with a trusted proxy, distinct forwarded sources attack the account: it goes 'under attack', the owner still gets in", async () => {
    process.env[TRUSTED_PROXIES_ENV] = "127.0.0.2";
    try {
      const sources = Array.from({ length: THROTTLE.accountUnderAttack + 5 }, randomIp);
      for (const src of sources) {
        const a = await attempt(
          { email: "owner@example.test", password: "wrong" },
          { from: "127.0.0.2", headers: { "x-forwarded-for": src } },
        );
        expect(a).toMatchObject({ ip: src, ok: false, reason: "invalid" });
      }
      // Under attack, a source that failed once waits before its next try…
      const again = await attempt(
        { email: "owner@example.test", password: "owner-password-1" },
        { from: "127.0.0.2", headers: { "x-forwarded-for": sources[0] as string } },
      );
      expect(again.reason).toBe("rate_limited");
      // …but the owner's own address, with no failures, signs in.
      const owner = await attempt(
        { email: "owner@example.test", password: "owner-password-1" },
        { from: "127.0.0.2", headers: { "x-forwarded-for": "198.51.100.200" } },
      );
      expect(owner).toMatchObject({ ip: "198.51.100.200", ok: true });
    } finally {
      delete process.env[TRUSTED_PROXIES_ENV];
    }
  });
});

describe("back-off, not lock-out", () => {
  it("the wait grows with each further failure, is capped, and ends when the failures age out", async () => {
    const email = "victim@example.test";
    const src = "192.0.2.10";
    const waits: number[] = [];
    for (let i = 0; i < THROTTLE.perAccountSource + 8; i++) {
      const verdict = await checkSignIn(t.db, email, src);
      if (!verdict.allowed) {
        waits.push(verdict.retryAfterMs);
        // Let the wait pass (moved in the table), then fail once more.
        await t.db
          .update(authThrottle)
          .set({
            lastFailureAt: sql`${authThrottle.lastFailureAt} - (${verdict.retryAfterMs + 1000} * interval '1 millisecond')`,
          })
          .where(sql`${authThrottle.key} = ${`as:${email}|${src}`}`);
      }
      expect(await authorize(t.db, { email, password: `nope-${i}` }, src)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(waits.length).toBe(8);
    for (let i = 1; i < waits.length; i++)
      expect(waits[i] as number).toBeGreaterThanOrEqual(
        Math.min((waits[i - 1] as number) * 1.9, THROTTLE.maxDelayMs - 5000),
      );
    expect(Math.max(...waits)).toBeLessThanOrEqual(THROTTLE.maxDelayMs);
    await ageCounters();
    expect((await authorize(t.db, { email, password: "victim-password-1" }, src)).ok).toBe(true);
  });

  it("per source: spraying many accounts from one address is held back after the source limit", async () => {
    const src = "192.0.2.77";
    const results: (string | null)[] = [];
    for (let i = 0; i <= THROTTLE.perSource; i++) {
      const r = await authorize(t.db, { email: `spray-${i}@example.test`, password: "Winter2026!" }, src);
      results.push(r.ok ? null : r.reason);
    }
    expect(results.slice(0, THROTTLE.perSource).every((r) => r === "invalid")).toBe(true);
    expect(results.at(-1)).toBe("rate_limited");
    // Another source is unaffected.
    expect(
      (await authorize(t.db, { email: "owner@example.test", password: "owner-password-1" }, "192.0.2.78")).ok,
    ).toBe(true);
  });

  it("keeps its counts in Postgres, so a second connection (another web process) sees the same hold", async () => {
    if (!t.url) return; // PGlite fallback: one process only
    const { openDatabase } = await import("@/db");
    const other = await openDatabase({ url: t.url, quiet: true });
    try {
      expect(await checkSignIn(other.db, "spray-0@example.test", "192.0.2.77")).toMatchObject({
        allowed: false,
        scope: "source",
      });
    } finally {
      await other.close();
    }
  });
});
