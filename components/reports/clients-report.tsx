import { Chart } from "@/components/charts/chart";
import { type ColumnSpec, DataTable, type TableRow } from "@/components/data-table/data-table";
import { Empty, Kpi, Section } from "@/components/ui/section";
import { getClients } from "@/lib/analytics/clients";
import { formatDays, formatInt, formatMoney, formatNumber, formatPct } from "@/lib/format";
import { clientPatternText } from "@/lib/i18n";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { CsvLinks, ReportFrame } from "./report-frame";
import type { ReportProps, ReportSlots } from "./types";

export async function ClientsReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const data = await getClients(ctx.db, ctx.scope, ctx.filters);
  const t = reportMessages[ctx.locale].clients;
  const tf = reportMessages[ctx.locale].frame;
  const { locale } = ctx;
  const cur = ctx.portal.baseCurrency;
  const drill = links.drill;
  const priorColumns: ColumnSpec[] = [
    { key: "deal", header: t.deal, format: "text", wrap: true },
    { key: "client", header: t.client, format: "text", wrap: true },
    { key: "manager", header: t.manager, format: "text" },
    { key: "lossDate", header: t.lossDate, format: "date" },
    { key: "amount", header: t.amount, format: "money" },
  ];
  const priorRows: TableRow[] = data.priorWin.deals.map((d) => ({
    id: String(d.dealId),
    values: {
      deal: d.title,
      client: d.clientName,
      manager: d.managerName,
      lossDate: d.lossDate,
      amount: d.amount,
    },
    links: { deal: `https://${ctx.portal.domain}/crm/deal/details/${d.dealId}/` },
  }));
  const side = (s: typeof data.wonVsLost.won) => [
    formatInt(s.deals, locale),
    formatDays(s.medianCycleDays, locale),
    formatNumber(s.medianActivities, locale, 1),
  ];
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <dl className="grid gap-3 md:grid-cols-3">
        <Kpi
          label={t.priorWin}
          value={formatInt(data.priorWin.lostDeals, locale)}
          tone="bad"
          href={drill?.({ priorWin: true, outcome: "lost" })}
          sub={`${formatMoney(data.priorWin.lostMoney, locale, cur)} · ${formatPct(data.priorWin.ofLostDeals ? data.priorWin.lostDeals / data.priorWin.ofLostDeals : null, locale)} ${t.ofLost}`}
        />
        <Kpi label={t.clients} value={formatInt(data.relationship.clients, locale)} />
        <Kpi label={t.medianDays} value={formatDays(data.relationship.medianDays, locale)} />
      </dl>
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
        <Section title={t.relationship}>
          {data.relationship.clients === 0 ? (
            <Empty>{tf.noData}</Empty>
          ) : (
            <Chart
              label={t.relationship}
              height={280}
              spec={{
                kind: "bars",
                locale,
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
        <Section title={t.wonVsLost}>
          {data.wonVsLost.clients === 0 ? (
            <Empty>{tf.noData}</Empty>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm">
                <caption className="mb-2 text-left text-xs text-gray-500">
                  {t.clients}: {formatInt(data.wonVsLost.clients, locale)}
                </caption>
                <thead className="text-xs uppercase text-gray-500">
                  <tr>
                    <th scope="col" className="py-2 text-left font-medium">
                      {t.side}
                    </th>
                    <th scope="col" className="py-2 pl-3 text-right font-medium">
                      {t.deals}
                    </th>
                    <th scope="col" className="py-2 pl-3 text-right font-medium">
                      {t.cycle}
                    </th>
                    <th scope="col" className="py-2 pl-3 text-right font-medium">
                      {t.activities}
                    </th>
                  </tr>
                </thead>
                <tbody className="tabular-nums">
                  {(
                    [
                      [t.wonSide, data.wonVsLost.won, "won"],
                      [t.lostSide, data.wonVsLost.lost, "lost"],
                    ] as const
                  ).map(([name, s, outcome]) => (
                    <tr key={outcome} className="border-t border-gray-100">
                      <th scope="row" className="py-2 text-left font-normal">
                        {drill ? (
                          <a
                            className="text-blue-700 hover:underline"
                            href={drill({ bothOutcomes: true, outcome })}
                          >
                            {name}
                          </a>
                        ) : (
                          name
                        )}
                      </th>
                      {side(s).map((v, i) => (
                        <td key={["deals", "cycle", "activities"][i]} className="py-2 pl-3 text-right">
                          {v}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>
      <Section
        title={t.priorWin}
        hint={t.priorWinHint}
        actions={
          <>
            {drill ? (
              <a className="text-blue-700 hover:underline" href={drill({ priorWin: true, outcome: "lost" })}>
                {t.showAll}
              </a>
            ) : null}
            {links.csv ? (
              <CsvLinks
                href={links.csv("prior-win")}
                hrefSemicolon={links.csv("prior-win", ";")}
                locale={locale}
              />
            ) : null}
          </>
        }
      >
        <DataTable
          caption={t.priorWin}
          columns={priorColumns}
          rows={priorRows}
          locale={locale}
          currency={cur}
          offset={ctx.portal.offset}
          empty={tf.noData}
          maxHeight={480}
        />
      </Section>
    </ReportFrame>
  );
}
