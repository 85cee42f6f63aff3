import { Chart } from "@/components/charts/chart";
import { Empty, Section } from "@/components/ui/section";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { partialBuckets } from "@/lib/reports/partial-buckets";
import type { ReportData } from "@/lib/reports/registry";
import {
  reasonLabel,
  reasonManagerMatrix,
  reasonParam,
  reasonsTable,
  topReasons,
} from "@/lib/reports/tables/reasons";
import type { ReportLinks, ReportView } from "@/lib/reports/types";
import { ReportFrame, tableCsv } from "./report-frame";
import { ReportTable } from "./report-table";
import type { ReportProps } from "./types";

type Props = { data: ReportData<"reasons">; links: ReportLinks; view: ReportView };

/** Reasons by lost deals with their running share: the few reasons that make most losses. */
function Pareto({ data, links, view }: Props) {
  const t = reportMessages[view.locale].reasons;
  const withDeals = data.reasons.filter((r) => r.lostDeals > 0);
  return (
    <Section title={t.pareto}>
      {data.totals.lostDeals === 0 ? (
        <Empty>{reportMessages[view.locale].frame.noData}</Empty>
      ) : (
        <Chart
          label={t.pareto}
          height={360}
          spec={{
            kind: "pareto",
            locale: view.locale,
            currency: view.portal.baseCurrency,
            labels: { measure: t.lostDeals, cumulative: t.cumulative },
            axes: { x: t.reason, y: t.lostDeals, y2: t.cumulative },
            money: false,
            reasons: withDeals.map((r) => reasonLabel(r.reasonKey, r.label, view.locale)),
            values: withDeals.map((r) => ({
              value: r.lostDeals,
              href: links.drill?.({ reason: reasonParam(r.reasonKey) }),
            })),
            cumulative: withDeals.map((r) => r.cumulativeShare),
          }}
        />
      )}
    </Section>
  );
}

/** The top reasons month by month; months the period covers only in part are marked. */
function Mix({ data, links, view }: Props) {
  const t = reportMessages[view.locale].reasons;
  const tc = reportMessages[view.locale].charts;
  const partial = partialBuckets(data.mix.months, "month", view.filters.range, view.filters.offset, view.now);
  const series = topReasons(data).map((r) => ({
    name: reasonLabel(r.reasonKey, r.label, view.locale),
    data: data.mix.months.map((month) => {
      const cell = data.mix.rows.find((x) => x.month === month && x.reasonKey === r.reasonKey);
      return {
        value: cell?.lostDeals ?? 0,
        href: links.drill?.({ reason: reasonParam(r.reasonKey), month }),
      };
    }),
  }));
  return (
    <Section title={t.mix}>
      {data.totals.lostDeals === 0 ? (
        <Empty>{reportMessages[view.locale].frame.noData}</Empty>
      ) : (
        <Chart
          label={t.mix}
          height={340}
          spec={{
            kind: "stacked",
            locale: view.locale,
            axes: { x: tc.month, y: tc.deals },
            buckets: data.mix.months,
            partial,
            partialLabel: tc.partial,
            series,
            percent: false,
          }}
        />
      )}
      {partial.some(Boolean) ? <p className="mt-1 text-xs text-gray-500">{tc.partialNote}</p> : null}
    </Section>
  );
}

export function ReasonsReport({ data, previous, links, view, filterBar, actions }: ReportProps<"reasons">) {
  const t = reportMessages[view.locale].reasons;
  const { locale } = view;
  return (
    <ReportFrame ctx={view} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <Pareto data={data} links={links} view={view} />
      <Section title={t.reason} actions={tableCsv(links, "reasons", locale)}>
        <ReportTable
          caption={t.title}
          table={reasonsTable(data, previous, locale)}
          links={links}
          view={view}
        />
      </Section>
      <Mix data={data} links={links} view={view} />
      <Section title={t.byManager} actions={tableCsv(links, "reason-manager", locale)}>
        <ReportTable
          caption={t.byManager}
          table={reasonManagerMatrix(data, locale)}
          links={links}
          view={view}
          maxHeight={520}
        />
      </Section>
    </ReportFrame>
  );
}
