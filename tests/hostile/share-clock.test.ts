/**
 * M2 at the entry points: the public share page and its 410 route judge expiry by the real clock, whatever the
 * report clock (LOSSLENS_NOW) says — frozen far in the past (the demo: links would never expire) or far in the
 * future (links would die at once). The real page and route modules run against a real Postgres; only Next's
 * request-scope helpers (headers, cookies, connection, the locale) are stubbed, as there is no request here.
 */

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db";
import { portals, shareLinks } from "@/db/schema";
import { createUser } from "@/lib/auth/users";
import { createShareLink } from "@/lib/share/links";
import { hashShareToken } from "@/lib/share/token";
import { createTestDb, type TestDb } from "../helpers/test-db";

vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  connection: async () => {},
}));
vi.mock("next-intl/server", () => ({ getLocale: async () => "ru" }));
// The share page needs no session; the signed-in loaders beside it in lib/reports/load.ts are not called here.
vi.mock("@/lib/auth/guards", () => ({
  requireViewer: async () => {
    throw new Error("a share page must not ask for a session");
  },
}));

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
const DAY = 86_400_000;

let t: TestDb;
let expiredByRealClock = "";
let activeByRealClock = "";

beforeAll(async () => {
  t = await createTestDb();
  // The page and the route open the process-wide database: make it this test's.
  (globalThis as unknown as { __losslensDb?: Promise<DbHandle> }).__losslensDb = Promise.resolve(t);
  const [p] = await t.db
    .insert(portals)
    .values({
      domain: "clock.bitrix24.test",
      authType: "webhook",
      credentialsEnc: "x",
      credentialsHint: "x",
      timezoneOffset: "+03:00",
    })
    .returning();
  if (!p) throw new Error("no portal");
  const u = await createUser(t.db, {
    email: "clock@share.test",
    name: "Clock",
    password: "password-12345",
    role: "director",
  });
  const creator = { ...u, role: "director" as const };
  const real = Date.now();
  // Made two days ago for one day: expired by the real clock a day ago.
  expiredByRealClock = (
    await createShareLink(
      t.db,
      creator,
      { id: p.id, offset: "+03:00" },
      { report: "overview", expiresInDays: 1 },
      new Date(real - 2 * DAY),
    )
  ).token;
  activeByRealClock = (
    await createShareLink(
      t.db,
      creator,
      { id: p.id, offset: "+03:00" },
      { report: "overview" },
      new Date(real),
    )
  ).token;
});
afterAll(async () => {
  delete process.env.LOSSLENS_NOW;
  (globalThis as unknown as { __losslensDb?: Promise<DbHandle> }).__losslensDb = undefined;
  await t?.destroy();
});

const iso = (ms: number) => new Date(ms).toISOString();
const FROZEN = {
  "the past (a demo)": () => iso(Date.now() - 400 * DAY),
  "the future": () => iso(Date.now() + 400 * DAY),
};

async function gone(token: string): Promise<Response> {
  const { GET } = await import("@/app/share/[token]/gone/route");
  return GET(new Request(`http://app.test/share/${token}/gone`), { params: Promise.resolve({ token }) });
}

/** The page either redirects (Next's redirect() throws NEXT_REDIRECT naming the target) or renders. */
async function page(token: string): Promise<string> {
  const { default: SharedReportPage } = await import("@/app/share/[token]/page");
  try {
    await SharedReportPage({ params: Promise.resolve({ token }) });
    return "rendered";
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? err);
    if (digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
    return `error ${(err as Error).message}`;
  }
}

describe.each(Object.entries(FROZEN))("with the report clock frozen in %s", (_name, frozen) => {
  beforeAll(() => {
    process.env.LOSSLENS_NOW = frozen();
  });

  it("a link expired by the real clock answers 410 and the page sends there", async () => {
    const res = await gone(expiredByRealClock);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("Срок действия ссылки истёк");
    expect(await page(expiredByRealClock)).toBe(`redirect /share/${expiredByRealClock}/gone`);
  });

  it("a link still valid by the real clock opens", async () => {
    const res = await gone(activeByRealClock);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(new RegExp(`/share/${activeByRealClock}$`));
    const [before] = await t.db
      .select()
      .from(shareLinks)
      .where(eq(shareLinks.tokenHash, hashShareToken(activeByRealClock)));
    expect(await page(activeByRealClock)).toBe("rendered");
    const [after] = await t.db
      .select()
      .from(shareLinks)
      .where(eq(shareLinks.tokenHash, hashShareToken(activeByRealClock)));
    expect(after?.views).toBe((before?.views ?? 0) + 1);
  });
});
