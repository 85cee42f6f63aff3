import { Chart } from "@/components/charts/chart";
import { Empty, Kpi, Section } from "@/components/ui/section";
import { formatDays, formatInt, formatMoney, formatPct } from "@/lib/format";
import { clientPatternText } from "@/lib/i18n";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportData } from "@/lib/reports/registry";
import { priorWinTable } from "@/lib/reports/tables/clients";
import type { ReportLinks, ReportView } from "@/lib/reports/types";
import { WonVsLostTable } from "./clients-won-lost";
import { ReportFrame, tableCsv } from "./report-frame";
import { ReportTable } from "./report-table";
import type { ReportProps } from "./types";

type Props = { data: ReportData<"clients">; links: ReportLinks; view: ReportView };

function ClientKpis({ data, links, view }: Props) {
  const t = reportMessages[view.locale].clients;
  const { locale } = view;
  const pw = data.priorWin;
  return (
    <dl className="grid gap-3 md:grid-cols-3">
      <Kpi
        label={t.priorWin}
        value={formatInt(pw.lostDeals, locale)}
        tone="bad"
        href={links.drill?.({ priorWin: true, outcome: "lost" })}
        sub={`${formatMoney(pw.lostMoney, locale, view.portal.baseCurrency)} · ${formatPct(pw.ofLostDeals ? pw.lostDeals / pw.ofLostDeals : null, locale)} ${t.ofLost}`}
      />
      <Kpi label={t.clients} value={formatInt(data.relationship.clients, locale)} />
      <Kpi label={t.medianDays} value={formatDays(data.relationship.medianDays, locale)} />
    </dl>
  );
}

function Relationship({ data, view }: Omit<Props, "links">) {
  const t = reportMessages[view.locale].clients;
  return (
    <Section title={t.relationship}>
      {data.relationship.clients === 0 ? (
        <Empty>{reportMessages[view.locale].frame.noData}</Empty>
      ) : (
        <Chart
          label={t.relationship}
          height={280}
          spec={{
            kind: "bars",
            locale: view.locale,
            name: t.clients,
            axes: { x: t.relationship, y: t.clients },
            categories: data.relationship.buckets.map(
              (b) => t.buckets[b.key as keyof typeof t.buckets] ?? b.key,
            ),
            values: data.relationship.buckets.map((b) => ({ value: b.clients })),
          }}
        />
      )}
    </Section>
  );
}

/** Lost deals of returning customers: the newest here, all of them behind "show all" and in the CSV. */
function PriorWin({ data, links, view }: Props) {
  const t = reportMessages[view.locale].clients;
  const actions = (
    <>
      {links.drill ? (
        <a className="text-blue-700 hover:underline" href={links.drill({ priorWin: true, outcome: "lost" })}>
          {t.showAll}
        </a>
      ) : null}
      {tableCsv(links, "prior-win", view.locale)}
    </>
  );
  return (
    <Section title={t.priorWin} hint={t.priorWinHint} actions={actions}>
      <ReportTable
        caption={t.priorWin}
        table={priorWinTable(data.priorWin.deals, view.locale, view.portal)}
        links={links}
        view={view}
        maxHeight={480}
      />
    </Section>
  );
}

export function ClientsReport({ data, links, view, filterBar, actions }: ReportProps<"clients">) {
  const t = reportMessages[view.locale].clients;
  const { locale } = view;
  return (
    <ReportFrame ctx={view} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <ClientKpis data={data} links={links} view={view} />
      <Section title={t.patterns}>
        {data.patterns.length === 0 ? (
          <Empty>{t.noPatterns}</Empty>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm text-gray-800">
            {data.patterns.map((p) => (
              <li key={p.key}>{clientPatternText(p, locale)}</li>
            ))}
          </ul>
        )}
      </Section>
      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <Relationship data={data} view={view} />
        <Section title={t.wonVsLost}>
          {data.wonVsLost.clients === 0 ? (
            <Empty>{reportMessages[locale].frame.noData}</Empty>
          ) : (
            <WonVsLostTable data={data} links={links} view={view} />
          )}
        </Section>
      </div>
      <PriorWin data={data} links={links} view={view} />
    </ReportFrame>
  );
}
