import type { Metadata } from "next";
import Link from "next/link";
import { ReportFilterBar } from "@/components/reports/report-filter-bar";
import { CsvLinks, ReportFrame } from "@/components/reports/report-frame";
import { Section } from "@/components/ui/section";
import { type DrilldownRow, getDrilldown, sliceSubject } from "@/lib/analytics/drilldown";
import { formatDate, formatInt, formatMoney } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { exportLimits } from "@/lib/reports/exports";
import { loadReportPage, type SearchParams } from "@/lib/reports/load";
import { backTarget } from "@/lib/url-state/deals";
import { BACK_PARAM } from "@/lib/url-state/keys";
import { type DRILLDOWN_SORTS, parseSlice, type Slice } from "@/lib/url-state/slice";

export const metadata: Metadata = { title: "Сделки · LossLens" };

type SortKey = (typeof DRILLDOWN_SORTS)[number];

/** The deals behind a number: the report's filters plus the clicked slice, paginated and sorted on the server. */
export default async function DealsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { ctx } = await loadReportPage("deals", Promise.resolve(params));
  if (!ctx) return null;
  const slice = parseSlice(params);
  const data = await getDrilldown(ctx.db, ctx.scope, ctx.filters, slice);
  const t = reportMessages[ctx.locale].deals;
  const tf = reportMessages[ctx.locale].frame;
  const { locale } = ctx;
  const cur = ctx.portal.baseCurrency;

  const current = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const x of Array.isArray(v) ? v : v ? [v] : []) current.append(k, x);
  const withParams = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(current);
    for (const [k, v] of Object.entries(changes)) v === null ? p.delete(k) : p.set(k, v);
    return `/deals?${p.toString()}`;
  };
  const sortHref = (key: SortKey) => {
    const dir = data.sort.key === key && data.sort.dir === "desc" ? "asc" : "desc";
    return withParams({ sort: dir === "desc" ? `-${key}` : key, page: null });
  };
  const csvParams = new URLSearchParams(current);
  csvParams.set("table", "deals");
  const csv = `/api/export/deals?${csvParams.toString()}`;
  const sortable: [SortKey | null, string, string][] = [
    ["title", t.deal, "text-left"],
    [null, t.stagePath, "text-left"],
    ["reason", t.reason, "text-left"],
    ["amount", t.amount, "text-right"],
    ["manager", t.manager, "text-left"],
    ["client", t.client, "text-left"],
    [null, t.comment, "text-left"],
    ["date", t.date, "text-right"],
  ];
  const back = new URLSearchParams(current);
  for (const k of [...back.keys()])
    if (k.startsWith("d_") || k === "page" || k === "sort" || k === "size" || k === BACK_PARAM)
      back.delete(k);
  const backPath = backTarget(params[BACK_PARAM]);

  return (
    <ReportFrame
      ctx={ctx}
      title={t.title}
      subject={sliceSubject(slice)}
      help={sliceWords(slice, reportMessages[locale], ctx.lookups)}
      filterBar={<ReportFilterBar ctx={ctx} />}
      actions={
        <Link
          href={`${backPath}${back.size ? `?${back.toString()}` : ""}`}
          className="text-sm text-blue-700 hover:underline"
        >
          {t.back}
        </Link>
      }
    >
      <Section
        title={`${t.total}: ${formatInt(data.total, locale)}`}
        hint={sliceWords(slice, reportMessages[locale], ctx.lookups)}
        actions={
          <CsvLinks
            href={csv}
            hrefSemicolon={`${csv}&sep=semicolon`}
            locale={locale}
            cappedAt={data.total > exportLimits.deals ? exportLimits.deals : undefined}
          />
        }
      >
        <div className="overflow-auto rounded-lg border border-gray-200">
          <table className="min-w-full text-[13px]" data-testid="deals-table" data-total={data.total}>
            <caption className="sr-only">{t.title}</caption>
            <thead className="sticky top-0 bg-gray-50 text-xs uppercase tracking-wide text-gray-500">
              <tr>
                {sortable.map(([key, label, align]) => (
                  <th
                    key={label}
                    scope="col"
                    className={`px-2 py-2 font-medium ${align}`}
                    aria-sort={
                      key && data.sort.key === key
                        ? data.sort.dir === "asc"
                          ? "ascending"
                          : "descending"
                        : undefined
                    }
                  >
                    {key ? (
                      <Link href={sortHref(key)} className="hover:text-gray-900">
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
                  <td colSpan={sortable.length} className="px-3 py-8 text-center text-gray-500">
                    {tf.noData}
                  </td>
                </tr>
              ) : (
                data.rows.map((r) => (
                  <DealRow key={r.dealId} r={r} t={t} locale={locale} cur={cur} offset={ctx.portal.offset} />
                ))
              )}
            </tbody>
          </table>
        </div>
        <nav aria-label={t.page} className="mt-3 flex items-center justify-between text-sm text-gray-600">
          <span>
            {t.page} {formatInt(data.page, locale)} {t.of} {formatInt(Math.max(1, data.pageCount), locale)}
          </span>
          <span className="flex gap-2">
            {data.page > 1 ? (
              <Link
                className="rounded border border-gray-300 px-3 py-1 hover:bg-gray-50"
                href={withParams({ page: String(data.page - 1) })}
              >
                {t.prev}
              </Link>
            ) : null}
            {data.page < data.pageCount ? (
              <Link
                className="rounded border border-gray-300 px-3 py-1 hover:bg-gray-50"
                href={withParams({ page: String(data.page + 1) })}
              >
                {t.next}
              </Link>
            ) : null}
          </span>
        </nav>
      </Section>
    </ReportFrame>
  );
}

function DealRow(props: {
  r: DrilldownRow;
  t: (typeof reportMessages)["ru"]["deals"];
  locale: "ru" | "en";
  cur: string;
  offset: string;
}) {
  const { r, t, locale } = props;
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
      <td className="px-2 py-2">
        {r.outcome === "lost" ? (r.reasonLabel ?? reportMessages[locale].filters.noReason) : "—"}
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

/** The clicked slice in words, e.g. "проиграны на стадии «Переговоры» · причина «Дорого»". */
function sliceWords(
  slice: Slice,
  messages: (typeof reportMessages)["ru"],
  lookups: {
    pipelines?: Record<string, string>;
    stages?: Record<string, string>;
    reasons?: Record<string, string>;
    managers?: Record<string, string>;
  },
): string {
  const t = messages.deals.slice;
  const outcomeWords = {
    won: messages.deals.won,
    lost: messages.deals.lost,
    open: messages.deals.openOutcome,
    closed: messages.deals.closedOutcome,
  };
  const parts: string[] = [];
  if (slice.deal !== undefined) parts.push(`${t.deal} #${slice.deal}`);
  if (slice.stage) parts.push(`${t.stage} «${lookups.stages?.[slice.stage] ?? slice.stage}»`);
  if (slice.reached) parts.push(`${t.reached} «${lookups.stages?.[slice.reached] ?? slice.reached}»`);
  if (slice.current) parts.push(`${t.current} «${lookups.stages?.[slice.current] ?? slice.current}»`);
  if (slice.pipeline !== undefined)
    parts.push(`${t.pipeline} «${lookups.pipelines?.[String(slice.pipeline)] ?? `#${slice.pipeline}`}»`);
  if (slice.reason) parts.push(`${t.reason} «${lookups.reasons?.[slice.reason] ?? slice.reason}»`);
  if (slice.manager !== undefined)
    parts.push(`${t.manager} «${lookups.managers?.[String(slice.manager)] ?? `#${slice.manager}`}»`);
  if (slice.outcome) parts.push(`${t.outcome}: ${outcomeWords[slice.outcome]}`);
  if (slice.quadrant) parts.push(`${t.quadrant}: ${messages.strategies.quadrants[slice.quadrant]}`);
  if (slice.priorWin) parts.push(t.priorWin);
  if (slice.bothOutcomes) parts.push(t.bothOutcomes);
  if (slice.month) parts.push(`${t.month} ${slice.month}`);
  if (slice.week) parts.push(`${t.week} ${slice.week}`);
  return parts.join(" · ");
}
