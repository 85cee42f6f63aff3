/**
 * A Markdown "content brief" per theme for marketing: how much of the losses the theme explains, the money,
 * the trend, where and with whom it happens, what clients said (quotes), and — for price and competitor
 * themes — the content that answers it (a price-justification page, a comparison page). Pure: built from the
 * same DTOs the /themes page shows. Quotes are Markdown-escaped so a comment cannot inject links or HTML.
 * The words are in lib/i18n/sections/brief.ts, the figures formatted by lib/format.ts.
 */
import { formatInt, formatMoney, formatPctInline } from "@/lib/format";
import { themeName } from "@/lib/i18n";
import type { Locale } from "@/lib/i18n/config";
import { briefMessages } from "@/lib/i18n/sections/brief";
import type { CompetitorStat } from "./competitors";
import { COMPETITOR_THEME_KEY } from "./lexicon";
import type { ThemeOverview, ThemeStat } from "./stats";

/** Markdown/HTML metacharacters escaped; line breaks flattened (a quote is one line). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

interface BriefOptions {
  locale: Locale;
  currency: string;
  period: string;
}

export function themeBrief(
  theme: ThemeStat,
  overview: ThemeOverview,
  competitors: CompetitorStat[],
  opts: BriefOptions,
): string {
  const { locale } = opts;
  const t = briefMessages[locale];
  const named = competitors.filter((c) => c.deals > 0);
  const lines: string[] = [];
  lines.push(`# ${t.title}: ${escapeMarkdown(themeName(theme, locale))}`, "");
  lines.push(`_${escapeMarkdown(opts.period)}_`, "");
  lines.push(`## ${t.why}`, "", ...whyItMatters(theme, overview, opts), "");
  lines.push(`## ${t.clientsSay}`, "");
  if (theme.quotes.length) for (const q of theme.quotes) lines.push(`> ${escapeMarkdown(q.text)}`, "");
  else lines.push(t.noQuotes, "");
  if (theme.key === COMPETITOR_THEME_KEY && named.length)
    lines.push(`## ${t.competitors}`, "", ...competitorTable(named, opts), "");
  lines.push(`## ${t.content}`, "");
  for (const idea of ideas(theme.key, named, locale)) lines.push(`- ${idea}`);
  lines.push("");
  return lines.join("\n");
}

/** The theme's share of the losses, its money, trend, stages and managers, as a bullet list. */
function whyItMatters(
  theme: ThemeStat,
  overview: ThemeOverview,
  { locale, currency }: BriefOptions,
): string[] {
  const t = briefMessages[locale];
  const n = (x: number) => formatInt(x, locale);
  const share = (x: number) => formatPctInline(x, locale, 1);
  const out = [
    `- ${t.deals(n(theme.deals), n(overview.lostDeals), share(theme.share))}`,
    `- ${t.money(formatMoney(theme.money, locale, currency), share(theme.moneyShare))}`,
  ];
  const trend = theme.trend.filter((p) => p.deals > 0 || theme.trend.length <= 12).slice(-12);
  if (trend.length) out.push(`- ${t.byMonth}: ${trend.map((p) => `${p.month} — ${n(p.deals)}`).join(", ")}`);
  if (theme.topStages.length)
    out.push(
      `- ${t.lostAt}: ${theme.topStages
        .map((s) => `${escapeMarkdown(s.name ?? s.stageId ?? t.unknownStage)} (${n(s.deals)})`)
        .join(", ")}`,
    );
  if (theme.topManagers.length)
    out.push(
      `- ${t.managers}: ${theme.topManagers.map((m) => `${escapeMarkdown(m.name ?? "—")} (${n(m.deals)})`).join(", ")}`,
    );
  return out;
}

function competitorTable(named: CompetitorStat[], { locale, currency }: BriefOptions): string[] {
  const n = (x: number) => formatInt(x, locale);
  return [
    `| ${briefMessages[locale].competitorColumns.join(" | ")} |`,
    "| --- | ---: | ---: | ---: |",
    ...named.map(
      (c) =>
        `| ${escapeMarkdown(c.name)} | ${n(c.mentions)} | ${n(c.deals)} | ${formatMoney(c.money, locale, currency)} |`,
    ),
  ];
}

function ideas(key: string, competitors: CompetitorStat[], locale: Locale): readonly string[] {
  const t = briefMessages[locale].ideas;
  if (key === COMPETITOR_THEME_KEY)
    return t.competitor(competitors[0] ? escapeMarkdown(competitors[0].name) : null);
  if (key === "price" || key === "budget" || key === "product_fit" || key === "trust") return t[key];
  return t.other;
}
