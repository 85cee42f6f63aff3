import { Chart } from "@/components/charts/chart";
import { Empty, Kpi, Section } from "@/components/ui/section";
import { formatInt, formatMoney, formatPct } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { partialBuckets } from "@/lib/reports/partial-buckets";
import type { ReportData } from "@/lib/reports/registry";
import type { ReportLinks, ReportView } from "@/lib/reports/types";
import { ReportFrame } from "./report-frame";
import type { ReportProps } from "./types";

type Props = { data: ReportData<"overview">; links: ReportLinks; view: ReportView };

/** The four headline numbers, each against the previous period when comparing. */
function HeadlineKpis({ data, links, view }: Props) {
  const t = reportMessages[view.locale].overview;
  const tf = reportMessages[view.locale].frame;
  const { locale } = view;
  const cur = view.portal.baseCurrency;
  const { current: k, previous: p } = data;
  const drill = links.drill;
  const vsPrev = (before: number | null | undefined, fmt: (x: number | null) => string) =>
    p && before !== undefined ? `${tf.previous}: ${fmt(before)}` : undefined;
  const interval = k.winRateInterval
    ? `95%: ${formatPct(1 - k.winRateInterval.high, locale)}–${formatPct(1 - k.winRateInterval.low, locale)}`
    : undefined;
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <Kpi
        label={t.lostDeals}
        value={formatInt(k.lostDeals, locale)}
        tone="bad"
        href={drill?.({ outcome: "lost" })}
        sub={vsPrev(p?.lostDeals, (x) => formatInt(x, locale))}
      />
      <Kpi
        label={t.lostMoney}
        value={formatMoney(k.lostMoney, locale, cur)}
        tone="bad"
        href={drill?.({ outcome: "lost", basis: "loss" })}
        sub={
          vsPrev(p?.lostMoney, (x) => formatMoney(x, locale, cur)) ??
          (k.lostWithoutAmount ? `${formatInt(k.lostWithoutAmount, locale)} ${t.withoutAmount}` : undefined)
        }
      />
      <Kpi
        label={t.lossRate}
        value={formatPct(k.lossRate, locale)}
        sub={vsPrev(p?.lossRate, (x) => formatPct(x, locale)) ?? interval}
        href={drill?.({ outcome: "closed" })}
      />
      <Kpi
        label={t.winRate}
        value={formatPct(k.winRate, locale)}
        tone="good"
        href={drill?.({ outcome: "won" })}
        sub={`${t.revenue}: ${formatMoney(k.revenue, locale, cur)}`}
      />
    </dl>
  );
}

/** Where most deals are lost and why: the top stage and the top reason, each with the part left unnamed. */
function TopKpis({ data, links, view }: Props) {
  const t = reportMessages[view.locale].overview;
  const { locale } = view;
  const cur = view.portal.baseCurrency;
  const sums = (x: { lostDeals: number; lostMoney: number }, apart: number, apartLabel: string) =>
    `${formatInt(x.lostDeals, locale)} · ${formatMoney(x.lostMoney, locale, cur)}${
      apart ? ` · ${apartLabel}: ${formatInt(apart, locale)}` : ""
    }`;
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <Kpi
        label={t.topStage}
        text
        value={data.topStage ? data.topStage.name : t.none}
        href={data.topStage ? links.drill?.({ stage: data.topStage.stageId }) : null}
        sub={data.topStage ? sums(data.topStage, data.unknownStageLost, t.unknownStage) : undefined}
      />
      <Kpi
        label={t.topReason}
        text
        value={data.topReason ? data.topReason.label : t.none}
        href={data.topReason ? links.drill?.({ reason: data.topReason.reasonKey }) : null}
        sub={data.topReason ? sums(data.topReason, data.notSpecifiedLost, t.notSpecified) : undefined}
      />
    </div>
  );
}

/** Lost deals by week or month with the loss rate; buckets the period covers only in part are marked. */
function TrendSection({ data, links, view }: Props) {
  const t = reportMessages[view.locale].overview;
  const tf = reportMessages[view.locale].frame;
  const tc = reportMessages[view.locale].charts;
  const monthly = data.granularity === "month";
  const k = data.current;
  const partial = partialBuckets(
    data.trend.map((b) => b.bucket),
    data.granularity,
    data.period,
    view.filters.offset,
    view.now,
  );
  return (
    <Section title={t.trend}>
      {data.trend.length === 0 || k.lostDeals + k.closedDeals === 0 ? (
        <Empty>{tf.noData}</Empty>
      ) : (
        <Chart
          label={t.trend}
          spec={{
            kind: "trend",
            locale: view.locale,
            labels: {
              lost: t.trendLost,
              previous: t.trendPrevious,
              lossRate: t.trendLossRate,
              partial: tc.partial,
            },
            axes: { x: monthly ? tc.month : tc.week, y: t.lostDeals, y2: t.trendLossRate },
            buckets: data.trend.map((b) => (monthly ? b.bucket.slice(0, 7) : b.bucket)),
            partial,
            lost: data.trend.map((b) => ({
              value: b.lostDeals,
              href: links.drill?.({
                outcome: "lost",
                ...(monthly ? { month: b.bucket.slice(0, 7) } : { week: b.bucket }),
              }),
            })),
            previousLost: data.previousTrend ? data.previousTrend.map((b) => b.lostDeals) : null,
            lossRate: data.trend.map((b) => b.lossRate),
          }}
        />
      )}
      {partial.some(Boolean) ? <p className="mt-1 text-xs text-gray-500">{tc.partialNote}</p> : null}
    </Section>
  );
}

export function OverviewReport({ data, links, view, filterBar, actions }: ReportProps<"overview">) {
  const t = reportMessages[view.locale].overview;
  return (
    <ReportFrame ctx={view} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <HeadlineKpis data={data} links={links} view={view} />
      <TopKpis data={data} links={links} view={view} />
      <TrendSection data={data} links={links} view={view} />
    </ReportFrame>
  );
}
