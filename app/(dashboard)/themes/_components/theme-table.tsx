import type { Locale } from "@/lib/i18n/config";
import type { ThemesText } from "@/lib/i18n/sections/themes";
import type { ThemeOverview } from "@/lib/themes/stats";

/** One row per theme: numbers, a month-by-month bar strip, where and with whom, and quotes. */
export function ThemeTable({
  overview,
  query,
  locale,
  currency,
  t,
}: {
  overview: ThemeOverview;
  query: string;
  locale: Locale;
  currency: string;
  t: ThemesText;
}) {
  const ru = locale === "ru";
  const nf = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB");
  const money = new Intl.NumberFormat(ru ? "ru-RU" : "en-GB", {
    style: "currency",
    currency,
    maximumFractionDigits: 0,
  });
  const rows = overview.themes.filter((th) => th.deals > 0);
  const peak = Math.max(1, ...rows.flatMap((th) => th.trend.map((p) => p.deals)));
  return (
    <section aria-label={t.title} className="space-y-3">
      {rows.map((th) => (
        <article key={th.id} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 className="text-lg font-medium">{ru ? th.nameRu : th.nameEn}</h2>
            <div className="flex gap-3 text-sm">
              <a href={`/comments?${query}&theme=${th.id}`} className="text-blue-700 hover:underline">
                {t.showComments}
              </a>
              <a
                href={`/api/export/themes?${query}&theme=${th.id}`}
                className="text-blue-700 hover:underline"
              >
                {t.brief}
              </a>
            </div>
          </div>
          <div className="mt-3 grid gap-4 md:grid-cols-[12rem_minmax(0,1fr)_minmax(0,1fr)]">
            <dl className="space-y-1 text-sm">
              <div className="flex justify-between">
                <dt className="text-gray-500">{t.deals}</dt>
                <dd className="tabular-nums font-medium">{nf.format(th.deals)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-gray-500">{t.money}</dt>
                <dd className="tabular-nums">{money.format(th.money)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-gray-500">{t.share}</dt>
                <dd className="tabular-nums">{Math.round(th.share * 1000) / 10}%</dd>
              </div>
              <div className="mt-1 h-1.5 rounded bg-gray-100">
                <div
                  className="h-1.5 rounded bg-blue-500"
                  style={{ width: `${Math.round(th.share * 100)}%` }}
                />
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
            <div className="text-sm">
              <p className="text-xs text-gray-500">{t.topStages}</p>
              <ul className="mt-1">
                {th.topStages.map((s) => (
                  <li key={String(s.stageId)} className="flex justify-between gap-2">
                    <span className="truncate">{s.name ?? s.stageId ?? t.unknownStage}</span>
                    <span className="tabular-nums text-gray-600">{s.deals}</span>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-xs text-gray-500">{t.topManagers}</p>
              <ul className="mt-1">
                {th.topManagers.map((m) => (
                  <li key={String(m.managerId)} className="flex justify-between gap-2">
                    <span className="truncate">{m.name ?? t.noManager}</span>
                    <span className="tabular-nums text-gray-600">{m.deals}</span>
                  </li>
                ))}
              </ul>
            </div>
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
          </div>
        </article>
      ))}
    </section>
  );
}
