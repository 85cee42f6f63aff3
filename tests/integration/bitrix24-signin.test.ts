/**
 * "Sign in with Bitrix24" against the emulator over HTTP and a real database: start → authorize redirect with a
 * state → the emulator's /oauth/authorize/ mints a code for one Bitrix24 user → complete() exchanges it, asks
 * user.current and finds the linked LossLens user (or refuses), then a one-time ticket feeds next-auth.
 */
import { and, desc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUsers, auditLog, type portals, settings } from "@/db/schema";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import {
  CALLBACK_PATH,
  completeBitrix24SignIn,
  issueSignInTicket,
  listSignInPortals,
  redeemSignInTicket,
  startBitrix24SignIn,
} from "@/lib/auth/bitrix24-signin";
import { type AppUser, countUsers, createUser, setDisabled } from "@/lib/auth/users";
import { connectOAuthPortal, connectWebhookPortal } from "@/lib/portals";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const REDIRECT_URI = `http://127.0.0.1:3999${CALLBACK_PATH}`;

let t: TestDb;
let emu: EmulatorHandle;
let portal: typeof portals.$inferSelect;
let ivan: AppUser; // manager linked to Bitrix24 user 2
let olga: AppUser; // director linked to Bitrix24 user 1

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

/** Plays the browser: start, follow the portal's authorize redirect as Bitrix24 user `asUser`, read the callback. */
async function authorizeAs(asUser: number, opts: { next?: string; deny?: boolean } = {}) {
  const started = await startBitrix24SignIn(t.db, { redirectUri: REDIRECT_URI, next: opts.next ?? null });
  if (!started.ok) throw new Error(`start failed: ${started.reason}`);
  const url = new URL(started.url);
  url.searchParams.set(opts.deny ? "emulator_deny" : "emulator_user_id", opts.deny ? "1" : String(asUser));
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location") ?? "");
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
  return {
    state: started.state,
    query: {
      state: back.searchParams.get("state"),
      code: back.searchParams.get("code"),
      error: back.searchParams.get("error"),
    },
  };
}

async function lastAudit() {
  const [row] = await t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

describe("Sign in with Bitrix24", () => {
  it("is not offered while no portal is connected by an OAuth app", async () => {
    await connectWebhookPortal(t.db, emu.webhookUrl);
    expect(await listSignInPortals(t.db)).toEqual([]);
    expect(await startBitrix24SignIn(t.db, { redirectUri: REDIRECT_URI })).toEqual({
      ok: false,
      reason: "not_configured",
    });
  });

  it("starts with a ≥128-bit state, stored hashed, and the portal's authorize URL", async () => {
    const app = { clientId: "local.signin.app", clientSecret: "app-secret-456", oauthServer: emu.url };
    portal = await connectOAuthPortal(t.db, app, emu.issueAuthCode(), "golden.bitrix24.ru");
    ivan = await createUser(t.db, {
      email: "ivanov@losslens.test",
      name: "Иван Иванов",
      password: "ivan-password-1",
      role: "manager",
      portalId: portal.id,
      b24UserId: 2,
    });
    olga = await createUser(t.db, {
      email: "olga@losslens.test",
      name: "Ольга",
      password: "olga-password-1",
      role: "director",
      portalId: portal.id,
      b24UserId: 1,
    });
    expect(await listSignInPortals(t.db)).toEqual([{ id: portal.id, domain: "golden.bitrix24.ru" }]);

    const started = await startBitrix24SignIn(t.db, { redirectUri: REDIRECT_URI });
    if (!started.ok) throw new Error("expected a start");
    expect(Buffer.from(started.state, "base64url").length).toBeGreaterThanOrEqual(16);
    const url = new URL(started.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${emu.url}/oauth/authorize/`);
    expect(url.searchParams.get("client_id")).toBe("local.signin.app");
    expect(url.searchParams.get("state")).toBe(started.state);
    expect(url.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    const stored = await t.db.select().from(settings).where(like(settings.key, "b24signin:%"));
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(started.state);
    // Two starts never share a state.
    const again = await startBitrix24SignIn(t.db, { redirectUri: REDIRECT_URI });
    expect(again.ok && again.state).not.toBe(started.state);
  });

  it("signs in the LossLens user linked to the Bitrix24 user the portal vouches for", async () => {
    const { state, query } = await authorizeAs(2);
    expect(query.code).toBeTruthy();
    const result = await completeBitrix24SignIn(t.db, { ...query, cookieState: state, ip: "10.0.0.7" });
    expect(result).toMatchObject({ ok: true, next: "/me", user: { id: ivan.id, role: "manager" } });
    const [fresh] = await t.db.select().from(appUsers).where(eq(appUsers.id, ivan.id));
    expect(fresh?.lastLoginAt).toBeInstanceOf(Date);
    expect(await lastAudit()).toMatchObject({
      actorUserId: ivan.id,
      action: "auth.sign_in",
      target: "ivanov@losslens.test",
      ip: "10.0.0.7",
      details: { method: "bitrix24", portalId: portal.id, b24UserId: 2 },
    });
    // The person's tokens are not kept anywhere: the portal's stored credentials are unchanged and no setting
    // holds an access token.
    const leftovers = await t.db.select().from(settings).where(like(settings.key, "b24%"));
    expect(JSON.stringify(leftovers)).not.toMatch(/access_?token|refresh_?token/i);

    // The state is single-use: replaying the same redirect is refused.
    expect(await completeBitrix24SignIn(t.db, { ...query, cookieState: state })).toMatchObject({
      ok: false,
      reason: "invalid_state",
    });
  });

  it("keeps a safe `next` and lands a director on the overview", async () => {
    const a = await authorizeAs(1, { next: "/reasons?period=90d" });
    expect(await completeBitrix24SignIn(t.db, { ...a.query, cookieState: a.state })).toMatchObject({
      ok: true,
      user: { id: olga.id },
      next: "/reasons?period=90d",
    });
    const b = await authorizeAs(1, { next: "//evil.example/x" });
    expect(await completeBitrix24SignIn(t.db, { ...b.query, cookieState: b.state })).toMatchObject({
      ok: true,
      next: "/overview",
    });
  });

  it("refuses a Bitrix24 user with no linked account and creates nothing", async () => {
    const before = await countUsers(t.db);
    const { state, query } = await authorizeAs(3);
    expect(await completeBitrix24SignIn(t.db, { ...query, cookieState: state })).toEqual({
      ok: false,
      reason: "not_linked",
      b24UserId: 3,
    });
    expect(await countUsers(t.db)).toBe(before);
    expect(await lastAudit()).toMatchObject({
      action: "auth.sign_in_failed",
      target: `bitrix24:${portal.id}:3`,
      details: { method: "bitrix24", reason: "not_linked" },
    });
  });

  it("refuses a tampered, foreign, missing or expired state before touching the code", async () => {
    // The query's state differs from this browser's cookie (a redirect minted for someone else's browser).
    const a = await authorizeAs(2);
    const other = await startBitrix24SignIn(t.db, { redirectUri: REDIRECT_URI });
    expect(
      await completeBitrix24SignIn(t.db, { ...a.query, cookieState: other.ok ? other.state : "" }),
    ).toMatchObject({ ok: false, reason: "invalid_state" });
    // Tampered: same value in query and cookie, but never issued by us.
    const forged = `${a.state.slice(0, -4)}AAAA`;
    expect(
      await completeBitrix24SignIn(t.db, { state: forged, code: a.query.code, cookieState: forged }),
    ).toMatchObject({ ok: false, reason: "invalid_state" });
    // No cookie at all.
    const b = await authorizeAs(2);
    expect(await completeBitrix24SignIn(t.db, { ...b.query, cookieState: undefined })).toMatchObject({
      ok: false,
      reason: "invalid_state",
    });
    // Expired: the stored state is older than 10 minutes.
    const c = await authorizeAs(2);
    const rows = await t.db.select().from(settings).where(like(settings.key, "b24signin:%"));
    for (const row of rows)
      await t.db
        .update(settings)
        .set({ value: { ...(row.value as object), expiresAt: Date.now() - 1 } })
        .where(eq(settings.key, row.key));
    expect(await completeBitrix24SignIn(t.db, { ...c.query, cookieState: c.state })).toMatchObject({
      ok: false,
      reason: "invalid_state",
    });
    const failures = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.sign_in_failed"), eq(auditLog.target, "bitrix24")));
    expect(failures.length).toBeGreaterThanOrEqual(4);
  });

  it("refuses when the portal answers with an error or the code does not exchange", async () => {
    const denied = await authorizeAs(2, { deny: true });
    expect(denied.query.error).toBe("access_denied");
    expect(await completeBitrix24SignIn(t.db, { ...denied.query, cookieState: denied.state })).toMatchObject({
      ok: false,
      reason: "denied",
    });
    const bad = await authorizeAs(2);
    expect(
      await completeBitrix24SignIn(t.db, { ...bad.query, code: "not-a-code", cookieState: bad.state }),
    ).toMatchObject({ ok: false, reason: "failed" });
    const noCode = await authorizeAs(2);
    expect(
      await completeBitrix24SignIn(t.db, { ...noCode.query, code: null, cookieState: noCode.state }),
    ).toMatchObject({ ok: false, reason: "failed" });
  });

  it("refuses a disabled account, and a ticket issued before the disable no longer works", async () => {
    const ticket = await issueSignInTicket(t.db, ivan.id);
    await setDisabled(t.db, ivan.id, true);
    const { state, query } = await authorizeAs(2);
    expect(await completeBitrix24SignIn(t.db, { ...query, cookieState: state })).toMatchObject({
      ok: false,
      reason: "disabled",
    });
    expect(await lastAudit()).toMatchObject({
      actorUserId: ivan.id,
      action: "auth.sign_in_failed",
      details: { reason: "disabled" },
    });
    expect(await redeemSignInTicket(t.db, ticket)).toBeNull();
    await setDisabled(t.db, ivan.id, false);
  });

  it("refuses when two enabled accounts are linked to the same Bitrix24 user", async () => {
    const twin = await createUser(t.db, {
      email: "ivan-twin@losslens.test",
      name: "Иван 2",
      password: "ivan-password-2",
      role: "manager",
      portalId: portal.id,
      b24UserId: 2,
    });
    const { state, query } = await authorizeAs(2);
    expect(await completeBitrix24SignIn(t.db, { ...query, cookieState: state })).toMatchObject({
      ok: false,
      reason: "ambiguous",
    });
    await setDisabled(t.db, twin.id, true);
    const again = await authorizeAs(2);
    expect(await completeBitrix24SignIn(t.db, { ...again.query, cookieState: again.state })).toMatchObject({
      ok: true,
      user: { id: ivan.id },
    });
  });

  it("redeems a sign-in ticket once, and never an unknown or expired one", async () => {
    const ticket = await issueSignInTicket(t.db, olga.id);
    expect(ticket.length).toBeGreaterThanOrEqual(43);
    expect((await redeemSignInTicket(t.db, ticket))?.id).toBe(olga.id);
    expect(await redeemSignInTicket(t.db, ticket)).toBeNull();
    expect(await redeemSignInTicket(t.db, "x".repeat(43))).toBeNull();
    expect(await redeemSignInTicket(t.db, { ticket })).toBeNull();
    const stale = await issueSignInTicket(t.db, olga.id);
    const rows = await t.db.select().from(settings).where(like(settings.key, "b24ticket:%"));
    for (const row of rows)
      await t.db
        .update(settings)
        .set({ value: { ...(row.value as object), expiresAt: Date.now() - 1 } })
        .where(eq(settings.key, row.key));
    expect(await redeemSignInTicket(t.db, stale)).toBeNull();
  });
});
