import { formatInt, formatMoney } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { ThemesText } from "@/lib/i18n/sections/themes";
import type { CompetitorStat } from "@/lib/themes/competitors";

/** Competitors named in the comments: mentions, deals and money, each opening the comments that name it. */
export function CompetitorTable({
  stats,
  query,
  locale,
  currency,
  t,
}: {
  stats: CompetitorStat[];
  query: string;
  locale: Locale;
  currency: string;
  t: ThemesText;
}) {
  return (
    <section
      aria-labelledby="competitors-title"
      className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
    >
      <h2 id="competitors-title" className="font-medium">
        {t.competitors}
      </h2>
      {stats.every((c) => c.deals === 0) ? (
        <p className="mt-2 text-sm text-gray-500">{t.noCompetitors}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th className="py-2 font-medium">{t.competitor}</th>
                <th className="py-2 text-right font-medium">{t.mentions}</th>
                <th className="py-2 text-right font-medium">{t.deals}</th>
                <th className="py-2 text-right font-medium">{t.money}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {stats
                .filter((c) => c.deals > 0)
                .map((c) => (
                  <tr key={c.id}>
                    <td className="py-2">
                      <a
                        href={`/comments?${query}&q=${encodeURIComponent(c.name)}`}
                        className="text-blue-700 hover:underline"
                      >
                        {c.name}
                      </a>
                    </td>
                    <td className="py-2 text-right tabular-nums">{formatInt(c.mentions, locale)}</td>
                    <td className="py-2 text-right tabular-nums">{formatInt(c.deals, locale)}</td>
                    <td className="py-2 text-right tabular-nums">{formatMoney(c.money, locale, currency)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
