/**
 * The content brief on a seeded portal: the golden portal plus 40 lost deals whose comments are full of
 * near-duplicates («Дорого, ушли к конкуренту» in many spellings) and personal data — the portal's managers
 * (Иванов, Мария Петрова), its contacts (Пётр Сидоров, Анна Кузнецова), phones and e-mails. Measured: the quotes
 * of every theme are pairwise below the similarity threshold, no two themes share a content idea, and neither the
 * Markdown nor the Word document (opened with jszip) names a manager or carries a phone number or an e-mail.
 */
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "@/emulator/server";
import type { WireRecord } from "@/emulator/snapshot";
import type { DataScope } from "@/lib/analytics/scope";
import { briefMessages } from "@/lib/i18n/sections/brief";
import { connectWebhookPortal } from "@/lib/portals";
import { createShareInput, SHAREABLE_REPORTS } from "@/lib/share/links";
import { runSync } from "@/lib/sync/run";
import { briefMarkdown } from "@/lib/themes/brief";
import { type BriefData, getBriefData } from "@/lib/themes/brief-data";
import { briefDocx } from "@/lib/themes/brief-docx";
import { themeIdeas } from "@/lib/themes/brief-model";
import { QUOTE_MAX_SIMILARITY, quoteSimilarity } from "@/lib/themes/quotes";
import { parseFilters } from "@/lib/url-state/filters";
import { goldenPortal } from "../helpers/golden-portal";
import { createTestDb, type TestDb } from "../helpers/test-db";

process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";

const NOW = new Date("2026-07-01T12:00:00+03:00");
const YEAR = parseFilters(new URLSearchParams("from=2026-01-01&to=2026-12-31"), NOW);
const PEOPLE = ["Иванов", "Петрова", "Директорова", "Сидоров", "Кузнецов", "Пётр", "Петр", "Мария", "Анн"];
/** Digits in phone groupings on one line (money is written with no-break spaces, table cells on lines of their own). */
const PHONE = /\+?\d[\d ().-]{8,}\d/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;

const NEAR_DUPLICATES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(
  (i) =>
    `${["Дорого", "дорого", "ДОРОГО", "Дорого!"][i % 4]}, ушли к ${["конкуренту", "конкурентам", "конкуренту."][i % 3]}`,
);
const COMMENTS = [
  ...NEAR_DUPLICATES,
  "Дорого для нас, сказал клиент",
  "Дорого для нас — сказали на встрече",
  "Сказали что дорого для нас",
  "Клиент сказал «слишком дорого для нас», Пётр Сидоров просил перезвонить на +7 912 345-67-89",
  "Не устроила цена внедрения, просили скидку 20%, пишите petr.sidorov@romashka.ru",
  "Посчитали стоимость владения на три года — вышло дороже, чем у текущей системы",
  "Ценник кусается: у Мегаплана на 30% дешевле при том же функционале",
  "Мария Петрова передала: цена выше бюджета отдела на треть",
  "Too expensive for them, went with a cheaper option",
  "Выбрали Мегаплан, там уже работают их партнёры",
  "Ушли в Мегаплан — внедрение обещали за неделю, конкурент сильнее в рознице",
  "После КП тишина, звонил Анне Кузнецовой на 8 (495) 123-45-67 — без ответа",
  "Не отвечает на письма anna.k@vector.ru уже месяц",
  "Не берёт трубку, в мессенджере тоже молчит",
  "Нет бюджета до конца года, Иванов обещал вернуться в январе",
  "Бюджет урезали, проект заморожен",
  "Нет бюджета на внедрение в этом квартале",
  "Отложили решение до осени, сейчас не до этого",
  "Перенесли проект, вернуться к разговору в следующем году",
  "Нет интеграции с 1С, а без неё им никак",
  "Нужна интеграция с 1С и складской учёт",
  "Не хватает мобильного приложения для выездных сотрудников",
  "Функционал не подошёл: нет мобильного приложения",
];

/** The golden portal with one lost deal (and one timeline comment) per entry of COMMENTS. */
function seededPortal() {
  const snap = goldenPortal();
  const deals = snap.lists["crm.deal.list"] as WireRecord[];
  const template = deals.find((d) => d.ID === "4") as WireRecord;
  const comments = snap.lists["crm.timeline.comment.list"] as WireRecord[];
  COMMENTS.forEach((text, i) => {
    const id = 1001 + i;
    const day = String(1 + (i % 28)).padStart(2, "0");
    const month = String(2 + (i % 5)).padStart(2, "0");
    const at = `2026-${month}-${day}T12:00:00+03:00`;
    const amount = `${10_000 * (1 + (i % 7))}.00`;
    deals.push({
      ...template,
      ID: String(id),
      TITLE: `Сделка ${id}`,
      ASSIGNED_BY_ID: i % 2 ? "2" : "3",
      OPPORTUNITY: amount,
      OPPORTUNITY_ACCOUNT: amount,
      DATE_CREATE: `2026-01-${day}T10:00:00+03:00`,
      DATE_MODIFY: at,
      CLOSEDATE: `2026-${month}-${day}T03:00:00+03:00`,
    });
    comments.push({
      ID: String(5001 + i),
      ENTITY_ID: String(id),
      ENTITY_TYPE: "deal",
      CREATED: at,
      COMMENT: text,
      AUTHOR_ID: i % 2 ? "2" : "3",
      FILES: {},
    });
  });
  return snap;
}

let t: TestDb;
let emu: EmulatorHandle;
let all: DataScope;
let data: BriefData;
const placeholders = briefMessages.ru.placeholders;

beforeAll(async () => {
  t = await createTestDb();
  emu = await startEmulator({ snapshot: seededPortal(), port: 0, limits: { enabled: false } });
  const portal = await connectWebhookPortal(t.db, emu.webhookUrl);
  await runSync(t, portal.id, { mode: "full" });
  all = { portalId: portal.id, managerIds: null };
  data = await getBriefData(t.db, all, YEAR, { placeholders });
});
afterAll(async () => {
  await emu?.close();
  await t?.destroy();
});

const theme = (key: string) => {
  const found = data.themes.find((x) => x.key === key);
  if (!found) throw new Error(`no ${key} theme in the brief`);
  return found;
};

describe("the content brief on a seeded portal", () => {
  it("quotes are diverse: pairwise below the threshold, one of the near-duplicate family at most", () => {
    expect(data.language).toBe("ru");
    const price = theme("price");
    expect(price.deals).toBeGreaterThanOrEqual(15);
    expect(price.quotes.length).toBeGreaterThanOrEqual(3);
    expect(price.quotes.filter((q) => /ушли к конкурент/i.test(q)).length).toBeLessThanOrEqual(1);
    const themed = data.themes.filter((x) => x.quotes.length > 1);
    expect(themed.length).toBeGreaterThanOrEqual(4);
    for (const th of themed)
      for (const [i, a] of th.quotes.entries())
        for (const b of th.quotes.slice(i + 1))
          expect(quoteSimilarity(a, b)).toBeLessThan(QUOTE_MAX_SIMILARITY);
    expect(price.quotes.some((q) => /too expensive/i.test(q))).toBe(false); // Russian portal, Russian quotes
  });

  it("each theme has numbers, stages, reasons and objections; suggestions differ across themes", () => {
    const price = theme("price");
    expect(price.money).toBeGreaterThan(0);
    expect(price.previousDeals).toBe(0); // 2025 had none
    expect(price.stages.length).toBeGreaterThan(0);
    expect(price.reasons.length).toBeGreaterThan(0);
    expect(price.objections.map((o) => o.text)).toContain("слишком дорого для нас");
    expect(theme("product_fit").features).toContain("интеграции с 1с");
    expect(theme("competitor").competitors[0]?.name).toBe("Мегаплан");
    const lines = data.themes.flatMap((th) => themeIdeas(th, "ru", (s) => s));
    expect(data.themes.length).toBeGreaterThanOrEqual(5);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.join("\n")).toContain("Страница сравнения с Мегаплан");
  });

  it("the Markdown names no manager and no client, and carries no phone or e-mail", () => {
    const md = briefMarkdown(data, { locale: "ru", currency: "RUB", period: "2026" });
    expect(md).toContain("# Контент-бриф по темам отказов");
    expect(md).toContain("## Цена");
    for (const p of PEOPLE) expect(md).not.toContain(p);
    expect(md).not.toMatch(PHONE);
    expect(md).not.toMatch(EMAIL);
  });

  it("the Word document opens and holds the themes and quotes, anonymised", async () => {
    const bytes = await briefDocx(data, { locale: "ru", currency: "RUB", period: "2026" });
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file("word/document.xml")?.async("string");
    if (!xml) throw new Error("no word/document.xml");
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) =>
        (m[1] ?? "")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, "&"),
      )
      .join("\n");
    for (const th of data.themes) {
      expect(text).toContain(th.nameRu);
      for (const q of th.quotes) expect(text).toContain(`«${q}»`);
    }
    const noResponse = theme("no_response").quotes.join("\n");
    expect(noResponse).toContain(placeholders.phone);
    expect(noResponse).toContain(placeholders.email);
    expect(text).toContain(placeholders.phone);
    for (const p of PEOPLE) expect(text).not.toContain(p);
    expect(text).not.toMatch(PHONE);
    expect(text).not.toMatch(EMAIL);
  });
});

describe("themes are not shared by link", () => {
  it("a share link can freeze a report, never the themes page with its per-manager tables", () => {
    expect(SHAREABLE_REPORTS as readonly string[]).not.toContain("themes");
    expect(createShareInput.safeParse({ report: "themes", managerId: null }).success).toBe(false);
    expect(createShareInput.safeParse({ report: "overview", managerId: null }).success).toBe(true);
  });
});
