import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { openDatabase } from "../db";
import { type EmulatorHandle, startEmulator } from "../emulator/server";
import { createUser } from "../lib/auth/users";
import { connectOAuthPortal } from "../lib/portals";
import { goldenPortal } from "../tests/helpers/golden-portal";
import { ensureAdmin } from "./support";

/**
 * "Sign in with Bitrix24". The shared e2e database holds at most the webhook portal the other specs connect,
 * never one connected by an OAuth app (Settings' OAuth form sends the browser to a real portal), and adding one
 * would change what the later specs see. So the shared server shows: no button, a clear refusal from the start
 * route, no session from a forged callback. The whole flow in a browser runs on a second `next start` of the
 * same build against a throwaway Postgres database with an OAuth-connected emulator portal (skipped when no
 * Postgres is reachable); tests/integration/bitrix24-signin.test.ts covers the lib-level cases.
 */
test.describe.configure({ mode: "serial" });

const NOT_CONFIGURED = "Вход через Битрикс24 не настроен";
const INVALID_STATE = "Ссылка для входа через Битрикс24 устарела или недействительна";

test("without an OAuth-connected portal /login offers no Bitrix24 button and the start route says why", async ({
  browser,
  page,
}) => {
  await ensureAdmin(page); // a user must exist, or /login sends everyone to /setup

  const anon = await browser.newContext();
  const visitor = await anon.newPage();
  await visitor.goto("/login");
  await expect(visitor.getByRole("heading", { name: "Вход в систему" })).toBeVisible();
  await expect(visitor.getByRole("button", { name: "Войти", exact: true })).toBeVisible();
  await expect(visitor.getByText("Войти через Битрикс24")).toHaveCount(0);

  const res = await visitor.request.get("/api/auth/bitrix24/start?next=%2Fme", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers().location).toMatch(/\/login\?b24error=not_configured$/);
  // No state is handed out (the answer only clears any old one).
  expect(res.headers()["set-cookie"] ?? "").not.toMatch(/losslens\.b24-signin=[^;]/);

  await visitor.goto("/api/auth/bitrix24/start");
  await expect(visitor).toHaveURL(/\/login\?b24error=not_configured$/);
  await expect(visitor.getByRole("alert").filter({ hasText: NOT_CONFIGURED })).toBeVisible();
  await anon.close();
});

test("a forged Bitrix24 callback is refused in words and signs nobody in", async ({ browser }) => {
  const anon = await browser.newContext();
  const visitor = await anon.newPage();
  const forged = "A".repeat(32);
  await anon.addCookies([
    {
      name: "losslens.b24-signin",
      value: forged,
      url: `${test.info().project.use.baseURL}/api/auth/bitrix24`,
    },
  ]);
  await visitor.goto(`/api/auth/bitrix24/callback?state=${forged}&code=stolen-code&domain=evil.example`);
  await expect(visitor).toHaveURL(/\/login\?b24error=invalid_state$/);
  // A portal that sends every redirect to the app's registered handler (the admin's connect callback): a state
  // that is no pending connect is handed to the sign-in callback, which refuses it the same way.
  await visitor.goto(`/api/bitrix24/oauth/callback?state=${forged}&code=stolen-code&domain=evil.example`);
  await expect(visitor).toHaveURL(/\/login\?b24error=invalid_state$/);
  await expect(visitor.getByRole("alert").filter({ hasText: INVALID_STATE })).toBeVisible();
  expect((await anon.cookies()).map((c) => c.name)).not.toContain("authjs.session-token");
  // Still signed out: a protected page sends the visitor back to /login.
  await visitor.goto("/overview");
  await expect(visitor).toHaveURL(/\/login\?next=%2Foverview$/);

  // Only known reason codes become text; anything else in the query string is never rendered.
  await visitor.goto(`/login?b24error=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
  await expect(visitor.getByRole("heading", { name: "Вход в систему" })).toBeVisible();
  await expect(visitor.locator("main").getByRole("alert")).toHaveCount(0);
  await expect(visitor.locator("img[src=x]")).toHaveCount(0);
  await anon.close();
});

const PG_SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

async function pgAdmin(statement: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(statement);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

test("with an OAuth-connected portal the button signs the linked person in; an unlinked one is told why", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const dbName = `losslens_e2e_b24_${randomBytes(4).toString("hex")}`;
  test.skip(!(await pgAdmin(`create database ${dbName}`)), `no Postgres at ${PG_SERVER}`);
  const dbUrl = new URL(PG_SERVER);
  dbUrl.pathname = `/${dbName}`;
  // This runner encrypts the portal's credentials; the server it starts must hold the same key.
  const secret = randomBytes(32).toString("base64url");
  const runnerSecret = process.env.AUTH_SECRET;
  process.env.AUTH_SECRET = secret;
  const port = Number(process.env.E2E_PORT ?? 3101) + 7;
  const base = `http://127.0.0.1:${port}`;
  let emu: EmulatorHandle | undefined;
  let server: ChildProcess | undefined;
  try {
    emu = await startEmulator({ snapshot: goldenPortal(), port: 0, limits: { enabled: false } });
    const handle = await openDatabase({ url: dbUrl.toString(), quiet: true });
    const app = { clientId: "local.e2e.signin", clientSecret: "e2e-app-secret", oauthServer: emu.url };
    const portal = await connectOAuthPortal(handle.db, app, emu.issueAuthCode(), "golden.bitrix24.ru");
    // The emulator's authorize step vouches for its webhook user (Bitrix24 user 1) unless told otherwise.
    await createUser(handle.db, {
      email: "olga@e2e.test",
      name: "Ольга Директорова",
      password: "olga-password-1",
      role: "director",
      portalId: portal.id,
      b24UserId: 1,
    });
    await handle.close();

    server = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        env: {
          ...process.env,
          DATABASE_URL: dbUrl.toString(),
          PGLITE_DIR: "",
          AUTH_SECRET: secret,
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: "ignore",
      },
    );
    await expect
      .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 60_000 })
      .toBe(200);

    const linked = await browser.newContext({ baseURL: base });
    const page = await linked.newPage();
    await page.goto("/login");
    await page.getByRole("link", { name: "Войти через Битрикс24" }).click();
    // login → /api/auth/bitrix24/start → emulator /oauth/authorize/ → /api/auth/bitrix24/callback → /overview
    await expect(page).toHaveURL(`${base}/overview`, { timeout: 30_000 });
    await expect(page.getByRole("navigation", { name: "Разделы" })).toBeVisible();
    await expect(page.getByText("Ольга Директорова").first()).toBeVisible();
    const cookies = await linked.cookies();
    expect(cookies.find((c) => c.name === "authjs.session-token")?.httpOnly).toBe(true);
    expect(cookies.map((c) => c.name)).not.toContain("losslens.b24-signin");
    await linked.close();

    // Relink Olga to another Bitrix24 user: the portal still vouches for user 1, who now has no LossLens account.
    const direct = new pg.Client({ connectionString: dbUrl.toString() });
    await direct.connect();
    await direct.query("update app_users set b24_user_id = 2 where email = 'olga@e2e.test'");
    await direct.end();
    const unlinked = await browser.newContext({ baseURL: base });
    const other = await unlinked.newPage();
    await other.goto("/login?next=%2Fstages");
    await other.getByRole("link", { name: "Войти через Битрикс24" }).click();
    await expect(other).toHaveURL(`${base}/login?b24error=not_linked`, { timeout: 30_000 });
    await expect(
      other.getByRole("alert").filter({
        hasText:
          "Ваш пользователь Битрикс24 не связан с учётной записью LossLens — обратитесь к администратору",
      }),
    ).toBeVisible();
    expect((await unlinked.cookies()).map((c) => c.name)).not.toContain("authjs.session-token");
    await unlinked.close();
  } finally {
    server?.kill("SIGTERM");
    await emu?.close();
    await pgAdmin(`drop database if exists ${dbName} with (force)`);
    if (runnerSecret === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = runnerSecret;
  }
});
