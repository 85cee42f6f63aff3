import { Chart } from "@/components/charts/chart";
import { type ColumnSpec, DataTable, type TableRow } from "@/components/data-table/data-table";
import { Empty, Section } from "@/components/ui/section";
import { getReasons } from "@/lib/analytics/reasons";
import { formatDelta } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { reportNow, withPrevious } from "@/lib/reports/context";
import { partialBuckets } from "@/lib/reports/partial-buckets";
import { REASON_NONE } from "@/lib/url-state/filters";
import { CsvLinks, ReportFrame } from "./report-frame";
import type { ReportProps, ReportSlots } from "./types";

export async function ReasonsReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const [data, prev] = await withPrevious(ctx, (f) => getReasons(ctx.db, ctx.scope, f));
  const prevCount = new Map(prev?.reasons.map((r) => [r.reasonKey, r.lostDeals]) ?? []);
  const t = reportMessages[ctx.locale].reasons;
  const tf = reportMessages[ctx.locale].frame;
  const tc = reportMessages[ctx.locale].charts;
  const mixPartial = partialBuckets(
    data.mix.months,
    "month",
    ctx.filters.range,
    ctx.filters.offset,
    reportNow(),
  );
  const noReason = reportMessages[ctx.locale].filters.noReason;
  const { locale } = ctx;
  const drill = links.drill;
  const label = (key: string | null, l: string | null) => (key === null ? noReason : (l ?? key));
  const keyOf = (key: string | null) => key ?? REASON_NONE;
  const columns: ColumnSpec[] = [
    { key: "reason", header: t.reason, format: "text" },
    { key: "lostDeals", header: t.lostDeals, format: "int" },
    { key: "share", header: t.share, format: "pct" },
    { key: "lostMoney", header: t.lostMoney, format: "money" },
    { key: "moneyShare", header: t.moneyShare, format: "pct" },
    { key: "cumulative", header: t.cumulative, format: "pct" },
    ...(prev
      ? [
          { key: "previous", header: tf.previousShort, format: "int" as const },
          { key: "change", header: tf.change, format: "text" as const },
        ]
      : []),
  ];
  const rows: TableRow[] = data.reasons.map((r) => ({
    id: keyOf(r.reasonKey),
    values: {
      reason: label(r.reasonKey, r.label),
      lostDeals: r.lostDeals,
      share: r.share,
      lostMoney: r.lostMoney,
      moneyShare: r.moneyShare,
      cumulative: r.cumulativeShare,
      ...(prev
        ? {
            previous: prevCount.get(r.reasonKey) ?? 0,
            change: formatDelta(r.lostDeals - (prevCount.get(r.reasonKey) ?? 0), locale),
          }
        : {}),
    },
    links: {
      lostDeals: drill?.({ reason: keyOf(r.reasonKey) }),
      lostMoney: drill?.({ reason: keyOf(r.reasonKey) }),
    },
  }));
  const withDeals = data.reasons.filter((r) => r.lostDeals > 0);
  // Reason × manager: one column per reason (the top ones), one row per manager.
  const top = withDeals.slice(0, 8);
  const managerColumns: ColumnSpec[] = [
    { key: "manager", header: t.manager, format: "text" },
    ...top.map((r) => ({
      key: `r:${keyOf(r.reasonKey)}`,
      header: label(r.reasonKey, r.label),
      format: "int" as const,
    })),
  ];
  const managerRows: TableRow[] = data.byManager.managers.map((m) => {
    const values: TableRow["values"] = { manager: m.name ?? t.noManager };
    const cellLinks: Record<string, string | null | undefined> = {};
    for (const r of top) {
      const cell = data.byManager.cells.find(
        (c) => c.managerId === m.managerId && c.reasonKey === r.reasonKey,
      );
      values[`r:${keyOf(r.reasonKey)}`] = cell?.lostDeals ?? 0;
      if (cell?.lostDeals)
        cellLinks[`r:${keyOf(r.reasonKey)}`] = drill?.({
          reason: keyOf(r.reasonKey),
          manager: m.managerId ?? 0,
        });
    }
    return { id: String(m.managerId ?? 0), values, links: cellLinks };
  });
  const mixSeries = top.map((r) => ({
    name: label(r.reasonKey, r.label),
    data: data.mix.months.map((month) => {
      const cell = data.mix.rows.find((x) => x.month === month && x.reasonKey === r.reasonKey);
      return { value: cell?.lostDeals ?? 0, href: drill?.({ reason: keyOf(r.reasonKey), month }) };
    }),
  }));
  const csv = (table: string) =>
    links.csv ? (
      <CsvLinks href={links.csv(table)} hrefSemicolon={links.csv(table, ";")} locale={locale} />
    ) : null;
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <Section title={t.pareto}>
        {data.totals.lostDeals === 0 ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={t.pareto}
            height={360}
            spec={{
              kind: "pareto",
              locale,
              currency: ctx.portal.baseCurrency,
              labels: { measure: t.lostDeals, cumulative: t.cumulative },
              axes: { x: t.reason, y: t.lostDeals, y2: t.cumulative },
              money: false,
              reasons: withDeals.map((r) => label(r.reasonKey, r.label)),
              values: withDeals.map((r) => ({
                value: r.lostDeals,
                href: drill?.({ reason: keyOf(r.reasonKey) }),
              })),
              cumulative: withDeals.map((r) => r.cumulativeShare),
            }}
          />
        )}
      </Section>
      <Section title={t.reason} actions={csv("reasons")}>
        <DataTable
          caption={t.title}
          columns={columns}
          rows={rows}
          locale={locale}
          currency={ctx.portal.baseCurrency}
          empty={tf.noData}
        />
      </Section>
      <Section title={t.mix}>
        {data.totals.lostDeals === 0 ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={t.mix}
            height={340}
            spec={{
              kind: "stacked",
              locale,
              axes: { x: tc.month, y: tc.deals },
              buckets: data.mix.months,
              partial: mixPartial,
              partialLabel: tc.partial,
              series: mixSeries,
              percent: false,
            }}
          />
        )}
        {mixPartial.some(Boolean) ? <p className="mt-1 text-xs text-gray-500">{tc.partialNote}</p> : null}
      </Section>
      <Section title={t.byManager} actions={csv("reason-manager")}>
        <DataTable
          caption={t.byManager}
          columns={managerColumns}
          rows={managerRows}
          locale={locale}
          currency={ctx.portal.baseCurrency}
          empty={tf.noData}
          maxHeight={520}
        />
      </Section>
    </ReportFrame>
  );
}
