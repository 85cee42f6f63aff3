/**
 * Sentences built from the keys and numbers analytics returns: the Strategies verdict and the Clients patterns.
 * Numbers go through lib/format.ts, so a figure reads the same here as in the tables beside it.
 */
import type { Pattern } from "@/lib/analytics/patterns";
import type { StrategyVerdict } from "@/lib/analytics/strategies";
import { formatMoney, formatNumber, formatP, formatPctInline } from "@/lib/format";
import type { Locale } from "./config";

const VERDICT = {
  ru: {
    notEnoughData:
      "Недостаточно данных: чтобы сравнить стратегии, нужны закрытые сделки у менеджеров «объёма» и «глубины».",
    head: {
      volumePaidOff: "В этом периоде окупился объём",
      depthPaidOff: "В этом периоде окупилась глубина",
      tie: "Объём и глубина принесли поровну",
    },
    tail: {
      significant: () => "разница в доле выигранных статистически значима",
      notSignificant: () => "но разница в доле выигранных может быть случайной",
      tooFewToJudge: (n: number) =>
        `но сделок слишком мало, чтобы судить уверенно (нужно от ${n} закрытых с каждой стороны)`,
    },
    body: (money: [string, string], pct: [string, string]) =>
      `${money[0]} выручки на сделку против ${money[1]}, выиграно ${pct[0]} против ${pct[1]}`,
  },
  en: {
    notEnoughData:
      "Not enough data: comparing the strategies needs closed deals from both volume and depth managers.",
    head: {
      volumePaidOff: "Volume paid off in this period",
      depthPaidOff: "Depth paid off in this period",
      tie: "Volume and depth paid off equally",
    },
    tail: {
      significant: () => "the win-rate difference is statistically significant",
      notSignificant: () => "but the win-rate difference may be chance",
      tooFewToJudge: (n: number) =>
        `but there are too few deals to judge with confidence (at least ${n} closed on each side needed)`,
    },
    body: (money: [string, string], pct: [string, string]) =>
      `${money[0]} revenue per deal vs ${money[1]}, win rate ${pct[0]} vs ${pct[1]}`,
  },
} as const;

/** The Strategies verdict in words: which strategy paid off, the figures winner first, and how sure we are. */
export function strategyVerdictText(verdict: StrategyVerdict, locale: Locale): string {
  const t = VERDICT[locale];
  const f = verdict.figures;
  if (verdict.key === "notEnoughData" || !f || !verdict.confidence) return t.notEnoughData;
  const money = f.revenuePerDeal.map((x) => formatMoney(x, locale, f.currency)) as [string, string];
  const pct = f.winRate.map((x) => formatPctInline(x, locale)) as [string, string];
  const p = f.p === null ? "" : `, ${formatP(f.p, locale)}`;
  const tail = t.tail[verdict.confidence](f.minClosed);
  return `${t.head[verdict.key]}: ${t.body(money, pct)}${p} — ${tail}.`;
}

type PatternText = { [K in Pattern["key"]]: (p: Record<string, number>, n: (x: number) => string) => string };

const PATTERNS: Record<Locale, PatternText> = {
  ru: {
    lostCloseFaster: (p, n) =>
      `Проигранные сделки с клиентами, у которых есть и выигранные, закрываются на ${p.pct}% быстрее выигранных (медиана ${n(p.lostDays ?? 0)} дн. против ${n(p.wonDays ?? 0)} дн.)`,
    lostCloseSlower: (p, n) =>
      `Проигранные сделки с клиентами, у которых есть и выигранные, закрываются на ${p.pct}% медленнее выигранных (медиана ${n(p.lostDays ?? 0)} дн. против ${n(p.wonDays ?? 0)} дн.)`,
    lostFewerActivities: (p, n) =>
      `По проигранным сделкам этих клиентов выполнено на ${p.pct}% меньше дел, чем по выигранным (медиана ${n(p.lostActivities ?? 0)} против ${n(p.wonActivities ?? 0)})`,
    lostMoreActivities: (p, n) =>
      `По проигранным сделкам этих клиентов выполнено на ${p.pct}% больше дел, чем по выигранным (медиана ${n(p.lostActivities ?? 0)} против ${n(p.wonActivities ?? 0)})`,
    priorWinShare: (p) =>
      `${p.lostWithPriorWin} из ${p.lostDeals} проигранных сделок (${p.pct}%) — с клиентами, которые уже покупали`,
  },
  en: {
    lostCloseFaster: (p, n) =>
      `Lost deals with clients who also have won deals close ${p.pct}% faster than their won deals (median ${n(p.lostDays ?? 0)} vs ${n(p.wonDays ?? 0)} days)`,
    lostCloseSlower: (p, n) =>
      `Lost deals with clients who also have won deals close ${p.pct}% slower than their won deals (median ${n(p.lostDays ?? 0)} vs ${n(p.wonDays ?? 0)} days)`,
    lostFewerActivities: (p, n) =>
      `Lost deals of these clients got ${p.pct}% fewer completed activities than their won deals (median ${n(p.lostActivities ?? 0)} vs ${n(p.wonActivities ?? 0)})`,
    lostMoreActivities: (p, n) =>
      `Lost deals of these clients got ${p.pct}% more completed activities than their won deals (median ${n(p.lostActivities ?? 0)} vs ${n(p.wonActivities ?? 0)})`,
    priorWinShare: (p) =>
      `${p.lostWithPriorWin} of ${p.lostDeals} lost deals (${p.pct}%) were with clients who had bought before`,
  },
};

/** One Clients pattern in words, from its key and numbers. */
export function clientPatternText(pattern: Pattern, locale: Locale): string {
  return PATTERNS[locale][pattern.key](pattern.params, (x) => formatNumber(x, locale, 1));
}
