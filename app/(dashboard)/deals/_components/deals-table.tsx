import Link from "next/link";
import type { DrilldownDto, DrilldownRow } from "@/lib/analytics/drilldown";
import { formatDate, formatInt, formatMoney } from "@/lib/format";
import type { reportMessages } from "@/lib/i18n/sections/reports";
import type { DealsLinks } from "@/lib/url-state/deals";
import type { DrilldownSort } from "@/lib/url-state/slice";

type Messages = (typeof reportMessages)["ru"];
type Locale = "ru" | "en";

/** The deals of one page, with headers that sort on the server. */
export function DealsTable(props: {
  data: DrilldownDto;
  links: DealsLinks;
  messages: Messages;
  locale: Locale;
  currency: string;
  offset: string;
}) {
  const { data, links, locale } = props;
  const t = props.messages.deals;
  const columns: [DrilldownSort | null, string, string][] = [
    ["title", t.deal, "text-left"],
    [null, t.stagePath, "text-left"],
    ["reason", t.reason, "text-left"],
    ["amount", t.amount, "text-right"],
    ["manager", t.manager, "text-left"],
    ["client", t.client, "text-left"],
    [null, t.comment, "text-left"],
    ["date", t.date, "text-right"],
  ];
  const sorted = (key: DrilldownSort | null) =>
    key && data.sort.key === key ? (data.sort.dir === "asc" ? "ascending" : "descending") : undefined;
  return (
    <div className="overflow-auto rounded-lg border border-gray-200">
      <table className="min-w-full text-[13px]" data-testid="deals-table" data-total={data.total}>
        <caption className="sr-only">{t.title}</caption>
        <thead className="sticky top-0 bg-gray-50 text-xs uppercase tracking-wide text-gray-500">
          <tr>
            {columns.map(([key, label, align]) => (
              <th
                key={label}
                scope="col"
                className={`px-2 py-2 font-medium ${align}`}
                aria-sort={sorted(key)}
              >
                {key ? (
                  <Link href={links.sort(key)} className="hover:text-gray-900">
                    {label}
                    {data.sort.key === key ? (data.sort.dir === "asc" ? " ▲" : " ▼") : ""}
                  </Link>
                ) : (
                  label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-8 text-center text-gray-500">
                {props.messages.frame.noData}
              </td>
            </tr>
          ) : (
            data.rows.map((r) => (
              <DealRow
                key={r.dealId}
                r={r}
                messages={props.messages}
                locale={locale}
                cur={props.currency}
                offset={props.offset}
              />
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** "Page 2 of 5" with the links before and after. */
export function DealsPager(props: {
  data: DrilldownDto;
  links: DealsLinks;
  t: Messages["deals"];
  locale: Locale;
}) {
  const { data, links, t, locale } = props;
  const button = "rounded border border-gray-300 px-3 py-1 hover:bg-gray-50";
  return (
    <nav aria-label={t.page} className="mt-3 flex items-center justify-between text-sm text-gray-600">
      <span>
        {t.page} {formatInt(data.page, locale)} {t.of} {formatInt(Math.max(1, data.pageCount), locale)}
      </span>
      <span className="flex gap-2">
        {data.page > 1 ? (
          <Link className={button} href={links.page(data.page - 1)}>
            {t.prev}
          </Link>
        ) : null}
        {data.page < data.pageCount ? (
          <Link className={button} href={links.page(data.page + 1)}>
            {t.next}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

function DealRow(props: {
  r: DrilldownRow;
  messages: Messages;
  locale: Locale;
  cur: string;
  offset: string;
}) {
  const { r, locale } = props;
  const t = props.messages.deals;
  const outcome = r.outcome === "won" ? t.won : r.outcome === "lost" ? t.lost : t.openOutcome;
  const tone =
    r.outcome === "won"
      ? "bg-green-50 text-green-800"
      : r.outcome === "lost"
        ? "bg-red-50 text-red-800"
        : "bg-gray-100 text-gray-700";
  return (
    <tr className="border-t border-gray-100 align-top hover:bg-gray-50">
      <td className="min-w-40 max-w-56 px-2 py-2">
        <a
          href={r.url}
          target="_blank"
          rel="noopener noreferrer"
          className="font-medium text-blue-700 hover:underline"
          title={t.open}
        >
          {r.title}
        </a>
        <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${tone}`}>{outcome}</span>
        <span className="block text-xs text-gray-400">#{r.dealId}</span>
      </td>
      <td className="min-w-32 max-w-44 px-2 py-2 text-xs text-gray-600">
        {r.stagePath.join(" → ")}
        {r.lostAtStageName ? (
          <span className="block text-red-700">
            {t.lostAt}: {r.lostAtStageName}
          </span>
        ) : null}
      </td>
      <td className="min-w-28 px-2 py-2">
        {r.outcome === "lost" ? (r.reasonLabel ?? props.messages.filters.noReason) : "—"}
        {r.outcome === "lost" && r.rawReasonLabel !== null && r.rawReasonLabel !== r.reasonLabel ? (
          <span className="block text-xs text-gray-500" data-testid="raw-reason">
            {t.rawReason}: {r.rawReasonLabel}
          </span>
        ) : null}
      </td>
      <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums">
        {r.amountMissing ? (
          <span className="text-gray-400">{t.noAmount}</span>
        ) : (
          formatMoney(r.amount, locale, props.cur)
        )}
      </td>
      <td className="px-2 py-2">{r.managerName ?? "—"}</td>
      <td className="px-2 py-2">{r.clientName ?? "—"}</td>
      <td className="min-w-32 max-w-48 px-2 py-2 text-xs text-gray-600">{r.commentExcerpt ?? "—"}</td>
      <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums">
        {formatDate(r.lossDate ?? r.closedAt ?? r.createdAt, locale, props.offset)}
      </td>
    </tr>
  );
}
