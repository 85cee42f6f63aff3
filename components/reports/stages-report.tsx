import { Chart } from "@/components/charts/chart";
import { type ColumnSpec, DataTable, type TableRow } from "@/components/data-table/data-table";
import { Empty, Section } from "@/components/ui/section";
import { getStages } from "@/lib/analytics/stages";
import { REASON_NONE, STAGE_UNKNOWN } from "@/lib/filters";
import { formatDelta } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { withPrevious } from "@/lib/reports/context";
import { CsvLinks, ReportFrame } from "./report-frame";
import type { ReportProps, ReportSlots } from "./types";

export async function StagesReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const [data, prev] = await withPrevious(ctx, (f) => getStages(ctx.db, ctx.scope, f));
  const prevLost = new Map(prev?.stages.map((s) => [s.stageId, s.lostAt]) ?? []);
  const t = reportMessages[ctx.locale].stages;
  const tf = reportMessages[ctx.locale].frame;
  const { locale } = ctx;
  const drill = links.drill;
  const columns: ColumnSpec[] = [
    { key: "stage", header: t.stage, format: "text", sortable: false },
    { key: "reached", header: t.reached, format: "int", hint: t.reachedHint },
    { key: "lostAt", header: t.lostAt, format: "int" },
    { key: "lostMoney", header: t.lostMoney, format: "money" },
    { key: "lossShare", header: t.lossShare, format: "pct" },
    { key: "lossShareMoney", header: t.lossShareMoney, format: "pct" },
    { key: "dropOff", header: t.dropOff, format: "pct", hint: t.dropOffHint },
    { key: "conversion", header: t.conversion, format: "pct", hint: t.conversionHint },
    { key: "medianDays", header: t.medianDays, format: "days", hint: t.medianHint },
    ...(prev
      ? [
          { key: "previous", header: `${t.lostAt}: ${tf.previous}`, format: "int" as const },
          { key: "change", header: tf.change, format: "text" as const },
        ]
      : []),
  ];
  const rows: TableRow[] = data.stages.map((s) => ({
    id: s.stageId,
    values: {
      stage: s.name,
      reached: s.reached,
      lostAt: s.lostAt,
      lostMoney: s.lostMoney,
      lossShare: s.lossShare,
      lossShareMoney: s.lossShareMoney,
      dropOff: s.dropOffRate,
      conversion: s.conversionToNext,
      medianDays: s.medianDaysLostAt,
      ...(prev
        ? {
            previous: prevLost.get(s.stageId) ?? 0,
            change: formatDelta(s.lostAt - (prevLost.get(s.stageId) ?? 0), locale),
          }
        : {}),
    },
    links: {
      reached: drill?.({ reached: s.stageId }),
      lostAt: drill?.({ stage: s.stageId }),
      lostMoney: drill?.({ stage: s.stageId }),
    },
  }));
  const footer: TableRow[] = [
    {
      id: "unknown",
      values: {
        stage: t.unknown,
        reached: null,
        lostAt: data.unknown.lostAt,
        lostMoney: data.unknown.lostMoney,
        lossShare: data.unknown.lossShare,
        lossShareMoney: data.unknown.lossShareMoney,
        dropOff: null,
        conversion: null,
        medianDays: null,
      },
    },
    {
      id: "won",
      values: {
        stage: t.won,
        reached: data.won.count,
        lostAt: null,
        lostMoney: null,
        lossShare: null,
        lossShareMoney: null,
        dropOff: null,
        conversion: null,
        medianDays: null,
      },
    },
  ];
  const stageName = (id: string | null) =>
    id === null ? t.unknown : (data.matrix.stages.find((s) => s.stageId === id)?.name ?? id);
  const empty = data.totals.closedDeals === 0 && data.totals.lostDeals === 0;
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <Section title={`${t.funnel}${data.pipelineName ? ` · «${data.pipelineName}»` : ""}`}>
        {empty ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={t.funnel}
            height={Math.max(240, 48 * (data.stages.length + 2))}
            spec={{
              kind: "funnel",
              locale,
              labels: { reached: t.reached, lostAt: t.lostAt },
              stages: [...data.stages.map((s) => s.name), t.unknown, t.won],
              reached: [
                ...data.stages.map((s) => ({ value: s.reached, href: drill?.({ reached: s.stageId }) })),
                { value: 0 },
                { value: data.won.count, href: drill?.({ outcome: "won" }) },
              ],
              lostAt: [
                ...data.stages.map((s) => ({ value: s.lostAt, href: drill?.({ stage: s.stageId }) })),
                { value: data.unknown.lostAt, href: drill?.({ stage: STAGE_UNKNOWN }) },
                { value: 0 },
              ],
            }}
          />
        )}
      </Section>
      <Section
        title={t.stage}
        actions={
          links.csv ? (
            <CsvLinks href={links.csv("stages")} hrefSemicolon={links.csv("stages", ";")} locale={locale} />
          ) : null
        }
      >
        <DataTable
          caption={t.title}
          columns={columns}
          rows={rows}
          footer={footer}
          locale={locale}
          currency={ctx.portal.baseCurrency}
          empty={tf.noData}
          sortable={false}
        />
      </Section>
      <Section title={t.heatmap}>
        {data.matrix.cells.length === 0 ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={t.heatmap}
            height={Math.max(260, 34 * data.matrix.reasons.length + 110)}
            spec={{
              kind: "heatmap",
              locale,
              x: data.matrix.stages.map((s) => stageName(s.stageId)),
              y: data.matrix.reasons.map((r) =>
                r.reasonKey === null ? reportMessages[locale].filters.noReason : r.label,
              ),
              cells: data.matrix.cells.map((c) => [
                data.matrix.stages.findIndex((s) => s.stageId === c.stageId),
                data.matrix.reasons.findIndex((r) => r.reasonKey === c.reasonKey),
                c.lostDeals,
                drill?.({ stage: c.stageId ?? STAGE_UNKNOWN, reason: c.reasonKey ?? REASON_NONE }) ?? null,
              ]),
            }}
          />
        )}
      </Section>
    </ReportFrame>
  );
}
