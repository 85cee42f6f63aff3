/**
 * Share links never outlive their creator's rights (issue 12, M3), on the golden portal (managers 2 and 3).
 * Each view re-reads the creator; a link serves its whole frozen view while the creator may still see all of it,
 * and is "suspended" otherwise (the public page answers 410 with words). Per case:
 *  - director demoted to manager: an all-managers link is suspended (not cut down to their own deals, which
 *    would put one manager's numbers under a company-wide report); a link frozen to the manager they now are
 *    keeps working;
 *  - manager re-linked to another Bitrix24 user, or unlinked: their links (frozen to the old user) are suspended;
 *  - disabled creator: suspended; deleted creator: the link is gone with them (unknown, 404);
 *  - rights given back: the link works again — only revoking ends a link for good.
 * And (M2) a link's expiry runs on the real clock while its relative period is frozen by the report clock.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUsers, portals, shareLinks } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import { type AppUser, createUser, linkManager, setDisabled, setRole } from "@/lib/auth/users";
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
import { GOLDEN_REASON_FIELD, goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const YEAR = "from=2026-01-01&to=2026-12-31";
const DAY = 86_400_000;

let t: TestDb;
let emu: EmulatorHandle;
let portal: SharePortal;
let n = 0;

const asViewer = (u: AppUser): Viewer => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  portalId: u.portalId,
  b24UserId: u.b24UserId,
  locale: u.locale,
});

async function person(role: AppUser["role"], b24UserId?: number): Promise<Viewer> {
  n += 1;
  return asViewer(
    await createUser(t.db, {
      email: `p${n}@rights.test`,
      name: `Person ${n}`,
      password: "password-12345",
      role,
      ...(b24UserId ? { portalId: portal.id, b24UserId } : {}),
    }),
  );
}

const share = async (creator: Viewer, managerId?: number) =>
  (await createShareLink(t.db, creator, portal, { report: "overview", query: YEAR, managerId })).token;

const status = async (token: string) => (await resolveShareLink(t.db, token)).status;

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
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

describe("a director demoted to manager", () => {
  it("no longer publishes every manager; a link frozen to the manager they now are still works", async () => {
    const d = await person("director");
    const all = await share(d);
    const own = await share(d, 2);
    const other = await share(d, 3);
    for (const tk of [all, own, other]) expect(await status(tk)).toBe("ok");

    await setRole(t.db, d.id, "manager");
    await linkManager(t.db, d.id, { portalId: portal.id, b24UserId: 2 });
    expect(await status(all)).toBe("suspended");
    expect(await status(other)).toBe("suspended");
    const res = await resolveShareLink(t.db, own);
    expect(res.status).toBe("ok");
    if (res.status === "ok") expect(res.scope).toEqual({ portalId: portal.id, managerIds: [2] });

    // A suspended link is not opened: no view counted.
    const before = await t.db.select().from(shareLinks).where(eq(shareLinks.managerId, 3));
    expect((await openShareLink(t.db, other)).status).toBe("suspended");
    const after = await t.db.select().from(shareLinks).where(eq(shareLinks.managerId, 3));
    expect(after.map((l) => l.views)).toEqual(before.map((l) => l.views));

    // Promoted back: the links work again (rights are re-read on every view).
    await setRole(t.db, d.id, "director");
    for (const tk of [all, own, other]) expect(await status(tk)).toBe("ok");
  });

  it("demoted and not linked to any Bitrix24 user: every link is suspended", async () => {
    const d = await person("director");
    const all = await share(d);
    const own = await share(d, 2);
    await setRole(t.db, d.id, "manager");
    expect(await status(all)).toBe("suspended");
    expect(await status(own)).toBe("suspended");
    // Whereas an admin demoted to director still sees everyone: their links keep working.
    const a = await person("admin");
    const adminAll = await share(a);
    await setRole(t.db, a.id, "director");
    expect(await status(adminAll)).toBe("ok");
  });
});

describe("a manager re-linked", () => {
  it("to another Bitrix24 user stops publishing the old user's deals", async () => {
    const m = await person("manager", 2);
    const tk = await share(m);
    const res = await resolveShareLink(t.db, tk);
    if (res.status !== "ok") throw new Error(res.status);
    expect(res.scope.managerIds).toEqual([2]);

    await linkManager(t.db, m.id, { portalId: portal.id, b24UserId: 3 });
    expect(await status(tk)).toBe("suspended");
    const listed = (await listShareLinks(t.db, m)).find((l) => l.id === res.link.id);
    expect(listed?.status).toBe("suspended");

    await linkManager(t.db, m.id, null);
    expect(await status(tk)).toBe("suspended");
    await linkManager(t.db, m.id, { portalId: portal.id, b24UserId: 2 });
    expect(await status(tk)).toBe("ok");
  });
});

describe("a creator who is disabled or deleted", () => {
  it("disabled: suspended, revoking still ends it for good; deleted: unknown", async () => {
    const d = await person("director");
    const tk = await share(d);
    await setDisabled(t.db, d.id, true);
    expect(await status(tk)).toBe("suspended");
    const [row] = await t.db.select().from(shareLinks).where(eq(shareLinks.createdBy, d.id));
    if (!row) throw new Error("no link row");
    await revokeShareLink(t.db, { id: d.id, role: "director" }, row.id);
    await setDisabled(t.db, d.id, false);
    expect(await status(tk)).toBe("revoked");
    // Deleted: the link is gone with them (unknown).
    const m = await person("manager", 3);
    const gone = await share(m);
    expect(await status(gone)).toBe("ok");
    await t.db.delete(appUsers).where(eq(appUsers.id, m.id));
    expect(await status(gone)).toBe("not_found");
  });
});

describe("clocks (M2)", () => {
  it("expiry runs on the real clock; only the relative period reads the report clock", async () => {
    const d = await person("director");
    const real = new Date();
    const frozen = new Date("2026-07-01T12:00:00+03:00");
    const link = await createShareLink(
      t.db,
      d,
      portal,
      { report: "overview", query: "period=lastQuarter", expiresInDays: 1 },
      real,
      frozen,
    );
    expect(link.expiresAt.getTime()).toBe(real.getTime() + DAY);
    const res = await resolveShareLink(t.db, link.token);
    if (res.status !== "ok") throw new Error(res.status);
    // "Last quarter" as of the report clock's 1 July 2026, whatever the real date is.
    expect(res.params.toString()).toBe("from=2026-04-01&to=2026-06-30");
    const [row] = await t.db.select().from(shareLinks).where(eq(shareLinks.id, link.id));
    expect(row?.createdAt.getTime()).toBe(real.getTime());
  });
});
