import { describe, expect, it } from "vitest";
import { briefMessages } from "@/lib/i18n/sections/brief";
import type { BriefTheme } from "@/lib/themes/brief-data";
import { themeIdeas } from "@/lib/themes/brief-model";
import { BUILTIN_THEMES } from "@/lib/themes/lexicon";
import { findObjections, missingFeatures } from "@/lib/themes/objections";
import { QUOTE_MAX_SIMILARITY, quoteSimilarity, selectQuotes } from "@/lib/themes/quotes";

const NEAR_DUPLICATES = [
  "Дорого, ушли к конкуренту",
  "дорого, ушли к конкурентам",
  "Дорого!! Ушли к конкуренту",
  "Дорого, ушли к конкуренту, увы",
  "Дорого. Ушли к конкуренту.",
];
const DISTINCT = [
  "Клиент сказал «слишком дорого для нас», выбрали вариант подешевле",
  "Ценник не устроил: у Мегаплана на 30% дешевле при том же функционале",
  "Посчитали стоимость владения на три года — вышло дороже, чем у текущей системы",
  "Не устроила цена внедрения, просили скидку 20%, руководство не согласовало",
];
const candidates = (texts: string[]) => texts.map((text, i) => ({ key: `t:${i}`, dealId: i, text }));

describe("quotes chosen for diversity", () => {
  it("never takes two near-duplicates, and fills up with distinct quotes", () => {
    const texts = [...NEAR_DUPLICATES, ...NEAR_DUPLICATES.map((t) => `${t}!`), ...DISTINCT];
    const chosen = selectQuotes(candidates(texts), "ru", 5).map((q) => q.text);
    expect(chosen).toHaveLength(5);
    expect(chosen.filter((q) => /ушли к конкурент/i.test(q))).toHaveLength(1);
    for (const a of chosen)
      for (const b of chosen) if (a !== b) expect(quoteSimilarity(a, b)).toBeLessThan(QUOTE_MAX_SIMILARITY);
  });

  it("takes the portal's language first, another only when too few are left", () => {
    const en = ["Too expensive for them, went with a cheaper vendor", "Price was the blocker for their CFO"];
    const ru = selectQuotes(candidates([...en, ...DISTINCT]), "ru", 3).map((q) => q.text);
    expect(ru.every((q) => /[а-я]/i.test(q))).toBe(true);
    const few = selectQuotes(candidates([...en, DISTINCT[0] as string]), "ru", 3).map((q) => q.text);
    expect(few[0]).toBe(DISTINCT[0]);
    expect(few).toHaveLength(3);
  });

  it("prefers a quote that kept its words to one the anonymiser emptied", () => {
    const texts = [
      "Не устроила цена, звонить [имя], [телефон], писать [e-mail]",
      "Не устроила цена, руководство считает, что у конкурента дешевле",
      "Посчитали стоимость владения на три года — вышло дороже, чем у текущей системы",
      "Ценник не устроил: у Мегаплана на 30% дешевле при том же функционале",
    ];
    const chosen = selectQuotes(candidates(texts), "ru", 3).map((q) => q.text);
    expect(chosen).toHaveLength(3);
    expect(chosen).not.toContain(texts[0]);
  });

  it("takes one quote per deal, and skips the too short and the too long", () => {
    const sameDeal = DISTINCT.map((text, i) => ({ key: `t:${i}`, dealId: 7, text }));
    expect(selectQuotes(sameDeal, "ru", 4)).toHaveLength(1);
    const odd = candidates(["Дорого", "Цена ".repeat(100), DISTINCT[1] as string]);
    expect(selectQuotes(odd, "ru", 3).map((q) => q.text)).toEqual([DISTINCT[1]]);
  });
});

describe("objections in the customers' words", () => {
  it("takes quoted speech first, then phrases said in several comments, merged by stems", () => {
    const texts = [
      "Клиент сказал «за такие деньги сами сделаем»",
      "Дорого для нас, вернёмся в следующем году",
      "дороговато для нас, бюджет меньше",
      "Сказали: дорого для нас",
      "Не устроила цена внедрения",
      "не устроила цена, хотят скидку",
    ];
    const out = findObjections(texts, "ru");
    expect(out[0]).toEqual({ text: "за такие деньги сами сделаем", comments: 1, quoted: true });
    expect(out).toContainEqual({ text: "дорого для нас", comments: 3, quoted: false });
    expect(out.map((o) => o.text)).toContain("не устроила цена");
  });

  it("names the features product-fit comments miss", () => {
    const texts = [
      "Нет интеграции с 1С",
      "нужна интеграция с 1С, без неё никак",
      "не хватает мобильного приложения",
      "Нет мобильного приложения для склада",
    ];
    expect(missingFeatures(texts, "ru")).toEqual(["интеграции с 1с", "мобильного приложения"]);
  });
});

describe("content ideas differ by theme", () => {
  const theme = (key: string, nameRu: string): BriefTheme => ({
    id: 1,
    key,
    nameRu,
    nameEn: nameRu,
    builtin: true,
    deals: 5,
    money: 100,
    share: 0.1,
    moneyShare: 0.1,
    previousDeals: null,
    trend: [],
    stages: [],
    reasons: [],
    competitors: [
      { name: "Мегаплан", mentions: 4, deals: 3, money: 10 },
      { name: "Контур", mentions: 2, deals: 2, money: 5 },
    ],
    quotes: [],
    objections: [{ text: "нужна интеграция с 1С", comments: 3, quoted: false }],
    features: ["интеграции с 1с"],
  });
  const themes = [
    ...BUILTIN_THEMES.map((t) => theme(t.key, t.nameRu)),
    theme("custom-1", "Сезонность"),
    theme("custom-2", "Логистика"),
  ];

  it.each(["ru", "en"] as const)("no two themes share a suggestion line (%s)", (locale) => {
    const lines = themes.flatMap((t) => themeIdeas(t, locale, (s) => s));
    expect(themes.length).toBeGreaterThanOrEqual(12);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it("names the competitors and the missing features", () => {
    const byKey = (k: string) => themeIdeas(theme(k, k), "ru", (s) => s).join("\n");
    expect(byKey("competitor")).toContain("Страница сравнения с Мегаплан");
    expect(byKey("competitor")).toContain("Контур");
    expect(byKey("product_fit")).toContain("интеграции с 1с");
    expect(byKey("custom-9")).toContain("нужна интеграция с 1С");
  });

  it("has ideas for every built-in theme in both languages", () => {
    for (const t of BUILTIN_THEMES) {
      expect(Object.keys(briefMessages.ru.ideas)).toContain(t.key);
      expect(Object.keys(briefMessages.en.ideas)).toContain(t.key);
    }
  });
});
