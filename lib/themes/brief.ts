/**
 * A Markdown "content brief" per theme for marketing: how much of the losses the theme explains, the money,
 * the trend, where and with whom it happens, what clients said (quotes), and — for price and competitor
 * themes — the content that answers it (a price-justification page, a comparison page). Pure: built from the
 * same DTOs the /themes page shows. Quotes are Markdown-escaped so a comment cannot inject links or HTML.
 */
import type { CompetitorStat } from "./competitors";
import { COMPETITOR_THEME_KEY } from "./lexicon";
import type { ThemeOverview, ThemeStat } from "./stats";

type Locale = "ru" | "en";

/** Markdown/HTML metacharacters escaped; line breaks flattened (a quote is one line). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function themeBrief(
  theme: ThemeStat,
  overview: ThemeOverview,
  competitors: CompetitorStat[],
  opts: { locale: Locale; currency: string; period: string },
): string {
  const ru = opts.locale === "ru";
  const money = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB", {
    style: "currency",
    currency: opts.currency,
    maximumFractionDigits: 0,
  });
  const name = ru ? theme.nameRu : theme.nameEn;
  const lines: string[] = [];
  lines.push(`# ${ru ? "Контент-бриф" : "Content brief"}: ${escapeMarkdown(name)}`, "");
  lines.push(`_${escapeMarkdown(opts.period)}_`, "");
  lines.push(`## ${ru ? "Почему это важно" : "Why it matters"}`, "");
  lines.push(
    ru
      ? `- Проигранных сделок с этой темой в комментарии: **${theme.deals}** из ${overview.lostDeals} (${pct(theme.share)})`
      : `- Lost deals whose comment names this theme: **${theme.deals}** of ${overview.lostDeals} (${pct(theme.share)})`,
  );
  lines.push(
    ru
      ? `- Потеряно денег: **${money.format(theme.money)}** (${pct(theme.moneyShare)} всех потерь)`
      : `- Money lost: **${money.format(theme.money)}** (${pct(theme.moneyShare)} of all losses)`,
  );
  const trend = theme.trend.filter((p) => p.deals > 0 || theme.trend.length <= 12).slice(-12);
  if (trend.length)
    lines.push(
      `- ${ru ? "По месяцам" : "By month"}: ${trend.map((p) => `${p.month} — ${p.deals}`).join(", ")}`,
    );
  if (theme.topStages.length)
    lines.push(
      `- ${ru ? "Где теряем" : "Lost at"}: ${theme.topStages
        .map((s) => `${escapeMarkdown(s.name ?? s.stageId ?? (ru ? "неизвестно" : "unknown"))} (${s.deals})`)
        .join(", ")}`,
    );
  if (theme.topManagers.length)
    lines.push(
      `- ${ru ? "У кого" : "Managers"}: ${theme.topManagers
        .map((m) => `${escapeMarkdown(m.name ?? "—")} (${m.deals})`)
        .join(", ")}`,
    );
  lines.push("");
  lines.push(`## ${ru ? "Что говорят клиенты" : "What clients say"}`, "");
  if (theme.quotes.length) for (const q of theme.quotes) lines.push(`> ${escapeMarkdown(q.text)}`, "");
  else lines.push(ru ? "_Цитат пока нет._" : "_No quotes yet._", "");
  const named = competitors.filter((c) => c.deals > 0);
  if (theme.key === COMPETITOR_THEME_KEY && named.length) {
    lines.push(`## ${ru ? "Сравнение с конкурентами" : "Competitor comparison"}`, "");
    lines.push(
      ru ? "| Конкурент | Упоминаний | Сделок | Деньги |" : "| Competitor | Mentions | Deals | Money |",
      "| --- | ---: | ---: | ---: |",
    );
    for (const c of named)
      lines.push(`| ${escapeMarkdown(c.name)} | ${c.mentions} | ${c.deals} | ${money.format(c.money)} |`);
    lines.push("");
  }
  lines.push(`## ${ru ? "Какой контент сделать" : "Content to make"}`, "");
  for (const idea of ideas(theme.key, named, ru)) lines.push(`- ${idea}`);
  lines.push("");
  return lines.join("\n");
}

function ideas(key: string, competitors: CompetitorStat[], ru: boolean): string[] {
  const top = competitors[0] ? escapeMarkdown(competitors[0].name) : null;
  switch (key) {
    case "price":
      return ru
        ? [
            "Страница обоснования цены: из чего складывается стоимость, окупаемость на примере клиента",
            "Калькулятор выгоды и сравнение тарифов",
            "Кейс «дороже, но окупилось за N месяцев»",
          ]
        : [
            "A price-justification page: what the price buys, payback on a client's example",
            "A savings calculator and a plan comparison",
            "A case study: pricier, but paid back in N months",
          ];
    case COMPETITOR_THEME_KEY:
      return ru
        ? [
            top
              ? `Страница сравнения с ${top}: функции, цена, внедрение, поддержка`
              : "Страница сравнения с конкурентами",
            "Гид по переезду от конкурента",
          ]
        : [
            top
              ? `A comparison page against ${top}: features, price, onboarding, support`
              : "A competitor comparison page",
            "A migration guide from a competitor",
          ];
    case "budget":
      return ru
        ? ["Тариф для старта и оплата частями", "Статья «как обосновать бюджет перед руководством»"]
        : ["A starter plan and instalments", "An article: how to justify the budget to management"];
    case "product_fit":
      return ru
        ? ["Страницы интеграций и дорожной карты", "Ответы на частые вопросы о функциях"]
        : ["Integration and roadmap pages", "A feature FAQ"];
    case "trust":
      return ru
        ? ["Кейсы и отзывы клиентов из той же отрасли"]
        : ["Case studies and reviews from the same industry"];
    default:
      return ru
        ? ["Разобрать цитаты с отделом продаж и выбрать формат: статья, FAQ или скрипт"]
        : ["Review the quotes with sales and pick a format: article, FAQ or script"];
  }
}
