import { Empty, Section } from "@/components/ui/section";
import { getStages } from "@/lib/analytics/stages";
import { formatInt } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { withPrevious } from "@/lib/reports/context";
import { CsvLinks, ReportFrame } from "./report-frame";
import { PipelineFunnel } from "./stages-pipeline";
import type { ReportProps, ReportSlots } from "./types";

/**
 * Where deals are lost. One pipeline chosen: its funnel. None chosen: every pipeline with deals in view, each in
 * its own labelled funnel with shares of the pipeline and of all losses — never one pipeline passed off as all.
 */
export async function StagesReport({ ctx, links, filterBar, actions }: ReportProps & ReportSlots) {
  const [view, prev] = await withPrevious(ctx, (f) => getStages(ctx.db, ctx.scope, f));
  const prevLost = prev
    ? new Map(prev.pipelines.flatMap((p) => p.stages.map((s) => [s.stageId, s.lostAt] as const)))
    : null;
  const t = reportMessages[ctx.locale].stages;
  const tf = reportMessages[ctx.locale].frame;
  const { locale } = ctx;
  const csv = links.csv ? (
    <CsvLinks href={links.csv("stages")} hrefSemicolon={links.csv("stages", ";")} locale={locale} />
  ) : null;
  return (
    <ReportFrame ctx={ctx} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      {view.allPipelines ? (
        <div
          role="note"
          className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-blue-50 px-4 py-2 text-sm text-blue-900"
        >
          <p>
            {t.allPipelines
              .replace("{n}", formatInt(view.pipelines.length, locale))
              .replace("{lost}", formatInt(view.totals.lostDeals, locale))}
            {view.emptyPipelines.length
              ? ` ${t.emptyPipelines.replace("{names}", view.emptyPipelines.map((p) => `«${p.name}»`).join(", "))}`
              : ""}
          </p>
          <div className="flex items-center gap-2">{csv}</div>
        </div>
      ) : null}
      {view.pipelines.length === 0 ? (
        <Section title={t.funnel}>
          <Empty>{tf.noData}</Empty>
        </Section>
      ) : (
        view.pipelines.map((p) => (
          <PipelineFunnel
            key={p.pipelineId}
            ctx={ctx}
            drill={links.drill}
            pipeline={p}
            view={view}
            prevLost={prevLost}
            csv={view.allPipelines ? null : csv}
          />
        ))
      )}
    </ReportFrame>
  );
}
