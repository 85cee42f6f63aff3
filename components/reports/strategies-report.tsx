import { Chart } from "@/components/charts/chart";
import { type ColumnSpec, DataTable, type TableRow } from "@/components/data-table/data-table";
import { Empty, Section } from "@/components/ui/section";
import { getStrategies } from "@/lib/analytics/strategies";
import { strategyVerdictText } from "@/lib/i18n";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { CsvLinks, pctRange, ReportFrame } from "./report-frame";
import type { ReportProps, ReportSlots } from "./types";

export async function StrategiesReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const data = await getStrategies(ctx.db, ctx.scope, ctx.filters);
  const t = reportMessages[ctx.locale].strategies;
  const tf = reportMessages[ctx.locale].frame;
  const { locale } = ctx;
  const drill = links.drill;
  const columns: ColumnSpec[] = [
    { key: "quadrant", header: t.quadrant, format: "text", sortable: false, wrap: true },
    { key: "managers", header: t.managers, format: "int" },
    { key: "dealsWorked", header: t.dealsWorked, format: "int" },
    { key: "won", header: t.won, format: "int" },
    { key: "winRate", header: t.winRate, format: "pct" },
    { key: "interval", header: "95%", format: "text", sortable: false },
    { key: "revenue", header: t.revenue, format: "money" },
    { key: "revenuePerDeal", header: t.revenuePerDeal, format: "money" },
    { key: "profit", header: t.profit, format: "money" },
  ];
  const rows: TableRow[] = data.quadrants.map((q) => ({
    id: q.quadrant,
    values: {
      quadrant: t.quadrants[q.quadrant],
      managers: q.managers,
      dealsWorked: q.dealsWorked,
      won: q.wonDeals,
      winRate: q.winRate,
      interval: q.winRateInterval ? pctRange(q.winRateInterval, locale) : null,
      revenue: q.revenue,
      revenuePerDeal: q.revenuePerDeal,
      profit: q.profit,
    },
    links: {
      dealsWorked: drill?.({ quadrant: q.quadrant }),
      won: drill?.({ quadrant: q.quadrant, outcome: "won" }),
    },
  }));
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <Section title={t.verdict}>
        <p className="text-base text-gray-900" data-testid="strategy-verdict">
          {strategyVerdictText(data.verdict, locale)}
        </p>
      </Section>
      <Section title={t.scatter}>
        {data.managers.length === 0 ? (
          <Empty>{tf.noData}</Empty>
        ) : (
          <Chart
            label={t.scatter}
            height={420}
            spec={{
              kind: "scatter",
              locale,
              currency: ctx.portal.baseCurrency,
              labels: { volume: t.volume, depth: t.depth, revenue: t.revenue, winRate: t.winRate },
              medians: data.medians,
              points: data.managers.map((m) => ({
                name: m.name ?? `#${m.managerId}`,
                volume: m.dealsWorked,
                depth: m.depth,
                revenue: m.revenue,
                winRate: m.winRate,
                href: drill?.({ manager: m.managerId, basis: "worked" }) ?? undefined,
              })),
            }}
          />
        )}
      </Section>
      <Section
        title={t.quadrant}
        hint={data.marginSet ? undefined : t.noMargin}
        actions={
          links.csv ? (
            <CsvLinks
              href={links.csv("quadrants")}
              hrefSemicolon={links.csv("quadrants", ";")}
              locale={locale}
            />
          ) : null
        }
      >
        <DataTable
          caption={t.quadrant}
          columns={columns}
          rows={rows}
          locale={locale}
          currency={ctx.portal.baseCurrency}
          empty={tf.noData}
          sortable={false}
          compact
        />
      </Section>
    </ReportFrame>
  );
}
