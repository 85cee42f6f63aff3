/**
 * Everything the content brief says, as plain data: per theme the lost deals and money, the trend (this period
 * against the previous one, and by month), the stages and canonical reasons where it shows, the competitors its
 * comments name, diverse quotes in the portal's language with personal data stripped, the objections in the
 * customers' words and the features product-fit comments miss. No manager appears anywhere in it: the brief is
 * for marketing. The Markdown (brief.ts) and the Word document (brief-docx.ts) are both rendered from this.
 */
import type { Database } from "@/db";
import type { DataScope } from "@/lib/analytics/scope";
import type { Filters } from "@/lib/url-state/filters";
import { previousPeriod } from "@/lib/url-state/period";
import { anonymise, nameSet, type Placeholders } from "./anonymise";
import {
  commentSample,
  competitorsPerTheme,
  competitorWords,
  dealsPerTheme,
  portalPeople,
  reasonsPerTheme,
} from "./brief-queries";
import { findObjections, missingFeatures, type Objection } from "./objections";
import { selectQuotes } from "./quotes";
import { getThemeOverview, type ThemeStat } from "./stats";
import { dominantLanguage, type TextLanguage } from "./text";

export const BRIEF_MONTHS = 12;

export interface BriefTheme {
  id: number;
  key: string;
  nameRu: string;
  nameEn: string;
  builtin: boolean;
  deals: number;
  money: number;
  share: number;
  moneyShare: number;
  /** Lost deals with the theme in the previous period of the same length; null when the period is unbounded. */
  previousDeals: number | null;
  /** The last BRIEF_MONTHS months of the data's span. */
  trend: { month: string; deals: number }[];
  stages: { name: string | null; deals: number }[];
  /** Canonical reasons; label null = not specified. */
  reasons: { label: string | null; deals: number }[];
  competitors: { name: string; mentions: number; deals: number; money: number }[];
  quotes: string[];
  objections: Objection[];
  /** What product-fit comments say is missing («интеграции с 1С»). */
  features: string[];
}

export interface BriefData {
  lostDeals: number;
  lostMoney: number;
  /** The language most of the portal's comments in view are written in. */
  language: TextLanguage;
  themes: BriefTheme[];
}

export interface BriefOptions {
  placeholders: Placeholders;
  /** One theme; all themes with deals when absent. */
  themeId?: number | null;
  quotes?: number;
}

/** The brief's data under the viewer's scope and the URL's filters (loss-date basis, like /themes). */
export async function getBriefData(
  db: Database,
  scope: DataScope,
  filters: Filters,
  opts: BriefOptions,
): Promise<BriefData> {
  const p = scope.portalId;
  const prevRange = previousPeriod(filters, filters.range);
  const [overview, previous, reasons, competitors, sample, people, keep] = await Promise.all([
    getThemeOverview(db, scope, filters),
    prevRange ? dealsPerTheme(db, scope, filters, prevRange) : Promise.resolve(null),
    reasonsPerTheme(db, scope, filters),
    competitorsPerTheme(db, scope, filters),
    commentSample(db, scope, filters),
    portalPeople(db, p),
    competitorWords(db, p),
  ]);
  const anon = { placeholders: opts.placeholders, names: nameSet(people), keep: new Set(keep) };
  const texts = new Map<number, { key: string; dealId: number; text: string }[]>();
  for (const r of sample) {
    const list = texts.get(r.theme_id) ?? [];
    list.push({ key: `${r.source}:${r.bitrix_id}`, dealId: r.deal_id, text: anonymise(r.text, anon) });
    texts.set(r.theme_id, list);
  }
  const language = dominantLanguage(sample.map((r) => r.text));
  const chosen = overview.themes.filter((t) => (opts.themeId ? t.id === opts.themeId : t.deals > 0));
  const themes = chosen.map((t): BriefTheme => {
    const candidates = texts.get(t.id) ?? [];
    const all = candidates.map((c) => c.text);
    return {
      ...numbers(t),
      previousDeals: previous ? (previous.find((r) => r.theme_id === t.id)?.deals ?? 0) : null,
      reasons: reasons.filter((r) => r.theme_id === t.id).map(({ label, deals }) => ({ label, deals })),
      competitors: competitors
        .filter((r) => r.theme_id === t.id)
        .map(({ name, mentions, deals, money }) => ({ name, mentions, deals, money })),
      quotes: selectQuotes(candidates, language, opts.quotes ?? 4).map((q) => q.text),
      objections: findObjections(all, language),
      features: t.key === "product_fit" ? missingFeatures(all, language) : [],
    };
  });
  return { lostDeals: overview.lostDeals, lostMoney: overview.lostMoney, language, themes };
}

/** The overview's figures for one theme, managers left out. */
function numbers(t: ThemeStat) {
  return {
    id: t.id,
    key: t.key,
    nameRu: t.nameRu,
    nameEn: t.nameEn,
    builtin: t.builtin,
    deals: t.deals,
    money: t.money,
    share: t.share,
    moneyShare: t.moneyShare,
    trend: t.trend.slice(-BRIEF_MONTHS),
    stages: t.topStages.map((s) => ({ name: s.name ?? (s.stageId ? s.stageId : null), deals: s.deals })),
  };
}
