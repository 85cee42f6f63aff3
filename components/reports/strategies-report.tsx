import { Chart } from "@/components/charts/chart";
import { Empty, Section } from "@/components/ui/section";
import { strategyVerdictText } from "@/lib/i18n";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { quadrantsTable } from "@/lib/reports/tables/strategies";
import { ReportFrame, tableCsv } from "./report-frame";
import { ReportTable } from "./report-table";
import type { ReportProps } from "./types";

/** Volume or depth: the verdict, the managers on both axes, and what each strategy brought. */
export function StrategiesReport({ data, links, view, filterBar, actions }: ReportProps<"strategies">) {
  const t = reportMessages[view.locale].strategies;
  const tf = reportMessages[view.locale].frame;
  const { locale } = view;
  return (
    <ReportFrame ctx={view} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
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
              currency: view.portal.baseCurrency,
              labels: { volume: t.volume, depth: t.depth, revenue: t.revenue, winRate: t.winRate },
              medians: data.medians,
              points: data.managers.map((m) => ({
                name: m.name ?? `#${m.managerId}`,
                volume: m.dealsWorked,
                depth: m.depth,
                revenue: m.revenue,
                winRate: m.winRate,
                href: links.drill?.({ manager: m.managerId, basis: "worked" }) ?? undefined,
              })),
            }}
          />
        )}
      </Section>
      <Section
        title={t.quadrant}
        hint={data.marginSet ? undefined : t.noMargin}
        actions={tableCsv(links, "quadrants", locale)}
      >
        <ReportTable
          caption={t.quadrant}
          table={quadrantsTable(data, locale)}
          links={links}
          view={view}
          sortable={false}
          compact
        />
      </Section>
    </ReportFrame>
  );
}
