/**
 * Public share links on the golden portal (tests/helpers/golden-portal.ts): managers 2 (deals 1, 2, 5, 7, 8) and
 * 3 (deals 3, 4, 6, 9). The contract: a token carries 256 random bits and only its hash is stored; a link opens
 * exactly the frozen view and scope; revoke and expiry (frozen clock) stop it; tampered tokens are unknown; views
 * are counted; a manager can only ever share their own deals.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, portals, shareLinks } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { getDrilldown } from "@/lib/analytics/drilldown";
import { getManagers } from "@/lib/analytics/managers";
import { getOverview } from "@/lib/analytics/overview";
import { type AppUser, createUser, setDisabled } from "@/lib/auth/users";
import type { Viewer } from "@/lib/auth/viewer";
import { connectWebhookPortal } from "@/lib/portals";
import {
  createShareLink,
  listShareLinks,
  openShareLink,
  resolveShareLink,
  revokeShareLink,
  type SharePortal,
} from "@/lib/share/links";
import { runSync } from "@/lib/sync/run";
import { parseFilters, serializeFilters } from "@/lib/url-state/filters";
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const DAY = 86_400_000;
const YEAR = "from=2026-01-01&to=2026-12-31";

let t: TestDb;
let emu: EmulatorHandle;
let portal: SharePortal;
let admin: Viewer;
let director: Viewer;
let director2: Viewer;
let manager2: Viewer;
let manager3: Viewer;
let unlinked: Viewer;

const asViewer = (u: AppUser): Viewer => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  portalId: u.portalId,
  b24UserId: u.b24UserId,
  locale: u.locale,
});

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
  const p = await connectWebhookPortal(t.db, emu.webhookUrl);
  await t.db
    .update(portals)
    .set({ settings: { lossReasonSource: "field_then_stage", lossReasonField: GOLDEN_REASON_FIELD } })
    .where(eq(portals.id, p.id));
  await runSync(t, p.id, { mode: "full" });
  portal = { id: p.id, offset: p.timezoneOffset };
  const mk = async (email: string, role: AppUser["role"], b24UserId?: number) =>
    asViewer(
      await createUser(t.db, {
        email,
        name: email,
        password: "password-12345",
        role,
        ...(b24UserId ? { portalId: p.id, b24UserId } : {}),
      }),
    );
  admin = await mk("admin@share.test", "admin");
  director = await mk("director@share.test", "director");
  director2 = await mk("director2@share.test", "director");
  manager2 = await mk("m2@share.test", "manager", 2);
  manager3 = await mk("m3@share.test", "manager", 3);
  unlinked = await mk("nobody@share.test", "manager");
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

describe("tokens", () => {
  it("carry 256 random bits as base64url and are stored only as their SHA-256", async () => {
    const a = await createShareLink(t.db, director, portal, { report: "overview", query: YEAR }, NOW);
    const b = await createShareLink(t.db, director, portal, { report: "overview", query: YEAR }, NOW);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, "base64url")).toHaveLength(32); // ≥ 128 bits
    expect(a.token).not.toBe(b.token);
    const [row] = await t.db.select().from(shareLinks).where(eq(shareLinks.id, a.id));
    expect(row?.tokenHash).toBe(createHash("sha256").update(a.token).digest("hex"));
    // The token itself is nowhere in the table or the audit log.
    const everything = JSON.stringify([
      await t.db.select().from(shareLinks),
      await t.db.select().from(auditLog),
    ]);
    expect(everything).not.toContain(a.token);
    expect(everything).not.toContain(b.token);
  });

  it("tampered, truncated and unknown tokens are all 'not found'", async () => {
    const { token } = await createShareLink(t.db, director, portal, { report: "reasons", query: YEAR }, NOW);
    const last = token.at(-1) === "A" ? "B" : "A";
    for (const bad of [
      `${token.slice(0, -1)}${last}`,
      token.slice(0, 42),
      `${token}x`,
      token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase(),
      "A".repeat(43),
      "../../etc/passwd",
      "",
    ])
      expect((await resolveShareLink(t.db, bad, NOW)).status, bad).toBe("not_found");
    expect((await resolveShareLink(t.db, token, NOW)).status).toBe("ok");
  });
});

describe("the frozen view", () => {
  it("resolves to exactly the filters it was made with, whatever the clock says later", async () => {
    const query = `${YEAR}&pipeline=0&reasons=stage:1,none&compare=1&client=returning`;
    const { token } = await createShareLink(t.db, director, portal, { report: "stages", query }, NOW);
    const res = await resolveShareLink(t.db, token, new Date(NOW.getTime() + 20 * DAY));
    if (res.status !== "ok") throw new Error(res.status);
    expect(res.link.report).toBe("stages");
    expect(res.params.toString()).toBe(
      serializeFilters(parseFilters(new URLSearchParams(query), NOW)).toString(),
    );
    expect(res.scope).toEqual({ portalId: portal.id, managerIds: null });
  });

  it("a relative period is frozen to the dates it meant when the link was made", async () => {
    const { token } = await createShareLink(
      t.db,
      director,
      portal,
      { report: "overview", query: "period=lastQuarter&page=3", expiresInDays: 365 },
      NOW,
    );
    const res = await resolveShareLink(t.db, token, new Date(NOW.getTime() + 200 * DAY));
    if (res.status !== "ok") throw new Error(res.status);
    expect(res.params.toString()).toBe("from=2026-04-01&to=2026-06-30");
  });

  it("a link frozen to one manager shows only that manager, even if the viewer's URL asks for more", async () => {
    const { token } = await createShareLink(
      t.db,
      director,
      portal,
      { report: "managers", query: YEAR, managerId: 2 },
      NOW,
    );
    const res = await resolveShareLink(t.db, token, NOW);
    if (res.status !== "ok") throw new Error(res.status);
    expect(res.scope).toEqual({ portalId: portal.id, managerIds: [2] });
    // Even a widened filter set (what a tampered URL would carry) is cut by the frozen scope in SQL.
    const widened = parseFilters(new URLSearchParams("period=all&managers=2,3"), NOW);
    const m = await getManagers(t.db, res.scope, widened);
    expect(m.rows.map((r) => r.managerId)).toEqual([2]);
    const deals = await getDrilldown(t.db, res.scope, widened, { outcome: "lost" }, { all: true });
    expect(deals.rows.map((r) => r.dealId).sort()).toEqual([2, 5, 8]);
    const o = await getOverview(t.db, res.scope, parseFilters(res.params, NOW));
    expect(o.current.lostDeals).toBe(3);
  });

  it("asking for a manager who does not exist on the portal is refused", async () => {
    await expect(
      createShareLink(t.db, director, portal, { report: "overview", query: YEAR, managerId: 999 }, NOW),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("manager scope", () => {
  it("a manager's link is always frozen to their own deals", async () => {
    const { token } = await createShareLink(
      t.db,
      manager2,
      portal,
      { report: "reasons", query: `${YEAR}&managers=2,3` },
      NOW,
    );
    const res = await resolveShareLink(t.db, token, NOW);
    if (res.status !== "ok") throw new Error(res.status);
    expect(res.scope.managerIds).toEqual([2]);
    expect(res.link.managerId).toBe(2);
    expect(res.params.get("managers")).toBe("2");
  });

  it("a manager cannot create a link for another manager's scope", async () => {
    await expect(
      createShareLink(t.db, manager2, portal, { report: "overview", query: YEAR, managerId: 3 }, NOW),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      createShareLink(t.db, manager3, portal, { report: "overview", query: YEAR, managerId: 2 }, NOW),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Not linked to a Bitrix24 user: nothing to share.
    await expect(
      createShareLink(t.db, unlinked, portal, { report: "overview", query: YEAR }, NOW),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("expiry is 30 days by default and at most a year; labels are bounded", async () => {
    const a = await createShareLink(t.db, manager3, portal, { report: "overview", query: "" }, NOW);
    expect(a.expiresAt.getTime() - NOW.getTime()).toBe(30 * DAY);
    const b = await createShareLink(
      t.db,
      manager3,
      portal,
      { report: "overview", query: "", expiresInDays: 365 },
      NOW,
    );
    expect(b.expiresAt.getTime() - NOW.getTime()).toBe(365 * DAY);
    for (const bad of [{ expiresInDays: 366 }, { expiresInDays: 0 }, { label: "x".repeat(121) }])
      await expect(
        createShareLink(t.db, manager3, portal, { report: "overview", query: "", ...bad }, NOW),
      ).rejects.toThrow();
    await expect(
      // @ts-expect-error: not a report kind
      createShareLink(t.db, manager3, portal, { report: "settings", query: "" }, NOW),
    ).rejects.toThrow();
  });
});

describe("expiry, revocation, views", () => {
  it("expires at its expiry instant (frozen clock)", async () => {
    const { token } = await createShareLink(
      t.db,
      director,
      portal,
      { report: "overview", query: YEAR, expiresInDays: 1 },
      NOW,
    );
    expect((await resolveShareLink(t.db, token, new Date(NOW.getTime() + DAY - 1))).status).toBe("ok");
    expect((await resolveShareLink(t.db, token, new Date(NOW.getTime() + DAY))).status).toBe("expired");
    expect((await openShareLink(t.db, token, new Date(NOW.getTime() + 2 * DAY))).status).toBe("expired");
  });

  it("only the creator or an admin can revoke; revoked links stop at once", async () => {
    const { id, token } = await createShareLink(
      t.db,
      director,
      portal,
      { report: "overview", query: YEAR },
      NOW,
    );
    await expect(revokeShareLink(t.db, director2, id, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeShareLink(t.db, manager2, id, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeShareLink(t.db, director, 999_999, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await resolveShareLink(t.db, token, NOW)).status).toBe("ok");
    await revokeShareLink(t.db, director, id, NOW);
    expect((await resolveShareLink(t.db, token, NOW)).status).toBe("revoked");
    // Idempotent, and an admin may revoke anyone's.
    const other = await createShareLink(t.db, director2, portal, { report: "overview", query: YEAR }, NOW);
    await revokeShareLink(t.db, admin, other.id, NOW);
    await revokeShareLink(t.db, admin, other.id, NOW);
    expect((await resolveShareLink(t.db, other.token, NOW)).status).toBe("revoked");
  });

  it("a disabled creator's links stop working", async () => {
    const u = asViewer(
      await createUser(t.db, {
        email: "gone@share.test",
        name: "Gone",
        password: "password-12345",
        role: "director",
      }),
    );
    const { token } = await createShareLink(t.db, u, portal, { report: "overview", query: YEAR }, NOW);
    await setDisabled(t.db, u.id, true);
    // Suspended rather than revoked: the creator's rights are re-checked on every view (tests/hostile/share-*).
    expect((await resolveShareLink(t.db, token, NOW)).status).toBe("suspended");
  });

  it("counts views and the last opening; resolving alone counts nothing; audit has created/opened/revoked", async () => {
    const { id, token } = await createShareLink(
      t.db,
      director,
      portal,
      { report: "clients", query: YEAR, label: "Для маркетинга" },
      NOW,
    );
    await resolveShareLink(t.db, token, NOW);
    await openShareLink(t.db, token, new Date(NOW.getTime() + 1000), "203.0.113.5");
    await openShareLink(t.db, token, new Date(NOW.getTime() + 5000));
    const [row] = await t.db.select().from(shareLinks).where(eq(shareLinks.id, id));
    expect(row?.views).toBe(2);
    expect(row?.lastOpenedAt?.getTime()).toBe(NOW.getTime() + 5000);
    await revokeShareLink(t.db, director, id, NOW);
    await openShareLink(t.db, token, NOW);
    const [after] = await t.db.select().from(shareLinks).where(eq(shareLinks.id, id));
    expect(after?.views).toBe(2);
    const actions = (
      await t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.target, `share:${id}`))
    ).map((r) => r.action);
    expect(actions).toEqual(["share.create", "share.open", "share.open", "share.revoke"]);
  });

  it("lists my links (admins: all), with status", async () => {
    const mine = await listShareLinks(t.db, director2, NOW);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((l) => l.creatorEmail))).toEqual(new Set(["director2@share.test"]));
    expect(mine.every((l) => l.status === "revoked")).toBe(true);
    const all = await listShareLinks(t.db, admin, NOW);
    expect(new Set(all.map((l) => l.creatorEmail))).toEqual(
      new Set([
        "director@share.test",
        "director2@share.test",
        "m2@share.test",
        "m3@share.test",
        "gone@share.test",
      ]),
    );
    // A manager lists their own links only: the one frozen to their deals ("manager scope" above).
    const m2Links = await listShareLinks(t.db, manager2, NOW);
    expect(m2Links.map((l) => [l.creatorEmail, l.report, l.managerId])).toEqual([
      ["m2@share.test", "reasons", 2],
    ]);
  });
});
