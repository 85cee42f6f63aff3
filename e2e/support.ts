import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { generatePortal } from "../emulator/generator";
import { type EmulatorHandle, startEmulator } from "../emulator/server";

/**
 * Shared e2e setup. The e2e server starts on an empty PGlite dir and spec files share it, in any order: each
 * file creates or reuses the first admin and connects the generated portal through the Settings page when
 * none is connected yet.
 */
export const admin = { name: "Анна Админова", email: "admin@e2e.test", password: "admin-password-1" };

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  // Signed in (the URL leaves /login) or refused (the form says why): a refusal fails now, not at the timeout.
  const refused = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect
    .poll(
      async () =>
        !new URL(page.url()).pathname.startsWith("/login") ? "in" : (await refused.count()) ? "refused" : "",
      {
        timeout: 60_000,
      },
    )
    .not.toBe("");
  if (new URL(page.url()).pathname.startsWith("/login"))
    throw new Error(`sign-in as ${email} refused: ${await refused.first().textContent()}`);
}

export async function health(request: APIRequestContext) {
  return (await (await request.get("/api/health")).json()) as { counts: { portals: number; deals: number } };
}

export async function ensureAdmin(page: Page) {
  await page.goto("/login");
  if (/\/setup$/.test(page.url())) {
    await page.getByLabel("Имя").fill(admin.name);
    await page.getByLabel("E-mail").fill(admin.email);
    await page.getByLabel("Пароль").fill(admin.password);
    await page.getByRole("button", { name: "Создать администратора" }).click();
    // Hashing the password and the first write can take longer than the default 5 s on a loaded machine.
    await expect(page).toHaveURL(/\/settings$/, { timeout: 60_000 });
  } else await signIn(page, admin.email, admin.password);
}

/**
 * A second `next start` of the same build on its own empty PGlite directory, for what only an empty database
 * shows (the first-run /setup): the shared server holds whatever the specs before this one left. `stop()` ends it
 * and removes its directory.
 */
export async function startFreshServer(port = Number(process.env.E2E_PORT ?? 3101) + 11) {
  fs.mkdirSync(path.join("data", "e2e"), { recursive: true });
  const dir = fs.mkdtempSync(path.join("data", "e2e", "fresh-"));
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        PGLITE_DIR: dir,
        DATABASE_URL: "",
        LOSSLENS_SCHEDULER: "0",
        LOSSLENS_NOW: "2026-11-01T12:00:00+03:00",
      },
      stdio: "ignore",
    },
  );
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await expect
      .poll(async () => (await fetch(`${baseURL}/api/health`).catch(() => null))?.status, {
        message: `a fresh server on ${baseURL}`,
        timeout: 120_000, // as the shared server's (playwright.config.ts): migrating a new PGlite dir is slow
      })
      .toBe(200);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, stop };
}

/**
 * Connects a generated portal by its webhook URL in Settings and runs "Sync now"; null when one is connected.
 * Either way it returns once the portal's sync has succeeded and holds `portal.deals` deals: a portal connected by
 * an earlier spec (which may have stopped waiting for its sync) is waited for, not assumed ready.
 */
export async function ensurePortal(
  page: Page,
  portal: { seed: number; deals: number } = { seed: 42, deals: 3000 },
): Promise<EmulatorHandle | null> {
  if ((await health(page.request)).counts.portals > 0) {
    await syncSucceeded(page, portal.deals);
    return null;
  }
  const emulator = await startEmulator({
    snapshot: generatePortal(portal),
    port: 0,
    limits: { enabled: false },
  });
  await page.goto("/settings");
  await page.getByLabel("Адрес входящего вебхука").fill(emulator.webhookUrl);
  await page.getByRole("button", { name: "Проверить и подключить" }).click();
  await expect(page.getByText("Портал подключён")).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await page.getByRole("button", { name: "Синхронизировать" }).first().click();
  await syncSucceeded(page, portal.deals);
  return emulator;
}

/** The first portal's sync is done and succeeded, and it holds `deals` deals. */
async function syncSucceeded(page: Page, deals: number) {
  // The sync runs as a background job: the page shows its progress and, when done, the run in the history.
  // Done = not running AND a run succeeded: a poll that lands before the click's action starts the job sees
  // "not running" too.
  await expect
    .poll(
      async () => {
        // A reset connection on a loaded machine is one missed poll, not a failed setup.
        const res = await page.request.get("/api/sync/status?portal=1").catch(() => null);
        if (!res?.ok()) return false;
        const s = (await res.json()) as { running: boolean; runs: { status: string }[] };
        return !s.running && s.runs.some((r) => r.status === "succeeded");
      },
      { message: "the portal's sync finished and succeeded", timeout: 120_000, intervals: [500] },
    )
    .toBe(true);
  expect((await health(page.request)).counts.deals).toBe(deals);
}

/** Creates a user on the Users page as the signed-in admin (or finds it left from an earlier run). */
export async function ensureUser(
  page: Page,
  u: { name: string; email: string; password: string },
  role: string,
) {
  if (!page.url().endsWith("/users")) await page.goto("/users");
  const create = page.getByRole("region", { name: "Новый пользователь" });
  await create.getByLabel("E-mail").fill(u.email);
  await create.getByLabel("Имя").fill(u.name);
  await create.getByRole("combobox").selectOption(role);
  await create.getByLabel("Пароль").fill(u.password);
  await create.getByRole("button", { name: "Создать" }).click();
  // Created now, or left from an earlier run on the same database: either way its row is listed.
  await expect(page.getByRole("row").filter({ hasText: u.email })).toBeVisible();
  await expect(create.getByRole("button", { name: "Создать" })).toBeEnabled();
}

/**
 * Waits until every chart on the page has drawn and stopped moving (ECharts animates its SVG for a moment after
 * mount): each `figure[data-chart]` holds an `<svg>`, and their markup is the same on two polls in a row.
 */
export async function chartsSettled(page: Page) {
  let previous: string | null = null;
  await expect
    .poll(
      async () => {
        const svgs = await page
          .locator("figure[data-chart]")
          .evaluateAll((figures) => figures.map((f) => f.querySelector("svg")?.outerHTML ?? ""));
        const now = svgs.includes("") ? null : svgs.join("\n");
        const settled = now !== null && now === previous;
        previous = now;
        return settled;
      },
      { message: "charts drawn and still", intervals: [100], timeout: 15_000 },
    )
    .toBe(true);
}

/**
 * Where a README picture goes: e2e/artifacts (git-ignored) during `npm test`, so tests never modify tracked files;
 * `npm run screenshots` sets README_SCREENSHOTS=1 to refresh docs/screenshots.
 */
export function readmeShot(name: string): string {
  return `${process.env.README_SCREENSHOTS === "1" ? "docs/screenshots" : "e2e/artifacts"}/${name}.png`;
}

/**
 * A spec's shared setup, registered at its top level: the admin exists and a portal is connected and synced
 * (by this spec when it runs first on a fresh server); `more` runs with the admin's page before it closes.
 */
export function withAdminAndPortal(more?: (page: Page) => Promise<void>) {
  let emulator: EmulatorHandle | null = null;
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    const page = await browser.newPage();
    await ensureAdmin(page);
    emulator = await ensurePortal(page);
    await more?.(page);
    await page.close();
  });
  test.afterAll(async () => {
    await emulator?.close();
  });
}
