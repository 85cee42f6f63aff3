import { formatInt, formatMoney, formatPctInline } from "@/lib/format";
import { themeName } from "@/lib/i18n";
import type { Locale } from "@/lib/i18n/config";
import type { ThemesText } from "@/lib/i18n/sections/themes";
import type { ThemeOverview, ThemeStat } from "@/lib/themes/stats";

interface CardProps {
  th: ThemeStat;
  query: string;
  locale: Locale;
  currency: string;
  t: ThemesText;
  /** The busiest month of any theme: every strip is drawn to the same scale. */
  peak: number;
}

/** One row per theme: numbers, a month-by-month bar strip, where and with whom, and quotes. */
export function ThemeTable({
  overview,
  ...rest
}: { overview: ThemeOverview } & Omit<CardProps, "th" | "peak">) {
  const rows = overview.themes.filter((th) => th.deals > 0);
  const peak = Math.max(1, ...rows.flatMap((th) => th.trend.map((p) => p.deals)));
  return (
    <section aria-label={rest.t.title} className="space-y-3">
      {rows.map((th) => (
        <ThemeCard key={th.id} th={th} peak={peak} {...rest} />
      ))}
    </section>
  );
}

function ThemeCard({ th, query, locale, t, ...rest }: CardProps) {
  return (
    <article className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 className="text-lg font-medium">{themeName(th, locale)}</h2>
        <div className="flex gap-3 text-sm">
          <a href={`/comments?${query}&theme=${th.id}`} className="text-blue-700 hover:underline">
            {t.showComments}
          </a>
          <a href={`/api/export/themes?${query}&theme=${th.id}`} className="text-blue-700 hover:underline">
            {t.brief}
          </a>
        </div>
      </div>
      <div className="mt-3 grid gap-4 md:grid-cols-[12rem_minmax(0,1fr)_minmax(0,1fr)]">
        <ThemeNumbers th={th} query={query} locale={locale} t={t} {...rest} />
        <div className="text-sm">
          <RankedList
            title={t.topStages}
            items={th.topStages.map((s) => [
              String(s.stageId),
              s.name ?? s.stageId ?? t.unknownStage,
              s.deals,
            ])}
            locale={locale}
          />
          <RankedList
            title={t.topManagers}
            items={th.topManagers.map((m) => [String(m.managerId), m.name ?? t.noManager, m.deals])}
            locale={locale}
            className="mt-3"
          />
        </div>
        <ThemeQuotes th={th} t={t} />
      </div>
    </article>
  );
}

function ThemeNumbers({ th, locale, currency, t, peak }: CardProps) {
  return (
    <dl className="space-y-1 text-sm">
      <div className="flex justify-between">
        <dt className="text-gray-500">{t.deals}</dt>
        <dd className="tabular-nums font-medium">{formatInt(th.deals, locale)}</dd>
      </div>
      <div className="flex justify-between">
        <dt className="text-gray-500">{t.money}</dt>
        <dd className="tabular-nums">{formatMoney(th.money, locale, currency)}</dd>
      </div>
      <div className="flex justify-between">
        <dt className="text-gray-500">{t.share}</dt>
        <dd className="tabular-nums">{formatPctInline(th.share, locale, 1)}</dd>
      </div>
      <div className="mt-1 h-1.5 rounded bg-gray-100">
        <div className="h-1.5 rounded bg-blue-500" style={{ width: `${Math.round(th.share * 100)}%` }} />
      </div>
      <div className="pt-2">
        <p className="text-xs text-gray-500">{t.trend}</p>
        <div
          className="mt-1 flex h-10 items-end gap-px"
          role="img"
          aria-label={`${t.trend}: ${th.trend.map((p) => `${p.month} ${p.deals}`).join(", ")}`}
        >
          {th.trend.slice(-12).map((p) => (
            <div
              key={p.month}
              title={`${p.month}: ${p.deals}`}
              className="flex-1 rounded-t bg-blue-300"
              style={{ height: `${Math.max(p.deals ? 8 : 2, Math.round((p.deals / peak) * 100))}%` }}
            />
          ))}
        </div>
      </div>
    </dl>
  );
}

/** Where (stages) or with whom (managers): a name and its deal count per line. */
function RankedList({
  title,
  items,
  locale,
  className = "",
}: {
  title: string;
  items: [key: string, name: string, deals: number][];
  locale: Locale;
  className?: string;
}) {
  return (
    <>
      <p className={`${className} text-xs text-gray-500`.trim()}>{title}</p>
      <ul className="mt-1">
        {items.map(([key, name, deals]) => (
          <li key={key} className="flex justify-between gap-2">
            <span className="truncate">{name}</span>
            <span className="tabular-nums text-gray-600">{formatInt(deals, locale)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function ThemeQuotes({ th, t }: { th: ThemeStat; t: ThemesText }) {
  return (
    <div className="text-sm">
      <p className="text-xs text-gray-500">{t.quotes}</p>
      {th.quotes.length === 0 ? (
        <p className="mt-1 text-gray-400">{t.noQuotes}</p>
      ) : (
        <ul className="mt-1 space-y-2">
          {th.quotes.map((q) => (
            <li key={q.key}>
              <blockquote className="border-l-2 border-gray-300 pl-2 italic text-gray-700">
                «{q.text}»
              </blockquote>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
