import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import type { EmulatorHandle } from "../emulator/server";
import { admin, ensureAdmin, ensurePortal, ensureUser, signIn } from "./support";

/**
 * Hand corrections of comment themes and unknown competitors (issue #15 parts 3–5), in Chromium: a director
 * removes a theme from a comment and adds another, the change survives a reload, and each chip explains itself
 * on hover (title) and on keyboard focus (tooltip); an admin sees a name the comments keep naming proposed as a
 * competitor (here Мегаплан, after deleting it from the list) and adds it. Screenshots of both pages at 1366 and
 * 390 px go to e2e/artifacts/theme-corrections/; at 390 px neither page scrolls sideways.
 */
test.describe.configure({ mode: "serial" });

const director = {
  name: "Дина Правкина",
  email: "corrections-director@e2e.test",
  password: "corrections-dir-1",
};
const SHOTS = "e2e/artifacts/theme-corrections";
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let emulator: EmulatorHandle | null = null;
/** The comment corrected, its theme removed and the theme added, for the undo at the end. */
const state = { key: "", removed: "", added: "" };

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

const chip = (card: Locator, name: string) => card.getByTestId("theme-chip").filter({ hasText: name });

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function shoot(page: Page, name: string) {
  for (const [label, size] of [
    ["1366", LAPTOP],
    ["390", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (label === "390") expect(await sidewaysOverflow(page), `${name} at 390 px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(LAPTOP);
}

test("a director removes a theme from a comment and adds another; both stay after a reload", async ({
  page,
}) => {
  await page.setViewportSize(LAPTOP);
  await signIn(page, director.email, director.password);
  await page.goto("/comments?period=all");
  const first = page
    .locator("ol > li[data-key]")
    .filter({ has: page.getByTestId("theme-chip") })
    .first();
  state.key = (await first.getAttribute("data-key")) ?? "";
  expect(state.key).toMatch(/^(timeline|deal_field|user_field):\d+$/);
  const card = page.locator(`li[data-key="${state.key}"]`);

  // The chip explains itself: the tagger's words (or its keywords) on hover and on keyboard focus.
  const firstChip = card.getByTestId("theme-chip").first();
  const label = firstChip.locator("span[title]").first();
  const why = (await label.getAttribute("title")) ?? "";
  expect(why).toMatch(/^Почему эта тема: /);
  await label.focus();
  await expect(firstChip.getByRole("tooltip")).toBeVisible();
  await expect(firstChip.getByRole("tooltip")).toHaveText(why);
  await expect(label).toHaveAccessibleDescription(why);
  state.removed = ((await label.textContent()) ?? "").trim();

  await card.getByRole("button", { name: `Убрать тему «${state.removed}»` }).click();
  await expect(chip(card, state.removed)).toHaveCount(0);

  const add = card.getByLabel("Добавить тему к комментарию");
  const options = (await add.locator("option").allTextContents()).slice(1);
  state.added = options.find((o) => o !== state.removed) ?? "";
  expect(state.added).not.toBe("");
  await add.selectOption({ label: state.added });
  await expect(chip(card, state.added)).toHaveAttribute("data-hand", "1");

  await page.reload();
  await expect(chip(card, state.added)).toHaveCount(1);
  await expect(chip(card, state.removed)).toHaveCount(0);
  const handLabel = chip(card, state.added).locator("span[title]").first();
  await expect(handLabel).toHaveAttribute("title", "Тема добавлена вручную");
  await handLabel.hover();
  await expect(card.getByRole("button", { name: `Убрать тему «${state.added}»` })).toBeVisible();
  await shoot(page, "comments");
});

test("an admin adds a name the loss comments keep naming as a competitor", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await signIn(page, admin.email, admin.password);
  await page.goto("/themes?period=all");
  // Corrections count on the themes page.
  await expect(page.getByRole("heading", { name: "Правки тегов вручную" })).toBeVisible();
  await expect(page.getByTestId("checked-comments")).not.toHaveText("0");

  // Мегаплан leaves the competitor list; the comments still name it, so it comes back as a proposal.
  await page.getByText("Настройка тем").click();
  const form = page
    .locator("div.rounded-md")
    .filter({ has: page.locator('input[name="name"][value="Мегаплан"]') });
  await form.getByRole("button", { name: "Удалить" }).click();
  await expect(form).toHaveCount(0);
  await page.reload();
  const proposals = page.getByRole("region", { name: "Возможные конкуренты" });
  await expect(proposals.getByText(/не меньше чем в 3 сделках/)).toBeVisible();
  const proposal = proposals.getByTestId("competitor-proposal").filter({ hasText: /^Мегаплан: / });
  await expect(proposal).toHaveText(/Мегаплан: \d+ упоминани\S* в \d+ сделк\S* — добавить как конкурента\?/);
  await shoot(page, "themes");

  await proposal.getByRole("button", { name: "Добавить" }).click();
  await expect(proposal).toHaveCount(0);
  await page.reload();
  const competitors = page.getByRole("region", { name: "Конкуренты", exact: true });
  await expect(competitors.getByRole("link", { name: "Мегаплан" })).toBeVisible();
  await expect(proposals.getByTestId("competitor-proposal").filter({ hasText: /^Мегаплан: / })).toHaveCount(
    0,
  );
});

test("the director undoes both corrections", async ({ page }) => {
  await signIn(page, director.email, director.password);
  await page.goto("/comments?period=all");
  const card = page.locator(`li[data-key="${state.key}"]`);
  await card.getByRole("button", { name: `Убрать тему «${state.added}»` }).click();
  await expect(chip(card, state.added)).toHaveCount(0);
  await card.getByLabel("Добавить тему к комментарию").selectOption({ label: state.removed });
  await expect(chip(card, state.removed)).toHaveCount(1);
  await expect(chip(card, state.removed)).not.toHaveAttribute("data-hand", "1");
});
