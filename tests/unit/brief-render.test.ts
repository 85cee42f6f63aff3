import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { briefMarkdown } from "@/lib/themes/brief";
import type { BriefData, BriefTheme } from "@/lib/themes/brief-data";
import { briefDocx } from "@/lib/themes/brief-docx";

const HOSTILE = "<script>alert(1)</script> [click](javascript:x) **bold** & co";

const theme: BriefTheme = {
  id: 7,
  key: "competitor",
  nameRu: "Конкурент",
  nameEn: "Competitor",
  builtin: true,
  deals: 12,
  money: 345_000,
  share: 0.25,
  moneyShare: 0.3,
  previousDeals: 8,
  trend: [
    { month: "2026-05", deals: 5 },
    { month: "2026-06", deals: 7 },
  ],
  stages: [
    { name: "Переговоры", deals: 9 },
    { name: null, deals: 3 },
  ],
  reasons: [
    { label: "Ушли к конкуренту", deals: 10 },
    { label: null, deals: 2 },
  ],
  competitors: [{ name: "Мегаплан", mentions: 6, deals: 5, money: 120_000 }],
  quotes: ["Выбрали Мегаплан, там уже работают их партнёры", HOSTILE],
  objections: [{ text: "у них дешевле на 20%", comments: 4, quoted: false }],
  features: [],
};
const data: BriefData = { lostDeals: 48, lostMoney: 1_150_000, language: "ru", themes: [theme] };
const opts = { currency: "RUB", period: "Последние 90 дней" };

describe("the brief written out", () => {
  it("Markdown: one theme's brief with numbers, trend, stages, reasons, quotes, objections, table and ideas", () => {
    const md = briefMarkdown(data, { ...opts, locale: "ru" });
    expect(md).toMatch(/^# Контент-бриф: Конкурент\n/);
    expect(md).toContain("**12** из 48 (25%)");
    expect(md).toContain("Сделок за период: 12; за предыдущий такой же период: 8 (+4 · +50%)");
    expect(md).toContain("Этапы, на которых теряем: Переговоры (9), этап неизвестен (3)");
    expect(md).toContain("Причины отказа в этих сделках: Ушли к конкуренту (10), не указана (2)");
    expect(md).toContain("> Выбрали Мегаплан, там уже работают их партнёры");
    expect(md).toContain("- «у них дешевле на 20%» — в комментариях: 4");
    expect(md).toContain("| Мегаплан | 6 | 5 |");
    expect(md).toContain("- Страница сравнения с Мегаплан");
    // A comment cannot become markup.
    expect(md).toContain(
      "\\<script\\>alert\\(1\\)\\</script\\> \\[click\\]\\(javascript:x\\) \\*\\*bold\\*\\* \\& co",
    );
    expect(md).not.toContain("<script>");
  });

  it("Markdown in English: the dictionary's words, the data's own words untouched", () => {
    const md = briefMarkdown(data, { ...opts, locale: "en" });
    expect(md).toMatch(/^# Content brief: Competitor\n/);
    expect(md).toContain("Loss reasons recorded on these deals: Ушли к конкуренту (10), not specified (2)");
    expect(md).toContain("A comparison page against Мегаплан");
  });

  it("Word: a valid package whose text carries the quotes as plain text, escaped as XML", async () => {
    const zip = await JSZip.loadAsync(await briefDocx(data, { ...opts, locale: "ru" }));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(zip.file("[Content_Types].xml")).not.toBeNull();
    expect(xml).toContain("Контент-бриф: Конкурент");
    expect(xml).toContain("«Выбрали Мегаплан, там уже работают их партнёры»");
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:x) *bold* &amp; co");
    expect(xml).not.toContain("<script>");
    // The dictionary's **12** is one bold run; the text around it is not bold.
    expect(xml).toMatch(/<w:r><w:rPr><w:b\/>(?:(?!<\/w:r>).)*<w:t[^>]*>12<\/w:t><\/w:r>/);
    expect(xml).toMatch(
      /<w:b w:val="false"\/>(?:(?!<\/w:r>).)*<w:t[^>]*>Проигранных сделок с этой темой: <\/w:t>/,
    );
  });
});
