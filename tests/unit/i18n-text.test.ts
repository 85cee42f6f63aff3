/**
 * The sentences lib/i18n builds from the keys and numbers analytics returns, pinned word for word in both
 * languages, and the dictionaries that must say everything in both.
 */
import { describe, expect, it } from "vitest";
import type { Pattern } from "@/lib/analytics/patterns";
import type { StrategyVerdict } from "@/lib/analytics/strategies";
import { Bitrix24Error } from "@/lib/bitrix24/errors";
import { csvSeparator, formatPctInline } from "@/lib/format";
import { clientPatternText, strategyVerdictText, themeName } from "@/lib/i18n";
import { bitrix24ErrorMessages } from "@/lib/i18n/sections/bitrix24";
import { briefMessages } from "@/lib/i18n/sections/brief";
import { commentCsvMessages } from "@/lib/i18n/sections/comments";
import { reasonsAdminMessages } from "@/lib/i18n/sections/reasons-admin";
import { themesMessages } from "@/lib/i18n/sections/themes";

const NBSP = /\u00a0|\u202f/g;
const plain = (s: string) => s.replace(NBSP, " ");

const verdict = (over: Partial<StrategyVerdict>): StrategyVerdict => ({
  key: "volumePaidOff",
  confidence: "tooFewToJudge",
  z: 0.6667,
  pValue: 0.505,
  figures: { currency: "RUB", revenuePerDeal: [66666.67, 0], winRate: [1 / 3, 0], p: 0.50499, minClosed: 10 },
  ...over,
});

describe("strategyVerdictText", () => {
  it("volume paid off, too few deals (the golden March–April verdict)", () => {
    expect(plain(strategyVerdictText(verdict({}), "en"))).toBe(
      "Volume paid off in this period: RUB 66,667 revenue per deal vs RUB 0, win rate 33% vs 0%, p = 0.50 — but there are too few deals to judge with confidence (at least 10 closed on each side needed).",
    );
    expect(plain(strategyVerdictText(verdict({}), "ru"))).toBe(
      "В этом периоде окупился объём: 66 667 ₽ выручки на сделку против 0 ₽, выиграно 33% против 0%, p = 0,50 — но сделок слишком мало, чтобы судить уверенно (нужно от 10 закрытых с каждой стороны).",
    );
  });

  it("depth paid off, significant, in dollars", () => {
    const v = verdict({
      key: "depthPaidOff",
      confidence: "significant",
      figures: {
        currency: "USD",
        revenuePerDeal: [284355, 59548],
        winRate: [0.49, 0.29],
        p: 1e-9,
        minClosed: 10,
      },
    });
    expect(plain(strategyVerdictText(v, "en"))).toBe(
      "Depth paid off in this period: $284,355 revenue per deal vs $59,548, win rate 49% vs 29%, p < 0.001 — the win-rate difference is statistically significant.",
    );
    expect(plain(strategyVerdictText(v, "ru"))).toBe(
      "В этом периоде окупилась глубина: 284 355 $ выручки на сделку против 59 548 $, выиграно 49% против 29%, p < 0,001 — разница в доле выигранных статистически значима.",
    );
  });

  it("a tie that may be chance, and a missing win rate as a dash", () => {
    const v = verdict({
      key: "tie",
      confidence: "notSignificant",
      figures: {
        currency: "EUR",
        revenuePerDeal: [100, 100],
        winRate: [0.5, null],
        p: 0.0042,
        minClosed: 10,
      },
    });
    expect(plain(strategyVerdictText(v, "en"))).toBe(
      "Volume and depth paid off equally: €100 revenue per deal vs €100, win rate 50% vs —, p = 0.004 — but the win-rate difference may be chance.",
    );
    expect(plain(strategyVerdictText(v, "ru"))).toBe(
      "Объём и глубина принесли поровну: 100 € выручки на сделку против 100 €, выиграно 50% против —, p = 0,004 — но разница в доле выигранных может быть случайной.",
    );
  });

  it("not enough data", () => {
    const v = verdict({ key: "notEnoughData", confidence: null, z: null, pValue: null, figures: null });
    expect(strategyVerdictText(v, "en")).toBe(
      "Not enough data: comparing the strategies needs closed deals from both volume and depth managers.",
    );
    expect(strategyVerdictText(v, "ru")).toBe(
      "Недостаточно данных: чтобы сравнить стратегии, нужны закрытые сделки у менеджеров «объёма» и «глубины».",
    );
  });
});

describe("clientPatternText", () => {
  const cases: [Pattern, string, string][] = [
    [
      { key: "lostCloseFaster", params: { pct: 72, lostDays: 6, wonDays: 21.54 } },
      "Lost deals with clients who also have won deals close 72% faster than their won deals (median 6 vs 21.5 days)",
      "Проигранные сделки с клиентами, у которых есть и выигранные, закрываются на 72% быстрее выигранных (медиана 6 дн. против 21,5 дн.)",
    ],
    [
      { key: "lostCloseSlower", params: { pct: 40, lostDays: 14, wonDays: 10 } },
      "Lost deals with clients who also have won deals close 40% slower than their won deals (median 14 vs 10 days)",
      "Проигранные сделки с клиентами, у которых есть и выигранные, закрываются на 40% медленнее выигранных (медиана 14 дн. против 10 дн.)",
    ],
    [
      { key: "lostFewerActivities", params: { pct: 67, lostActivities: 0.5, wonActivities: 1.5 } },
      "Lost deals of these clients got 67% fewer completed activities than their won deals (median 0.5 vs 1.5)",
      "По проигранным сделкам этих клиентов выполнено на 67% меньше дел, чем по выигранным (медиана 0,5 против 1,5)",
    ],
    [
      { key: "lostMoreActivities", params: { pct: 50, lostActivities: 3, wonActivities: 2 } },
      "Lost deals of these clients got 50% more completed activities than their won deals (median 3 vs 2)",
      "По проигранным сделкам этих клиентов выполнено на 50% больше дел, чем по выигранным (медиана 3 против 2)",
    ],
    [
      { key: "priorWinShare", params: { pct: 50, lostWithPriorWin: 3, lostDeals: 6 } },
      "3 of 6 lost deals (50%) were with clients who had bought before",
      "3 из 6 проигранных сделок (50%) — с клиентами, которые уже покупали",
    ],
  ];
  it.each(cases)("%o", (pattern, en, ru) => {
    expect(clientPatternText(pattern, "en")).toBe(en);
    expect(clientPatternText(pattern, "ru")).toBe(ru);
  });
});

describe("helpers", () => {
  it("themeName picks the reader's language", () => {
    const th = { nameRu: "Цена", nameEn: "Price" };
    expect(themeName(th, "ru")).toBe("Цена");
    expect(themeName(th, "en")).toBe("Price");
  });

  it("inline percentages keep their old rounding, with the locale's decimal mark and no space", () => {
    expect(formatPctInline(1 / 3, "ru")).toBe("33%");
    expect(formatPctInline(0.12345, "en", 1)).toBe("12.3%");
    expect(formatPctInline(0.12345, "ru", 1)).toBe("12,3%");
    expect(formatPctInline(null, "en")).toBe("—");
  });

  it("the CSV separator suits the reader's spreadsheet", () => {
    expect(csvSeparator("ru")).toBe(";");
    expect(csvSeparator("en")).toBe(",");
  });

  it("a Bitrix24 error tells the admin the same thing in both languages", () => {
    const err = new Bitrix24Error("QUERY_LIMIT_EXCEEDED", 503, "raw portal text", "crm.deal.list");
    expect(err.userMessage("ru")).toBe("Портал ограничил частоту запросов");
    expect(err.userMessage("en")).toBe("The portal rate-limited us");
    expect(err.retryable).toBe(true);
  });
});

describe("dictionaries say everything in both languages", () => {
  const keys = (o: object, prefix = ""): string[] =>
    Object.entries(o)
      .flatMap(([k, v]) =>
        typeof v === "object" && v !== null && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [prefix + k],
      )
      .sort();
  it.each([
    ["bitrix24", bitrix24ErrorMessages],
    ["brief", briefMessages],
    ["comment CSV", commentCsvMessages],
    ["themes", themesMessages],
    ["reasons admin", reasonsAdminMessages],
  ] as const)("%s", (_name, dict) => {
    expect(keys(dict.en)).toEqual(keys(dict.ru));
  });
});
