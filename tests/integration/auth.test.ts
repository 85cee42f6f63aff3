import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUsers, auditLog, authThrottle, b24Users, deals, portals } from "@/db/schema";
import { listAudit } from "@/lib/auth/audit";
import { authorize } from "@/lib/auth/credentials";
import { DEMO_PASSWORDS, seedDemoUsers } from "@/lib/auth/demo-users";
import { AppError } from "@/lib/auth/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  countUsers,
  createFirstAdmin,
  createUser,
  findByEmail,
  linkManager,
  listUsers,
  setDisabled,
  setRole,
} from "@/lib/auth/users";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

async function auditActions(target: string): Promise<string[]> {
  const rows = await t.db.select().from(auditLog).where(eq(auditLog.target, target)).orderBy(auditLog.id);
  return rows.map((r) => r.action);
}

describe("passwords (argon2id)", () => {
  it("hashes with argon2id and a fresh salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery")).toBe(true);
    expect(await verifyPassword(a, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("first admin and user management", () => {
  it("creates the first admin only while the table is empty, even when two setups race", async () => {
    expect(await countUsers(t.db)).toBe(0);
    const [one, two] = await Promise.all([
      createFirstAdmin(t.db, { email: " Root@Example.test ", name: "Root", password: "root-password-1" }),
      createFirstAdmin(t.db, { email: "other@example.test", name: "Other", password: "root-password-2" }),
    ]);
    const created = [one, two].filter(Boolean);
    expect(created).toHaveLength(1);
    expect(created[0]?.role).toBe("admin");
    expect(await countUsers(t.db)).toBe(1);
    expect(
      await createFirstAdmin(t.db, { email: "late@example.test", name: "Late", password: "x".repeat(10) }),
    ).toBe(null);
  });

  it("normalises e-mails, refuses duplicates with CONFLICT, and sets role / disabled", async () => {
    const u = await createUser(t.db, {
      email: "Dir@Example.test",
      name: " Dora ",
      password: "dora-password",
      role: "director",
    });
    expect(u).toMatchObject({ email: "dir@example.test", name: "Dora", role: "director", disabled: false });
    await expect(
      createUser(t.db, { email: "dir@example.test", name: "Dup", password: "dup-password", role: "manager" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await setRole(t.db, u.id, "manager")).role).toBe("manager");
    expect((await setDisabled(t.db, u.id, true)).disabled).toBe(true);
    expect((await findByEmail(t.db, "DIR@example.test"))?.id).toBe(u.id);
    await expect(setRole(t.db, 999_999, "admin")).rejects.toBeInstanceOf(AppError);
    expect((await listUsers(t.db)).map((x) => x.email)).toContain("dir@example.test");
  });
});

describe("authorize (the Credentials provider's check)", () => {
  const ip = "203.0.113.7";

  it("accepts the right password, records the sign-in and the last-login time", async () => {
    await createUser(t.db, {
      email: "mila@example.test",
      name: "Mila",
      password: "mila-password",
      role: "manager",
    });
    const res = await authorize(t.db, { email: " MILA@example.test", password: "mila-password" }, ip);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.user.email).toBe("mila@example.test");
    expect(res.user.lastLoginAt).toBeInstanceOf(Date);
    expect(await auditActions("mila@example.test")).toEqual(["auth.sign_in"]);
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in"));
    expect(row).toMatchObject({ actorUserId: res.user.id, ip });
  });

  it("refuses a wrong password, an unknown e-mail and a disabled user alike, and audits each", async () => {
    await createUser(t.db, {
      email: "off@example.test",
      name: "Off",
      password: "off-password",
      role: "director",
    });
    const off = await findByEmail(t.db, "off@example.test");
    await setDisabled(t.db, off!.id, true);
    expect(await authorize(t.db, { email: "mila@example.test", password: "wrong" }, ip)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authorize(t.db, { email: "nobody@example.test", password: "whatever" }, ip)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authorize(t.db, { email: "off@example.test", password: "off-password" }, ip)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authorize(t.db, { email: "not an email", password: "x" }, ip)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await auditActions("off@example.test")).toEqual(["auth.sign_in_failed"]);
    expect(await auditActions("nobody@example.test")).toEqual(["auth.sign_in_failed"]);
    const failed = (await listAudit(t.db)).filter((r) => r.action === "auth.sign_in_failed");
    expect(failed.map((r) => r.details.reason).sort()).toEqual([
      "disabled",
      "unknown_email",
      "wrong_password",
    ]);
  });

  it("holds back the 6th attempt per e-mail + source, even with the right password; audits it", async () => {
    const src = "203.0.113.8";
    const creds = { email: "mila@example.test", password: "mila-password" };
    for (let i = 0; i < 5; i++)
      expect(await authorize(t.db, { ...creds, password: `bad-${i}` }, src)).toMatchObject({
        reason: "invalid",
      });
    expect(await authorize(t.db, creds, src)).toEqual({ ok: false, reason: "rate_limited" });
    // Another address is not held back by this one's failures…
    expect((await authorize(t.db, creds, "198.51.100.1")).ok).toBe(true);
    // …and once the counters have aged past the window (moved back in the table: the clock is the real one),
    // the right password works again from the first address.
    await t.db
      .update(authThrottle)
      .set({ lastFailureAt: sql`${authThrottle.lastFailureAt} - interval '61 minutes'` });
    expect((await authorize(t.db, creds, src)).ok).toBe(true);
    const limited = (await listAudit(t.db)).filter((r) => r.action === "auth.rate_limited");
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({
      target: "mila@example.test",
      ip: src,
      details: { scope: "account_source" },
    });
  });
});

describe("seedDemoUsers", () => {
  it("creates admin, director and two managers linked to the two busiest deal owners; idempotent", async () => {
    const [portal] = await t.db
      .insert(portals)
      .values({
        domain: "demo-auth.bitrix24.ru",
        authType: "webhook",
        credentialsEnc: "x",
        credentialsHint: "…",
      })
      .returning();
    if (!portal) throw new Error("no portal");
    const owners = [11, 11, 11, 22, 22, 33]; // 11 has 3 deals, 22 has 2, 33 has 1
    await t.db.insert(deals).values(
      owners.map((assignedById, i) => ({
        portalId: portal.id,
        bitrixId: i + 1,
        stageId: "LOSE",
        stageSemantic: "F" as const,
        assignedById,
        dateCreate: new Date("2025-01-01T00:00:00Z"),
        dateModify: new Date("2025-01-02T00:00:00Z"),
        raw: {},
      })),
    );
    await t.db.insert(b24Users).values([
      { portalId: portal.id, bitrixId: 11, name: "Ирина", lastName: "Петрова", active: true, raw: {} },
      { portalId: portal.id, bitrixId: 22, name: "Олег", lastName: "Смирнов", active: true, raw: {} },
    ]);

    const first = await seedDemoUsers(t.db, portal.id);
    expect(first.map((l) => [l.email, l.role, l.password])).toEqual([
      ["admin@demo.losslens", "admin", DEMO_PASSWORDS.admin],
      ["director@demo.losslens", "director", DEMO_PASSWORDS.director],
      ["manager1@demo.losslens", "manager", DEMO_PASSWORDS.manager],
      ["manager2@demo.losslens", "manager", DEMO_PASSWORDS.manager],
    ]);
    expect(first[2]?.name).toBe("Ирина Петрова");
    const m1 = await findByEmail(t.db, "manager1@demo.losslens");
    const m2 = await findByEmail(t.db, "manager2@demo.losslens");
    expect([m1?.portalId, m1?.b24UserId]).toEqual([portal.id, 11]);
    expect([m2?.portalId, m2?.b24UserId]).toEqual([portal.id, 22]);

    // Someone disabled a demo login, demoted it and changed its password: the next start puts it back.
    await setDisabled(t.db, m1!.id, true);
    await setRole(t.db, m1!.id, "director");
    await t.db
      .update(appUsers)
      .set({ passwordHash: await hashPassword("changed-pass") })
      .where(eq(appUsers.id, m1!.id));
    const before = await countUsers(t.db);
    const second = await seedDemoUsers(t.db, portal.id);
    expect(second).toEqual(first);
    expect(await countUsers(t.db)).toBe(before);
    const again = await findByEmail(t.db, "manager1@demo.losslens");
    expect(again).toMatchObject({ role: "manager", disabled: false, b24UserId: 11 });
    const login = await authorize(
      t.db,
      { email: "manager1@demo.losslens", password: "demo-manager" },
      "127.0.0.1",
    );
    expect(login.ok).toBe(true);
  });

  it("links a manager only to a synced Bitrix24 user of that portal (the admin picker's rule)", async () => {
    const m2 = await findByEmail(t.db, "manager2@demo.losslens");
    const portalId = m2!.portalId!;
    await expect(linkManager(t.db, m2!.id, { portalId, b24UserId: 33 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await linkManager(t.db, m2!.id, { portalId, b24UserId: 11 })).b24UserId).toBe(11);
    expect((await linkManager(t.db, m2!.id, null)).b24UserId).toBe(null);
  });
});
