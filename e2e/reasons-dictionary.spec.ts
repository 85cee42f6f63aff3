import { expect, type Locator, type Page, test } from "@playwright/test";
import { admin, ensureAdmin, ensureUser, signIn, withAdminAndPortal } from "./support";

/**
 * Issue 15: the reason dictionary end to end as the admin, on the demo portal — map a raw reason, merge two
 * reasons (the Reasons report then shows the survivor with a count equal to the deals its link opens), split one
 * back, reject one proposal and accept another — and a director gets no access. The demo's names change with the
 * generator, so every step picks its reasons from what the page shows. Screenshots at 1366 and 390 px go to
 * e2e/artifacts.
 */
test.describe.configure({ mode: "serial" });
withAdminAndPortal();

const director = {
  name: "Дарья Справочникова",
  email: "director-reasons@e2e.test",
  password: "director-pass-15",
};
const PAGE = "/settings/reasons";

const cards = (page: Page) => page.getByTestId("reason");
const card = (page: Page, id: string) => page.locator(`[data-testid="reason"][data-reason-id="${id}"]`);
const liveIds = (page: Page) =>
  cards(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-reason-id") ?? ""));

/** Submits a form and waits for its own status line to say `ok`. */
async function submitIn(form: Locator, button: string, ok: string) {
  await form.getByRole("button", { name: button }).click();
  await expect(form.getByRole("status")).toHaveText(ok, { timeout: 30_000 });
}

/** Submits a form whose success removes `gone` from the page (a merged card, an answered proposal). */
async function submitUntilGone(form: Locator, button: string, gone: Locator) {
  await form.getByRole("button", { name: button }).click();
  await expect(gone).toHaveCount(0, { timeout: 30_000 });
}

/** The deals a drill-down link opens (its table's total). */
async function opens(page: Page, href: string): Promise<string | undefined> {
  const html = await (await page.request.get(href)).text();
  return /data-total="(\d+)"/.exec(html)?.[1];
}

test("the admin reaches the dictionary from Settings and maps a raw reason", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/settings");
  await page
    .getByRole("link", { name: /Справочник причин отказа/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Справочник причин отказа");
  expect(await cards(page).count()).toBeGreaterThan(1);

  // The first raw reason, mapped onto a reason other than its current one.
  const row = page.getByTestId("raw").first();
  const key = (await row.getAttribute("data-raw-key")) ?? "";
  const select = row.getByRole("combobox", { name: "Считается как" });
  const current = await select.inputValue();
  const target = (await liveIds(page)).find((id) => id !== current) ?? "";
  await select.selectOption(target);
  await submitIn(row.getByRole("form"), "Сохранить", "Сохранено");
  await page.reload();
  const again = page.locator(`[data-testid="raw"][data-raw-key="${key}"]`);
  await expect(again.getByRole("combobox", { name: "Считается как" })).toHaveValue(target);
  await expect(again.getByTestId("raw-source")).toHaveText("Сопоставлено администратором");
  // Its count opens as many deals (all time, that raw reason).
  const link = again.getByTestId("raw-deals");
  expect(await opens(page, (await link.getAttribute("href")) ?? "")).toBe(
    ((await link.textContent()) ?? "").replace(/\s/g, ""),
  );
});

test("merging two reasons: the Reasons report shows the survivor, its count equal to its drill-down", async ({
  page,
}) => {
  await signIn(page, admin.email, admin.password);
  await page.goto(PAGE);
  const [from, into] = await liveIds(page);
  const intoName =
    (await card(page, into ?? "")
      .getByTestId("reason-name")
      .textContent()) ?? "";
  const fromCard = card(page, from ?? "");
  await fromCard.getByText("Действия").click();
  const merge = fromCard.getByRole("form", { name: "Слить в…" });
  await merge.getByRole("combobox").selectOption(into ?? "");
  await submitUntilGone(merge, "Слить", card(page, from ?? ""));
  await page.reload();
  await expect(card(page, from ?? "")).toHaveCount(0);
  const survivor = card(page, into ?? "");
  const deals = ((await survivor.getByTestId("reason-deals").textContent()) ?? "").replace(/\s/g, "");
  expect(await opens(page, (await survivor.getByTestId("reason-deals").getAttribute("href")) ?? "")).toBe(
    deals,
  );

  await page.goto("/reasons?period=all");
  await expect(page.getByRole("main").getByText(intoName).filter({ visible: true }).first()).toBeVisible();
  const links = await page.locator('main a[href^="/deals?"]').evaluateAll(
    (as, id) =>
      as
        .map((a) => ({
          href: a.getAttribute("href") ?? "",
          text: (a.textContent ?? "").replace(/[\s\u00a0\u202f]/g, ""),
        }))
        .filter(
          (l) =>
            new URLSearchParams(l.href.split("?")[1]).get("d_reason") === `r:${id}` && /^\d+$/.test(l.text),
        ),
    into,
  );
  expect(links.length).toBeGreaterThan(0);
  // All time, the report's count is the dictionary's.
  expect(links[0]?.text).toBe(deals);
  for (const l of links) expect(await opens(page, l.href)).toBe(l.text);
});

test("splitting a reason back gives each of its raw reasons a reason of its own", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await page.goto(PAGE);
  // The first reason with two raw reasons or more (the merge above made one).
  const target = cards(page)
    .filter({ has: page.locator('form[aria-label="Разделить"]') }) // in the closed "Действия": not a visible role
    .first();
  const id = (await target.getAttribute("data-reason-id")) ?? "";
  const rawKeys = await page
    .getByTestId("raw")
    .evaluateAll(
      (rows, rid) =>
        rows
          .filter((r) => (r.querySelector("select") as HTMLSelectElement | null)?.value === rid)
          .map((r) => r.getAttribute("data-raw-key") ?? ""),
      id,
    );
  expect(rawKeys.length).toBeGreaterThan(1);
  const before = await cards(page).count();
  await target.getByText("Действия").click();
  // Split, the kept reason has one raw reason left: its split form goes.
  const split = card(page, id).getByRole("form", { name: "Разделить" });
  await submitUntilGone(split, "Разделить", split);
  await page.reload();
  await expect(cards(page)).toHaveCount(before + rawKeys.length - 1);
  const mapped = await Promise.all(
    rawKeys.map((k) =>
      page
        .locator(`[data-testid="raw"][data-raw-key="${k}"]`)
        .getByRole("combobox", { name: "Считается как" })
        .inputValue(),
    ),
  );
  expect(new Set(mapped).size).toBe(rawKeys.length);
  expect(mapped).toContain(id);
});

test("proposals: one rejected is not proposed again, one accepted merges the smaller into the larger", async ({
  page,
}) => {
  await signIn(page, admin.email, admin.password);
  await page.goto(PAGE);
  // Two pairs of near-duplicates of our own, so there are proposals whatever the demo's names are.
  for (const name of [
    "Долгое согласование договора",
    "Долгое согласования договора",
    "Нет лицензии",
    "Лицензия не подходит",
  ]) {
    const form = page.getByRole("form", { name: "Новая причина" });
    await form.getByRole("textbox").fill(name);
    await form.getByRole("button", { name: "Создать" }).click();
    // The card, not the status line: the previous creation's "created" still shows while this one runs.
    await expect(page.getByTestId("reason-name").getByText(name, { exact: true })).toHaveCount(1, {
      timeout: 30_000,
    });
  }
  await page.reload();
  const proposals = page.getByTestId("proposal");
  expect(await proposals.count()).toBeGreaterThan(1);
  const pair = async (p: Locator) => [await p.getAttribute("data-from"), await p.getAttribute("data-into")];

  const proposal = (p: (string | null)[]) =>
    page.locator(`[data-testid="proposal"][data-from="${p[0]}"][data-into="${p[1]}"]`);
  const rejected = await pair(proposals.first());
  await expect(proposals.first()).toContainText(/похожи|основа|одинаковые/);
  await submitUntilGone(
    proposals.first().getByRole("form", { name: "Это разные причины" }),
    "Это разные причины",
    proposal(rejected),
  );
  await page.reload();
  const after = await Promise.all((await proposals.all()).map(pair));
  expect(after.map((p) => [...p].sort().join())).not.toContain([...rejected].sort().join());

  const accepted = await pair(proposals.first());
  await submitUntilGone(
    proposals.first().getByRole("form", { name: "Слить" }),
    "Слить",
    card(page, accepted[0] ?? ""),
  );
  await page.reload();
  await expect(card(page, accepted[0] ?? "")).toHaveCount(0);
  await expect(card(page, accepted[1] ?? "")).toHaveCount(1);
  await expect(proposal(accepted)).toHaveCount(0);

  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `e2e/artifacts/reasons-dictionary-${width}.png`, fullPage: true });
  }
});

test("a director gets no access to the dictionary", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await ensureUser(page, director, "director");
  await page.context().clearCookies();
  await signIn(page, director.email, director.password);
  const res = await page.goto(PAGE);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Справочник причин отказа" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByRole("link", { name: /Справочник причин отказа/ })).toHaveCount(0);
});
