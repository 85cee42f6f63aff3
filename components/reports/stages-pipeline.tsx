import type { ReactNode } from "react";
import { Chart } from "@/components/charts/chart";
import { type ColumnSpec, DataTable, type TableRow } from "@/components/data-table/data-table";
import { Empty, Section } from "@/components/ui/section";
import type { StagesDto, StagesView } from "@/lib/analytics/stages";
import { pipelineSlices, stageSlices } from "@/lib/analytics/stages-links";
import { formatDelta, formatInt, formatMoney, formatPct } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportContext } from "@/lib/reports/context";
import type { Slice } from "@/lib/url-state/slice";

/** One pipeline's funnel, stage table and reason × stage map; labelled with its name when all are shown. */
export function PipelineFunnel(props: {
  ctx: ReportContext;
  drill: ((slice: Slice) => string) | null;
  pipeline: StagesDto;
  view: StagesView;
  prevLost: Map<string, number> | null;
  csv: ReactNode;
}) {
  const { ctx, drill, pipeline: data, view, prevLost } = props;
  const { locale } = ctx;
  const cur = ctx.portal.baseCurrency;
  const t = reportMessages[locale].stages;
  const tf = reportMessages[locale].frame;
  const all = view.allPipelines;
  const name = `«${data.pipelineName ?? `#${data.pipelineId}`}»`;
  const ps = pipelineSlices(data);
  const link = (slice: Slice) => drill?.(slice);
  const columns: ColumnSpec[] = [
    { key: "stage", header: t.stage, format: "text", sortable: false, wrap: true },
    { key: "reached", header: t.reached, format: "int", hint: t.reachedHint },
    { key: "lostAt", header: t.lostAt, format: "int" },
    { key: "lostMoney", header: t.lostMoney, format: "money" },
    { key: "lossShare", header: all ? t.lossSharePipeline : t.lossShare, format: "pct" },
    ...(all ? [{ key: "lossShareAll", header: t.lossShareAll, format: "pct" as const }] : []),
    { key: "lossShareMoney", header: all ? t.lossShareMoneyPipeline : t.lossShareMoney, format: "pct" },
    ...(all ? [{ key: "lossShareMoneyAll", header: t.lossShareMoneyAll, format: "pct" as const }] : []),
    { key: "dropOff", header: t.dropOff, format: "pct", hint: t.dropOffHint },
    { key: "conversion", header: t.conversion, format: "pct", hint: t.conversionHint },
    { key: "medianDays", header: t.medianDays, format: "days", hint: t.medianHint },
    { key: "openNow", header: t.openNow, format: "int", hint: t.openNowHint },
    ...(prevLost
      ? [
          { key: "previous", header: `${t.lostAt}: ${tf.previous}`, format: "int" as const },
          { key: "change", header: tf.change, format: "text" as const },
        ]
      : []),
  ];
  const rows: TableRow[] = data.stages.map((s) => {
    const sl = stageSlices(s.stageId);
    return {
      id: s.stageId,
      values: {
        stage: s.name,
        reached: s.reached,
        lostAt: s.lostAt,
        lostMoney: s.lostMoney,
        lossShare: s.lossShare,
        lossShareAll: s.lossShareOfAll,
        lossShareMoney: s.lossShareMoney,
        lossShareMoneyAll: s.lossShareMoneyOfAll,
        dropOff: s.dropOffRate,
        conversion: s.conversionToNext,
        medianDays: s.medianDaysLostAt,
        openNow: s.openNow,
        ...(prevLost
          ? {
              previous: prevLost.get(s.stageId) ?? 0,
              change: formatDelta(s.lostAt - (prevLost.get(s.stageId) ?? 0), locale),
            }
          : {}),
      },
      links: {
        reached: link(sl.reached),
        lostAt: link(sl.lostAt),
        lostMoney: link(sl.lostAt),
        openNow: link(sl.openNow),
      },
    };
  });
  const blank = { reached: null, dropOff: null, conversion: null, medianDays: null, openNow: null };
  const footer: TableRow[] = [
    {
      id: "unknown",
      values: {
        ...blank,
        stage: t.unknown,
        lostAt: data.unknown.lostAt,
        lostMoney: data.unknown.lostMoney,
        lossShare: data.unknown.lossShare,
        lossShareAll: data.unknown.lossShareOfAll,
        lossShareMoney: data.unknown.lossShareMoney,
        lossShareMoneyAll: data.unknown.lossShareMoneyOfAll,
      },
    },
    {
      id: "won",
      values: {
        ...blank,
        stage: t.won,
        reached: data.won.count,
        lostAt: null,
        lostMoney: null,
        lossShare: null,
        lossShareAll: null,
        lossShareMoney: null,
        lossShareMoneyAll: null,
      },
    },
  ];
  const stageName = (id: string | null) =>
    id === null ? t.unknown : (data.matrix.stages.find((s) => s.stageId === id)?.name ?? id);
  const empty = data.totals.closedDeals === 0 && data.totals.lostDeals === 0 && data.openNow === 0;
  const qualified = (title: string) => (all ? `${title} · ${name}` : title);
  const sums = (
    <p className="text-sm text-gray-600">
      {all ? (
        <a href={link(ps.lost)} className="text-blue-700 hover:underline">
          {t.pipelineLost
            .replace("{lost}", formatInt(data.totals.lostDeals, locale))
            .replace("{all}", formatInt(view.totals.lostDeals, locale))
            .replace("{share}", formatPct(data.shareOfAll.lostDeals, locale))
            .replace("{money}", formatMoney(data.totals.lostMoney, locale, cur))
            .replace("{moneyShare}", formatPct(data.shareOfAll.lostMoney, locale))}
        </a>
      ) : null}
      {all ? " · " : null}
      <a href={link(ps.openNow)} className="text-blue-700 hover:underline">
        {t.openNowTotal.replace("{n}", formatInt(data.openNow, locale))}
      </a>
    </p>
  );
  return (
    <section
      data-pipeline={data.pipelineId}
      className={all ? "space-y-4 border-t-4 border-blue-200 pt-3" : "space-y-4"}
    >
      {all ? (
        <header>
          <h2 className="text-lg font-semibold text-gray-900">{`${t.pipeline} ${name}`}</h2>
          {sums}
        </header>
      ) : null}
      <Section title={all ? t.funnel : `${t.funnel} · ${name}`}>
        {all ? null : <div className="-mt-2 mb-2">{sums}</div>}
        {empty ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={qualified(t.funnel)}
            height={Math.max(240, 56 * (data.stages.length + 2))}
            spec={{
              kind: "funnel",
              locale,
              labels: { reached: t.reached, lostAt: t.lostAt, openNow: t.openNow },
              axes: { x: t.deals, y: t.stage },
              stages: [...data.stages.map((s) => s.name), t.unknown, t.won],
              reached: [
                ...data.stages.map((s) => ({ value: s.reached, href: link(stageSlices(s.stageId).reached) })),
                { value: 0 },
                { value: data.won.count, href: link(ps.won) },
              ],
              lostAt: [
                ...data.stages.map((s) => ({ value: s.lostAt, href: link(stageSlices(s.stageId).lostAt) })),
                { value: data.unknown.lostAt, href: link(ps.unknown) },
                { value: 0 },
              ],
              openNow: [
                ...data.stages.map((s) => ({ value: s.openNow, href: link(stageSlices(s.stageId).openNow) })),
                { value: 0 },
                { value: 0 },
              ],
            }}
          />
        )}
      </Section>
      <Section title={qualified(t.stage)} actions={props.csv}>
        <DataTable
          caption={qualified(t.title)}
          columns={columns}
          rows={rows}
          footer={footer}
          locale={locale}
          currency={cur}
          empty={tf.noData}
          sortable={false}
          compact
        />
      </Section>
      <Section title={qualified(t.heatmap)}>
        {data.matrix.cells.length === 0 ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={qualified(t.heatmap)}
            height={Math.max(260, 34 * data.matrix.reasons.length + 130)}
            spec={{
              kind: "heatmap",
              locale,
              axes: { x: t.lostAt, y: reportMessages[locale].reasons.reason },
              x: data.matrix.stages.map((s) => stageName(s.stageId)),
              y: data.matrix.reasons.map((r) =>
                r.reasonKey === null ? reportMessages[locale].filters.noReason : r.label,
              ),
              cells: data.matrix.cells.map((c) => [
                data.matrix.stages.findIndex((s) => s.stageId === c.stageId),
                data.matrix.reasons.findIndex((r) => r.reasonKey === c.reasonKey),
                c.lostDeals,
                link(ps.cell(c)) ?? null,
              ]),
            }}
          />
        )}
      </Section>
    </section>
  );
}
