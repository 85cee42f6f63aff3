import { expect, type Page, test } from "@playwright/test";
import type { EmulatorHandle } from "../emulator/server";
import { REPORT_KINDS } from "../lib/reports/registry";
import { chartsSettled, ensureAdmin, ensurePortal, readmeShot } from "./support";

/**
 * The reports as a sales director uses them: connect the portal in Settings and sync it, then every report
 * renders with its charts, filters live in the URL (reload and back keep the view), a number opens the deals
 * behind it, and the CSV holds those same deals. Screenshots for the README go to e2e/artifacts (docs/screenshots with `npm run screenshots`).
 */
test.describe.configure({ mode: "serial" });

let emulator: EmulatorHandle | null = null;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await browser.newPage();
  await ensureAdmin(page);
  emulator = await ensurePortal(page);
  await page.close();
});
test.afterAll(async () => {
  await emulator?.close();
});

async function asAdmin(page: Page) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await ensureAdmin(page);
}

const REPORTS = [
  ["overview", "Обзор потерь"],
  ["stages", "Где теряем сделки"],
  ["reasons", "Причины отказов"],
  ["managers", "Менеджеры"],
  ["clients", "История отношений с клиентами"],
  ["strategies", "Стратегии: много лидов или глубокая работа"],
] as const;

test("every report renders its figures and charts (screenshots for the README)", async ({ page }) => {
  await asAdmin(page);
  for (const [path, title] of REPORTS) {
    await page.goto(`/${path}?period=all`);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId("filters-in-words")).toHaveText("Проигранные за всё время");
    if (path !== "managers") await expect(page.locator("figure[data-chart] svg").first()).toBeVisible();
    await chartsSettled(page);
    await page.screenshot({ path: readmeShot(path), fullPage: true });
  }
});

test("filters live in the URL: set, reload, back", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/overview");
  const lost = page.getByText("Проиграно сделок").locator("..").locator("dd");
  const before = await lost.innerText();
  await page.getByLabel("Период").selectOption("all");
  await expect(page).toHaveURL(/period=all/);
  const pipelines = page.getByLabel("Воронка");
  const second = await pipelines.locator("option").nth(2).getAttribute("value");
  await pipelines.selectOption(second as string);
  await expect(page).toHaveURL(new RegExp(`pipeline=${second}`));
  await expect(page.getByTestId("filters-in-words")).toContainText("за всё время · Воронка «");
  const filtered = await lost.innerText();
  await page.reload();
  await expect(lost).toHaveText(filtered);
  await expect(page.getByLabel("Воронка")).toHaveValue(second as string);
  await page.goBack();
  await expect(page).not.toHaveURL(/pipeline=/);
  await page.goBack();
  await expect(page).not.toHaveURL(/period=/);
  await expect(lost).toHaveText(before);
  // A broken parameter falls back to its default instead of failing the page.
  await page.goto("/overview?period=yesterday&pipeline=abc&managers=x,-2&amountMin=-5&compare=maybe");
  await expect(page.getByTestId("filters-in-words")).toHaveText("Проигранные за последние 90 дней");
});

test("a number opens its deals, and the CSV holds the same deals", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/stages?period=all");
  const row = page.locator("tbody tr").nth(1);
  const stage = await row.locator("td").first().innerText();
  const link = row.locator("td").nth(2).getByRole("link");
  const count = Number((await link.innerText()).replace(/\D/g, ""));
  expect(count).toBeGreaterThan(0);
  await link.click();
  await expect(page).toHaveURL(/\/deals\?.*d_stage=/);
  await expect(page.getByTestId("deals-table")).toHaveAttribute("data-total", String(count));
  await expect(page.locator("section").getByText(`проиграны на стадии «${stage}»`)).toBeVisible();
  await page.screenshot({ path: readmeShot("deals"), fullPage: true });

  const csvHref = await page.getByRole("link", { name: "⬇ CSV", exact: true }).getAttribute("href");
  const res = await page.request.get(csvHref as string);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const body = await res.text();
  expect(body.startsWith("\uFEFF")).toBe(true);
  const lines = body.trim().split("\r\n");
  expect(lines.length).toBe(count + 1);
  // Semicolon flavour for Russian Excel.
  const semi = await (await page.request.get(`${csvHref}&sep=semicolon`)).text();
  expect(semi.split("\r\n")[0]).toContain(";");

  // Signed out, the export answers 401 and holds nothing.
  const anon = await page.context().browser()?.newContext();
  const anonRes = await anon?.request.get(new URL(csvHref as string, page.url()).toString());
  expect(anonRes?.status()).toBe(401);
  await anon?.close();
});

test("English is one click away and remembered", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/reasons?period=all");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Loss reasons" })).toBeVisible();
  await page.goto("/stages?period=all");
  await expect(page.getByRole("heading", { level: 1, name: "Where deals are lost" })).toBeVisible();
  await page.getByRole("button", { name: /Русский/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Где теряем сделки" })).toBeVisible();
});

test("usable on a phone: no sideways scrolling of the page, charts drawn, tables scroll inside", async ({
  page,
}) => {
  await ensureAdmin(page);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of REPORT_KINDS) {
    await page.goto(`/${path}?period=all`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(1);
    if (path !== "managers") await expect(page.locator("figure[data-chart] svg").first()).toBeVisible();
  }
  // The class, not only the reports: every other page a person opens on a phone fits its width too.
  for (const path of [
    "deals?period=all",
    "comments?period=all",
    "themes?period=all",
    "me",
    "shared-links",
    "settings",
    "users",
  ]) {
    await page.goto(`/${path}`);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(1);
  }
  await page.goto("/overview?period=all");
  await chartsSettled(page);
  await page.screenshot({ path: readmeShot("overview-phone"), fullPage: true });
});

test("compare with the previous period adds its figures beside the current ones", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/reasons?period=lastQuarter");
  await expect(page.getByRole("columnheader", { name: /Прошлый период/ })).toHaveCount(0);
  await page.getByLabel("Сравнить с прошлым").check();
  await expect(page).toHaveURL(/compare=1/);
  await expect(page.getByTestId("filters-in-words")).toContainText("сравнение с предыдущим периодом");
  await expect(page.getByRole("columnheader", { name: /Прошлый период/ })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /Изменение/ })).toBeVisible();
  await page.goto("/managers?period=lastQuarter&compare=1");
  await expect(page.getByRole("columnheader", { name: /прошлый период/ })).toBeVisible();
});
