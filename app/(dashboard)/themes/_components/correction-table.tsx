import { formatInt, formatPct } from "@/lib/format";
import { themeName } from "@/lib/i18n";
import type { Locale } from "@/lib/i18n/config";
import type { TagCorrectionText } from "@/lib/i18n/sections/tag-corrections";
import type { ThemeOverview } from "@/lib/themes/stats";

/**
 * Per theme: tags added and removed by hand on the lost deals in view, and the tagging's precision and recall
 * measured on the comments someone corrected (lib/themes/stats.ts, ThemeCorrections).
 */
export function CorrectionTable({
  overview,
  locale,
  w,
}: {
  overview: ThemeOverview;
  locale: Locale;
  w: TagCorrectionText;
}) {
  const rows = overview.themes.filter(
    (th) => th.corrections.added + th.corrections.removed + th.corrections.kept > 0,
  );
  return (
    <section
      aria-labelledby="corrections-title"
      className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
    >
      <h2 id="corrections-title" className="font-medium">
        {w.corrections}
      </h2>
      <p className="mt-1 text-sm text-gray-500">{w.correctionsHelp}</p>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-gray-500">{w.noCorrections}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <p className="mb-2 text-sm text-gray-600">
            {w.checked}:{" "}
            <strong data-testid="checked-comments">{formatInt(overview.checkedComments, locale)}</strong>
          </p>
          <table className="w-full text-left text-sm" data-testid="correction-table">
            <thead className="text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th className="py-2 font-medium">{w.theme}</th>
                <th className="py-2 pl-3 text-right font-medium">{w.added}</th>
                <th className="py-2 pl-3 text-right font-medium">{w.removed}</th>
                <th className="py-2 pl-3 text-right font-medium">{w.precision}</th>
                <th className="py-2 pl-3 text-right font-medium">{w.recall}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((th) => (
                <tr key={th.id}>
                  <td className="py-2">{themeName(th, locale)}</td>
                  <td className="py-2 pl-3 text-right tabular-nums">
                    {formatInt(th.corrections.added, locale)}
                  </td>
                  <td className="py-2 pl-3 text-right tabular-nums">
                    {formatInt(th.corrections.removed, locale)}
                  </td>
                  <td className="py-2 pl-3 text-right tabular-nums">
                    {formatPct(th.corrections.precision, locale, 0)}
                  </td>
                  <td className="py-2 pl-3 text-right tabular-nums">
                    {formatPct(th.corrections.recall, locale, 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
