import { expect, test } from "@playwright/test";
import { ensureAdmin, ensureUser, signIn, withAdminAndPortal } from "./support";

/**
 * Issue 13: team reports are the director's (a manager is sent to /me, and no tab or export leads there), and
 * Settings reads as a Russian page in the portal's clock, with no hydration error and a favicon.
 */
test.describe.configure({ mode: "serial" });

const manager = { name: "Менеджер Ролей", email: "roles-m@e2e.test", password: "roles-manager-1" };
withAdminAndPortal(async (page) => {
  await ensureUser(page, manager, "manager");
  const form = page.getByRole("form", { name: `Пользователь Битрикс24: ${manager.email}` });
  const value = await form
    .getByRole("combobox")
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).find((v) => /^\d+:\d+$/.test(v)));
  await form.getByRole("combobox").selectOption(value ?? "");
  await form.getByRole("button", { name: "Сохранить" }).click();
  await expect(form.getByRole("status")).toHaveText("Сохранено");
});

test("a manager is sent from the team reports to /me, sees no tab to them, and cannot export them", async ({
  page,
}) => {
  await signIn(page, manager.email, manager.password);
  for (const path of ["/managers", "/strategies?period=all", "/managers?period=lastQuarter"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/me$/);
  }
  await page.goto("/overview?period=all");
  const tabs = page.getByRole("navigation", { name: "reports" });
  await expect(tabs.getByRole("link", { name: "Стадии" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Менеджеры" })).toHaveCount(0);
  await expect(tabs.getByRole("link", { name: "Стратегии" })).toHaveCount(0);
  for (const report of ["managers", "strategies"]) {
    expect((await page.request.get(`/api/export/${report}?period=all`)).status(), report).toBe(403);
  }
  expect((await page.request.get("/api/export/overview?period=all&table=trend")).status()).toBe(200);
});

test("Settings: Russian words, times in the portal's clock, no hydration error, a favicon", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await ensureAdmin(page);
  await page.goto("/settings");
  const history = page.getByRole("region", { name: "Синхронизация" }).first();
  await expect(history.getByText("Время портала: UTC+03:00")).toBeVisible();
  const firstRun = history.locator("tbody tr").first();
  await expect(firstRun).toContainText("успешно");
  await expect(firstRun).not.toContainText("succeeded");
  // A duration in Russian: "8,4 с" (a comma, never a point); one that rounds to whole seconds has none ("18 с").
  await expect(firstRun).toContainText(/\d+(,\d)? с/);
  await expect(firstRun).not.toContainText(/\d\.\d с/);
  await page.reload();
  await expect(history.locator("tbody tr").first()).toBeVisible();
  expect(errors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon ?? "/favicon.ico")).status()).toBe(200);
});
