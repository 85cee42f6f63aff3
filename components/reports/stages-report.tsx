import { Empty, Section } from "@/components/ui/section";
import { formatInt } from "@/lib/format";
import { reportMessages } from "@/lib/i18n/sections/reports";
import { ReportFrame, tableCsv } from "./report-frame";
import { PipelineFunnel } from "./stages-pipeline";
import type { ReportProps } from "./types";

/**
 * Where deals are lost. One pipeline chosen: its funnel. None chosen: every pipeline with deals in view, each in
 * its own labelled funnel with shares of the pipeline and of all losses — never one pipeline passed off as all.
 */
export function StagesReport({ data, previous, links, view, filterBar, actions }: ReportProps<"stages">) {
  const t = reportMessages[view.locale].stages;
  const { locale } = view;
  const csv = tableCsv(links, "stages", locale);
  return (
    <ReportFrame ctx={view} title={t.title} help={t.help} filterBar={filterBar} actions={actions}>
      {data.allPipelines ? (
        <div
          role="note"
          className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-blue-50 px-4 py-2 text-sm text-blue-900"
        >
          <p>
            {t.allPipelines
              .replace("{n}", formatInt(data.pipelines.length, locale))
              .replace("{lost}", formatInt(data.totals.lostDeals, locale))}
            {data.emptyPipelines.length
              ? ` ${t.emptyPipelines.replace("{names}", data.emptyPipelines.map((p) => `«${p.name}»`).join(", "))}`
              : ""}
          </p>
          <div className="flex items-center gap-2">{csv}</div>
        </div>
      ) : null}
      {data.pipelines.length === 0 ? (
        <Section title={t.funnel}>
          <Empty>{reportMessages[locale].frame.noData}</Empty>
        </Section>
      ) : (
        data.pipelines.map((p) => (
          <PipelineFunnel
            key={p.pipelineId}
            data={data}
            previous={previous}
            pipeline={p}
            links={links}
            view={view}
            csv={data.allPipelines ? null : csv}
          />
        ))
      )}
    </ReportFrame>
  );
}
