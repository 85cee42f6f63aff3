import { type Browser, expect, test } from "@playwright/test";
import type { EmulatorHandle } from "../emulator/server";
import { ensureAdmin, ensurePortal, ensureUser, readmeShot, signIn } from "./support";

/**
 * The comment browser and loss themes, end to end, as a director: search with Russian word forms, the
 * highlight, filters in the URL, the themes page and its brief; screenshots go to e2e/artifacts (README copies: `npm run screenshots`). The server
 * may start on an empty database (this file alone) or after other specs: the setup creates or reuses the admin,
 * connects a small generated portal when none is connected, and adds a director.
 */
test.describe.configure({ mode: "serial" });

const director = {
  name: "Дарья Комментариева",
  email: "comments-director@e2e.test",
  password: "comments-dir-1",
};

let emulator: EmulatorHandle | null = null;

async function setUp(browser: Browser) {
  const page = await browser.newPage();
  await ensureAdmin(page);
  emulator = await ensurePortal(page);
  await ensureUser(page, director, "director");
  await page.close();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  await setUp(browser);
});
test.afterAll(async () => {
  await emulator?.close();
});

test("a director searches comments in Russian word forms and sees escaped highlights", async ({ page }) => {
  await signIn(page, director.email, director.password);
  await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name: "Комментарии" }).click();
  await expect(page).toHaveURL(/\/comments/);
  await page.goto("/comments?period=all");
  await expect(page.getByRole("heading", { name: "Комментарии", level: 1 })).toBeVisible();
  const total = page.getByTestId("comment-total");
  await expect(total).not.toHaveText("0");

  const box = page.getByRole("searchbox", { name: "Поиск по комментариям" });
  await box.fill("цена");
  await expect(page).toHaveURL(/q=%D1%86%D0%B5%D0%BD%D0%B0/);
  const marks = page.locator("[data-testid=comment-text] mark");
  await expect(marks.first()).toBeVisible();
  // Word forms: the highlighted words are forms of "цена", not only the typed one.
  const words = (await marks.allTextContents()).map((w) => w.toLowerCase());
  expect(words.every((w) => w.startsWith("цен"))).toBe(true);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

  // Filters ride in the URL: lost deals with the price theme, newest first.
  await page.getByLabel("Тема").selectOption({ label: "Цена" });
  await page.getByLabel("Порядок").selectOption("-date");
  await page.getByRole("button", { name: "Применить" }).click();
  await expect(page).toHaveURL(/theme=\d+/);
  await expect(page).toHaveURL(/sort=-date/);
  await expect(marks.first()).toBeVisible();

  // Each comment opens its deal: the drill-down under the same filters, and Bitrix24.
  const card = page.locator("ol > li").first();
  await expect(card.getByRole("link", { name: /^Сделка #\d+/ })).toHaveAttribute(
    "href",
    /^\/deals\?.*d_outcome=/,
  );
  await expect(card.getByRole("link", { name: /Открыть в Битрикс24/ })).toHaveAttribute(
    "href",
    /^https:\/\/.+\/crm\/deal\/details\/\d+\/$/,
  );

  const csv = await page.request.get(
    (await page.getByRole("link", { name: "Скачать CSV" }).getAttribute("href")) ?? "",
  );
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("Темы");

  await page.goto("/comments?period=all&q=%D1%86%D0%B5%D0%BD%D0%B0");
  await expect(marks.first()).toBeVisible();
  await page.screenshot({ path: readmeShot("comments"), fullPage: true });
});

test("the themes page shows per-theme numbers, quotes, competitors and a brief", async ({ page }) => {
  await signIn(page, director.email, director.password);
  await page.goto("/themes?period=all");
  await expect(page.getByRole("heading", { name: "Темы отказов", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Цена", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Конкуренты" })).toBeVisible();
  await expect(page.getByText("Настройка тем")).toHaveCount(0); // admins only
  const brief = await page.request.get("/api/export/themes?period=all");
  expect(brief.status()).toBe(200);
  expect(await brief.text()).toContain("# Контент-бриф");
  await page.screenshot({ path: readmeShot("themes"), fullPage: true });
});

test("signed out, the exports answer 401", async ({ request }) => {
  expect((await request.get("/api/export/comments")).status()).toBe(401);
  expect((await request.get("/api/export/themes")).status()).toBe(401);
});
