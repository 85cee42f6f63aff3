import { Chart } from "@/components/charts/chart";
import { Empty, Kpi, Section } from "@/components/ui/section";
import { getOverview } from "@/lib/analytics/overview";
import { formatInt, formatMoney, formatPct } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { reportNow } from "@/lib/reports/context";
import { partialBuckets } from "@/lib/reports/partial-buckets";
import { ReportFrame } from "./report-frame";
import type { ReportProps, ReportSlots } from "./types";

export async function OverviewReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const data = await getOverview(ctx.db, ctx.scope, ctx.filters);
  const t = reportMessages[ctx.locale].overview;
  const tf = reportMessages[ctx.locale].frame;
  const tc = reportMessages[ctx.locale].charts;
  const { locale } = ctx;
  const cur = ctx.portal.baseCurrency;
  const k = data.current;
  const p = data.previous;
  const vsPrev = (before: number | null | undefined, fmt: (x: number | null) => string) =>
    p && before !== undefined ? `${tf.previous}: ${fmt(before)}` : undefined;
  const drill = links.drill;
  const partial = partialBuckets(
    data.trend.map((b) => b.bucket),
    data.granularity,
    data.period,
    ctx.filters.offset,
    reportNow(),
  );
  const interval = k.winRateInterval
    ? `95%: ${formatPct(1 - k.winRateInterval.high, locale)}–${formatPct(1 - k.winRateInterval.low, locale)}`
    : undefined;
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
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
      <div className="grid gap-3 md:grid-cols-2">
        <Kpi
          label={t.topStage}
          text
          value={data.topStage ? data.topStage.name : t.none}
          href={data.topStage ? drill?.({ stage: data.topStage.stageId }) : null}
          sub={
            data.topStage
              ? `${formatInt(data.topStage.lostDeals, locale)} · ${formatMoney(data.topStage.lostMoney, locale, cur)}${
                  data.unknownStageLost
                    ? ` · ${t.unknownStage}: ${formatInt(data.unknownStageLost, locale)}`
                    : ""
                }`
              : undefined
          }
        />
        <Kpi
          label={t.topReason}
          text
          value={data.topReason ? data.topReason.label : t.none}
          href={data.topReason ? drill?.({ reason: data.topReason.reasonKey }) : null}
          sub={
            data.topReason
              ? `${formatInt(data.topReason.lostDeals, locale)} · ${formatMoney(data.topReason.lostMoney, locale, cur)}${
                  data.notSpecifiedLost
                    ? ` · ${t.notSpecified}: ${formatInt(data.notSpecifiedLost, locale)}`
                    : ""
                }`
              : undefined
          }
        />
      </div>
      <Section title={t.trend}>
        {data.trend.length === 0 || k.lostDeals + k.closedDeals === 0 ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={t.trend}
            spec={{
              kind: "trend",
              locale,
              labels: {
                lost: t.trendLost,
                previous: t.trendPrevious,
                lossRate: t.trendLossRate,
                partial: tc.partial,
              },
              axes: {
                x: data.granularity === "month" ? tc.month : tc.week,
                y: t.lostDeals,
                y2: t.trendLossRate,
              },
              buckets: data.trend.map((b) =>
                data.granularity === "month" ? b.bucket.slice(0, 7) : b.bucket,
              ),
              partial,
              lost: data.trend.map((b) => ({
                value: b.lostDeals,
                href: drill?.({
                  outcome: "lost",
                  ...(data.granularity === "month" ? { month: b.bucket.slice(0, 7) } : { week: b.bucket }),
                }),
              })),
              previousLost: data.previousTrend ? data.previousTrend.map((b) => b.lostDeals) : null,
              lossRate: data.trend.map((b) => b.lossRate),
            }}
          />
        )}
        {partial.some(Boolean) ? <p className="mt-1 text-xs text-gray-500">{tc.partialNote}</p> : null}
      </Section>
    </ReportFrame>
  );
}
