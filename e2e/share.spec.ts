import { type Browser, expect, type Page, test } from "@playwright/test";
import type { EmulatorHandle } from "../emulator/server";
import { ensureAdmin, ensurePortal, ensureUser, readmeShot, signIn } from "./support";

/**
 * Share links and the manager's self-review, end to end. The e2e server may start on an empty database (this
 * file alone) or after other specs (same admin as auth.spec.ts): the setup below creates or reuses the admin,
 * connects a small generated portal when none is connected yet, and adds a director and two linked managers.
 */
test.describe.configure({ mode: "serial" });

const director = { name: "Ирина Шеринг", email: "share-director@e2e.test", password: "share-director-1" };
const managers = [
  { name: "Менеджер Один", email: "share-m1@e2e.test", password: "share-manager-1", b24: 0 },
  { name: "Менеджер Два", email: "share-m2@e2e.test", password: "share-manager-2", b24: 0 },
];
const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"'&`;

let emulator: EmulatorHandle | null = null;
let shareUrl = "";

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

async function setUp(browser: Browser) {
  const page = await browser.newPage();
  await ensureAdmin(page);
  emulator = await ensurePortal(page);
  await page.goto("/users");
  await ensureUser(page, director, "director");
  for (const [i, m] of managers.entries()) {
    await ensureUser(page, m, "manager");
    const form = page.getByRole("form", { name: `Пользователь Битрикс24: ${m.email}` });
    const select = form.getByRole("combobox");
    await expect(select).toBeVisible();
    const values = await select
      .locator("option")
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => /^\d+:\d+$/.test(v)));
    const value = values[i] as string;
    m.b24 = Number(value.split(":")[1]);
    await select.selectOption(value);
    await form.getByRole("button", { name: "Сохранить" }).click();
    await expect(form.getByRole("status")).toHaveText("Сохранено");
  }
  await page.close();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await setUp(browser);
});
test.afterAll(async () => {
  await emulator?.close();
});

test("a director shares a report; signed out, the link shows it read-only with no way out", async ({
  page,
  browser,
}) => {
  await signIn(page, director.email, director.password);
  await page.goto("/overview?period=all");
  await page.getByRole("button", { name: /Поделиться/ }).click();
  const dialog = page.getByRole("dialog", { name: "Ссылка на отчёт" });
  await expect(dialog.getByLabel("Срок действия, дней (до 365)")).toHaveValue("30");
  await dialog.getByLabel("Подпись (необязательно)").fill(XSS);
  await dialog.getByRole("button", { name: "Создать ссылку" }).click();
  await expect(dialog.getByRole("status")).toContainText("Ссылка создана");
  shareUrl = await dialog.getByLabel("Ссылка").inputValue();
  expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  // Expiry runs on the real clock, not the report clock this server freezes (LOSSLENS_NOW, 1 Nov 2026).
  const expiry = await page.evaluate(() =>
    new Date(Date.now() + 30 * 86_400_000).toLocaleDateString("ru-RU"),
  );
  await expect(dialog.getByText(`Действует до: ${expiry}`)).toBeVisible();

  const anon = await browser.newContext();
  const pub = await anon.newPage();
  const res = await pub.goto(shareUrl);
  expect(res?.status()).toBe(200);
  await expect(pub.getByText("Отчёт только для чтения")).toBeVisible();
  await expect(pub.getByRole("heading", { level: 1 })).toBeVisible();
  // No navigation, no filter bar, no drill-down or CSV: not a single link back into the app.
  await expect(pub.getByRole("navigation", { name: "Разделы" })).toHaveCount(0);
  await expect(pub.locator('a[href^="/"]')).toHaveCount(0);
  await expect(pub.getByRole("button", { name: /Поделиться/ })).toHaveCount(0);
  // The label is text, not markup.
  await expect(pub.getByTestId("share-label")).toHaveText(XSS);
  await expect(
    pub.locator('[data-testid="share-label"] img, [data-testid="share-label"] script'),
  ).toHaveCount(0);
  expect(await pub.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  const words = await pub.getByTestId("filters-in-words").textContent();
  await pub.screenshot({ path: readmeShot("share"), fullPage: true });

  // URL parameters cannot widen or change the frozen view.
  await pub.goto(`${shareUrl}?period=last30&managers=1,2,3&pipeline=5`);
  await expect(pub.getByTestId("filters-in-words")).toHaveText(words ?? "");
  await expect(pub.locator('a[href^="/"]')).toHaveCount(0);

  // A tampered token is simply unknown.
  const last = shareUrl.endsWith("A") ? "B" : "A";
  expect((await pub.goto(`${shareUrl.slice(0, -1)}${last}`))?.status()).toBe(404);
  await expect(pub.getByRole("heading", { name: "Ссылка не найдена" })).toBeVisible();
  await anon.close();
});

test("the shared-links page lists the link with views; revoking it answers 410", async ({
  page,
  request,
}) => {
  await signIn(page, director.email, director.password);
  await page.goto("/shared-links");
  await expect(page.getByRole("heading", { level: 1, name: "Ссылки на отчёты" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: XSS }).first();
  await expect(row).toContainText("Обзор");
  await expect(row).toContainText("за всё время");
  await expect(row).toContainText("действует");
  await expect(row.getByRole("cell").nth(4)).not.toHaveText("0");
  await row.getByRole("button", { name: /^Отозвать/ }).click();
  // The page re-renders from the server: the link now reads "revoked" and has no revoke button.
  await expect(row).toContainText("отозвана");
  await expect(row.getByRole("button", { name: /^Отозвать/ })).toHaveCount(0);

  const gone = await request.get(shareUrl);
  expect(gone.status()).toBe(410);
  expect(await gone.text()).toContain("Ссылка отозвана");
  const res = await page.goto(shareUrl);
  expect(res?.status()).toBe(410);
  await expect(page.getByRole("heading", { name: "Ссылка отозвана" })).toBeVisible();
});

test("a manager lands on /me, sees their own page, and gets 404 for a colleague's", async ({ page }) => {
  // Three sign-ins and eight page loads on PGlite: more than the default minute on a busy 2-core machine.
  test.setTimeout(150_000);
  const [m1, m2] = managers as [(typeof managers)[0], (typeof managers)[0]];
  await signIn(page, m1.email, m1.password);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1, name: "Мои результаты" })).toBeVisible();
  await page.goto("/me?period=all");
  await expect(page.getByTestId("my-loss-rate")).toBeVisible();
  await expect(
    page.getByRole("heading", { name: "Что делают иначе коллеги с более высокой конверсией" }),
  ).toBeVisible();
  await page.screenshot({ path: readmeShot("me"), fullPage: true });

  for (const path of [`/me?manager=${m2.b24}`, `/me?manager=${m2.b24}&period=all`, "/me?manager=abc"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByTestId("my-loss-rate")).toHaveCount(0);
  }
  // Their own id is fine.
  expect((await page.goto(`/me?manager=${m1.b24}`))?.status()).toBe(200);
  await signOut(page);

  // A director opens any manager's page.
  await signIn(page, director.email, director.password);
  await expect(page).toHaveURL(/\/overview$/);
  expect((await page.goto(`/me?manager=${m2.b24}&period=all`))?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: /Результаты менеджера/ })).toBeVisible();
});

test("a manager cannot reach a colleague's deals through drill-downs, exports, reports or admin routes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const [m1, m2] = managers as [(typeof managers)[0], (typeof managers)[0]];
  await signIn(page, m1.email, m1.password);
  // Drill-down asking for the colleague's deals: the scope is applied in SQL, so nothing comes back.
  await page.goto(`/deals?period=all&d_manager=${m2.b24}`);
  await expect(page.getByTestId("deals-table")).toHaveAttribute("data-total", "0");
  // Their own deals are there.
  await page.goto(`/deals?period=all&d_manager=${m1.b24}`);
  await expect(page.getByTestId("deals-table")).not.toHaveAttribute("data-total", "0");
  // A filter naming the colleague is dropped, not obeyed: the view stays the manager's own.
  await page.goto(`/reasons?period=all&managers=${m2.b24}`);
  await expect(page.getByTestId("filters-in-words")).toHaveText("Проигранные за всё время");

  // CSV exports: the colleague's deals by slice → a header only; the managers table is a team report → 403.
  const deals = await page.request.get(`/api/export/deals?table=deals&period=all&d_manager=${m2.b24}`);
  expect(deals.status()).toBe(200);
  expect((await deals.text()).trim().split("\r\n")).toHaveLength(1);
  const board = await page.request.get("/api/export/managers?table=managers&period=all");
  expect(board.status()).toBe(403);
  expect(await board.text()).not.toContain(m2.name);

  // Admin pages answer 404, admin API 403.
  expect((await page.goto("/settings"))?.status()).toBe(404);
  expect((await page.goto("/users"))?.status()).toBe(404);
  expect((await page.request.get("/api/sync/status?portal=1")).status()).toBe(403);
});
