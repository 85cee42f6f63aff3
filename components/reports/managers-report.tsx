import { type ColumnSpec, DataTable, type TableRow } from "@/components/data-table/data-table";
import { Section } from "@/components/ui/section";
import { getManagers } from "@/lib/analytics/managers";
import { formatPointsDelta } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { withPrevious } from "@/lib/reports/context";
import { CsvLinks, pctRange, ReportFrame } from "./report-frame";
import type { ReportProps, ReportSlots } from "./types";

export async function ManagersReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const [data, prev] = await withPrevious(ctx, (f) => getManagers(ctx.db, ctx.scope, f));
  const prevRate = new Map(prev?.rows.map((r) => [r.managerId, r.lossRate]) ?? []);
  const t = reportMessages[ctx.locale].managers;
  const tf = reportMessages[ctx.locale].frame;
  const { locale } = ctx;
  const drill = links.drill;
  const columns: ColumnSpec[] = [
    { key: "rank", header: t.rank, format: "int" },
    { key: "manager", header: t.manager, format: "text", wrap: true },
    { key: "closed", header: t.closed, format: "int" },
    { key: "won", header: t.won, format: "int" },
    { key: "lost", header: t.lost, format: "int" },
    { key: "lossRate", header: t.lossRate, format: "pct", hint: t.help },
    { key: "interval", header: t.interval, format: "text", sortable: false },
    { key: "lossShare", header: t.lossShare, format: "pct" },
    { key: "lostMoney", header: t.lostMoney, format: "money" },
    { key: "revenue", header: t.revenue, format: "money" },
    { key: "averageLost", header: t.averageLost, format: "money" },
    ...(prev
      ? [
          { key: "previous", header: `${t.lossRate}: ${tf.previous}`, format: "pct" as const },
          { key: "change", header: tf.change, format: "text" as const },
        ]
      : []),
  ];
  const interval = (i: { low: number; high: number } | null) => (i ? pctRange(i, locale) : null);
  const rows: TableRow[] = data.rows.map((r) => {
    const m = r.managerId ?? 0;
    return {
      id: String(m),
      muted: r.tooFewToJudge,
      note: r.tooFewToJudge ? t.tooFew : undefined,
      values: {
        rank: r.rank,
        manager: `${r.name ?? t.noManager}${r.tooFewToJudge ? ` · ${t.tooFew}` : ""}`,
        closed: r.closedDeals,
        won: r.wonDeals,
        lost: r.lostDeals,
        lossRate: r.lossRate,
        interval: interval(r.lossRateInterval),
        lossShare: r.lossShare,
        lostMoney: r.lostMoney,
        revenue: r.revenue,
        averageLost: r.averageLostDeal,
        ...(prev
          ? {
              previous: prevRate.get(r.managerId) ?? null,
              change:
                r.lossRate !== null && (prevRate.get(r.managerId) ?? null) !== null
                  ? formatPointsDelta(r.lossRate - (prevRate.get(r.managerId) as number), locale)
                  : null,
            }
          : {}),
      },
      links: {
        closed: drill?.({ manager: m, outcome: "closed" }),
        won: drill?.({ manager: m, outcome: "won" }),
        lost: drill?.({ manager: m, outcome: "lost" }),
        lostMoney: drill?.({ manager: m, outcome: "lost" }),
      },
    };
  });
  const med = data.teamMedian;
  const footer: TableRow[] = [
    {
      id: "median",
      values: {
        rank: null,
        manager: t.teamMedian,
        closed: med.closedDeals,
        won: med.wonDeals,
        lost: med.lostDeals,
        lossRate: med.lossRate,
        interval: null,
        lossShare: med.lossShare,
        lostMoney: med.lostMoney,
        revenue: med.revenue,
        averageLost: med.averageLostDeal,
      },
    },
    {
      id: "total",
      values: {
        rank: null,
        manager: t.total,
        closed: data.total.closedDeals,
        won: data.total.wonDeals,
        lost: data.total.lostDeals,
        lossRate: data.total.lossRate,
        interval: interval(data.total.lossRateInterval),
        lossShare: data.total.lostDeals ? 1 : null,
        lostMoney: data.total.lostMoney,
        revenue: data.total.revenue,
        averageLost: data.total.averageLostDeal,
      },
    },
  ];
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      <Section
        title={t.title}
        hint={t.help}
        actions={
          links.csv ? (
            <CsvLinks
              href={links.csv("managers")}
              hrefSemicolon={links.csv("managers", ";")}
              locale={locale}
            />
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
          compact
        />
      </Section>
    </ReportFrame>
  );
}
