/**
 * Hostile: sessions end for good. A session cookie (a JWT) cannot be recalled, so what ends it is the user row's
 * sessions_valid_after, which the guards compare with the session's start (lib/auth/guards.ts). Disabling a
 * user must move it (re-enabling must not revive old cookies); signing out moves it. The browser-level twin —
 * next-auth's own POST /api/auth/signout, a copied cookie replayed — is e2e/hostile-auth.spec.ts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUsers } from "@/db/schema";
import { createUser, endSessions, findUserById, setDisabled } from "@/lib/auth/users";
import { sessionIsCurrent } from "@/lib/auth/viewer";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

/** Whether a cookie minted at `loginAt` still opens the dashboard for this user (the guards' rule). */
async function cookieWorks(id: number, loginAt: number): Promise<boolean> {
  const u = await findUserById(t.db, id);
  return Boolean(u && !u.disabled && sessionIsCurrent(loginAt, u.sessionsValidAfter));
}

/** The next millisecond at least: a session minted strictly after the previous step. */
async function later(): Promise<number> {
  const start = Date.now();
  await expect.poll(() => Date.now()).toBeGreaterThan(start);
  return Date.now();
}

describe("disable → enable", () => {
  it("does not revive a session cookie issued before the disable", async () => {
    const u = await createUser(t.db, {
      email: "d@example.test",
      name: "D",
      password: "d-password-1",
      role: "director",
    });
    const before = await later();
    expect(await cookieWorks(u.id, before)).toBe(true);
    await later();
    await setDisabled(t.db, u.id, true);
    expect(await cookieWorks(u.id, before)).toBe(false);
    await setDisabled(t.db, u.id, false);
    expect(await cookieWorks(u.id, before)).toBe(false);
    // A sign-in after re-enabling works.
    expect(await cookieWorks(u.id, await later())).toBe(true);
  });

  it("re-enabling an enabled user ends nothing; disabling twice keeps old cookies dead", async () => {
    const u = await createUser(t.db, {
      email: "e@example.test",
      name: "E",
      password: "e-password-1",
      role: "manager",
    });
    const session = await later();
    await later();
    await setDisabled(t.db, u.id, false);
    expect(await cookieWorks(u.id, session)).toBe(true);
    await setDisabled(t.db, u.id, true);
    await setDisabled(t.db, u.id, true);
    await setDisabled(t.db, u.id, false);
    expect(await cookieWorks(u.id, session)).toBe(false);
  });
});

describe("sign-out", () => {
  it("voids every cookie issued before it, including copies, and not the ones after", async () => {
    const u = await createUser(t.db, {
      email: "s@example.test",
      name: "S",
      password: "s-password-1",
      role: "admin",
    });
    const copied = await later();
    await later();
    await endSessions(t.db, u.id);
    expect(await cookieWorks(u.id, copied)).toBe(false);
    expect(await cookieWorks(u.id, await later())).toBe(true);
    const [row] = await t.db.select().from(appUsers).where(eq(appUsers.id, u.id));
    expect(row?.sessionsValidAfter).toBeInstanceOf(Date);
  });
});
