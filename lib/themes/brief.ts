/**
 * The content brief as Markdown (the blocks of brief-model.ts written out). Anything from data — quotes, names of
 * stages, reasons, competitors — is Markdown-escaped, so a comment cannot inject links or HTML.
 * `themeBrief` keeps the one-theme brief of the /themes overview (no reasons, trend or objections of its own).
 */

import type { Locale } from "@/lib/i18n/config";
import { briefMessages } from "@/lib/i18n/sections/brief";
import { anonymise } from "./anonymise";
import type { BriefData, BriefTheme } from "./brief-data";
import { type Block, briefBlocks, type RenderOptions } from "./brief-model";
import type { CompetitorStat } from "./competitors";
import { COMPETITOR_THEME_KEY } from "./lexicon";
import { findObjections } from "./objections";
import type { ThemeOverview, ThemeStat } from "./stats";
import { dominantLanguage } from "./text";

/** Markdown/HTML metacharacters escaped; line breaks flattened (a quote is one line). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

function blockMarkdown(b: Block): string[] {
  switch (b.kind) {
    case "heading":
      return [`${"#".repeat(b.level)} ${b.text}`, ""];
    case "para":
      return [b.italic ? `_${b.text}_` : b.text, ""];
    case "bullets":
      return [...b.items.map((i) => `- ${i}`), ""];
    case "quote":
      return [`> ${b.text}`, ""];
    case "table":
      return [
        `| ${b.header.join(" | ")} |`,
        `| --- |${" ---: |".repeat(b.header.length - 1)}`,
        ...b.rows.map((r) => `| ${r.join(" | ")} |`),
        "",
      ];
  }
}

export function blocksMarkdown(blocks: readonly Block[]): string {
  return blocks.flatMap(blockMarkdown).join("\n");
}

/** The whole brief (every theme in `data`) as Markdown. */
export function briefMarkdown(data: BriefData, opts: Omit<RenderOptions, "esc">): string {
  return blocksMarkdown(briefBlocks(data, { ...opts, esc: escapeMarkdown }));
}

interface ThemeBriefOptions {
  locale: Locale;
  currency: string;
  period: string;
}

/** One theme's brief from the /themes overview's figures: its quotes anonymised, no manager named. */
export function themeBrief(
  theme: ThemeStat,
  overview: ThemeOverview,
  competitors: CompetitorStat[],
  opts: ThemeBriefOptions,
): string {
  const placeholders = briefMessages[opts.locale].placeholders;
  const quotes = theme.quotes.map((q) => anonymise(q.text, { placeholders }));
  const brief: BriefTheme = {
    id: theme.id,
    key: theme.key,
    nameRu: theme.nameRu,
    nameEn: theme.nameEn,
    builtin: theme.builtin,
    deals: theme.deals,
    money: theme.money,
    share: theme.share,
    moneyShare: theme.moneyShare,
    previousDeals: null,
    trend: theme.trend.slice(-12),
    stages: theme.topStages.map((s) => ({ name: s.name ?? s.stageId, deals: s.deals })),
    reasons: [],
    competitors: theme.key === COMPETITOR_THEME_KEY ? competitors.filter((c) => c.deals > 0) : [],
    quotes,
    objections: findObjections(quotes, dominantLanguage(quotes), { minComments: 2 }),
    features: [],
  };
  const data: BriefData = {
    lostDeals: overview.lostDeals,
    lostMoney: overview.lostMoney,
    language: "ru",
    themes: [brief],
  };
  return briefMarkdown(data, opts);
}
