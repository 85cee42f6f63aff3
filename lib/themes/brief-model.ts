/**
 * The content brief as a list of format-neutral blocks (headings, paragraphs, bullets, quotes, a table), built
 * once from BriefData so the Markdown and the Word document say exactly the same thing. Inline text may carry
 * `**bold**` from the dictionary; anything that came from a comment or a name goes through `esc`, the writer's
 * own escaping, so it can never become markup.
 */
import { formatBucket, formatDelta, formatInt, formatMoney, formatPctInline } from "@/lib/format";
import { themeName } from "@/lib/i18n";
import type { Locale } from "@/lib/i18n/config";
import { briefMessages, type IdeaContext, type IdeaKey } from "@/lib/i18n/sections/brief";
import type { BriefData, BriefTheme } from "./brief-data";
import { COMPETITOR_THEME_KEY } from "./lexicon";

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "para"; text: string; italic?: boolean }
  | { kind: "bullets"; items: string[] }
  | { kind: "quote"; text: string }
  | { kind: "table"; header: readonly string[]; rows: string[][] };

export interface RenderOptions {
  locale: Locale;
  currency: string;
  /** The filters in words («Последние 90 дней · Продажи»). */
  period: string;
  /** Escapes text that came from data for the output format. */
  esc: (s: string) => string;
}

const IDEA_KEYS = new Set<string>(Object.keys(briefMessages.ru.ideas));

/** The content ideas of a theme: its own for built-in themes, a generic pair naming the theme otherwise. */
export function themeIdeas(theme: BriefTheme, locale: Locale, esc: (s: string) => string): readonly string[] {
  const t = briefMessages[locale];
  const ctx: IdeaContext = {
    theme: esc(themeName(theme, locale)),
    competitors: theme.competitors.map((c) => esc(c.name)),
    features: theme.features.map(esc),
    objection: theme.objections[0] ? esc(theme.objections[0].text) : null,
  };
  const key: IdeaKey = IDEA_KEYS.has(theme.key) && theme.key !== "other" ? (theme.key as IdeaKey) : "other";
  return t.ideas[key](ctx);
}

function trendLines(theme: BriefTheme, opts: RenderOptions): string[] {
  const { locale } = opts;
  const t = briefMessages[locale];
  const n = (x: number) => formatInt(x, locale);
  const out: string[] = [];
  if (theme.previousDeals !== null) {
    const prev = theme.previousDeals;
    const diff = theme.deals - prev;
    const rel = prev > 0 ? ` · ${diff < 0 ? "−" : "+"}${formatPctInline(Math.abs(diff) / prev, locale)}` : "";
    out.push(
      prev > 0
        ? t.trend(n(theme.deals), n(prev), `${formatDelta(diff, locale)}${rel}`)
        : t.trendNew(n(theme.deals)),
    );
  }
  if (theme.trend.length > 1)
    out.push(
      `${t.byMonth}: ${theme.trend.map((p) => `${formatBucket(p.month, locale)} — ${n(p.deals)}`).join(", ")}`,
    );
  return out;
}

function whereLines(theme: BriefTheme, opts: RenderOptions): string[] {
  const { locale, esc } = opts;
  const t = briefMessages[locale];
  const n = (x: number) => formatInt(x, locale);
  const out: string[] = [];
  if (theme.stages.length)
    out.push(
      `${t.lostAt}: ${theme.stages.map((s) => `${s.name ? esc(s.name) : t.unknownStage} (${n(s.deals)})`).join(", ")}`,
    );
  if (theme.reasons.length)
    out.push(
      `${t.reasons}: ${theme.reasons.map((r) => `${r.label ? esc(r.label) : t.notSpecified} (${n(r.deals)})`).join(", ")}`,
    );
  return out;
}

/** One theme's blocks; `level` is the theme heading's level (1 when the brief is about one theme). */
export function themeBlocks(
  theme: BriefTheme,
  data: Pick<BriefData, "lostDeals">,
  opts: RenderOptions,
  level: 1 | 2,
): Block[] {
  const { locale, esc, currency } = opts;
  const t = briefMessages[locale];
  const n = (x: number) => formatInt(x, locale);
  const share = (x: number) => formatPctInline(x, locale, 1);
  const sub = (level + 1) as 2 | 3;
  const name = esc(themeName(theme, locale));
  const blocks: Block[] = [
    { kind: "heading", level, text: level === 1 ? `${t.title}: ${name}` : name },
    { kind: "heading", level: sub, text: t.numbers },
    {
      kind: "bullets",
      items: [
        t.deals(n(theme.deals), n(data.lostDeals), share(theme.share)),
        t.money(formatMoney(theme.money, locale, currency), share(theme.moneyShare)),
        ...trendLines(theme, opts),
        ...whereLines(theme, opts),
      ],
    },
    { kind: "heading", level: sub, text: t.clientsSay },
    ...(theme.quotes.length
      ? theme.quotes.map((q): Block => ({ kind: "quote", text: esc(q) }))
      : [{ kind: "para", text: t.noQuotes, italic: true } as Block]),
    { kind: "heading", level: sub, text: t.objections },
    theme.objections.length
      ? {
          kind: "bullets",
          items: theme.objections.map((o) => `«${esc(o.text)}» — ${t.inComments(n(o.comments))}`),
        }
      : { kind: "para", text: t.noObjections, italic: true },
  ];
  if (theme.key === COMPETITOR_THEME_KEY && theme.competitors.length)
    blocks.push(
      { kind: "heading", level: sub, text: t.competitors },
      {
        kind: "table",
        header: t.competitorColumns,
        rows: theme.competitors.map((c) => [
          esc(c.name),
          n(c.mentions),
          n(c.deals),
          formatMoney(c.money, locale, currency),
        ]),
      },
    );
  blocks.push(
    { kind: "heading", level: sub, text: t.content },
    { kind: "bullets", items: [...themeIdeas(theme, locale, esc)] },
  );
  return blocks;
}

/** The whole brief: a title, the filters, the anonymity note, then each theme. */
export function briefBlocks(data: BriefData, opts: RenderOptions): Block[] {
  const t = briefMessages[opts.locale];
  const single = data.themes.length === 1;
  const head: Block[] = [
    ...(single ? [] : [{ kind: "heading", level: 1, text: t.allTitle } as Block]),
    { kind: "para", text: opts.esc(opts.period), italic: true },
    { kind: "para", text: t.anonymous },
  ];
  const themes = data.themes.flatMap((th) => themeBlocks(th, data, opts, single ? 1 : 2));
  if (single) {
    const [title, ...rest] = themes;
    return [title as Block, ...head, ...rest];
  }
  return [...head, ...themes];
}
