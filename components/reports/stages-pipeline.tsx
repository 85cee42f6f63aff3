import type { ReactNode } from "react";
import { Chart } from "@/components/charts/chart";
import { Empty, Section } from "@/components/ui/section";
import { formatInt, formatMoney, formatPct } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import type { ReportData } from "@/lib/reports/registry";
import { type PipelineLinks, pipelineLinks, pipelineName, stagesTable } from "@/lib/reports/tables/stages";
import type { ReportLinks, ReportView } from "@/lib/reports/types";
import { ReportTable } from "./report-table";

type StagesData = ReportData<"stages">;
type Pipeline = StagesData["pipelines"][number];
type Part = { pipeline: Pipeline; to: PipelineLinks; view: ReportView; title: string };

/** One line under a pipeline's name: its losses against all losses in view (every pipeline shown), open now. */
function PipelineSums(props: { pipeline: Pipeline; to: PipelineLinks; view: ReportView; data: StagesData }) {
  const { pipeline: p, to, view, data } = props;
  const { locale } = view;
  const t = reportMessages[locale].stages;
  const all = data.allPipelines;
  return (
    <p className="text-sm text-gray-600">
      {all ? (
        <a href={to.lost} className="text-blue-700 hover:underline">
          {t.pipelineLost
            .replace("{lost}", formatInt(p.totals.lostDeals, locale))
            .replace("{all}", formatInt(data.totals.lostDeals, locale))
            .replace("{share}", formatPct(p.shareOfAll.lostDeals, locale))
            .replace("{money}", formatMoney(p.totals.lostMoney, locale, view.portal.baseCurrency))
            .replace("{moneyShare}", formatPct(p.shareOfAll.lostMoney, locale))}
        </a>
      ) : null}
      {all ? " · " : null}
      <a href={to.openNow} className="text-blue-700 hover:underline">
        {t.openNowTotal.replace("{n}", formatInt(p.openNow, locale))}
      </a>
    </p>
  );
}

/** Reached, lost at and open now per stage, then the unknown stage and won: every bar opens its deals. */
function FunnelChart({ pipeline: p, to, view, title }: Part) {
  const t = reportMessages[view.locale].stages;
  return (
    <Chart
      label={title}
      height={Math.max(240, 56 * (p.stages.length + 2))}
      spec={{
        kind: "funnel",
        locale: view.locale,
        labels: { reached: t.reached, lostAt: t.lostAt, openNow: t.openNow },
        axes: { x: t.deals, y: t.stage },
        stages: [...p.stages.map((s) => s.name), t.unknown, t.won],
        reached: [
          ...p.stages.map((s, i) => ({ value: s.reached, href: to.stages[i]?.reached })),
          { value: 0 },
          { value: p.won.count, href: to.won },
        ],
        lostAt: [
          ...p.stages.map((s, i) => ({ value: s.lostAt, href: to.stages[i]?.lostAt })),
          { value: p.unknown.lostAt, href: to.unknown },
          { value: 0 },
        ],
        openNow: [
          ...p.stages.map((s, i) => ({ value: s.openNow, href: to.stages[i]?.openNow })),
          { value: 0 },
          { value: 0 },
        ],
      }}
    />
  );
}

/** Which reason at which stage: lost deals per cell, each cell opening its deals. */
function Heatmap({ pipeline: p, to, view, title }: Part) {
  const { locale } = view;
  const t = reportMessages[locale];
  const m = p.matrix;
  const stageName = (id: string | null) =>
    id === null ? t.stages.unknown : (m.stages.find((s) => s.stageId === id)?.name ?? id);
  return (
    <Chart
      label={title}
      height={Math.max(260, 34 * m.reasons.length + 130)}
      spec={{
        kind: "heatmap",
        locale,
        axes: { x: t.stages.lostAt, y: t.reasons.reason },
        x: m.stages.map((s) => stageName(s.stageId)),
        y: m.reasons.map((r) => (r.reasonKey === null ? t.filters.noReason : r.label)),
        cells: m.cells.map((c, i) => [
          m.stages.findIndex((s) => s.stageId === c.stageId),
          m.reasons.findIndex((r) => r.reasonKey === c.reasonKey),
          c.lostDeals,
          to.cells[i] ?? null,
        ]),
      }}
    />
  );
}

/** One pipeline's funnel, stage table and reason × stage map; labelled with its name when all are shown. */
export function PipelineFunnel(props: {
  data: StagesData;
  previous: StagesData | null;
  pipeline: Pipeline;
  links: ReportLinks;
  view: ReportView;
  csv: ReactNode;
}) {
  const { data, pipeline: p, links, view } = props;
  const t = reportMessages[view.locale].stages;
  const noData = reportMessages[view.locale].frame.noData;
  const all = data.allPipelines;
  const name = `«${pipelineName(p)}»`;
  const to = pipelineLinks(p, links.drill);
  const qualified = (title: string) => (all ? `${title} · ${name}` : title);
  const empty = p.totals.closedDeals === 0 && p.totals.lostDeals === 0 && p.openNow === 0;
  const sums = <PipelineSums pipeline={p} to={to} view={view} data={data} />;
  return (
    <section
      data-pipeline={p.pipelineId}
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
          <Empty>{noData}</Empty>
        ) : (
          <FunnelChart pipeline={p} to={to} view={view} title={qualified(t.funnel)} />
        )}
      </Section>
      <Section title={qualified(t.stage)} actions={props.csv}>
        <ReportTable
          caption={qualified(t.title)}
          table={stagesTable(p, data, props.previous, view.locale)}
          links={links}
          view={view}
          sortable={false}
          compact
        />
      </Section>
      <Section title={qualified(t.heatmap)}>
        {p.matrix.cells.length === 0 ? (
          <Empty>{noData}</Empty>
        ) : (
          <Heatmap pipeline={p} to={to} view={view} title={qualified(t.heatmap)} />
        )}
      </Section>
    </section>
  );
}
