/**
 * The Bitrix24 event receiver's body, by class (L1). The body is urlencoded and parsed with qs, so every field
 * can also arrive as an array (`k[]=`) or an object (`k[a]=`). Every field the receiver reads, in every hostile
 * form, gets a verdict (401 for auth it cannot use, 400 for an id it cannot store) — never an exception (a 500),
 * and never an id past int4 handed to the refresh queue. The route itself answers 401 to an object token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { portals } from "@/db/schema";
import { INT4_MAX } from "@/lib/params";
import { setEventToken } from "@/lib/portals";
import { verifyEvent } from "@/lib/sync/events";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const DOMAIN = "events.bitrix24.test";
const TOKEN = "app-token-0123456789";
const MEMBER = "member-abc";

/** A valid ONCRMDEALUPDATE body as [key, value] pairs (qs keys). */
const VALID: [string, string][] = [
  ["event", "ONCRMDEALUPDATE"],
  ["data[FIELDS][ID]", "42"],
  ["data[FIELDS][ENTITY_ID]", "42"],
  ["auth[domain]", DOMAIN],
  ["auth[member_id]", MEMBER],
  ["auth[application_token]", TOKEN],
];

/** Each way one field can be made hostile: returns the pairs that replace `[key, value]`. */
const FORMS: Record<string, (key: string, value: string) => [string, string][]> = {
  object: (k, v) => [[`${k}[a]`, v]],
  "nested object": (k, v) => [[`${k}[a][b][c]`, v]],
  array: (k, v) => [
    [`${k}[]`, v],
    [`${k}[]`, v],
  ],
  repeated: (k, v) => [
    [k, v],
    [k, v],
  ],
  nul: (k, v) => [[k, `${v}\u0000`]],
  "int 2^31": (k) => [[k, "2147483648"]],
  "int 2^63": (k) => [[k, "9223372036854775808"]],
  negative: (k) => [[k, "-1"]],
  "1e400": (k) => [[k, "1e400"]],
  huge: (k) => [[k, "x".repeat(60_000)]],
  empty: (k) => [[k, ""]],
  missing: () => [],
};

const body = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  const [p] = await t.db
    .insert(portals)
    .values({ domain: DOMAIN, authType: "webhook", credentialsEnc: "x", credentialsHint: "x" })
    .returning();
  if (!p) throw new Error("no portal");
  await setEventToken(t.db, p.id, TOKEN, MEMBER);
});
afterAll(async () => {
  (globalThis as unknown as { __losslensDb?: Promise<DbHandle> }).__losslensDb = undefined;
  await t?.destroy();
});

describe("verifyEvent", () => {
  it("accepts the valid body (the baseline the hostile forms are made from)", async () => {
    expect(await verifyEvent(t, body(VALID))).toMatchObject({ ok: true, dealId: 42 });
  });

  const cases = VALID.flatMap(([key, value], i) =>
    Object.entries(FORMS).map(([form, make]) => {
      const pairs = [...VALID.slice(0, i), ...make(key, value), ...VALID.slice(i + 1)];
      return [`${key} as ${form}`, pairs] as const;
    }),
  );

  it.each(cases)("%s: a verdict, never an exception or an unstorable id", async (_name, pairs) => {
    const verdict = await verifyEvent(t, body(pairs));
    if (verdict.ok) {
      for (const id of [verdict.dealId, verdict.commentId])
        if (id !== null) expect(id >= 1 && id <= INT4_MAX, String(id)).toBe(true);
    } else expect([400, 401]).toContain(verdict.status);
  });
});

describe("POST /api/bitrix24/events", () => {
  it("answers 401 to the token sent as an object", async () => {
    (globalThis as unknown as { __losslensDb?: Promise<DbHandle> }).__losslensDb = Promise.resolve(t);
    const { POST } = await import("@/app/api/bitrix24/events/route");
    const res = await POST(
      new Request("http://app.test/api/bitrix24/events", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: body([
          ["event", "ONCRMDEALUPDATE"],
          ["data[FIELDS][ID]", "42"],
          ["auth[domain]", DOMAIN],
          ["auth[application_token][a]", "1"],
        ]),
      }),
    );
    expect(res.status).toBe(401);
  });
});
