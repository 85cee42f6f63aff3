import type { MeDto } from "@/lib/analytics/me";
import { formatDate, formatMoney } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { meMessages } from "@/lib/i18n/sections/me";

const card = "rounded-lg border border-gray-200 bg-white p-5 shadow-sm";

/** Lost deals the manager has not commented on yet, each with a link to write the comment in Bitrix24. */
export function UncommentedDeals({
  me,
  locale,
  currency,
  offset,
}: {
  me: MeDto;
  locale: Locale;
  currency: string;
  offset: string;
}) {
  const t = meMessages[locale];
  return (
    <section aria-labelledby="uncommented" className={card}>
      <h2 id="uncommented" className="text-lg font-medium">
        {t.uncommentedTitle} <span className="text-gray-500">({me.uncommented.total})</span>
      </h2>
      <p className="mt-1 text-sm text-gray-600">
        {t.uncommentedHelp}
        {me.uncommented.total > me.uncommented.rows.length
          ? ` (${t.uncommentedShown} ${me.uncommented.rows.length})`
          : ""}
      </p>
      {me.uncommented.rows.length === 0 ? (
        <p className="mt-4 text-sm text-green-800">{t.allCommented}</p>
      ) : (
        <div className="relative mt-3 overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  {t.colDeal}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t.colLossDate}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t.colStage}
                </th>
                <th scope="col" className="py-2 pr-3">
                  {t.colReason}
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  {t.colAmount}
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">{t.writeComment}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {me.uncommented.rows.map((r) => (
                <UncommentedRow key={r.dealId} row={r} locale={locale} currency={currency} offset={offset} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UncommentedRow({
  row: r,
  locale,
  currency,
  offset,
}: {
  row: MeDto["uncommented"]["rows"][number];
  locale: Locale;
  currency: string;
  offset: string;
}) {
  const t = meMessages[locale];
  return (
    <tr>
      <td className="py-2 pr-3">
        <span className="text-gray-400">#{r.dealId}</span> {r.title}
      </td>
      <td className="whitespace-nowrap py-2 pr-3 text-gray-600">{formatDate(r.lossDate, locale, offset)}</td>
      <td className="py-2 pr-3 text-gray-600">{r.stage ?? t.unknownStage}</td>
      <td className="py-2 pr-3 text-gray-600">{r.reason ?? t.notSpecified}</td>
      <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">
        {formatMoney(r.amount, locale, currency)}
      </td>
      <td className="whitespace-nowrap py-2">
        <a
          href={r.url}
          target="_blank"
          rel="noopener noreferrer"
          className="text-blue-700 underline hover:text-blue-900"
        >
          {t.writeComment} ↗
        </a>
      </td>
    </tr>
  );
}
