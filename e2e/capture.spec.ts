import { expect, type Locator, type Page, test } from "@playwright/test";
import { ensureUser, readmeShot, signIn, withAdminAndPortal } from "./support";

/**
 * Loss capture quality (issue 15, part 2): the director reads each manager's figure and its parts on the Managers
 * report, and a part's count opens exactly that many deals; a manager reads their own figure against the team
 * median on /me, with their deals behind each part. Both pages fit a phone's width. Screenshots go to
 * e2e/artifacts.
 */
test.describe.configure({ mode: "serial" });

const director = { name: "Директор Фиксации", email: "capture-d@e2e.test", password: "capture-director-1" };
const manager = { name: "Менеджер Фиксации", email: "capture-m@e2e.test", password: "capture-manager-1" };

withAdminAndPortal(async (page) => {
  await ensureUser(page, director, "director");
  await ensureUser(page, manager, "manager");
  // The manager is the first Bitrix24 user offered: the generated portal gives every user lost deals.
  const form = page.getByRole("form", { name: `Пользователь Битрикс24: ${manager.email}` });
  const value = await form
    .getByRole("combobox")
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).find((v) => /^\d+:\d+$/.test(v)));
  await form.getByRole("combobox").selectOption(value ?? "");
  await form.getByRole("button", { name: "Сохранить" }).click();
  await expect(form.getByRole("status")).toHaveText("Сохранено");
});

/** The first link in `scope` whose text is a positive count, and that count. */
async function firstCount(scope: Locator, hrefPart: string): Promise<{ link: Locator; n: number }> {
  const links = scope.locator(`a[href*="${hrefPart}"]`);
  const texts = await links.evaluateAll((as) =>
    as.map((a) => (a.textContent ?? "").replace(/[\s\u00a0\u202f]/g, "")),
  );
  const i = texts.findIndex((t) => /^\d+$/.test(t) && Number(t) > 0);
  expect(i, `a positive count linked to ${hrefPart}`).toBeGreaterThanOrEqual(0);
  return { link: links.nth(i), n: Number(texts[i]) };
}

async function fitsPhone(page: Page, path: string, shot: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, path).toBeLessThanOrEqual(1);
  await page.screenshot({ path: readmeShot(shot), fullPage: true });
}

test("the director: each manager's capture figure on Managers, a part's count opens that many deals", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, director.email, director.password);
  await page.goto("/managers?period=all");
  const section = page.getByRole("region", { name: "Качество фиксации отказов" });
  await expect(section).toBeVisible();
  await expect(section.getByRole("columnheader", { name: /Качество фиксации/ })).toBeVisible();
  // Each manager's figure is a share, linked to the deals recorded well.
  await expect(section.locator('a[href*="d_capture=ok"]').first()).toHaveText(/^\d+(,\d)?\s?%$/);
  await page.screenshot({ path: readmeShot("managers-capture"), fullPage: true });

  const { link, n } = await firstCount(section, "d_capture=no_comment");
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/d_manager=\d+/);
  await link.click();
  await expect(page).toHaveURL(/\/deals\?.*d_capture=no_comment/);
  await expect(page.getByTestId("deals-table")).toHaveAttribute("data-total", String(n));
  // The slice in words, in the page's help ("менеджер «…» · без комментария").
  await expect(page.getByText(/менеджер «.+» · без комментария/).filter({ visible: true })).toHaveCount(1);

  // The CSV export carries the same table.
  const csv = await (await page.request.get("/api/export/managers?table=capture&period=all")).text();
  expect(csv.split("\r\n")[0]).toContain("Качество фиксации");

  await fitsPhone(page, "/managers?period=all", "managers-capture-phone");
});

test("a manager: their own figure on /me against the team median, each part opening their deals", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, manager.email, manager.password);
  await page.goto("/me?period=all");
  const card = page.getByRole("region", { name: "Моё качество фиксации" });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("my-capture-quality")).toHaveText(/^\d+(,\d)?\s?%$/);
  await expect(card.getByTestId("team-capture-quality")).toHaveText(/^\d+(,\d)?\s?%$/);
  await expect(card.getByRole("columnheader", { name: "медиана команды" })).toBeVisible();
  await page.screenshot({ path: readmeShot("me-capture"), fullPage: true });

  const { link, n } = await firstCount(card, "d_capture=");
  await link.click();
  await expect(page).toHaveURL(/\/deals\?.*d_capture=/);
  await expect(page.getByTestId("deals-table")).toHaveAttribute("data-total", String(n));

  await fitsPhone(page, "/me?period=all", "me-capture-phone");
});
