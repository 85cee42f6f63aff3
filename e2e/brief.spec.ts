import fs from "node:fs";
import { type Browser, type Download, expect, type Page, test } from "@playwright/test";
import JSZip from "jszip";
import { generatePortal } from "../emulator/generator";
import type { EmulatorHandle } from "../emulator/server";
import { ensureAdmin, ensurePortal, ensureUser, signIn } from "./support";

/**
 * The content brief for marketing, downloaded through the themes page as a director: the Markdown and the Word
 * document (opened with jszip) both carry the themes, and neither names a manager of the portal or holds a phone
 * number or an e-mail. The portal is the generated one every spec shares (seed 42), so its managers are known.
 */
test.describe.configure({ mode: "serial" });

const director = { name: "Борис Брифов", email: "brief-director@e2e.test", password: "brief-dir-1" };
const PORTAL = { seed: 42, deals: 3000 };
const PHONE = /\+?\d[\d ().-]{8,}\d/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;

let emulator: EmulatorHandle | null = null;

/** The portal's managers' last names (four letters or more), as the generator made them. */
function managerNames(): string[] {
  const users = generatePortal(PORTAL).lists["user.get"];
  return users.map((u) => String(u.LAST_NAME ?? "")).filter((n) => n.length >= 4);
}

async function setUp(browser: Browser) {
  const page = await browser.newPage();
  await ensureAdmin(page);
  emulator = await ensurePortal(page, PORTAL);
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

async function download(page: Page, name: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return file;
}

function expectAnonymous(text: string) {
  const names = managerNames();
  expect(names.length).toBeGreaterThan(0);
  for (const n of names) expect(text).not.toContain(n);
  expect(text).not.toMatch(PHONE);
  expect(text).not.toMatch(EMAIL);
}

test("a director downloads the content brief as Markdown and as a Word document", async ({ page }) => {
  await signIn(page, director.email, director.password);
  await page.goto("/themes?period=all");
  await expect(page.getByRole("heading", { name: "Темы отказов", level: 1 })).toBeVisible();
  const themes = await page.getByRole("article").getByRole("heading", { level: 2 }).allTextContents();
  expect(themes.length).toBeGreaterThan(0);

  const md = await download(page, "Бриф · Markdown");
  expect(md.suggestedFilename()).toMatch(/^losslens-brief-all-\d{4}-\d{2}-\d{2}\.md$/);
  const text = fs.readFileSync(await md.path(), "utf8");
  expect(text).toContain("# Контент-бриф по темам отказов");
  for (const th of themes) expect(text).toContain(`## ${th}`);
  expect(text).toContain("### Какой контент сделать");
  expectAnonymous(text);

  const word = await download(page, "Бриф · Word");
  expect(word.suggestedFilename()).toMatch(/^losslens-brief-all-\d{4}-\d{2}-\d{2}\.docx$/);
  const zip = await JSZip.loadAsync(fs.readFileSync(await word.path()));
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  const doc = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("\n");
  expect(doc).toContain("Контент-бриф по темам отказов");
  for (const th of themes) expect(doc).toContain(th);
  expectAnonymous(doc);
});

test("signed out, the brief answers 401 in both formats", async ({ request }) => {
  expect((await request.get("/api/export/brief")).status()).toBe(401);
  expect((await request.get("/api/export/brief?format=docx")).status()).toBe(401);
});
