import { expect, test } from "@playwright/test";
import { ensureAdmin, withAdminAndPortal } from "./support";

/**
 * Issue 13, what confused a new user: "Свой период" opens date inputs and keeps the view's dates; the sidebar keeps
 * the filters; the drill-down says what it lists and leads back to the report it came from; the stage filter offers
 * process stages only, told apart by pipeline.
 */
test.describe.configure({ mode: "serial" });

withAdminAndPortal();

test("'Свой период' shows date inputs filled with the view's dates, and they drive the view", async ({
  page,
}) => {
  await ensureAdmin(page);
  await page.goto("/overview?period=lastMonth");
  await page.getByLabel("Период").selectOption("custom");
  await expect(page).toHaveURL(/from=2026-10-01&to=2026-10-31|to=2026-10-31.*from=2026-10-01/);
  await expect(page.getByLabel("Период")).toHaveValue("custom");
  const from = page.getByLabel("С", { exact: true });
  await expect(from).toHaveValue("2026-10-01");
  await from.fill("2026-10-15");
  await from.blur();
  await expect(page).toHaveURL(/from=2026-10-15/);
  await expect(page.getByTestId("filters-in-words")).toContainText("15");
});

test("the sidebar keeps the filters; a drill-down says what it lists and returns to its report", async ({
  page,
}) => {
  await ensureAdmin(page);
  await page.goto("/reasons?period=all&client=returning");
  const sidebar = page.getByRole("navigation").first();
  await sidebar.getByRole("link", { name: "Стадии" }).click();
  await expect(page).toHaveURL(/\/stages\?period=all&client=returning$/);

  await page.goto("/strategies?period=all");
  const won = page.getByRole("link", { name: /^\d[\d\s]*$/ }).first();
  await won.click();
  await expect(page).toHaveURL(/\/deals\?.*back=strategies/);
  await expect(page.getByTestId("filters-in-words")).not.toContainText("Проигранные");
  await page.getByRole("link", { name: "← К отчёту" }).click();
  await expect(page).toHaveURL(/\/strategies\?period=all$/);
});

test("the stage filter lists process stages, same-named ones with their pipeline", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/stages?period=all");
  const select = page
    .getByRole("form", { name: "Фильтры" })
    .getByRole("combobox", { name: "Стадия", exact: true });
  await expect(select).toBeVisible();
  const options = await select.locator("option").evaluateAll((os) => os.map((o) => o.textContent ?? ""));
  expect(options.length).toBeGreaterThan(3);
  expect(options.filter((o) => /успешн/i.test(o))).toEqual([]);
  expect(new Set(options).size).toBe(options.length);
});
