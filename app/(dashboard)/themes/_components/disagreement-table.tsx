import { formatInt, formatPctInline } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { ThemesText } from "@/lib/i18n/sections/themes";
import type { DisagreementRow } from "@/lib/themes/competitors";

/** Per manager: lost deals whose reason is vague or disagrees with what the comment says. */
export function DisagreementTable({
  rows,
  locale,
  t,
}: {
  rows: DisagreementRow[];
  locale: Locale;
  t: ThemesText;
}) {
  return (
    <section
      aria-labelledby="disagreement-title"
      className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
    >
      <h2 id="disagreement-title" className="font-medium">
        {t.disagreement}
      </h2>
      <p className="mt-1 text-xs text-gray-500">{t.disagreementHelp}</p>
      {rows.every((d) => d.vague + d.mismatch === 0) ? (
        <p className="mt-2 text-sm text-gray-500">{t.noDisagreement}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th className="py-2 font-medium">{t.topManagers}</th>
                <th className="py-2 text-right font-medium">{t.themed}</th>
                <th className="py-2 text-right font-medium">{t.vague}</th>
                <th className="py-2 text-right font-medium">{t.mismatch}</th>
                <th className="py-2 text-right font-medium">%</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((d) => (
                <tr key={String(d.managerId)}>
                  <td className="py-2">{d.managerName ?? t.noManager}</td>
                  <td className="py-2 text-right tabular-nums">{formatInt(d.themed, locale)}</td>
                  <td className="py-2 text-right tabular-nums">{formatInt(d.vague, locale)}</td>
                  <td className="py-2 text-right tabular-nums">{formatInt(d.mismatch, locale)}</td>
                  <td className="py-2 text-right tabular-nums">{formatPctInline(d.share, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
